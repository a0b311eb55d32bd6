# frozen_string_literal: true

module TrainPlugins
  module KcsRoot
    # Lists the entries of the target root (or of one directory in it) without a shell, for checks such as "no
    # setuid programs" that a native scan does with find. It only ever lstat()s entries and opens directories:
    #
    # - No link is followed. Each directory is opened with O_PATH|O_NOFOLLOW through its parent's descriptor
    #   (/proc/self/fd/<parent>/<name>), and its (device, inode) must be the one its parent listed, so a directory
    #   swapped for a link while the walk runs is skipped instead of leading out of the root.
    # - Device files, FIFOs and sockets are listed by type, never opened (O_PATH opens nothing even if one were
    #   swapped in); regular files are never opened either.
    # - Not the image: /proc, /sys, /dev, the files the kubelet mounts into every container, every other mount point
    #   the caller names, and directories on another filesystem than the start (as find -xdev) are not descended
    #   into (the named ones are not listed at all).
    # - It stops cleanly, with the reason in the summary, after max_entries entries, after time_limit seconds, and
    #   and (that subtree only, the walk goes on) below MAX_DEPTH levels. A summary that is not complete says why.
    class Walker
      # size is the file's size, as in Train's file stat (Struct#size, the member count, is not needed here).
      # rubocop:disable Lint/StructNewOverride
      Entry = Struct.new(:path, :type, :mode, :uid, :gid, :size, keyword_init: true)
      # rubocop:enable Lint/StructNewOverride
      # listed: how many entries were yielded; stopped: why the walk is incomplete (nil when complete).
      Summary = Struct.new(:listed, :complete, :stopped, :skipped, keyword_init: true)

      SKIP = %w[/proc /sys /dev /etc/hosts /etc/hostname /etc/resolv.conf].freeze
      DEFAULT_MAX_ENTRIES = 1_000_000
      DEFAULT_TIME_LIMIT = 300
      MAX_DEPTH = 128
      MAX_SKIPPED_LISTED = 100
      # O_PATH (the same value on x86-64 and arm64, the scanner image's architectures): a descriptor that names
      # the object without opening it.
      O_PATH = 0o10000000
      FTYPES = {
        "file" => :file, "directory" => :directory, "link" => :symlink, "characterSpecial" => :character_device,
        "blockSpecial" => :block_device, "fifo" => :pipe, "socket" => :socket
      }.freeze

      def initialize(resolver, skip: [], max_entries: DEFAULT_MAX_ENTRIES, time_limit: DEFAULT_TIME_LIMIT)
        @resolver = resolver
        @skip = (SKIP + skip).to_h { |path| [path, true] }
        @max_entries = Integer(max_entries)
        @time_limit = Float(time_limit)
      end

      # Yields an Entry for every entry below `from` (a path inside the root; links in it are resolved inside the
      # root) and returns a Summary. Paths are as the target sees them.
      def walk(from = "/", &block)
        @count = 0
        @stopped = nil
        @cut = nil
        @skipped = []
        @deadline = monotonic + @time_limit
        start = @resolver.resolve(from)
        dir = open_start(start.host)
        if dir
          begin
            descend(dir, start.target == "/" ? "" : start.target, dir.stat.dev, 0, &block)
          ensure
            dir.close
          end
        end
        reason = @stopped || @cut
        Summary.new(listed: @count, complete: reason.nil?, stopped: reason, skipped: @skipped)
      end

      private

      def open_start(host)
        io = ::File.open(host.end_with?("/") ? host : "#{host}/", O_PATH)
        return io if io.stat.directory?

        io.close
        nil
      rescue SystemCallError
        nil
      end

      def descend(dir, prefix, dev, depth, &block)
        list(dir, prefix).each do |name|
          break if stop?

          path = "#{prefix}/#{name}"
          if @skip.key?(path)
            skipped(path)
            next
          end
          stat = lstat(dir, name)
          next if stat.nil?

          @count += 1
          yield entry(path, stat)
          descend_into(dir, name, path, stat, dev, depth, &block) if stat.directory?
        end
      end

      def descend_into(dir, name, path, stat, dev, depth, &block)
        return if stat.dev != dev

        if depth + 1 >= MAX_DEPTH
          @cut ||= "not listed below #{MAX_DEPTH} directory levels (first at #{path})"
          return skipped(path)
        end
        child = open_child(dir, name, stat)
        return skipped(path) if child.nil?

        begin
          descend(child, path, dev, depth + 1, &block)
        ensure
          child.close
        end
      end

      def list(dir, prefix)
        ::Dir.children("/proc/self/fd/#{dir.fileno}").sort
      rescue SystemCallError
        skipped(prefix.empty? ? "/" : prefix)
        []
      end

      def skipped(path)
        @skipped << path if @skipped.size < MAX_SKIPPED_LISTED
      end

      def lstat(dir, name)
        ::File.lstat("/proc/self/fd/#{dir.fileno}/#{name}")
      rescue SystemCallError
        nil
      end

      # The child directory, only if it still is the directory its parent listed.
      def open_child(dir, name, listed)
        io = ::File.open("/proc/self/fd/#{dir.fileno}/#{name}", O_PATH | ::File::NOFOLLOW)
        now = io.stat
        return io if now.directory? && now.dev == listed.dev && now.ino == listed.ino

        io.close
        nil
      rescue SystemCallError
        nil
      end

      def entry(path, stat)
        Entry.new(path:, type: FTYPES.fetch(stat.ftype, :unknown), mode: stat.mode & 0o7777, uid: stat.uid,
                  gid: stat.gid, size: stat.size)
      end

      def stop?
        return true if @stopped

        if @count >= @max_entries
          @stopped = "stopped after #{@count} entries (the limit)"
        elsif (@count % 512).zero? && monotonic > @deadline
          @stopped = "stopped after #{@time_limit.round}s (the time limit), #{@count} entries listed"
        end
        !@stopped.nil?
      end

      def monotonic
        Process.clock_gettime(Process::CLOCK_MONOTONIC)
      end
    end
  end
end
