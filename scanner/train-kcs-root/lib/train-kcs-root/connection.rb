# frozen_string_literal: true

require "digest"
require_relative "path_resolver"
require_relative "accounts"
require_relative "probes"
require_relative "command_runner"
require_relative "file"

module TrainPlugins
  module KcsRoot
    # The connection InSpec talks to: files through File (resolved inside the root), commands through the detection
    # probes first and otherwise chrooted into the root without capabilities.
    class Connection < ::Train::Plugins::Transport::BaseConnection
      DEFAULT_COMMAND_TIMEOUT = 600

      attr_reader :resolver, :accounts

      def initialize(options = {})
        super(options)
        @root = @options.fetch(:path)
        @resolver = PathResolver.new(@root)
        @accounts = Accounts.new(->(path) { file(path).content })
        @probes = Probes.new(@resolver)
        @runner = CommandRunner.new(@resolver, shell: @options[:shell] || "/bin/sh")
        @command_timeout = Integer(@options[:command_timeout] || DEFAULT_COMMAND_TIMEOUT)
      end

      def uri
        "kcs-root://#{@root}"
      end

      # Identifies the scanned container rather than the node: for /proc/<pid>/root, the boot, the process's start
      # time and its mount namespace (unique while the pod runs); for a plain directory, its device and inode.
      def unique_identifier
        @unique_identifier ||= Digest::SHA256.hexdigest(identity_parts.join("\n"))
      end

      def local?
        false
      end

      private

      def identity_parts
        pid = @root[%r{\A/proc/(\d+)/root/?\z}, 1]
        return ["dir", ::File.stat(@root).dev, ::File.stat(@root).ino] unless pid

        boot = ::File.read("/proc/sys/kernel/random/boot_id").strip
        start = ::File.read("/proc/#{pid}/stat").split(") ", 2).last.split[19]
        ["proc", boot, start, ::File.readlink("/proc/#{pid}/ns/mnt")]
      rescue SystemCallError
        ["path", @root]
      end

      def file_via_connection(path, *args)
        File.new(self, path, *args)
      end

      def run_command_via_connection(cmd, opts = {}, &_data_handler)
        answer = @probes.answer(cmd)
        return ::Train::Extras::CommandResult.new(answer.stdout, answer.stderr, answer.exit_status) if answer

        timeout = opts[:timeout] || @command_timeout
        result = @runner.run(cmd, timeout:)
        if result.timed_out
          raise ::Train::CommandTimeoutReached, "command timed out after #{timeout}s in the target root: #{cmd}"
        end

        ::Train::Extras::CommandResult.new(result.stdout, result.stderr, result.exit_status)
      end
    end
  end
end
