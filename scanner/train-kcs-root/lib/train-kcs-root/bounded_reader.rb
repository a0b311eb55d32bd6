# frozen_string_literal: true

require_relative "limits"
require_relative "scanner_log"

module TrainPlugins
  module KcsRoot
    # Reads files of the target root so that every read ends and memory stays bounded, whatever the image holds:
    # only regular files are read, and at most max_file_size bytes of them. A FIFO at /etc/shadow would block an
    # open or a read for ever, a character device (/dev/zero, or a link to it) or a sparse file of gigabytes would be
    # read into memory whole. Such a file reads as nil (what Train gives for a file it cannot read), and the refusal is
    # named once per path in the scanner log. Its metadata (stat, type, mode, owner, link) is untouched: that comes
    # from lstat, never from opening it.
    #
    # The file is opened with O_NONBLOCK (opening a FIFO or a device does not wait), O_NOFOLLOW (a link put there
    # after the path was resolved is not followed) and O_NOCTTY, and the descriptor itself is checked with fstat, so
    # a file swapped for a FIFO between a check and the open is still refused. An lstat before the open keeps the
    # scanner from opening devices at all in the ordinary case (opening some devices has side effects).
    class BoundedReader
      # Raised by read! with the reason, already logged.
      class Refused < StandardError; end

      OPEN_FLAGS = ::File::RDONLY | ::File::NONBLOCK | ::File::NOFOLLOW | ::File::NOCTTY
      CHUNK = 1024 * 1024
      KINDS = {
        "fifo" => "a FIFO", "socket" => "a socket", "characterSpecial" => "a character device",
        "blockSpecial" => "a block device"
      }.freeze

      attr_reader :max_bytes

      def initialize(max_bytes = Limits::DEFAULT_MAX_FILE_SIZE)
        @max_bytes = max_bytes
        @refused = {}
        @retained = 0
      end

      # The bytes (binary) of the regular file at host (a resolved path with no link left), or nil when it cannot be
      # read or is refused.
      def read(host, path)
        read!(host, path)
      rescue Refused, SystemCallError, IOError
        nil
      end

      # Like read, but raises Refused or the SystemCallError that stopped it.
      def read!(host, path)
        check!(::File.lstat(host), path)
        ::File.open(host, OPEN_FLAGS, binmode: true) do |io|
          stat = io.stat
          check!(stat, path)
          read_capped(io, stat.size, path)
        end
      end

      # Whether content of this many bytes may be kept for later calls. Train caches file objects for the whole run,
      # so all the content a connection keeps is held to one max_bytes in total; larger content is read again when
      # asked for again.
      def retain?(bytes)
        return false if @retained + bytes > @max_bytes

        @retained += bytes
        true
      end

      private

      def check!(stat, path)
        if stat.file?
          return if stat.size <= @max_bytes

          refuse!(path, "#{Limits.human(stat.size)}, more than max-file-size (#{Limits.human(@max_bytes)})")
        end
        kind = KINDS[stat.ftype]
        refuse!(path, kind) if kind
        # A directory or a link (swapped in after resolution): unreadable as content, as for Train's local files.
        raise Errno::EISDIR, path if stat.directory?

        raise Errno::ELOOP, path
      end

      # A regular file can still be larger than fstat says (procfs and sysfs say 0; a file can grow while read).
      def read_capped(io, size, path)
        data = String.new(capacity: [size, @max_bytes].min + 1, encoding: Encoding::BINARY)
        buffer = String.new(capacity: CHUNK, encoding: Encoding::BINARY)
        loop do
          chunk = io.read_nonblock([CHUNK, @max_bytes + 1 - data.bytesize].min, buffer, exception: false)
          return data if chunk.nil?

          refuse!(path, "reading it would block") if chunk == :wait_readable

          data << chunk
          refuse!(path, "more than max-file-size (#{Limits.human(@max_bytes)})") if data.bytesize > @max_bytes
        end
      end

      def refuse!(path, reason)
        @refused[path] ||= begin
          ScannerLog.say("refused to read #{ScannerLog.printable(path)}: #{reason}")
          true
        end
        raise Refused, "#{path}: #{reason}"
      end
    end
  end
end
