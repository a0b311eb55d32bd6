# frozen_string_literal: true

require_relative "capabilities"
require_relative "scanner_log"

module TrainPlugins
  module KcsRoot
    # Makes sure no process of the image outlives the command that started it. The scanner is a child subreaper, so a
    # command's daemon (double fork, setsid, a new process group) is re-parented to the scanner when its parent exits,
    # never to PID 1. After each command every process descended from the scanner's new children is killed and the
    # scanner's children are reaped, round after round, until none is left. Only /proc/<pid>/task/*/children or
    # /proc/<pid>/stat are read (kernel text, read with a bound; they never block).
    module Reaper
      ROUNDS = 100
      REAP_SECONDS = 2.0

      module_function

      # Once per process. Without it (a kernel before 3.4) leftovers escape to PID 1: said once in the log.
      def enable!
        return if @enabled

        @enabled = true
        Capabilities.become_subreaper!
      rescue Capabilities::Error => e
        ScannerLog.say("cannot become a child subreaper (#{e.message}); processes a command leaves behind may " \
                       "outlive it")
      end

      # This process's children.
      def children
        family.call(Process.pid)
      end

      # Kills every process descended from this process's children other than spared (the children it had before the
      # command), and reaps them. Returns how many processes were killed; gives up (and says so) after ROUNDS rounds.
      def kill_leftovers(spared)
        killed = {}
        ROUNDS.times do
          children_of = family
          roots = children_of.call(Process.pid) - spared
          return killed.size if roots.empty?

          descendants(roots, children_of).each do |pid|
            killed[pid] = true
            Process.kill(:KILL, pid)
          rescue Errno::ESRCH, Errno::EPERM
            nil
          end
          reap(roots)
        end
        ScannerLog.say("processes a command left behind were still appearing after #{ROUNDS} rounds of killing them")
        killed.size
      end

      def descendants(roots, children_of)
        found = {}
        queue = roots.dup
        until queue.empty?
          pid = queue.shift
          next if found[pid]

          found[pid] = true
          queue.concat(children_of.call(pid))
        end
        found.keys
      end

      # A function from a PID to its children: /proc/<pid>/task/*/children where the kernel has them
      # (CONFIG_PROC_CHILDREN: the cost follows the tree), else one snapshot of every process's parent.
      def family
        return method(:children_from_files) if children_files?

        by_parent = parent_table.group_by(&:last).transform_values { |pairs| pairs.map(&:first) }
        ->(pid) { by_parent.fetch(pid, []) }
      end

      def children_files?
        @children_files = ::File.exist?("/proc/self/task/#{Process.pid}/children") if @children_files.nil?
        @children_files
      end

      def children_from_files(pid)
        Dir.children("/proc/#{pid}/task").flat_map do |tid|
          ::File.read("/proc/#{pid}/task/#{tid}/children", 1 << 20).to_s.split.map(&:to_i)
        rescue SystemCallError
          []
        end
      rescue SystemCallError
        []
      end

      # [pid, parent pid] of every process this one can see.
      def parent_table
        Dir.children("/proc").filter_map do |name|
          next unless name.match?(/\A\d+\z/)

          stat = ::File.read("/proc/#{name}/stat", 4096)
          [name.to_i, Integer(stat[(stat.rindex(")") + 2)..].split(" ", 3)[1], 10)]
        rescue SystemCallError, ArgumentError, NoMethodError, TypeError
          nil
        end
      end

      # Waits (bounded) for killed children to be reaped; a process stuck in the kernel is left for the next round.
      def reap(pids)
        deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + REAP_SECONDS
        pending = pids.dup
        until pending.empty? || Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
          pending.reject! do |pid|
            Process.wait(pid, Process::WNOHANG)
          rescue Errno::ECHILD
            true
          end
          sleep 0.002 unless pending.empty?
        end
      end
    end
  end
end
