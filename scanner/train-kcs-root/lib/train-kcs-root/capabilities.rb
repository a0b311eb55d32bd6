# frozen_string_literal: true

require "fiddle"

module TrainPlugins
  module KcsRoot
    # Strips every Linux capability from the calling process, for good: the bounding set, the ambient set, the
    # inheritable, permitted and effective sets, with the securebits locked so that UID 0 gains nothing on exec, and
    # no_new_privs so setuid files and file capabilities grant nothing either. Called in the forked child after
    # chroot and before exec: the target's binaries are untrusted, and a process that keeps CAP_SYS_CHROOT (or any
    # other) can leave the chroot or reach the scanner. Fiddle (standard library) reaches prctl and capset in libc.
    module Capabilities
      PR_SET_DUMPABLE = 4
      PR_CAPBSET_READ = 23
      PR_CAPBSET_DROP = 24
      PR_GET_SECUREBITS = 27
      PR_SET_SECUREBITS = 28
      PR_SET_CHILD_SUBREAPER = 36
      PR_SET_NO_NEW_PRIVS = 38
      PR_CAP_AMBIENT = 47
      PR_CAP_AMBIENT_CLEAR_ALL = 4
      # NOROOT and NO_SETUID_FIXUP with their locks, KEEP_CAPS locked off, NO_CAP_AMBIENT_RAISE with its lock.
      SECBIT_NOROOT = 1 << 0
      SECUREBITS = SECBIT_NOROOT | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 6) | (1 << 7)
      LINUX_CAPABILITY_VERSION_3 = 0x20080522
      MAX_CAP = 63

      class Error < StandardError; end

      module_function

      # Drops everything; raises Error naming the step that failed (the caller must then not exec).
      def drop_all!
        drop_bounding_set!
        call!("PR_SET_SECUREBITS", PR_SET_SECUREBITS, SECUREBITS) unless securebits_set?
        call!("PR_CAP_AMBIENT_CLEAR_ALL", PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
        clear_capability_sets!
        call!("PR_SET_NO_NEW_PRIVS", PR_SET_NO_NEW_PRIVS, 1)
      end

      # Not dumpable: then only a process holding the capability to trace any process (which nothing of the image
      # has) may open /proc/<this>/fd/* or trace it. The command child sets this first, while its descriptors are still
      # the scanner's; exec makes the process dumpable again, once they are the command's own pipes.
      def not_dumpable!
        call!("PR_SET_DUMPABLE 0", PR_SET_DUMPABLE, 0, hint: "")
      end

      # Orphaned descendants (a command's daemon) are re-parented to this process instead of to PID 1, so the
      # scanner can find, kill and reap everything a command left behind.
      def become_subreaper!
        call!("PR_SET_CHILD_SUBREAPER", PR_SET_CHILD_SUBREAPER, 1, hint: "")
      end

      # Each capability still in the bounding set is dropped; the kernel says EINVAL past its last capability.
      def drop_bounding_set!
        (0..MAX_CAP).each do |cap|
          present = prctl(PR_CAPBSET_READ, cap)
          break if present.negative?
          next if present.zero?

          call!("PR_CAPBSET_DROP #{cap}", PR_CAPBSET_DROP, cap)
        end
      end

      def securebits_set?
        bits = prctl(PR_GET_SECUREBITS)
        !bits.negative? && (bits & SECUREBITS) == SECUREBITS
      end

      # capset with version 3: a header and two data words, all three sets zero. Lowering needs no privilege.
      def clear_capability_sets!
        header = [LINUX_CAPABILITY_VERSION_3, 0].pack("Li")
        data = "\0".b * 24
        return if libc_capset.call(Fiddle::Pointer[header], Fiddle::Pointer[data]).zero?

        raise Error, "capset (clear effective, permitted and inheritable sets) failed: #{errno_message}"
      end

      def call!(what, option, arg2 = 0, hint: " (the scanner needs CAP_SETPCAP to drop capabilities)")
        return if prctl(option, arg2).zero?

        raise Error, "prctl #{what} failed: #{errno_message}#{hint}"
      end

      def prctl(option, *args)
        libc_prctl.call(option, *(args + [0] * (4 - args.size)))
      end

      def errno_message
        SystemCallError.new(nil, Fiddle.last_error.to_i).message
      end

      def libc
        @libc ||= Fiddle.dlopen(nil)
      end

      def libc_prctl
        @libc_prctl ||= Fiddle::Function.new(
          libc["prctl"], [Fiddle::TYPE_INT] + [Fiddle::TYPE_LONG] * 4, Fiddle::TYPE_INT
        )
      end

      def libc_capset
        @libc_capset ||= Fiddle::Function.new(
          libc["capset"], [Fiddle::TYPE_VOIDP, Fiddle::TYPE_VOIDP], Fiddle::TYPE_INT
        )
      end

      # Resolve the functions before fork, so the child does no dlsym work between chroot and exec.
      def preload
        libc_prctl
        libc_capset
      end
    end
  end
end
