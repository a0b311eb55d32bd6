# frozen_string_literal: true

module TrainPlugins
  module KcsRoot
    # Maps a path as the target sees it ("/etc/passwd") to a path the scanner can open ("/proc/42/root/etc/passwd"),
    # resolving every symlink itself, inside the root.
    #
    # Why not let the kernel do it: under /proc/<pid>/root the kernel follows the magic link into the target's root,
    # but an absolute symlink met further down ("/etc/alternatives/x" -> "/usr/bin/x") is resolved against the
    # *caller's* root, i.e. the scanner's own filesystem. So each component is lstat'ed, links are read and followed
    # here: absolute targets restart at the root, ".." stops at the root, and at most MAX_LINKS links are followed
    # (the kernel's own limit), so a loop ends with ELOOP. The root itself is never passed to realpath.
    #
    # /proc/self and /proc/thread-self in the target's procfs name whoever reads them, i.e. the scanner. Given the
    # target's PID as its procfs numbers it (self_pid), they are read as /proc/<that pid> and its main thread, so
    # /proc/self/* describes the target process, as it would for a check run inside the container.
    class PathResolver
      MAX_LINKS = 40

      # host: the path to open on the scanner's side; target: the same object's path inside the root, links resolved
      Resolution = Struct.new(:host, :target, keyword_init: true)

      attr_reader :root

      def initialize(root, self_pid: nil)
        @root = root.end_with?("/") && root != "/" ? root.chomp("/") : root
        @root = "" if @root == "/"
        @self_pid = self_pid
      end

      # Resolves path (absolute, or relative to the target's "/"). With follow_last false a final symlink is not
      # followed (lstat semantics). Raises Errno::ELOOP for too many links; a missing component leaves the rest of the
      # path unresolved (nothing below it exists, so there is no link left to follow).
      def resolve(path, follow_last: true)
        resolved = []
        pending = split(path)
        links = 0
        until pending.empty?
          name = pending.shift
          next if name == "."

          if name == ".."
            resolved.pop
            next
          end
          candidate = resolved + [name]
          if (as_target = proc_self(resolved, name, pending.empty? && !follow_last))
            links += 1
            pending = as_target + pending
            next
          end
          link = link_target(candidate)
          if link.nil? || (pending.empty? && !follow_last)
            resolved = candidate
            next
          end
          links += 1
          if links > MAX_LINKS
            raise Errno::ELOOP,
                  "#{path} (more than #{MAX_LINKS} symbolic links inside #{display_root})"
          end

          resolved = [] if link.start_with?("/")
          pending = split(link) + pending
        end
        Resolution.new(host: host_path(resolved), target: "/#{resolved.join("/")}")
      end

      # The scanner-side path of an already resolved list of components.
      def host_path(components)
        return (@root.empty? ? "/" : "#{@root}/") if components.empty?

        "#{@root}/#{components.join("/")}"
      end

      private

      # The target's own entry for proc/self or proc/thread-self (when it is procfs's link there), else nil; not when
      # that link is the last component and is not to be followed.
      def proc_self(resolved, name, last_unfollowed)
        return nil unless @self_pid && resolved == ["proc"] && !last_unfollowed
        return nil unless %w[self thread-self].include?(name)
        return nil unless ::File.lstat(host_path(["proc", name])).symlink?

        pid = @self_pid.to_s
        name == "self" ? [pid] : [pid, "task", pid]
      rescue SystemCallError
        nil
      end

      def display_root
        @root.empty? ? "/" : @root
      end

      def split(path)
        path.to_s.split("/").reject(&:empty?)
      end

      # The link's content if the components name a symlink; nil for anything else, including a missing or
      # unreadable entry (opening it later fails with the kernel's own error).
      def link_target(components)
        host = host_path(components)
        return nil unless ::File.lstat(host).symlink?

        ::File.readlink(host)
      rescue SystemCallError
        nil
      end
    end
  end
end
