# frozen_string_literal: true

require "digest"
require_relative "path_resolver"
require_relative "accounts"
require_relative "bounded_reader"
require_relative "limits"
require_relative "probes"
require_relative "command_runner"
require_relative "diff_guard"
require_relative "file"
require_relative "target_view"
require_relative "target_commands"
require_relative "walker"

module TrainPlugins
  module KcsRoot
    # The connection InSpec talks to: files through File (resolved inside the root, /proc/self meaning the target
    # process), commands through the detection probes and the target's own state (environment, mount table) first and
    # otherwise chrooted into the root without capabilities, with the target process's environment.
    class Connection < ::Train::Plugins::Transport::BaseConnection
      DEFAULT_COMMAND_TIMEOUT = 600

      attr_reader :resolver, :accounts, :reader, :limits

      def initialize(options = {})
        super(options)
        @root = @options.fetch(:path)
        @limits = Limits.from(@options)
        DiffGuard.install
        @target = TargetView.new(@root)
        @target_commands = TargetCommands.new(@target)
        @resolver = PathResolver.new(@root, self_pid: @target.ns_pid)
        @reader = BoundedReader.new(@limits.max_file_size)
        @accounts = Accounts.new(->(path) { file(path).content })
        @probes = Probes.new(@resolver, reader: @reader)
        @runner = CommandRunner.new(@resolver, shell: @options[:shell] || "/bin/sh",
                                               max_output: @limits.max_command_output,
                                               environment: @target.command_environment)
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

      # Yields a Walker::Entry for every entry below `from` in the target root, without a shell and without following
      # links or opening anything but directories; returns a Walker::Summary. Skips /proc, /sys, /dev, the kubelet's
      # files and the target's other mount points. The container-baseline profile's image_files resource uses it.
      def kcs_walk(from = "/", max_entries: Walker::DEFAULT_MAX_ENTRIES, time_limit: Walker::DEFAULT_TIME_LIMIT, &block)
        Walker.new(@resolver, skip: @target.mount_points, max_entries:, time_limit:).walk(from, &block)
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
        answer = @probes.answer(cmd) || @target_commands.answer(cmd)
        return ::Train::Extras::CommandResult.new(answer.stdout, answer.stderr, answer.exit_status) if answer

        timeout = opts[:timeout] || @command_timeout
        result = @runner.run(@target_commands.rewrite(cmd), timeout:)
        if result.timed_out
          raise ::Train::CommandTimeoutReached, "command timed out after #{timeout}s in the target root: #{cmd}"
        end

        if result.truncated
          ScannerLog.say("stopped a command at #{Limits.human(@limits.max_command_output)} of output " \
                         "(max-command-output): #{ScannerLog.printable(cmd)}")
        end

        ::Train::Extras::CommandResult.new(result.stdout, result.stderr, result.exit_status)
      end
    end
  end
end
