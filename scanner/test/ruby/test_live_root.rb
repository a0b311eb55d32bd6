# frozen_string_literal: true

require_relative "test_helper"

# The transport pointed at a live process's /proc/<pid>/root, as in the scan pod.
class KcsRootLiveProcessTest < Minitest::Test
  include KcsRootTest::Helpers

  def test_files_through_a_live_process_root_resolve_inside_it
    decoy_dir = File.join(@tmp, "host-only-#{SecureRandom.hex(4)}")
    FileUtils.mkdir_p(decoy_dir)
    File.write(File.join(decoy_dir, "secret"), "HOST SECRET\n")
    root = shell_tree(
      "etc/passwd" => "root:x:0:0::/root:/bin/sh\nweb:x:7001:7001::/srv:/sbin/nologin\n",
      "etc/group" => "root:x:0:\nweb:x:7001:\n",
      "etc/abs" => [:link, File.join(decoy_dir, "secret")],
      "srv/index.html" => "<h1>target</h1>\n"
    )
    File.chown(7001, 7001, File.join(root, "srv/index.html"))
    pid = start_in_root(root)
    conn = connection("/proc/#{pid}/root")

    assert_equal "kcs-root:///proc/#{pid}/root", conn.uri
    # Through the magic link the kernel would resolve /etc/abs against the scanner's root and find the decoy.
    assert_equal "HOST SECRET\n", File.read("/proc/#{pid}/root/etc/abs"),
                 "precondition: the kernel's own lookup escapes"
    refute conn.file("/etc/abs").exist?
    assert_nil conn.file("/etc/abs").content

    page = conn.file("/srv/index.html")
    assert_equal "<h1>target</h1>\n", page.content
    assert_equal %w[web web], [page.owner, page.group]
    assert_equal "/bin/busybox", conn.file("/bin/sh").link_path
    assert_equal "inside the target root\n", conn.run_command("cat /etc/marker").stdout
  end

  def test_the_unique_identifier_names_the_process_not_the_path
    root = shell_tree
    first = start_in_root(root)
    second = start_in_root(root)
    id_first = connection("/proc/#{first}/root").unique_identifier
    assert_match(/\A\h{64}\z/, id_first)
    assert_equal id_first, connection("/proc/#{first}/root/").unique_identifier
    refute_equal id_first, connection("/proc/#{second}/root").unique_identifier
    refute_equal connection(root).unique_identifier, connection(tree({ "x" => "" }, "other")).unique_identifier
  end
end
