# frozen_string_literal: true

require_relative "connection"

module TrainPlugins
  module KcsRoot
    # -t kcs-root:///proc/<pid>/root[?shell=/bin/sh&command_timeout=600&max_file_size=N&max_command_output=N]
    # (the two caps, in bytes, default to KCS_MAX_FILE_SIZE and KCS_MAX_COMMAND_OUTPUT, else 64 MiB and 16 MiB)
    class Transport < ::Train.plugin(1)
      name "kcs-root"

      option :path, required: true
      option :shell, default: "/bin/sh"
      option :command_timeout, default: Connection::DEFAULT_COMMAND_TIMEOUT
      option :max_file_size
      option :max_command_output

      def connection(_instance_opts = nil)
        @connection ||= begin
          validate_root!
          Connection.new(@options)
        end
      end

      private

      def validate_root!
        root = @options[:path].to_s
        raise ::Train::TransportError, "kcs-root needs a root path: -t kcs-root:///proc/<pid>/root" if root.empty?
        unless root.start_with?("/")
          raise ::Train::TransportError, "kcs-root: the root #{root} must be an absolute path"
        end

        ::Dir.children(root)
      rescue SystemCallError => e
        raise ::Train::TransportError,
              "kcs-root: cannot read the target root #{root} (#{e.message.sub(/ @ .*/, "")}). Reading " \
              "/proc/<pid>/root needs ptrace-read access: the same UID and GID as the target and a superset of its " \
              "capabilities"
      end
    end
  end
end
