# frozen_string_literal: true

require "fiddle"

module TrainPlugins
  module KcsRoot
    # Descriptor plumbing for the command child, done with raw libc calls (resolved before fork): the child's
    # descriptors 0, 1 and 2 become the command's stdin and pipes, and every other descriptor it inherited from the
    # scanner is closed, before the child gives up its capabilities. Until then the child's fd 1 is the scanner's own
    # stdout (the pod log): a process that could open /proc/<child>/fd/1 in that window could write into the log.
    module Descriptors
      SYS_CLOSE_RANGE = 436 # the same number on every architecture (Linux 5.9 and later)
      F_DUPFD = 0
      FIRST_SPARE = 10

      module_function

      # ios: the IO objects that become descriptors 0, 1 and 2, in that order.
      def install_std!(ios)
        # Each source is first copied above 2, so that no dup2 onto 0-2 overwrites a source still to be moved.
        high = ios.map { |io| io.fcntl(F_DUPFD, FIRST_SPARE) }
        high.each_with_index do |fd, target|
          raise Errno.const_get(errno_name), "dup2 #{fd} -> #{target}" if libc_dup2.call(fd, target).negative?
        end
        close_from!(3)
      end

      # Closes every descriptor from first on: close_range where the kernel has it, else each one /proc lists.
      def close_from!(first)
        return if libc_syscall.call(SYS_CLOSE_RANGE, first, 0xFFFF_FFFF, 0).zero?

        Dir.children("/proc/self/fd").map(&:to_i).select { |fd| fd >= first }.each { |fd| libc_close.call(fd) }
      end

      def errno_name
        Errno.constants.find { |name| Errno.const_get(name)::Errno == Fiddle.last_error.to_i } || :EBADF
      end

      def libc
        @libc ||= Fiddle.dlopen(nil)
      end

      def libc_dup2
        @libc_dup2 ||= Fiddle::Function.new(libc["dup2"], [Fiddle::TYPE_INT, Fiddle::TYPE_INT], Fiddle::TYPE_INT)
      end

      def libc_close
        @libc_close ||= Fiddle::Function.new(libc["close"], [Fiddle::TYPE_INT], Fiddle::TYPE_INT)
      end

      def libc_syscall
        @libc_syscall ||= Fiddle::Function.new(libc["syscall"], [Fiddle::TYPE_LONG] * 4, Fiddle::TYPE_LONG)
      end

      # Resolve the functions before fork, so the child does no dlsym work.
      def preload
        libc_dup2
        libc_close
        libc_syscall
      end
    end
  end
end
