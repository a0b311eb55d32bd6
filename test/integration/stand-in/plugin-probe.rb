# frozen_string_literal: true

# Loads the kcs-root transport the way cinc-auditor does (require "train-kcs-root", found only through RUBYLIB),
# connects to the root named by the kcs-root URL given as the first argument, and prints what it sees, one fact a line:
#   file=<content of /etc/kcs-target-run-id read through the transport's file API>
#   command=<exit status>:<stdout of the same file read by a command chrooted into the target>
#   loaded=<each plugin file Ruby loaded>
url = ARGV.fetch(0)
root = url.delete_prefix("kcs-root://")
require "train-kcs-root"

connection = Train::Plugins.registry.fetch("kcs-root").new(path: root).connection
puts "file=#{connection.file('/etc/kcs-target-run-id').content.to_s.strip}"
result = connection.run_command("cat /etc/kcs-target-run-id")
puts "command=#{result.exit_status}:#{result.stdout.strip}"
$LOADED_FEATURES.grep(/train-kcs-root/).each { |path| puts "loaded=#{path}" }
