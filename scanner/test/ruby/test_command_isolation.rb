# frozen_string_literal: true

require_relative "test_helper"
require "json"

# Issue 18: between fork and exec the command child must never be a process that a capability-less process of the
# image could reach while its descriptors are still the scanner's (fd 1 is the pod log). Real processes: a
# capability-less attacker with the same UID races the commands, freezing the children with SIGSTOP to widen the
# window, and tries to open /proc/<child>/fd/1 and fd/2 for writing.
class KcsRootCommandIsolationTest < Minitest::Test
  include KcsRootTest::Helpers

  RACE_COMMANDS = Integer(ENV.fetch("KCS_RACE_COMMANDS", "500"), 10)

  def test_the_command_sees_only_its_own_three_descriptors
    root = shell_tree
    pid = start_in_root(root, mount_proc: true)
    listing = connection("/proc/#{pid}/root").run_command("ls /proc/self/fd")
    assert_equal 0, listing.exit_status, listing.stderr
    # 3 is the directory ls itself opened.
    assert_equal %w[0 1 2 3], listing.stdout.split.sort
  end

  def test_a_capability_less_attacker_never_opens_the_scanners_stdout
    root = shell_tree
    log = File.join(@tmp, "scanner-stdout")
    File.write(log, "")
    scanner, done = start_scanner(root, log)
    stats_r, stats_w = IO.pipe
    attacker = fork do
      stats_r.close
      done.close
      stats_w.write(JSON.generate(attack(scanner, File.stat(log))))
      exit!(0)
    end
    @pids << attacker
    stats_w.close
    _, status = Process.wait2(scanner)
    assert status.success?, "the scanner's commands failed"
    done.close
    stats = JSON.parse(stats_r.read)
    Process.wait(attacker)
    @pids.delete(attacker)
    assert_equal 0, stats["hits"], "the attacker opened the scanner's stdout: #{stats}"
    refute_includes File.read(log), "FORGED"
    # The attacker was not idle: it froze children and opened the pipes of commands that had reached exec.
    assert_operator stats["frozen"], :>, RACE_COMMANDS / 10, stats.to_s
    assert_operator stats["opened"], :>, 0, stats.to_s
  end

  private

  # A process of its own whose stdout is the file log, running RACE_COMMANDS commands; returns its PID and the write
  # end of a pipe whose read end (@done_r) the attacker watches: closed when the scanner is done.
  def start_scanner(root, log)
    ready_r, ready_w = IO.pipe
    done_r, done_w = IO.pipe
    scanner = fork do
      [ready_r, done_r].each(&:close)
      $stdout.reopen(File.open(log, File::WRONLY | File::APPEND))
      conn = connection(root)
      ready_w.close
      RACE_COMMANDS.times { exit!(1) unless conn.run_command("true").exit_status.zero? }
      exit!(0)
    end
    @pids << scanner
    ready_w.close
    ready_r.read
    @done_r = done_r
    [scanner, done_w]
  end

  # The attacker: UID 0 like the scanner, every capability dropped (as a process of the image has none). It watches
  # the newest PIDs for children of the scanner, freezes each now and then, and opens fd 1 and fd 2 for writing.
  def attack(scanner, target)
    TrainPlugins::KcsRoot::Capabilities.drop_all!
    stats = { "frozen" => 0, "opened" => 0, "hits" => 0 }
    seen = Hash.new(0)
    until IO.select([@done_r], nil, nil, 0)
      newest = File.read("/proc/loadavg").split.last.to_i
      (newest - 2..newest).each do |pid|
        next unless child_of?(pid, scanner)

        tries = (seen[pid] += 1)
        next if tries > 1000

        freeze = (tries % 25).zero?
        stats["frozen"] += 1 if freeze && signal(:STOP, pid)
        [1, 2].each { |number| try_open(pid, number, target, stats) }
        signal(:CONT, pid) if freeze
      end
    end
    stats
  end

  def child_of?(pid, parent)
    stat = File.read("/proc/#{pid}/stat")
    stat[(stat.rindex(")") + 2)..].split[1].to_i == parent
  rescue SystemCallError
    false
  end

  def signal(name, pid)
    Process.kill(name, pid)
    true
  rescue SystemCallError
    false
  end

  def try_open(pid, number, target, stats)
    File.open("/proc/#{pid}/fd/#{number}", File::WRONLY | File::APPEND) do |io|
      stats["opened"] += 1
      st = io.stat
      next unless st.dev == target.dev && st.ino == target.ino

      stats["hits"] += 1
      io.write("FORGED by a process of the image\n")
    end
  rescue SystemCallError
    nil
  end
end
