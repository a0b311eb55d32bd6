# frozen_string_literal: true

# Run as its own process by the tests, so its peak memory (VmHWM) is the transport's alone:
#   ruby memory_probe.rb <root> <path>... [-- <command>...]
# Reads each path's content and checksum through kcs-root, runs each command, and prints one JSON object: the peak
# resident memory in KiB, and per path and command the bytes read and the seconds it took.
require "json"
require_relative "train_stand_in"
$LOAD_PATH.unshift(File.expand_path("../../train-kcs-root/lib", __dir__))
require "train-kcs-root"

root, *rest = ARGV
split = rest.index("--") || rest.size
paths = rest[0...split]
commands = rest[(split + 1)..] || []
conn = TrainPlugins::KcsRoot::Transport.new(path: root).connection
clock = -> { Process.clock_gettime(Process::CLOCK_MONOTONIC) }
report = { "files" => {}, "commands" => {} }
paths.each do |path|
  started = clock.call
  file = conn.file(path)
  content = file.content
  report["files"][path] = { "bytes" => content&.bytesize, "sha256" => file.sha256sum, "type" => file.type.to_s,
                            "seconds" => clock.call - started }
end
commands.each do |cmd|
  started = clock.call
  result = conn.run_command(cmd)
  report["commands"][cmd] = { "stdout" => result.stdout.bytesize, "stderr" => result.stderr.bytesize,
                              "exit_status" => result.exit_status, "seconds" => clock.call - started }
end
report["vm_hwm_kib"] = File.read("/proc/self/status")[/^VmHWM:\s+(\d+)/, 1].to_i
puts JSON.generate(report)
