# frozen_string_literal: true

require_relative "test_helper"
require "digest"

class KcsRootFileTest < Minitest::Test
  include KcsRootTest::Helpers

  # A file that exists only on the scanner's side. Links in the target that name its path must never reach it.
  def host_decoy
    dir = File.join(@tmp, "host-only-#{SecureRandom.hex(4)}")
    FileUtils.mkdir_p(dir)
    path = File.join(dir, "secret")
    File.write(path, "HOST SECRET\n")
    path
  end

  def test_absolute_and_relative_links_never_reach_the_host_decoy
    decoy = host_decoy
    root = tree(
      "etc/abs" => [:link, decoy],
      "etc/rel" => [:link, "../../../../../../../../#{decoy}"],
      "etc/dir" => [:link, File.dirname(decoy)],
      "etc/hop" => [:link, "/etc/abs"]
    )
    conn = connection(root)
    %w[/etc/abs /etc/rel /etc/dir/secret /etc/hop].each do |path|
      f = conn.file(path)
      refute f.exist?, "#{path} must not exist: its target exists only on the host"
      assert_nil f.content, path
      assert_nil f.sha256sum, path
    end
    # The same path inside the root is what the links name.
    KcsRootTest::Roots.write_tree(root, decoy.delete_prefix("/") => "TARGET COPY\n")
    conn = connection(root)
    %w[/etc/abs /etc/rel /etc/dir/secret /etc/hop].each do |path|
      assert_equal "TARGET COPY\n", conn.file(path).content, path
      assert_equal decoy, conn.file(path).link_path if conn.file(path).symlink?
    end
  end

  def test_a_dangling_link_and_its_metadata
    root = tree("etc/gone" => [:link, "/nowhere"])
    f = connection(root).file("/etc/gone")
    refute f.exist?
    assert f.symlink?
    assert_equal :symlink, f.type
    assert_equal "/nowhere", f.shallow_link_path
    assert_equal "/nowhere", f.link_path
    assert_nil f.mode
    refute f.file?
  end

  def test_loops_read_as_missing
    root = tree("a" => [:link, "b"], "b" => [:link, "a"])
    f = connection(root).file("/a")
    refute f.exist?
    assert f.symlink?
    assert_equal "", f.link_path
    assert_nil f.content
    assert_nil f.md5sum
  end

  def test_types_and_following_links
    root = tree("etc/real" => "content\n", "etc/link" => [:link, "real"], "var/dir/.keep" => "")
    conn = connection(root)
    link = conn.file("/etc/link")
    assert link.file?
    assert link.symlink?
    assert_equal "/etc/real", link.path
    assert_equal "content\n", link.content
    assert_equal Digest::SHA256.hexdigest("content\n"), link.sha256sum
    assert_equal Digest::MD5.hexdigest("content\n"), link.md5sum
    assert_equal 8, link.size
    assert conn.file("/var/dir").directory?
    assert_equal :directory, conn.file("/var/dir").type
    refute conn.file("/etc/real").symlink?
    assert_equal "link", link.basename
    unfollowed = TrainPlugins::KcsRoot::File.new(conn, "/etc/link", false) # conn.file caches by path only
    assert_equal "/etc/link", unfollowed.path
    assert_equal :symlink, unfollowed.stat[:type]
  end

  def test_owners_come_from_the_targets_passwd_and_group
    root = tree(
      "etc/passwd" => "toor:x:0:0:renamed root:/root:/sbin/nologin\nappuser:x:4242:4343::/app:/sbin/nologin\n",
      "etc/group" => "wheel0:x:0:\nappgroup:x:4343:appuser\n",
      "app/data" => "d", "app/orphan" => "o", "etc/shadow" => ""
    )
    File.chown(4242, 4343, File.join(root, "app/data"))
    File.chown(5555, 5556, File.join(root, "app/orphan"))
    File.chmod(0o640, File.join(root, "etc/shadow"))
    conn = connection(root)
    data = conn.file("/app/data")
    assert_equal ["appuser", "appgroup", 4242, 4343], [data.owner, data.group, data.uid, data.gid]
    assert data.owned_by?("appuser")
    assert data.grouped_into?("appgroup")
    # UID 0 is "root" on the host, but the target calls it toor.
    shadow = conn.file("/etc/shadow")
    assert_equal %w[toor wheel0], [shadow.owner, shadow.group]
    assert_equal 0o640, shadow.mode
    assert shadow.mode?(0o640)
    orphan = conn.file("/app/orphan")
    assert_equal [nil, nil, 5555, 5556], [orphan.owner, orphan.group, orphan.uid, orphan.gid]
  end

  def test_passwd_through_an_absolute_link_is_the_targets
    root = tree("usr/share/passwd" => "svc:x:0:0::/:/bin/false\n", "etc/passwd" => [:link, "/usr/share/passwd"],
                "etc/group" => [:link, "/etc/passwd"], "f" => "")
    assert_equal "svc", connection(root).file("/f").owner
  end

  def test_writes_are_refused
    root = tree("etc/motd" => "hello\n")
    error = assert_raises(Train::TransportError) { connection(root).file("/etc/motd").content = "changed" }
    assert_match(/read-only/, error.message)
    assert_equal "hello\n", File.read(File.join(root, "etc/motd"))
  end

  def test_mode_masks_like_train
    f = connection(tree("x" => "")).file("/x")
    assert_equal 0o400, f.unix_mode_mask(:owner, :r)
    assert_equal 0o020, f.unix_mode_mask("group", "w")
    assert_equal 0o111, f.unix_mode_mask(:all, :x)
    assert_nil f.unix_mode_mask(:nobody, :r)
  end

  def test_an_unreadable_root_is_a_clear_transport_error
    error = assert_raises(Train::TransportError) { connection(File.join(@tmp, "missing")) }
    assert_match(/cannot read the target root .*missing.*same UID and GID/, error.message)
    assert_raises(Train::TransportError) { connection("relative/root") }
  end
end
