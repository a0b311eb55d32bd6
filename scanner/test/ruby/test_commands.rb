# frozen_string_literal: true

require_relative "test_helper"

class KcsRootCommandTest < Minitest::Test
  include KcsRootTest::Helpers

  CAP_FIELDS = %w[CapInh CapPrm CapEff CapBnd CapAmb].freeze

  def status_fields(text)
    text.each_line.to_h { |line| line.chomp.split(":\t", 2) }
  end

  def test_a_root_without_a_shell_gives_a_clear_non_zero_result
    conn = connection(tree("etc/passwd" => "root:x:0:0::/:/nologin\n"))
    result = conn.run_command("id -u")
    assert_equal 127, result.exit_status
    assert_equal "", result.stdout
    assert_match(%r{has no shell at /bin/sh, so commands cannot run in it}, result.stderr)
  end

  def test_a_shell_link_that_escapes_the_root_does_not_count
    # /bin/sh -> the host's /bin/bash (which exists on the scanner): inside the root there is nothing there.
    conn = connection(tree("bin/sh" => [:link, "/bin/bash"]))
    assert_equal 127, conn.run_command("true").exit_status
  end

  def test_commands_run_chrooted_with_no_capabilities_and_the_target_environment
    # Procfs is mounted in the target's own mount namespace; the command reaches it through /proc/<pid>/root.
    root = shell_tree
    ENV["KCS_TEST_SCANNER_SECRET"] = "must-not-leak"
    target_env = { "PATH" => "/usr/sbin:/usr/bin:/sbin:/bin", "HOME" => "/home/app", "APP_MODE" => "target",
                   "KCS_SCAN_TARGET" => "run-1" }
    pid = start_in_root(root, mount_proc: true, env: target_env)
    conn = connection("/proc/#{pid}/root")

    status = conn.run_command("cat /proc/self/status")
    assert_equal 0, status.exit_status, status.stderr
    fields = status_fields(status.stdout)
    CAP_FIELDS.each { |cap| assert_equal "0000000000000000", fields.fetch(cap), "#{cap} in #{status.stdout}" }
    assert_equal "1", fields.fetch("NoNewPrivs")

    assert_equal "inside the target root\n", conn.run_command("cat /etc/marker").stdout
    listing = conn.run_command("ls /").stdout.split
    assert_includes listing, "etc"
    refute_includes listing, "work", "the scanner's / must not be visible"

    # The shell's own environment (busybox adds PWD and SHLVL): the target's, without the marker or the scanner's.
    env = conn.run_command("busybox env").stdout.lines.map(&:chomp)
    assert_equal ["APP_MODE=target", "HOME=/home/app", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"],
                 env.grep(/\A(APP_MODE|HOME|PATH|KCS_[A-Z_]*|LC_ALL)=/).sort

    # With no capability left, the target's binaries cannot leave the chroot.
    escape = conn.run_command("chroot / true")
    refute_equal 0, escape.exit_status
    assert_match(/Operation not permitted/, escape.stderr)
  ensure
    ENV.delete("KCS_TEST_SCANNER_SECRET")
  end

  def test_a_directory_root_has_no_process_and_gets_the_fixed_environment
    env = connection(shell_tree).run_command("busybox env").stdout.lines.map(&:chomp)
    assert_equal ["HOME=/", "LC_ALL=C", "PATH=#{TrainPlugins::KcsRoot::TargetView::DEFAULT_PATH}"],
                 env.grep(/\A(HOME|PATH|LC_ALL|KCS_[A-Z_]*)=/).sort
  end

  def test_exit_status_and_output_streams
    conn = connection(shell_tree)
    result = conn.run_command("echo out; echo err >&2; exit 3")
    assert_equal ["out\n", "err\n", 3], [result.stdout, result.stderr, result.exit_status]
    line = "0123456789012345678901234567890123456789"
    big = conn.run_command("i=0; while [ $i -lt 3000 ]; do echo #{line}; i=$((i+1)); done")
    assert_equal 3000 * 41, big.stdout.bytesize
  end

  def test_a_command_past_its_timeout_is_killed
    conn = connection(shell_tree)
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    error = assert_raises(Train::CommandTimeoutReached) { conn.run_command("sleep 30", timeout: 1) }
    elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    assert_operator elapsed, :<, 5
    assert_match(/timed out after 1s/, error.message)
    # The default timeout comes from the transport option.
    conn = connection(shell_tree, command_timeout: 1)
    assert_raises(Train::CommandTimeoutReached) { conn.run_command("sleep 30") }
  end

  def test_the_shell_option_picks_another_shell
    root = shell_tree
    File.symlink("/bin/busybox", File.join(root, "bin/ash"))
    FileUtils.rm(File.join(root, "bin/sh"))
    assert_equal 127, connection(root).run_command("true").exit_status
    assert_equal 0, connection(root, shell: "/bin/ash").run_command("true").exit_status
  end
end
