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
    class PathResolver
      MAX_LINKS = 40

      # host: the path to open on the scanner's side; target: the same object's path inside the root, links resolved
      Resolution = Struct.new(:host, :target, keyword_init: true)

      attr_reader :root

      def initialize(root)
        @root = root.end_with?("/") && root != "/" ? root.chomp("/") : root
        @root = "" if @root == "/"
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
