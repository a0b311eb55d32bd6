# frozen_string_literal: true

# Records the commands Train's Linux platform detection sends, by running the real Train 3.x detection against the
# kcs-root transport on a few shell-less roots, and writes scanner/test/fixtures/train-linux-detection.json.
# Not part of the test suite (it needs Train's sources, which this repository does not carry):
#
#   git clone https://github.com/inspec/train /tmp/train        # or any checkout of a 3.x tag
#   apt-get install ruby-addressable ruby-mixlib-shellout       # Train's load-time dependencies, from Debian
#   TRAIN_SRC=/tmp/train ruby scanner/test/record-detection.rb
require "json"
require "tmpdir"
require "fileutils"

train_src = ENV.fetch("TRAIN_SRC") { abort "set TRAIN_SRC to a checkout of github.com/inspec/train" }
$LOAD_PATH.unshift(File.join(train_src, "lib"), File.expand_path("../train-kcs-root/lib", __dir__))
require "train"
require "train-kcs-root"
require_relative "support/roots"

commands = []
TrainPlugins::KcsRoot::Connection.prepend(Module.new do
  define_method(:run_command) do |cmd, opts = {}, &block|
    commands << cmd
    super(cmd, opts, &block)
  end
end)

scenarios = KcsRootTest::Roots::DETECTION_SCENARIOS.map do |name, files|
  Dir.mktmpdir("kcs-detect") do |root|
    KcsRootTest::Roots.write_tree(root, files)
    commands.clear
    connection = Train.create("kcs-root", Train.target_config(target: "kcs-root://#{root}")).connection
    platform = connection.platform
    {
      name:,
      commands: commands.dup,
      platform: { name: platform.name, release: platform[:release], families: platform.family_hierarchy }
    }
  end
end

fixture = {
  source: "github.com/inspec/train lib/train/platforms/detect (helpers/os_common.rb, helpers/os_linux.rb, " \
          "helpers/os_windows.rb, specifications/os.rb)",
  train_version: Train::VERSION,
  note: "commands in the order real Train sent them to the kcs-root transport on each shell-less root",
  scenarios:
}
out = File.expand_path("fixtures/train-linux-detection.json", __dir__)
File.write(out, "#{JSON.pretty_generate(fixture)}\n")
puts "wrote #{out} (Train #{Train::VERSION})"
