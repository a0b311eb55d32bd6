# frozen_string_literal: true

require_relative "capabilities"
require_relative "descriptors"
require_relative "limits"
require_relative "reaper"
require_relative "scanner_log"

module TrainPlugins
  module KcsRoot
    # Runs a shell command inside the target root. The child: not dumpable, descriptors 0-2 made the command's own
    # (every descriptor of the scanner closed), chroot into the root, every capability dropped, then exec of the
    # target's own shell with the environment it is given (the target process's, from the connection), nothing of
    # the scanner's. The parent collects stdout and stderr, and every command ends:
    # at its timeout, when its output passes max_command_output (the child is killed and the output truncated), or
    # soon after its shell exits even if a process it started keeps the pipes open. Then everything the command left
    # behind is killed and reaped (the scanner is a child subreaper), so no code of the image outlives its command.
    class CommandRunner
      Result = Struct.new(:stdout, :stderr, :exit_status, :timed_out, :truncated, keyword_init: true)

      CLEAN_ENV = {
        "PATH" => "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME" => "/",
        "LC_ALL" => "C"
      }.freeze
      # The exit status for "could not run at all", like a shell's "command not found".
      NOT_RUN = 127
      SETUP_FAILED = 126
      CHUNK = 65_536
      # How often the parent looks whether the shell has exited while the pipes stay open.
      POLL_SECONDS = 0.01

      # environment: what the command gets instead of CLEAN_ENV (the connection passes the target process's own).
      def initialize(resolver, shell: "/bin/sh", max_output: Limits::DEFAULT_MAX_COMMAND_OUTPUT, environment: CLEAN_ENV)
        @resolver = resolver
        @shell = shell
        @max_output = max_output
        @environment = environment
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
        Descriptors.preload
        Reaper.enable!
        spared = Reaper.children
        begin
          pid, out_r, err_r = start(cmd)
          collect(pid, out_r, err_r, timeout)
        ensure
          left = Reaper.kill_leftovers(spared)
          ScannerLog.say("killed #{left} process(es) that a command left running: #{ScannerLog.printable(cmd)}") if
            left.positive?
        end
      end

      private

      def start(cmd)
        out_r, out_w = IO.pipe
        err_r, err_w = IO.pipe
        # The scanner's /dev/null, opened here: the target's /dev/null could be anything (a FIFO, a regular file).
        stdin = ::File.open(::File::NULL)
        pid = fork { child(cmd, [stdin, out_w, err_w]) }
        # Also set here, so a timeout right after fork still kills the whole group.
        begin
          Process.setpgid(pid, pid)
        rescue StandardError
          nil
        end
        [pid, out_r, err_r]
      ensure
        [stdin, out_w, err_w].each { |io| io&.close }
      end

      # In the forked child; never returns. The order matters: see the class comment and Descriptors.
      def child(cmd, std)
        std_installed = false
        Capabilities.not_dumpable!
        Process.setpgid(0, 0)
        Descriptors.install_std!(std)
        std_installed = true
        Dir.chroot(@resolver.root.empty? ? "/" : @resolver.root)
        Dir.chdir("/")
        Capabilities.drop_all!
        exec(@environment, @shell, "-c", cmd, unsetenv_others: true)
      rescue Exception => e # rubocop:disable Lint/RescueException -- the child must never return into the parent's code
        begin
          (std_installed ? $stderr : std[2]).syswrite("kcs-root: could not start the command in the target root: " \
                                                      "#{e.message}\n")
        rescue StandardError
          nil
        end
        exit!(SETUP_FAILED)
      end

      def collect(pid, out_r, err_r, timeout)
        buffers = { out_r => String.new(encoding: Encoding::BINARY), err_r => String.new(encoding: Encoding::BINARY) }
        deadline = timeout && (monotonic + timeout)
        ending, status = read_until_done(pid, buffers, deadline)
        kill_group(pid) if %i[timeout overflow].include?(ending)
        buffers.each_key { |io| io.close unless io.closed? }
        status ||= Process.wait2(pid).last
        finish(buffers[out_r], buffers[err_r], status, ending)
      end

      def finish(stdout, stderr, status, ending)
        if ending == :overflow
          stderr << "\nkcs-root: output truncated: the command wrote more than #{Limits.human(@max_output)} " \
                    "(max-command-output) and was killed\n"
        end
        Result.new(stdout:, stderr:, exit_status: exit_code(status), timed_out: ending == :timeout,
                   truncated: ending == :overflow)
      end

      # Reads both pipes until they close. Returns [ending, status]: ending is nil (closed), :timeout, :overflow or
      # :exited (the shell exited, a leftover still holds a pipe); status is the shell's, when already reaped.
      def read_until_done(pid, buffers, deadline)
        open = buffers.keys
        until open.empty?
          wait = [POLL_SECONDS, deadline && (deadline - monotonic)].compact.min
          return [:timeout, nil] if wait <= 0

          ready, = IO.select(open, nil, nil, wait)
          return [:overflow, nil] if ready && read_ready(ready, buffers, open) == :overflow
          next if ready

          _, status = Process.wait2(pid, Process::WNOHANG)
          next unless status

          # The shell is gone; what it wrote is already in the pipes. Take that, leave the rest to the reaper.
          return [read_ready(open.dup, buffers, open, drain: true), status]
        end
        [nil, nil]
      end

      # Reads what is there from each ready pipe; :overflow when the output passed the cap, :exited after a drain.
      def read_ready(ready, buffers, open, drain: false)
        ready.each do |io|
          loop do
            room = @max_output + 1 - buffers.values.sum(&:bytesize)
            chunk = io.read_nonblock([CHUNK, room].min, exception: false)
            break if chunk == :wait_readable

            if chunk.nil?
              io.close
              open.delete(io)
              break
            end
            buffers[io] << chunk
            return overflow(buffers, io) if room <= chunk.bytesize
            break unless drain
          end
        end
        drain ? :exited : nil
      end

      def overflow(buffers, io)
        buffers[io].slice!((buffers[io].bytesize - (buffers.values.sum(&:bytesize) - @max_output))..)
        :overflow
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
