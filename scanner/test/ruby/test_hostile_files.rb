# frozen_string_literal: true

require_relative "test_helper"
require_relative "../support/hostile"
require "json"
require "open3"

# Issue 15: whatever a hostile image puts where a profile reads, every read ends, memory stays bounded, the refusal
# is named in the scanner log, and the ordinary files around it are still read. Real FIFOs, device nodes, sockets and
# sparse files.
class KcsRootHostileFilesTest < Minitest::Test
  include KcsRootTest::Helpers

  Hostile = KcsRootTest::Hostile

  def hostile_root
    root = tree({}, "hostile-#{SecureRandom.hex(4)}")
    @servers = Hostile.build(root)
    root
  end

  def teardown
    @servers&.each(&:close)
    super
  end

  def timed
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    value = yield
    [value, Process.clock_gettime(Process::CLOCK_MONOTONIC) - started]
  end

  def test_every_refused_read_ends_at_once_reads_as_nil_and_is_named_once_in_the_log
    conn = connection(hostile_root)
    _, log = capture_io do
      Hostile::REFUSED.each_key do |path|
        file = conn.file(path)
        content, seconds = timed { Timeout.timeout(5) { file.content } }
        assert_nil content, path
        assert_operator seconds, :<, 1, "reading #{path} took #{seconds}s"
        assert_nil Timeout.timeout(5) { file.sha256sum }, path
        assert_nil Timeout.timeout(5) { file.md5sum }, path
        assert_nil file.content, "#{path} again"
      end
    end
    Hostile::REFUSED.each do |path, (reason, _type)|
      line = "kcs-root: refused to read #{path}: #{reason}"
      assert_equal 1, log.lines.count { |l| l.chomp == line }, "#{line.inspect} once in:\n#{log}"
    end
    assert_equal Hostile::REFUSED.size, log.lines.size, log
  end

  def test_metadata_of_refused_files_keeps_working
    conn = connection(hostile_root)
    capture_io do
      Hostile::REFUSED.each do |path, (_reason, type)|
        file = conn.file(path)
        assert file.exist?, path
        assert_equal type, file.type, path
        refute_nil file.mode, path
        assert_equal "root", file.owner, path
      end
      shadow = conn.file("/etc/shadow")
      assert shadow.pipe?
      assert_equal 0o640, shadow.mode
      assert conn.file("/etc/zero").character_device?
      assert_equal "/dev/zero", conn.file("/etc/zero").link_path
      assert conn.file("/dev/loop9").block_device?
      assert conn.file("/run/app.sock").socket?
      big = conn.file("/var/lib/big.img")
      assert big.file?
      assert_equal Hostile::SPARSE_BYTES, big.size
    end
  end

  def test_ordinary_files_next_to_them_are_still_read
    conn = connection(hostile_root)
    capture_io do
      conn.file("/etc/shadow").content
      Hostile::ORDINARY.each do |path, text|
        assert_equal text, conn.file("/#{path}").content, path
        assert_equal Digest::SHA256.hexdigest(text), conn.file("/#{path}").sha256sum, path
      end
    end
  end

  def test_platform_probes_do_not_block_on_a_fifo_or_read_a_huge_release_file
    root = tree({ "etc/debian_version" => "12.8\n" }, "probe-root")
    File.mkfifo(File.join(root, "etc/os-release"))
    File.open(File.join(root, "etc/lsb-release"), "w") { |f| f.truncate(Hostile::SPARSE_BYTES) }
    conn = connection(root)
    _, log = capture_io do
      probe = "test -f /etc/os-release && cat /etc/os-release"
      answer, seconds = timed { Timeout.timeout(5) { conn.run_command(probe) } }
      assert_equal 1, answer.exit_status
      assert_operator seconds, :<, 1
      big = conn.run_command("test -f /etc/lsb-release && cat /etc/lsb-release")
      assert_equal [1, ""], [big.exit_status, big.stdout]
      assert_match(/more than max-file-size/, big.stderr)
      assert_equal "12.8\n", conn.run_command("test -f /etc/debian_version && cat /etc/debian_version").stdout
    end
    assert_match %r{refused to read /etc/lsb-release: 3 GiB}, log
  end

  def test_a_file_swapped_for_a_fifo_while_it_is_read_never_blocks
    # The fstat on the opened descriptor is what refuses a FIFO put in place between the lstat and the open.
    root = tree({ "etc/ok" => "regular\n" }, "swap-root")
    File.mkfifo(File.join(root, "etc/fifo"))
    File.write(File.join(root, "etc/regular"), "regular\n")
    target = File.join(root, "etc/target")
    File.write(target, "regular\n")
    # Another process (threads would take turns at Ruby's lock, not between the lstat and the open).
    swapper = fork do
      loop do
        File.link(File.join(root, "etc/fifo"), "#{target}.new")
        File.rename("#{target}.new", target)
        File.link(File.join(root, "etc/regular"), "#{target}.new")
        File.rename("#{target}.new", target)
      end
    end
    @pids << swapper
    reader = TrainPlugins::KcsRoot::BoundedReader.new
    seen = Hash.new(0)
    capture_io do
      Timeout.timeout(30) do
        3000.times { seen[reader.read(target, "/etc/target")] += 1 }
      end
    end
    assert_equal [nil, "regular\n"], seen.keys.sort_by(&:to_s), "only the file's content or nil: #{seen}"
    assert_equal 3000, seen.values.sum
  end

  def test_files_larger_than_fstat_says_are_cut_at_the_cap
    # procfs reports size 0; the target's own procfs is reached through /proc/<pid>/root/proc.
    root = shell_tree
    pid = start_in_root(root, mount_proc: true)
    assert_equal 0, File.lstat("/proc/#{pid}/root/proc/cpuinfo").size
    small = connection("/proc/#{pid}/root", max_file_size: "64")
    _, log = capture_io { assert_nil small.file("/proc/cpuinfo").content }
    assert_match %r{refused to read /proc/cpuinfo: more than max-file-size \(64 bytes\)}, log
    assert_match(/^processor/, connection("/proc/#{pid}/root").file("/proc/cpuinfo").content.to_s)
  end

  def test_the_caps_come_from_the_option_then_the_environment_then_the_default
    limits = TrainPlugins::KcsRoot::Limits
    caps = ->(l) { [l.max_file_size, l.max_command_output] }
    assert_equal [64 * 1024**2, 16 * 1024**2], caps.call(limits.from({}, {}))
    env = { "KCS_MAX_FILE_SIZE" => "1048576", "KCS_MAX_COMMAND_OUTPUT" => "2048" }
    assert_equal [1_048_576, 2048], caps.call(limits.from({}, env))
    assert_equal 99, limits.from({ max_file_size: "99" }, env).max_file_size
    ["0", "-1", "64Mi", "1.5", "x"].each do |bad|
      error = assert_raises(Train::TransportError) { limits.from({}, { "KCS_MAX_FILE_SIZE" => bad }) }
      assert_match(/KCS_MAX_FILE_SIZE is "#{Regexp.escape(bad)}"; it must be a whole number of bytes/, error.message)
    end
    sizes = [64 * 1024**2, 1536 * 1024**2, 512, 3 * 1024**3]
    assert_equal(["64 MiB", "1.5 GiB", "512 bytes", "3 GiB"], sizes.map { |b| limits.human(b) })
  end

  def test_memory_stays_bounded_reading_every_hostile_file
    # A process of its own, so its peak resident memory is the transport's: the 3 GiB sparse file and /dev/zero are
    # never read, and a regular file at the cap costs about the cap.
    root = hostile_root
    File.write(File.join(root, "var/lib/at-cap.bin"), "x" * (32 * 1024 * 1024))
    paths = Hostile::REFUSED.keys + Hostile::ORDINARY.keys.map { |p| "/#{p}" }
    baseline = probe(root, "/etc/passwd")
    report = probe(root, *paths)
    with_file = probe(root, *paths, "/var/lib/at-cap.bin")
    paths.each { |path| assert_operator report.dig("files", path, "seconds"), :<, 1, path }
    assert_nil report.dig("files", "/var/lib/big.img", "bytes")
    assert_equal Hostile::ORDINARY["etc/passwd"].bytesize, report.dig("files", "/etc/passwd", "bytes")
    grown = report["vm_hwm_kib"] - baseline["vm_hwm_kib"]
    assert_operator grown, :<, 16 * 1024, "reading the hostile files grew the peak by #{grown} KiB"
    grown = with_file["vm_hwm_kib"] - baseline["vm_hwm_kib"]
    assert_operator grown, :<, 3 * 32 * 1024, "a 32 MiB file grew the peak by #{grown} KiB"
    assert_equal 32 * 1024 * 1024, with_file.dig("files", "/var/lib/at-cap.bin", "bytes")
  end

  private

  def probe(root, *args)
    out, err, status = Open3.capture3(RbConfig.ruby, File.expand_path("../support/memory_probe.rb", __dir__), root,
                                      *args)
    assert status.success?, err
    JSON.parse(out)
  end
end
