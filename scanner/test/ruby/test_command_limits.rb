# frozen_string_literal: true

require_relative "test_helper"
require "json"
require "open3"

# Issue 15 and 18: every command ends (output cap, a leftover holding the pipes, timeout), and nothing it started
# outlives it. Real processes in a root whose only program is a static busybox.
class KcsRootCommandLimitsTest < Minitest::Test
  include KcsRootTest::Helpers

  def timed
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    value = yield
    [value, Process.clock_gettime(Process::CLOCK_MONOTONIC) - started]
  end

  # PIDs of the processes whose root is the given tree (the commands run chrooted into it).
  def running_in(root)
    Dir.children("/proc").grep(/\A\d+\z/).select do |pid|
      File.readlink("/proc/#{pid}/root") == root
    rescue SystemCallError
      false
    end
  end

  def test_an_endless_printer_ends_at_the_cap_with_a_clear_message
    conn = connection(shell_tree, max_command_output: (1024 * 1024).to_s)
    result = nil
    _, log = capture_io do
      result, seconds = timed { conn.run_command("busybox yes") }
      assert_operator seconds, :<, 5
    end
    assert_equal 137, result.exit_status, "killed"
    assert_operator result.stdout.bytesize + result.stderr.bytesize, :<=, 1024 * 1024 + 200
    assert_operator result.stdout.bytesize, :>, 1024 * 1000
    assert_equal "y\n" * 100, result.stdout[0, 200]
    assert_match(/kcs-root: output truncated: the command wrote more than 1 MiB \(max-command-output\) and was killed/,
                 result.stderr)
    assert_match(/kcs-root: stopped a command at 1 MiB of output \(max-command-output\): busybox yes/, log)
  end

  def test_the_cap_counts_stdout_and_stderr_together_and_defaults_to_16_mib
    conn = connection(shell_tree)
    capture_io do
      result, seconds = timed { conn.run_command("busybox yes & busybox yes >&2") }
      assert_operator seconds, :<, 10
      total = result.stdout.bytesize + result.stderr.bytesize
      assert_operator total, :<=, (16 * 1024 * 1024) + 200
      assert_operator total, :>=, 16 * 1024 * 1024
    end
  end

  def test_ordinary_output_below_the_cap_is_whole
    conn = connection(shell_tree, max_command_output: "4096")
    result = conn.run_command("echo out; echo err >&2")
    assert_equal ["out\n", "err\n", 0], [result.stdout, result.stderr, result.exit_status]
  end

  # A shell tree with /dev/null (a background job's stdin in busybox sh; an empty file is enough).
  def daemon_tree
    root = shell_tree
    FileUtils.mkdir_p(File.join(root, "dev"))
    FileUtils.touch(File.join(root, "dev/null"))
    root
  end

  def test_a_child_keeping_the_pipes_open_does_not_hold_the_command
    root = daemon_tree
    conn = connection(root)
    _, log = capture_io do
      result, seconds = timed { conn.run_command("busybox sleep 60 & echo started") }
      assert_operator seconds, :<, 2
      assert_equal ["started\n", 0], [result.stdout, result.exit_status]
    end
    assert_match(/killed 1 process\(es\) that a command left running/, log)
    assert_empty running_in(root)
  end

  def test_a_command_that_daemonises_leaves_nothing_running
    root = daemon_tree
    conn = connection(root)
    {
      "double fork with a new session" => "(busybox setsid busybox sleep 60 &); echo ok",
      "pipes closed" => "busybox sleep 60 </dev/null >/dev/null 2>&1 & echo ok",
      "nohup in a new session" => "busybox setsid busybox nohup busybox sleep 60 >/dev/null 2>&1 & echo ok",
      "a tree of twenty" => "i=0; while [ $i -lt 20 ]; do (busybox sleep 60 &) ; i=$((i+1)); done; echo ok",
      "a grandchild in a new session behind a living parent" =>
        "busybox sh -c '(busybox setsid busybox sleep 60 &); busybox sleep 60' >/dev/null 2>&1 & echo ok"
    }.each do |name, cmd|
      capture_io do
        result, seconds = timed { conn.run_command(cmd) }
        assert_equal "ok\n", result.stdout, name
        assert_operator seconds, :<, 5, name
      end
      assert_empty running_in(root), "#{name}: left running"
    end
  end

  def test_a_timeout_kills_what_the_command_started
    root = daemon_tree
    conn = connection(root)
    capture_io do
      assert_raises(Train::CommandTimeoutReached) do
        conn.run_command("(busybox setsid busybox sleep 60 &); busybox sleep 60", timeout: 1)
      end
    end
    assert_empty running_in(root)
  end

  def test_processes_the_scanner_had_before_the_command_are_left_alone
    root = shell_tree
    keeper = spawn("sleep", "60")
    @pids << keeper
    capture_io { connection(root).run_command("busybox sleep 60 & echo x") }
    assert_equal 1, Process.kill(0, keeper)
    assert_nil Process.wait(keeper, Process::WNOHANG)
  end

  def test_memory_stays_bounded_for_endless_output
    out, err, status = Open3.capture3(RbConfig.ruby, File.expand_path("../support/memory_probe.rb", __dir__),
                                      shell_tree, "--", "busybox yes", "busybox yes >&2", "true")
    assert status.success?, err
    report = JSON.parse(out)
    ["busybox yes", "busybox yes >&2"].each do |cmd|
      assert_equal 137, report.dig("commands", cmd, "exit_status"), cmd
      assert_operator report.dig("commands", cmd, "seconds"), :<, 5, cmd
    end
    # Ruby itself takes about 15 MiB; two 16 MiB outputs, one after the other, must not add up.
    assert_operator report["vm_hwm_kib"], :<, 100 * 1024, "peak #{report["vm_hwm_kib"]} KiB"
  end
end
