# frozen_string_literal: true

require "etc"
require_relative "bounded_reader"

module TrainPlugins
  module KcsRoot
    # Answers the commands that Train's platform detection sends (lib/train/platforms/detect/helpers/os_common.rb and
    # os_linux.rb in Train 3.x) without running anything in the target, so detection works on distroless and scratch
    # roots that have no shell, and no untrusted binary runs just to detect the platform:
    #   uname -s | uname -r | uname -m          the kernel is shared with the target: the scanner's own uname
    #   test -f <path>                          a regular file (links followed inside the root)
    #   test -f <path> && cat <path>            the file's content when it is a readable regular file (BoundedReader)
    #   cmd.exe /c ver, show version, version   other systems' probes: "not found", as a Linux shell would say
    class Probes
      Answer = Struct.new(:stdout, :stderr, :exit_status)

      # Probes for other systems (Windows, Arista and Cisco, Brocade) that Train also sends to a Linux target.
      FOREIGN_PROBES = [
        "cmd.exe /c ver",
        "Get-WmiObject Win32_OperatingSystem | Select Caption,Version | ConvertTo-Json",
        "show version",
        "version"
      ].freeze
      # Train interpolates detection paths unquoted; only plain absolute paths are answered here.
      PATH = %r{/[A-Za-z0-9._/+-]*}
      TEST_F = /\Atest -f (#{PATH})\z/
      TEST_F_CAT = /\Atest -f (#{PATH}) && cat (#{PATH})\z/

      def initialize(resolver, uname: Etc.uname, reader: BoundedReader.new)
        @resolver = resolver
        @uname = uname
        @reader = reader
      end

      # An Answer, or nil when cmd is not a detection probe (it then runs in the target as usual).
      def answer(cmd)
        case cmd.strip
        when "uname -s" then ok("#{@uname[:sysname]}\n")
        when "uname -r" then ok("#{@uname[:release]}\n")
        when "uname -m" then ok("#{@uname[:machine]}\n")
        when TEST_F then Answer.new("", "", regular_file?(Regexp.last_match(1)) ? 0 : 1)
        when TEST_F_CAT then cat_if_file(Regexp.last_match(1), Regexp.last_match(2))
        when *FOREIGN_PROBES then Answer.new("", "sh: 1: #{cmd.split.first}: not found\n", 127)
        end
      end

      private

      def ok(stdout)
        Answer.new(stdout, "", 0)
      end

      def regular_file?(path)
        ::File.lstat(@resolver.resolve(path).host).file?
      rescue SystemCallError
        false
      end

      def cat_if_file(tested, read)
        return nil unless tested == read
        return Answer.new("", "", 1) unless regular_file?(tested)

        ok(@reader.read!(@resolver.resolve(read).host, read))
      rescue BoundedReader::Refused => e
        Answer.new("", "cat: #{e.message}\n", 1)
      rescue SystemCallError => e
        Answer.new("", "cat: #{read}: #{e.message.sub(/ @ .*/, "")}\n", 1)
      end
    end
  end
end
