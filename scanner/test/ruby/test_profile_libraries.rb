# frozen_string_literal: true

require_relative "test_helper"
require_relative "../support/inspec_stand_in"

PROFILE_LIBRARIES = File.expand_path("../../../profiles/container-baseline/libraries", __dir__)
load File.join(PROFILE_LIBRARIES, "image_files.rb")
load File.join(PROFILE_LIBRARIES, "image_leftovers.rb")

# The container-baseline profile's libraries on real trees, through kcs-root: image_files (the walk, and the find
# fallback used on other transports) and image_leftovers (the selection rules of the leftover checks).
class ContainerBaselineLibrariesTest < Minitest::Test
  include KcsRootTest::Helpers

  Checks = ImageLeftovers
  PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
  PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----\n"

  # A connection to the same root that has no kcs_walk, as local:// or docker:// would be: image_files must use find.
  class FindOnly
    def initialize(connection)
      @connection = connection
    end

    def file(path)
      @connection.file(path)
    end

    def run_command(cmd)
      @connection.run_command(cmd)
    end
  end

  def setup
    super
    ImageFiles.walks.clear
  end

  def image_files(conn, options = {})
    Inspec.build("image_files", Inspec::Runner.new(conn), options)
  end

  def accounts
    { "etc/passwd" => "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n" \
                      "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n",
      "etc/group" => "root:x:0:\napp:x:1000:\n" }
  end

  # A distroless-like root: no shell, with a setuid program and a world-writable file planted.
  def shell_less_root(planted: true)
    root = tree(accounts.merge("usr/bin/app" => "binary", "etc/ssl/certs/ca-certificates.crt" => PEM_CERT,
                               "tmp/scratch" => "", "home/app/.bashrc" => ""), "distroless-#{planted}")
    return root unless planted

    File.write(File.join(root, "usr/bin/escalate"), "binary")
    File.chmod(0o4755, File.join(root, "usr/bin/escalate"))
    File.write(File.join(root, "etc/app.conf"), "x")
    File.chmod(0o646, File.join(root, "etc/app.conf"))
    File.chown(1000, 1000, File.join(root, "etc/app.conf"))
    root
  end

  def test_image_files_lists_a_shell_less_root_with_types_modes_and_owners
    files = image_files(connection(shell_less_root))
    assert_nil files.unavailable_reason
    assert files.complete?
    assert_equal ["/usr/bin/escalate"], files.where(type: :file) { setuid || setgid }.paths
    # The same selections cb-14 and cb-18 make.
    allowed = ["/usr/bin/escalate"]
    assert_empty files.where { type == :file && (setuid || setgid) && !allowed.include?(path) }.paths
    world = files.where { type == :file && world_writable && !path.start_with?("/tmp/", "/var/tmp/") }
    assert_equal ["/etc/app.conf"], world.paths
    assert_equal ["app"], world.owners
    assert_equal ["app"], world.groups
    assert_includes files.paths, "/home/app/.bashrc"
    refute_includes files.paths, "/etc/hosts"
    assert_empty files.where(type: :symlink) { world_writable }.paths
  end

  def test_a_clean_shell_less_root_has_nothing_to_report
    files = image_files(connection(shell_less_root(planted: false)))
    assert_empty files.where(type: :file) { setuid || setgid || (world_writable && !path.start_with?("/tmp/")) }.paths
    assert_nil files.stopped_because
  end

  def test_a_live_shell_less_target_gets_the_same_lists_through_its_proc_root
    root = shell_less_root
    FileUtils.mkdir_p([File.join(root, "bin"), File.join(root, "proc")])
    FileUtils.cp(busybox, File.join(root, "bin/busybox")) # the keep-alive; no /bin/sh
    pid = start_in_root(root, mount_proc: true, own_mounts: true)
    conn = connection("/proc/#{pid}/root")
    assert_equal 127, conn.run_command("true").exit_status
    files = image_files(conn)
    assert_nil files.stopped_because
    assert_equal ["/usr/bin/escalate"], files.where { type == :file && (setuid || setgid) }.paths
    assert_equal ["/etc/app.conf"],
                 files.where { type == :file && world_writable && !path.start_with?("/tmp/", "/var/tmp/") }.paths
    assert_empty files.paths.grep(%r{\A/(proc|tmp)/}), "the target's own mounts are not the image's"
  end

  def test_one_walk_serves_every_control_with_the_same_limits
    conn = connection(shell_less_root)
    first = image_files(conn, max_entries: 10, time_limit: 60)
    first_rows = first.rows
    assert_same first_rows, image_files(conn, max_entries: 10, time_limit: 60).rows
    refute_same first_rows, image_files(conn).rows
    assert_match(/stopped after 10 entries/, first.stopped_because)
  end

  def test_the_find_fallback_lists_the_same_entries_as_the_walk
    root = shell_less_root
    FileUtils.mkdir_p(File.join(root, "bin"))
    FileUtils.cp(busybox, File.join(root, "bin/busybox"))
    %w[sh find stat].each { |applet| File.symlink("/bin/busybox", File.join(root, "bin", applet)) }
    File.mkfifo(File.join(root, "tmp/fifo"))
    walked = image_files(connection(root))
    found = image_files(FindOnly.new(connection(root)))
    assert_nil found.unavailable_reason
    assert_nil found.stopped_because
    shape = ->(files) { files.entries.map { |row| [row.path, row.type, row.mode, row.uid, row.owner] }.sort }
    assert_equal shape.call(walked), shape.call(found)
    assert_equal ["/usr/bin/escalate"], found.where(type: :file) { setuid }.paths
    assert_equal [:pipe], found.where(path: "/tmp/fifo").types
  end

  def test_the_find_fallback_without_a_shell_is_skipped_saying_why
    files = image_files(FindOnly.new(connection(shell_less_root)))
    assert_match(/needs the kcs-root transport, or a shell with find and stat/, files.unavailable_reason)
    assert files.where(type: :file).resource_skipped?
  end

  # Shapes of real images' leftovers; the clean counterpart of each is next to it.
  def leftover_root
    tree(accounts.merge(
           "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease" => "index",
           "var/lib/apt/lists/lock" => "", "var/cache/apt/archives/lock" => "",
           "var/cache/apt/archives/curl_7.88.1-10_amd64.deb" => "deb", "var/cache/apt/pkgcache.bin" => "bin",
           "var/cache/debconf/config.dat" => "not a package cache", "var/cache/apk/APKINDEX.1.tar.gz" => "idx",
           "root/.cache/pip/http/a/b/c" => "wheel", "home/app/.npm/_cacache/index-v5/x" => "npm",
           "root/.bash_history" => "mysql -uroot -phunter2\n", "home/app/.python_history" => "import os\n",
           "home/app/.zsh_history" => "", "root/.ash_history" => [:link, "/dev/null"],
           "etc/ssl/private/ssl-cert-snakeoil.key" => PEM_KEY, "etc/nginx/tls/server.key" => PEM_KEY,
           "etc/ssl/certs/site.pem" => PEM_CERT, "srv/app/config/private/signing" => PEM_KEY,
           "app/node_modules/x/test/fixtures/key.pem" => PEM_KEY, "etc/ssh/ssh_host_rsa_key" => PEM_KEY,
           "root/.ssh/id_ed25519" => PEM_KEY, "etc/app/notes.txt" => PEM_KEY,
           "usr/bin/gcc-12" => "elf", "usr/bin/gcc" => [:link, "gcc-12"], "usr/bin/x86_64-linux-gnu-gcc-12" => "elf",
           "usr/bin/gcc-ar" => "elf", "usr/bin/gdb" => "elf", "usr/local/go/bin/go" => "elf",
           "usr/share/doc/gcc/README" => "doc", "usr/lib/gcc/x86_64-linux-gnu/12/cc1" => "elf"
         ), "leftovers")
  end

  def test_leftover_rules_on_a_tree_full_of_them
    conn = connection(leftover_root)
    rows = image_files(conn).rows
    homes = Checks.homes(conn.file("/etc/passwd").content)
    assert_equal ["/root", "/home/app"], homes
    assert_equal ["/home/app/.npm/_cacache (npm): 1 file", "/root/.cache/pip (pip): 1 file",
                  "/var/cache/apk (apk): 1 file", "/var/cache/apt (apt): 2 files", "/var/lib/apt/lists (apt): 1 file"],
                 Checks.package_caches(rows, homes)
    assert_equal ["/home/app/.python_history", "/root/.bash_history"], Checks.history_files(rows)
    candidates = Checks.key_candidates(rows)
    assert_equal ["/etc/nginx/tls/server.key", "/etc/ssl/certs/site.pem", "/etc/ssl/private/ssl-cert-snakeoil.key",
                  "/srv/app/config/private/signing"], candidates
    keys = candidates.select { |path| Checks.private_key?(conn.file(path).content) }
    assert_equal ["/etc/nginx/tls/server.key", "/etc/ssl/private/ssl-cert-snakeoil.key",
                  "/srv/app/config/private/signing"], keys
    assert_equal ["/usr/bin/gcc", "/usr/bin/gcc-12", "/usr/bin/gdb", "/usr/bin/x86_64-linux-gnu-gcc-12",
                  "/usr/local/go/bin/go"], Checks.toolchain(rows)
  end

  def test_the_image_leftovers_resource_shares_the_walk_and_reads_only_candidates
    conn = connection(leftover_root)
    runner = Inspec::Runner.new(conn)
    leftovers = Inspec.build("image_leftovers", runner, { max_entries: 1000, time_limit: 60 })
    assert_nil leftovers.unavailable_reason
    assert_nil leftovers.stopped_because
    assert_equal 5, leftovers.package_caches.size
    assert_equal ["/home/app/.python_history", "/root/.bash_history"], leftovers.history_files
    assert_equal ["/etc/nginx/tls/server.key", "/etc/ssl/private/ssl-cert-snakeoil.key",
                  "/srv/app/config/private/signing"], leftovers.private_keys
    assert_includes leftovers.toolchain, "/usr/bin/gdb"
    assert_same Inspec.build("image_files", runner, { max_entries: 1000, time_limit: 60 }).rows,
                ImageFiles.walks[conn].values.first.rows

    shell_less = Inspec.build("image_leftovers", Inspec::Runner.new(FindOnly.new(connection(shell_less_root))))
    assert_match(/needs the kcs-root transport/, shell_less.unavailable_reason)
    assert_equal [[], [], [], []],
                 [shell_less.package_caches, shell_less.history_files, shell_less.private_keys, shell_less.toolchain]
  end

  def test_leftover_rules_on_clean_debian_slim_and_distroless_shapes
    slim = tree(accounts.merge(
                  "var/lib/apt/lists/lock" => "", "var/cache/apt/archives/lock" => "",
                  "var/cache/debconf/templates.dat" => "t", "root/.bashrc" => "# bashrc\n", "root/.profile" => "",
                  "etc/ssl/certs/ca-certificates.crt" => PEM_CERT, "usr/bin/dpkg" => "elf", "bin/bash" => "elf",
                  "usr/bin/perl" => "elf", "usr/lib/x86_64-linux-gnu/libc.so.6" => "elf"
                ), "slim")
    FileUtils.mkdir_p(File.join(slim, "var/cache/apt/archives/partial"))
    distroless = shell_less_root(planted: false)
    [slim, distroless].each do |root|
      conn = connection(root)
      rows = image_files(conn).rows
      homes = Checks.homes(conn.file("/etc/passwd").content)
      assert_empty Checks.package_caches(rows, homes), root
      assert_empty Checks.history_files(rows), root
      assert_empty Checks.key_candidates(rows).select { |path| Checks.private_key?(conn.file(path).content) }, root
      assert_empty Checks.toolchain(rows), root
    end
  end
end
