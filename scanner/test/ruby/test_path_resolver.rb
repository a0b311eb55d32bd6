# frozen_string_literal: true

require_relative "test_helper"

class PathResolverTest < Minitest::Test
  include KcsRootTest::Helpers

  def resolver(root)
    TrainPlugins::KcsRoot::PathResolver.new(root)
  end

  def test_plain_paths_map_under_the_root
    root = tree("etc/passwd" => "root:x:0:0::/root:/bin/sh\n")
    res = resolver(root).resolve("/etc/passwd")
    assert_equal "#{root}/etc/passwd", res.host
    assert_equal "/etc/passwd", res.target
    assert_equal "#{root}/", resolver(root).resolve("/").host
    assert_equal "#{root}/etc/passwd", resolver("#{root}/").resolve("etc//./passwd").host
  end

  def test_nested_relative_and_absolute_links_resolve_inside_the_root
    root = tree(
      "usr/share/base-files/os-release" => "ID=debian\n",
      "usr/lib/os-release" => [:link, "../share/base-files/os-release"],
      "etc/os-release" => [:link, "/usr/lib/os-release"],
      "etc/alt" => [:link, "/etc"],
      "opt/app/current" => [:link, "releases/2"],
      "opt/app/releases/2/config" => [:link, "../../../../etc/alt/os-release"]
    )
    r = resolver(root)
    assert_equal "/usr/share/base-files/os-release", r.resolve("/etc/os-release").target
    assert_equal "/usr/share/base-files/os-release", r.resolve("/opt/app/current/config").target
    assert_equal "#{root}/usr/share/base-files/os-release", r.resolve("/etc/alt/alt/os-release").host
    assert_equal "/etc/os-release", r.resolve("/etc/os-release", follow_last: false).target
    assert_equal "/etc/os-release", r.resolve("/etc/alt/os-release", follow_last: false).target
  end

  def test_dot_dot_stops_at_the_root
    root = tree("etc/passwd" => "x")
    r = resolver(root)
    assert_equal "#{root}/etc/passwd", r.resolve("/../../../../etc/passwd").host
    assert_equal "#{root}/etc/passwd", r.resolve("/etc/../../../etc/passwd").host
    assert_equal "#{root}/", r.resolve("/..").host
  end

  def test_a_link_to_the_root_itself_stays_in_the_root
    root = tree("etc/passwd" => "x", "etc/up" => [:link, "/"], "etc/rel" => [:link, "../../../.."])
    r = resolver(root)
    assert_equal "#{root}/etc/passwd", r.resolve("/etc/up/etc/passwd").host
    assert_equal "#{root}/etc/passwd", r.resolve("/etc/rel/etc/passwd").host
  end

  def test_loops_end_with_eloop
    root = tree("a" => [:link, "b"], "b" => [:link, "/a"], "self" => [:link, "self"], "d/x" => [:link, "/d/x/y"])
    r = resolver(root)
    %w[/a /b /self /d/x /a/below].each do |path|
      assert_raises(Errno::ELOOP, path) { r.resolve(path) }
    end
    assert_equal "/a", r.resolve("/a", follow_last: false).target
  end

  def test_the_link_limit_is_forty
    files = (1..40).to_h { |i| ["l#{i}", [:link, "/l#{i + 1}"]] }
    root = tree(files.merge("l41" => "end\n"))
    assert_equal "/l41", resolver(root).resolve("/l1").target
    FileUtils.rm(File.join(root, "l41"))
    File.symlink("/end", File.join(root, "l41"))
    assert_raises(Errno::ELOOP) { resolver(root).resolve("/l1") }
  end

  def test_missing_components_are_kept_literally
    root = tree("etc/passwd" => "x")
    assert_equal "#{root}/nope/deeper/file", resolver(root).resolve("/nope/deeper/file").host
  end
end
