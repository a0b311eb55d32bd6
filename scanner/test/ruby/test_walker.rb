# frozen_string_literal: true

require_relative "test_helper"
require "socket"

# The walk behind the profile's image_files resource: every entry of a root, no link followed, nothing but
# directories opened, the pod's mounts skipped, and a clean stop at its limits.
class KcsRootWalkerTest < Minitest::Test
  include KcsRootTest::Helpers

  def walk(conn, from = "/", **limits)
    entries = {}
    summary = conn.kcs_walk(from, **limits) { |entry| entries[entry.path] = entry }
    [entries, summary]
  end

  def special_tree
    decoy = File.join(@tmp, "host-only")
    FileUtils.mkdir_p(File.join(decoy, "deep"))
    File.write(File.join(decoy, "deep", "host-file"), "HOST\n")
    root = tree(
      "usr/bin/tool" => "#!/bin/sh\n", "usr/bin/suid-tool" => "x", "etc/app.conf" => "ok\n",
      "etc/hosts" => "kubelet's\n", "etc/resolv.conf" => "kubelet's\n", "proc/1/status" => "not listed\n",
      "sys/kernel" => "", "dev/null-ish" => "", "var/www/shared.txt" => "w\n",
      "link-out" => [:link, decoy], "link-rel" => [:link, "../../../../"], "etc/loop" => [:link, "/etc/loop"]
    )
    File.chmod(0o4755, File.join(root, "usr/bin/suid-tool"))
    File.chmod(0o666, File.join(root, "var/www/shared.txt"))
    File.mkfifo(File.join(root, "var/fifo"))
    system("mknod", File.join(root, "var/zero"), "c", "1", "5", exception: true)
    UNIXServer.new(File.join(root, "var/sock")).close
    root
  end

  def test_lists_every_entry_by_type_without_following_links_or_opening_specials
    root = special_tree
    entries, summary = walk(connection(root))
    assert summary.complete, summary.stopped
    assert_equal :file, entries.fetch("/usr/bin/tool").type
    assert_equal 0o4755, entries.fetch("/usr/bin/suid-tool").mode
    assert_equal 0o666, entries.fetch("/var/www/shared.txt").mode
    assert_equal :pipe, entries.fetch("/var/fifo").type
    assert_equal :character_device, entries.fetch("/var/zero").type
    assert_equal :socket, entries.fetch("/var/sock").type
    assert_equal :symlink, entries.fetch("/link-out").type
    assert_equal :symlink, entries.fetch("/etc/loop").type
    assert_empty entries.keys.grep(/host-file|deep/), "a link out of the root is listed, never followed"
    assert_empty entries.keys.grep(%r{\A/(proc|sys|dev)(/|\z)}), "/proc, /sys and /dev are not the image's"
    refute entries.key?("/etc/hosts")
    refute entries.key?("/etc/resolv.conf")
    assert_includes summary.skipped, "/proc"
    assert_equal entries.size, summary.listed
  end

  def test_a_fifo_in_the_tree_does_not_block_and_the_walk_from_a_subdirectory_names_target_paths
    root = special_tree
    entries, summary = Timeout.timeout(10) { walk(connection(root), "/var") }
    assert summary.complete
    assert_equal ["/var/fifo", "/var/sock", "/var/www", "/var/www/shared.txt", "/var/zero"], entries.keys.sort
    # A start that is a link is resolved inside the root.
    entries, = walk(connection(root), "/link-rel/usr")
    assert_equal ["/usr/bin", "/usr/bin/suid-tool", "/usr/bin/tool"], entries.keys.sort
    found, summary = walk(connection(root), "/missing")
    assert_equal [{}, true], [found, summary.complete]
  end

  def test_stops_cleanly_at_the_entry_limit_and_the_time_limit
    root = tree((1..50).to_h { |i| ["d/f#{i}", ""] })
    entries, summary = walk(connection(root), max_entries: 10)
    assert_equal 10, entries.size
    refute summary.complete
    assert_match(/stopped after 10 entries/, summary.stopped)
    _, summary = walk(connection(root), time_limit: 0)
    refute summary.complete
    assert_match(/time limit/, summary.stopped)
  end

  def test_very_deep_trees_are_cut_below_the_depth_limit_and_say_so
    deep = Array.new(TrainPlugins::KcsRoot::Walker::MAX_DEPTH + 5, "d").join("/")
    root = tree("#{deep}/bottom" => "", "top" => "")
    entries, summary = walk(connection(root))
    refute summary.complete
    assert_match(/below 128 directory levels/, summary.stopped)
    assert entries.key?("/top")
    refute(entries.keys.any? { |path| path.end_with?("/bottom") })
  end

  def test_a_directory_swapped_for_a_link_is_not_entered
    root = tree("a/inside" => "")
    outside = File.join(@tmp, "outside")
    FileUtils.mkdir_p(outside)
    File.write(File.join(outside, "host-file"), "")
    conn = connection(root)
    entries = []
    conn.kcs_walk do |entry|
      entries << entry.path
      next unless entry.path == "/a"

      # The walk has listed /a as a directory; it is replaced by a link before the walk opens it.
      FileUtils.rm_rf(File.join(root, "a"))
      File.symlink(outside, File.join(root, "a"))
    end
    assert_equal ["/a"], entries
  end
end
