# frozen_string_literal: true

require "digest"

module TrainPlugins
  module KcsRoot
    # A file of the target root. Every path is resolved by the connection's PathResolver (links inside the root),
    # owners come from the target's passwd and group files, checksums are computed here (never by running the
    # target's md5sum), and writing is refused. Content is read through the connection's BoundedReader: only regular
    # files, at most max-file-size bytes, never blocking.
    class File < ::Train::File
      MODE_OWNERS = { all: 0o777, owner: 0o700, group: 0o070, other: 0o007 }.freeze
      MODE_TYPES = { r: 0o444, w: 0o222, x: 0o111 }.freeze
      FTYPES = {
        "file" => :file, "directory" => :directory, "link" => :symlink, "characterSpecial" => :character_device,
        "blockSpecial" => :block_device, "fifo" => :pipe, "socket" => :socket
      }.freeze

      # rubocop:disable Style/OptionalBooleanParameter -- Train::File's signature
      def initialize(backend, path, follow_symlink = true)
        # rubocop:enable Style/OptionalBooleanParameter
        super
        @resolver = backend.resolver
        @accounts = backend.accounts
        @reader = backend.reader
      end

      def exist?
        !stat_of(followed).nil?
      end

      # The type of the path itself (a link is :symlink), like Train's local files.
      def type
        st = stat_of(unfollowed)
        st ? FTYPES.fetch(st.ftype, :unknown) : :unknown
      end

      %i[file? directory? pipe? socket?].each do |predicate|
        kind = { file?: :file, directory?: :directory, pipe?: :pipe, socket?: :socket }.fetch(predicate)
        define_method(predicate) { followed_type == kind }
      end

      def block_device?
        followed_type == :block_device
      end

      def character_device?
        followed_type == :character_device
      end

      def symlink?
        stat_of(unfollowed)&.symlink? || false
      end

      # The file's content, or nil when it cannot be read or is refused (not a regular file, larger than
      # max-file-size). Kept for later calls only within the reader's budget (Train caches file objects for the run).
      def content
        return @content if defined?(@content)

        data = content_bytes&.force_encoding(Encoding::UTF_8)
        @content = data if data.nil? || @reader.retain?(data.bytesize)
        data
      end

      def content=(_new_content)
        raise ::Train::TransportError, "kcs-root is read-only: refusing to write #{@path} in the target root"
      end

      # Where the link finally points, as a path inside the root ("" for a link loop, as Train's local files say).
      def link_path
        return nil unless symlink?

        @resolver.resolve(@path).target
      rescue Errno::ELOOP
        ""
      end

      def shallow_link_path
        return nil unless symlink?

        ::File.readlink(host(unfollowed))
      end

      def linked_to?(dst)
        link_path == dst
      end

      def basename
        ::File.basename(@path)
      end

      def stat
        return @stat if defined?(@stat)

        st = stat_of(@follow_symlink ? followed : unfollowed)
        return @stat = {} if st.nil?

        @stat = {
          type: FTYPES.fetch(st.ftype, :unknown), mode: st.mode & 0o7777, mtime: st.mtime.to_i, size: st.size,
          owner: @accounts.user_name(st.uid), uid: st.uid, group: @accounts.group_name(st.gid), gid: st.gid
        }
      end

      %i[mode owner group uid gid mtime].each do |field|
        define_method(field) { stat[field] }
      end

      def size
        stat_of(followed)&.size
      end

      # No SELinux label: reading the xattr needs no command, but Ruby has no xattr API and images carry none.
      def selinux_label
        nil
      end

      def mode?(expected)
        mode == expected
      end

      def owned_by?(user)
        owner == user
      end

      def grouped_into?(group_name)
        group == group_name
      end

      def unix_mode_mask(owner, type)
        who = MODE_OWNERS[owner.to_sym]
        what = MODE_TYPES[type.to_sym]
        who && what && (who & what)
      end

      def md5sum
        digest(Digest::MD5)
      end

      def sha256sum
        digest(Digest::SHA256)
      end

      # Like Train's local files: asks the target's mount command (needs a shell in the image).
      def mounted
        @mounted ||= @backend.run_command("mount | grep -- ' on #{@path} '")
      end

      private

      # From the kept content when there is some, so a large file is not held twice.
      def digest(algorithm)
        data = defined?(@content) && @content ? @content : content_bytes
        data && algorithm.hexdigest(data)
      end

      def content_bytes
        @reader.read(host(followed), @path)
      rescue SystemCallError
        nil
      end

      def followed
        @followed ||= resolve(follow_last: true)
      end

      def unfollowed
        @unfollowed ||= resolve(follow_last: false)
      end

      # A resolution, or :loop when the links do not end.
      def resolve(follow_last:)
        @resolver.resolve(@path, follow_last:)
      rescue Errno::ELOOP
        :loop
      end

      def host(resolution)
        raise Errno::ELOOP, @path if resolution == :loop

        resolution.host
      end

      def followed_type
        st = stat_of(followed)
        st && FTYPES.fetch(st.ftype, :unknown)
      end

      # Always lstat: a resolved path has no link left in it, and if one were left (a link that could not be read),
      # the kernel must not follow it against the scanner's root.
      def stat_of(resolution)
        return nil if resolution == :loop

        ::File.lstat(resolution.host)
      rescue SystemCallError
        nil
      end
    end
  end
end
