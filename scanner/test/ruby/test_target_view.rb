# frozen_string_literal: true

require_relative "test_helper"

# Through kcs-root:///proc/<pid>/root, the target *process* is described, not the scanner: the environment of its
# commands (and os_env's `env`), its mount table (`mount`, and Train's `mount | grep -- ' on P '` behind InSpec's mount
# resource), and /proc/self. The target runs in its own mount namespace (its root a bind mount, a tmpfs on /tmp mounted
# nosuid,nodev,noexec, its own procfs) with an environment of its own, as a container does.
class KcsRootTargetViewLiveTest < Minitest::Test
  include KcsRootTest::Helpers

  TARGET_ENV = {
    "PATH" => "/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME" => "/home/app", "APP_MODE" => "target view",
    "KCS_SCAN_TARGET" => "run-13"
  }.freeze
  TMP_LINE = "tmpfs on /tmp type tmpfs (rw,nosuid,nodev,noexec,relatime)\n"

  def live_target(shell: true)
    root = shell_tree("srv/app.conf" => "listen 8080\n")
    FileUtils.rm(File.join(root, "bin/sh")) unless shell
    pid = start_in_root(root, mount_proc: true, own_mounts: true, env: TARGET_ENV)
    [pid, connection("/proc/#{pid}/root")]
  end

  def test_precondition_a_chrooted_mount_sees_no_mount_of_the_target
    pid, = live_target
    # What a command that is only chrooted reads: the mount namespace of the scanner's forked child.
    out = IO.popen(["chroot", "/proc/#{pid}/root", "/bin/busybox", "cat", "/proc/self/mountinfo"], &:read)
    refute_includes out, " /tmp "
  end

  def test_mount_answers_from_the_target_mount_table
    pid, conn = live_target
    table = conn.run_command("mount")
    assert_equal 0, table.exit_status, table.stderr
    lines = table.stdout.lines
    assert_includes lines, TMP_LINE
    assert_includes lines, "proc on /proc type proc (rw,relatime)\n"
    assert_match(%r{\A\S+ on / type \S+ \(rw[,)]}, lines.first, "the target's root mount comes first")
    # The shape InSpec's mount parser reads: device, "on", path, "type", fstype, "(options)".
    fields = TMP_LINE.split
    assert_equal ["tmpfs", "on", "/tmp", "type", "tmpfs"], fields[0, 5]
    assert_equal %w[rw nosuid nodev noexec relatime], fields[5].delete("()").split(",")

    # Train's file#mounted (InSpec's mount resource) sends exactly this.
    mounted = conn.run_command("mount | grep -- ' on /tmp '")
    assert_equal [TMP_LINE, 0], [mounted.stdout, mounted.exit_status]
    not_mounted = conn.run_command("mount | grep -- ' on /var '")
    assert_equal ["", 1], [not_mounted.stdout, not_mounted.exit_status]

    # Any other `mount | …` pipeline runs in the image with the target's table on its stdin.
    piped = conn.run_command("mount | grep noexec | wc -l")
    assert_equal "1", piped.stdout.strip, piped.stderr
    assert_equal File.read("/proc/#{pid}/mountinfo").lines.size, conn.run_command("mount").stdout.lines.size
  end

  def test_env_and_commands_get_the_target_environment_without_the_marker
    _, conn = live_target
    env = conn.run_command("env")
    assert_equal 0, env.exit_status
    expected = TARGET_ENV.reject { |name, _| name == "KCS_SCAN_TARGET" }
    assert_equal expected, env.stdout.lines.to_h { |line| line.chomp.split("=", 2) }.slice(*expected.keys)
    refute_match(/KCS_SCAN_TARGET/, env.stdout)
    # A command the image's shell runs sees the same.
    assert_equal "target view\n", conn.run_command('echo "$APP_MODE"').stdout
    assert_equal "/home/app\n", conn.run_command('echo "$HOME"').stdout
    assert_equal "", conn.run_command('echo "${KCS_SCAN_TARGET:-}"').stdout.strip
  end

  def test_proc_self_and_thread_self_read_through_the_transport_are_the_target
    pid, conn = live_target
    status = conn.file("/proc/self/status").content
    assert_match(/^Pid:\t#{pid}$/, status)
    assert_match(/^Name:\tbusybox$/, status)
    assert_match(/^Pid:\t#{pid}$/, conn.file("/proc/thread-self/status").content)
    assert_includes conn.file("/proc/self/environ").content.split("\0"), "APP_MODE=target view"
    assert_includes conn.file("/proc/self/mountinfo").content, " /tmp rw,nosuid,nodev,noexec"
    # /proc/mounts is procfs's link to self/mounts.
    assert_includes conn.file("/proc/mounts").content.lines, "tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,relatime 0 0\n"
    assert_equal "/proc/#{pid}", conn.file("/proc/self").link_path
    assert conn.file("/proc/self").symlink?, "/proc/self itself stays a link"
  end

  def test_a_shell_less_target_still_answers_env_mount_and_the_mount_resource
    _, conn = live_target(shell: false)
    assert_equal 127, conn.run_command("true").exit_status
    assert_includes conn.run_command("mount").stdout.lines, TMP_LINE
    assert_equal 0, conn.run_command("mount | grep -- ' on /tmp '").exit_status
    assert_match(/^APP_MODE=target view$/, conn.run_command("env").stdout)
  end

  def test_the_walk_sees_the_target_tree_and_skips_its_mounts
    pid, conn = live_target
    File.write("/proc/#{pid}/root/tmp/on-the-tmpfs", "x")
    paths = []
    summary = conn.kcs_walk { |entry| paths << entry.path }
    assert summary.complete
    assert_includes paths, "/srv/app.conf"
    assert_includes paths, "/bin/busybox"
    assert_empty paths.grep(%r{\A/(proc|tmp)/}), "mount points of the target are not the image's"
    assert_includes summary.skipped, "/tmp"
  end
end

# TargetView on its own, on procfs-shaped files: parsing and bounds.
class KcsRootTargetViewTest < Minitest::Test
  include KcsRootTest::Helpers

  View = TrainPlugins::KcsRoot::TargetView

  def fake_proc(files)
    dir = File.join(@tmp, "proc")
    FileUtils.mkdir_p(File.join(dir, "42"))
    files.each { |name, content| File.binwrite(File.join(dir, "42", name), content) }
    View.new("/proc/42/root", proc_dir: dir)
  end

  def test_a_directory_root_has_no_process
    view = View.new("/some/dir")
    refute view.process?
    assert_nil view.environment
    assert_nil view.mounts
    assert_nil view.ns_pid
    assert_equal View::FALLBACK_ENV, view.command_environment
    assert_nil TrainPlugins::KcsRoot::TargetCommands.new(view).answer("env")
  end

  def test_environ_drops_the_marker_keeps_the_first_of_duplicates_and_adds_a_missing_path
    view = fake_proc("environ" => "A=1\0KCS_SCAN_TARGET=run\0B=x=y\0A=2\0=nameless\0JUNK\0EMPTY=\0")
    assert_equal({ "A" => "1", "B" => "x=y", "EMPTY" => "" }, view.environment)
    assert_equal View::DEFAULT_PATH, view.command_environment["PATH"]
    assert_equal "A=1\nB=x=y\nEMPTY=\nPATH=#{View::DEFAULT_PATH}\n",
                 TrainPlugins::KcsRoot::TargetCommands.new(view).answer("env").stdout
  end

  def test_an_environ_past_the_limit_is_cut_at_a_whole_entry
    big = "BIG=#{"x" * View::ENVIRON_LIMIT}\0"
    view = fake_proc("environ" => "FIRST=1\0#{big}")
    assert_equal({ "FIRST" => "1" }, view.environment)
  end

  def test_an_unreadable_environ_falls_back_to_the_fixed_environment
    view = View.new("/proc/999999999/root")
    assert_nil view.environment
    assert_equal View::FALLBACK_ENV, view.command_environment
  end

  def test_mountinfo_lines_become_mount_lines
    view = fake_proc("mountinfo" => <<~INFO)
      100 90 0:50 / / ro,relatime master:1 shared:2 - overlay overlay rw,lowerdir=/l,upperdir=/u
      101 100 0:51 / /dev/shm rw,nosuid,nodev,noexec - tmpfs shm rw,size=65536k
      102 100 254:1 /var/lib/kubelet/x /etc/hosts ro,relatime - ext4 /dev/vda1 rw
      103 100 0:52 / /data\\040dir rw - tmpfs my\\134src ro
      104 100 0:53 / /odd\\012name rw - tmpfs tmpfs rw
      garbage line
    INFO
    assert_equal [
      "overlay on / type overlay (ro,relatime,lowerdir=/l,upperdir=/u)\n",
      "shm on /dev/shm type tmpfs (rw,nosuid,nodev,noexec,size=65536k)\n",
      "/dev/vda1 on /etc/hosts type ext4 (ro,relatime)\n",
      "my\\src on /data dir type tmpfs (ro)\n",
      "tmpfs on /odd\\012name type tmpfs (rw)\n"
    ], view.mount_text.lines
    assert_equal ["/dev/shm", "/etc/hosts", "/data dir", "/odd\\012name"], view.mount_points
  end

  def test_ns_pid_is_the_innermost_pid
    assert_equal 7, fake_proc("status" => "Name:\tsleep\nNSpid:\t42\t7\n").ns_pid
    assert_equal 42, fake_proc("status" => "Name:\tsleep\n").ns_pid
  end

  def test_the_mount_pipeline_rewrite_quotes_the_table
    view = fake_proc("mountinfo" => "1 0 0:1 / /it's rw - tmpfs tmpfs rw\n")
    commands = TrainPlugins::KcsRoot::TargetCommands.new(view)
    rewritten = commands.rewrite("mount | grep x")
    assert_equal "printf '%s' 'tmpfs on /it'\\''s type tmpfs (rw)\n' | grep x", rewritten
    assert_equal "mount || true", commands.rewrite("mount || true")
    assert_equal "echo mount | cat", commands.rewrite("echo mount | cat")
  end
end
