# frozen_string_literal: true

require_relative "capabilities"

module TrainPlugins
  module KcsRoot
    # Runs a shell command inside the target root: fork, chroot into the root, drop every capability, exec the
    # target's own shell with a clean environment; the parent collects stdout and stderr and kills the command's
    # process group when the timeout expires.
    class CommandRunner
      Result = Struct.new(:stdout, :stderr, :exit_status, :timed_out, keyword_init: true)

      CLEAN_ENV = {
        "PATH" => "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME" => "/",
        "LC_ALL" => "C"
      }.freeze
      # The exit status for "could not run at all", like a shell's "command not found".
      NOT_RUN = 127
      SETUP_FAILED = 126

      def initialize(resolver, shell: "/bin/sh")
        @resolver = resolver
        @shell = shell
      end

      # The reason commands cannot run in this root, or nil when they can.
      def unavailable_reason
        host = @resolver.resolve(@shell).host
        shell = begin
          ::File.lstat(host)
        rescue SystemCallError
          nil
        end
        return nil if shell&.file? && ::File.executable?(host)

        "kcs-root: the target root #{@resolver.root} has no shell at #{@shell}, so commands cannot run in it " \
          "(a distroless or scratch image?); use file-based resources such as file, directory, passwd and etc_group"
      rescue SystemCallError => e
        "kcs-root: cannot use the shell #{@shell} in #{@resolver.root}: #{e.message}"
      end

      def run(cmd, timeout:)
        reason = unavailable_reason
        return Result.new(stdout: "", stderr: "#{reason}\n", exit_status: NOT_RUN, timed_out: false) if reason

        Capabilities.preload
        out_r, out_w = IO.pipe
        err_r, err_w = IO.pipe
        pid = fork { child(cmd, out_w, err_w, [out_r, err_r]) }
        # Also set here, so a timeout right after fork still kills the whole group.
        begin
          Process.setpgid(pid, pid)
        rescue StandardError
          nil
        end
        [out_w, err_w].each(&:close)
        collect(pid, out_r, err_r, timeout)
      end

      private

      def child(cmd, out_w, err_w, parent_ends)
        parent_ends.each(&:close)
        Process.setpgid(0, 0)
        stdin = ::File.open(::File::NULL)
        Dir.chroot(@resolver.root.empty? ? "/" : @resolver.root)
        Dir.chdir("/")
        Capabilities.drop_all!
        exec(CLEAN_ENV, @shell, "-c", cmd,
             unsetenv_others: true, close_others: true, in: stdin, out: out_w, err: err_w)
      rescue Exception => e # rubocop:disable Lint/RescueException -- the child must never return into the parent's code
        begin
          err_w.write("kcs-root: could not start the command in the target root: #{e.message}\n")
        rescue StandardError
          nil
        end
        exit!(SETUP_FAILED)
      end

      def collect(pid, out_r, err_r, timeout)
        buffers = { out_r => +"", err_r => +"" }
        deadline = timeout && (monotonic + timeout)
        timed_out = read_until_closed(buffers, deadline)
        if timed_out
          kill_group(pid)
          buffers.each_key(&:close)
        end
        _, status = Process.wait2(pid)
        Result.new(stdout: buffers[out_r], stderr: buffers[err_r], exit_status: exit_code(status), timed_out:)
      end

      # Reads both pipes until they close; true when the deadline passed first.
      def read_until_closed(buffers, deadline)
        open = buffers.keys
        until open.empty?
          wait = deadline && (deadline - monotonic)
          return true if wait && wait <= 0

          ready, = IO.select(open, nil, nil, wait)
          next if ready.nil?

          ready.each do |io|
            buffers[io] << io.readpartial(65_536)
          rescue EOFError
            io.close
            open.delete(io)
          end
        end
        false
      end

      def kill_group(pid)
        Process.kill(:KILL, -pid)
      rescue Errno::ESRCH, Errno::EPERM
        begin
          Process.kill(:KILL, pid)
        rescue StandardError
          nil
        end
      end

      def exit_code(status)
        status.exitstatus || (128 + status.termsig.to_i)
      end

      def monotonic
        Process.clock_gettime(Process::CLOCK_MONOTONIC)
      end
    end
  end
end
