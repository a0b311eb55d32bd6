# frozen_string_literal: true

require_relative "test_helper"
require "json"

# The commands real Train 3.x sent during Linux platform detection (recorded by scanner/test/record-detection.rb
# from Train's own detection code) must all be answered by the plugin itself on roots without a shell.
class KcsRootDetectionTest < Minitest::Test
  include KcsRootTest::Helpers

  FIXTURE = JSON.parse(File.read(File.expand_path("../fixtures/train-linux-detection.json", __dir__)))
  FOREIGN = ["cmd.exe /c ver", "Get-WmiObject Win32_OperatingSystem | Select Caption,Version | ConvertTo-Json",
             "show version", "version"].freeze

  def test_the_fixture_covers_the_linux_probes
    commands = FIXTURE.fetch("scenarios").flat_map { |s| s.fetch("commands") }.uniq
    assert_match(/\A3\./, FIXTURE.fetch("train_version"))
    ["uname -s", "uname -m", "test -f /etc/debian_version", "test -f /etc/os-release && cat /etc/os-release",
     "test -f /etc/alpine-release && cat /etc/alpine-release", "test -f /etc/redhat-release && cat /etc/redhat-release",
     "test -f /etc/lsb-release && cat /etc/lsb-release"].each { |cmd| assert_includes commands, cmd }
    assert_equal %w[distroless-debian ubuntu alpine wolfi ubi-redhat scratch], (FIXTURE["scenarios"].map do |s|
                                                                                  s["name"]
                                                                                end)
  end

  def test_every_recorded_command_is_answered_without_a_shell
    uname = Etc.uname
    FIXTURE.fetch("scenarios").each do |scenario|
      files = KcsRootTest::Roots::DETECTION_SCENARIOS.fetch(scenario["name"])
      root = tree(files, scenario["name"])
      conn = connection(root)
      refute File.exist?(File.join(root, "bin/sh")), "the detection roots have no shell"
      scenario.fetch("commands").each do |cmd|
        result = conn.run_command(cmd)
        refute_match(/has no shell/, result.stderr, "#{scenario["name"]}: #{cmd} reached the shell")
        expected = expected_answer(root, cmd, uname)
        assert_equal expected, [result.stdout, result.exit_status], "#{scenario["name"]}: #{cmd}"
      end
    end
  end

  def test_uname_r_and_debian_version_on_a_distroless_root
    root = tree(KcsRootTest::Roots::DETECTION_SCENARIOS.fetch("distroless-debian"))
    conn = connection(root)
    assert_equal "#{Etc.uname[:release]}\n", conn.run_command("uname -r").stdout
    assert_equal "12.8\n", conn.run_command("test -f /etc/debian_version && cat /etc/debian_version").stdout
    # os-release is an absolute link in Debian images: read inside the root.
    assert_match(/^ID=debian$/, conn.run_command("test -f /etc/os-release && cat /etc/os-release").stdout)
  end

  def test_probes_follow_links_inside_the_root_only
    decoy = File.join(@tmp, "decoy-os-release")
    File.write(decoy, "ID=host\n")
    conn = connection(tree("etc/os-release" => [:link, decoy], "etc/dir/.keep" => ""))
    assert_equal 1, conn.run_command("test -f /etc/os-release").exit_status
    assert_equal ["", 1], conn.run_command("test -f /etc/os-release && cat /etc/os-release").to_a.values_at(0, 2)
    assert_equal 1, conn.run_command("test -f /etc/dir").exit_status
    # Not a probe: the same words with different paths go to the shell (there is none here).
    assert_equal 127, conn.run_command("test -f /etc/a && cat /etc/b").exit_status
  end

  private

  # What a Linux shell in the root would answer: the shared kernel's uname, test -f and cat on the root's files
  # (links followed inside the root), "not found" for other systems' probes.
  def expected_answer(root, cmd, uname)
    return ["", 127] if FOREIGN.include?(cmd)

    case cmd
    when "uname -s" then ["#{uname[:sysname]}\n", 0]
    when "uname -m" then ["#{uname[:machine]}\n", 0]
    when "uname -r" then ["#{uname[:release]}\n", 0]
    when /\Atest -f (\S+)\z/ then ["", regular_file_in_root?(root, Regexp.last_match(1)) ? 0 : 1]
    when /\Atest -f (\S+) && cat \1\z/
      path = Regexp.last_match(1)
      regular_file_in_root?(root, path) ? [File.read(in_root(root, path)), 0] : ["", 1]
    else flunk("unexpected detection command: #{cmd}")
    end
  end

  def regular_file_in_root?(root, path)
    File.file?(in_root(root, path))
  end

  # The scenarios use one absolute link (/etc/os-release -> /usr/lib/os-release); resolve it by hand.
  def in_root(root, path)
    full = File.join(root, path)
    File.symlink?(full) ? File.join(root, File.readlink(full)) : full
  end
end
