# frozen_string_literal: true

require "minitest/autorun"
require "tmpdir"
require "fileutils"
require "securerandom"
require "timeout"

# KCS_TRAIN_SRC=<checkout of github.com/inspec/train> runs the same tests against the real Train (a manual
# verification; its load-time dependencies come from Debian: ruby-addressable, ruby-mixlib-shellout). Otherwise the
# stand-in, which mimics only what the plugin uses.
if ENV["KCS_TRAIN_SRC"]
  $LOAD_PATH.unshift(File.join(ENV["KCS_TRAIN_SRC"], "lib"))
  require "train"
else
  require_relative "../support/train_stand_in"
end
$LOAD_PATH.unshift(File.expand_path("../../train-kcs-root/lib", __dir__))
require "train-kcs-root"
require_relative "../support/roots"

module KcsRootTest
  # Real directory trees standing for container roots, and real processes whose /proc/<pid>/root is used.
  module Helpers
    def setup
      super
      @tmp = Dir.mktmpdir("kcs-root-test")
      @pids = []
    end

    def teardown
      @pids.each do |pid|
        Process.kill(:KILL, pid)
        Process.wait(pid)
      rescue SystemCallError
        nil
      end
      FileUtils.rm_rf(@tmp)
      super
    end

    def tree(files, name = "root")
      root = File.join(@tmp, name)
      FileUtils.mkdir_p(root)
      Roots.write_tree(root, files)
      root
    end

    def connection(root, **options)
      TrainPlugins::KcsRoot::Transport.new({ path: root }.merge(options)).connection
    end

    def busybox
      path = ["/bin/busybox", "/usr/bin/busybox"].find { |p| File.executable?(p) }
      path or flunk("busybox-static is not installed (scripts/ensure-test-deps.sh installs it)")
      flunk("#{path} is not static (install busybox-static)") if File.binread(path, 4096).include?("ld-linux")
      path
    end

    # A root with a static busybox as its only program: /bin/sh and a few applets link to it (absolute links, so
    # they must resolve inside the root), and an empty /proc to mount procfs on.
    def shell_tree(extra = {})
      root = tree({ "etc/marker" => "inside the target root\n" }.merge(extra), "shell-root-#{SecureRandom.hex(4)}")
      FileUtils.mkdir_p(%w[bin proc tmp].map { |d| File.join(root, d) })
      FileUtils.cp(busybox, File.join(root, "bin/busybox"))
      %w[sh cat ls env id chroot sleep echo].each do |applet|
        File.symlink("/bin/busybox", File.join(root, "bin", applet))
      end
      root
    end

    # Starts a process whose root is the given tree (unshare --root), in its own mount namespace with procfs
    # mounted at <tree>/proc when mount_proc; returns its PID once its root has switched. With own_mounts, the tree
    # is first bind-mounted on itself (so the target's "/" is a mount, as in a container) and gets a tmpfs on /tmp
    # mounted nosuid,nodev,noexec. With env (which must hold a PATH that finds mount and unshare), the target gets
    # exactly that environment, nothing of the test's.
    def start_in_root(root, mount_proc: false, own_mounts: false, env: nil)
      script = +""
      script << 'mount --bind "$1" "$1" && mount -t tmpfs -o nosuid,nodev,noexec tmpfs "$1/tmp" && ' if own_mounts
      script << 'mount -t proc proc "$1/proc" && ' if mount_proc
      script << 'exec unshare --root="$1" /bin/busybox sleep 60'
      args = ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh", root]
      options = { out: File::NULL, err: File::NULL }
      pid = env ? spawn(env, *args, unsetenv_others: true, **options) : spawn(*args, **options)
      @pids << pid
      Timeout.timeout(5) do
        sleep 0.02 until begin
          File.readlink("/proc/#{pid}/root")
        rescue StandardError
          nil
        end == root
      end
      pid
    end
  end
end
