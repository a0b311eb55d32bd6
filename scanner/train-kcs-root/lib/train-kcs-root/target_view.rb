# frozen_string_literal: true

module TrainPlugins
  module KcsRoot
    # What the kernel says about the target *process*, as opposed to its files: its environment, its mount table and
    # its PID as its own procfs numbers it. Commands are forked from the scanner and only chrooted into the target's
    # root (entering its mount namespace would need a capability the scanner does not have and must not get),
    # so without this they would get the scanner's environment and the scanner's mount namespace.
    #
    # Everything here is read from the scanner's own /proc/<pid>/... (the kernel's files, not the image's), with a
    # bound on the size; when the root is a plain directory there is no process and every answer is nil.
    class TargetView
      # The scan's run-id marker: the entry script finds the target by it in /proc/*/environ, so no command the scan
      # starts may carry it.
      MARKER = "KCS_SCAN_TARGET"
      ENVIRON_LIMIT = 1 << 20
      MOUNTINFO_LIMIT = 4 << 20
      STATUS_LIMIT = 64 << 10
      # What a shell searches when PATH is unset, and what container runtimes add when an image sets no PATH.
      DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
      # For a root without a process (a directory): nothing to copy, so a fixed, minimal environment.
      FALLBACK_ENV = { "PATH" => DEFAULT_PATH, "HOME" => "/", "LC_ALL" => "C" }.freeze

      Mount = Struct.new(:source, :point, :fstype, :options, keyword_init: true)

      attr_reader :pid

      def initialize(root, proc_dir: "/proc")
        @pid = root.to_s[%r{\A/proc/(\d+)/root/?\z}, 1]&.to_i
        @proc_dir = proc_dir
      end

      def process?
        !@pid.nil?
      end

      # The target's environment (name => value, in its order, the first of duplicate names winning) without the
      # scan marker; nil without a process or when it cannot be read.
      def environment
        return @environment if defined?(@environment)

        raw = read_proc("environ", ENVIRON_LIMIT)
        @environment = raw && parse_environ(raw)
      end

      # The environment every command runs with: the target's, with PATH added (the shell's default) when it has
      # none; the fixed fallback when there is no target process.
      def command_environment
        @command_environment ||= begin
          env = environment
          if env.nil?
            FALLBACK_ENV
          else
            (env.key?("PATH") ? env : env.merge("PATH" => DEFAULT_PATH)).freeze
          end
        end
      end

      # The target's PID in its own PID namespace (the last NSpid field), which is how the procfs mounted in its
      # root names it; nil without a process.
      def ns_pid
        return @ns_pid if defined?(@ns_pid)
        return @ns_pid = nil unless process?

        status = read_proc("status", STATUS_LIMIT).to_s
        last = status[/^NSpid:\s*([\d\s]+)$/, 1]&.split&.last
        @ns_pid = last ? Integer(last, 10) : @pid
      end

      # The target's mounts, as its own /proc/self/mountinfo lists them (mount points relative to its root, in
      # mount order); nil without a process or when the table cannot be read.
      def mounts
        return @mounts if defined?(@mounts)

        raw = read_proc("mountinfo", MOUNTINFO_LIMIT)
        @mounts = raw&.each_line&.filter_map { |line| parse_mountinfo_line(line.chomp) }
      end

      # The table as util-linux `mount` prints it: "<source> on <point> type <fstype> (<options>)\n" per mount.
      def mount_text
        mounts&.map { |m| "#{m.source} on #{m.point} type #{m.fstype} (#{m.options.join(",")})\n" }&.join
      end

      # Where something other than the image's own filesystem is mounted (everything but "/").
      def mount_points
        (mounts || []).map(&:point).reject { |point| point == "/" }.uniq
      end

      private

      # Reads at most limit bytes of /proc/<pid>/<name>. O_NONBLOCK and O_NOFOLLOW: these are the kernel's files,
      # but nothing here may wait or follow a link. nil when it cannot be read (no process, exited, no access).
      def read_proc(name, limit)
        return nil unless process?

        flags = ::File::RDONLY | ::File::NONBLOCK | ::File::NOFOLLOW
        ::File.open("#{@proc_dir}/#{@pid}/#{name}", flags, binmode: true) { |io| io.read(limit) || "" }
      rescue SystemCallError, IOError
        nil
      end

      def parse_environ(raw)
        entries = raw.split("\0")
        # A read cut at the limit ends inside an entry: drop that entry rather than pass on half a value.
        entries.pop if raw.bytesize >= ENVIRON_LIMIT && !raw.end_with?("\0")
        entries.each_with_object({}) do |entry, env|
          name, value = entry.split("=", 2)
          next if value.nil? || name.empty? || name == MARKER || env.key?(name)

          env[name.force_encoding(Encoding::UTF_8)] = value.force_encoding(Encoding::UTF_8)
        end
      end

      # "36 35 98:0 /src /point rw,noatime master:1 - ext4 /dev/sda1 rw,errors=continue": the per-mount options
      # come before the optional fields and "-", the superblock's after the source.
      def parse_mountinfo_line(line)
        fields = line.split(" ")
        dash = fields.index("-")
        return nil if dash.nil? || dash < 6 || fields.size < dash + 4

        Mount.new(source: unescape(fields[dash + 2]), point: unescape(fields[4]), fstype: unescape(fields[dash + 1]),
                  options: merge_options(fields[5], fields[dash + 3]))
      end

      # As libmount merges them for `mount`: the mount's options, then the superblock's without its rw/ro; read-only
      # if either says so.
      def merge_options(per_mount, superblock)
        own = per_mount.split(",")
        super_opts = superblock.split(",")
        read_only = own.include?("ro") || super_opts.include?("ro")
        ([read_only ? "ro" : "rw"] + (own - %w[ro rw]) + (super_opts - %w[ro rw])).uniq
      end

      # The kernel escapes space, tab, newline and backslash as \ooo. Decoded, except a newline, which would end
      # the line it is printed on.
      def unescape(field)
        field.gsub(/\\([0-7]{3})/) do
          char = Regexp.last_match(1).to_i(8).chr
          char == "\n" ? "\\012" : char
        end
      end
    end
  end
end
