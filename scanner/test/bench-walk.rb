# frozen_string_literal: true

# Measures the walk behind the profile's image_files resource on a large root: how long kcs-root's walk takes, how
# long image_files takes to hold the entries (and how much memory), and how long a cb-14-like selection takes in plain
# Ruby (InSpec's FilterTable `where` costs more: see scanner/README.md).
#
#   ruby scanner/test/bench-walk.rb [ENTRIES] [ROOT]     (default 500000 files in a fresh directory under /tmp)
#
# The tree is 1,000 files per directory, directories 3 levels deep, a few setuid and world-writable files among them.
# With ROOT given and already filled, it is reused. The figures of the last run are in scanner/README.md.
require "fileutils"
require "tmpdir"
require_relative "support/train_stand_in"
require_relative "support/inspec_stand_in"
$LOAD_PATH.unshift(File.expand_path("../train-kcs-root/lib", __dir__))
require "train-kcs-root"
load File.expand_path("../../profiles/container-baseline/libraries/image_files.rb", __dir__)

def rss_mib
  File.read("/proc/self/status")[/^VmRSS:\s+(\d+)/, 1].to_i / 1024.0
end

def timed
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  result = yield
  [result, Process.clock_gettime(Process::CLOCK_MONOTONIC) - started]
end

def build(root, count)
  per_dir = 1000
  (0...(count / per_dir)).each do |d|
    dir = File.join(root, "usr", "lib", "pkg#{d / 100}", "mod#{d}")
    FileUtils.mkdir_p(dir)
    per_dir.times { |f| File.write(File.join(dir, "file-#{f}.py"), "") }
  end
  File.chmod(0o4755, File.join(root, "usr/lib/pkg0/mod0/file-1.py"))
  File.chmod(0o666, File.join(root, "usr/lib/pkg0/mod0/file-2.py"))
end

count = Integer(ARGV.fetch(0, "500000"))
root = ARGV[1] || Dir.mktmpdir("kcs-walk-bench")
if Dir.exist?(File.join(root, "usr"))
  puts "reusing #{root}"
else
  _, seconds = timed { build(root, count) }
  puts format("built %<n>d files in %<root>s in %<s>.1fs", n: count, root:, s: seconds)
end

conn = TrainPlugins::KcsRoot::Transport.new(path: root).connection
summary, seconds = timed { conn.kcs_walk { |_entry| nil } }
puts format("kcs_walk: %<n>d entries in %<s>.2fs (%<rate>.0f entries/s), complete: %<c>s",
            n: summary.listed, s: seconds, rate: summary.listed / seconds, c: summary.complete)

GC.start
before = rss_mib
files = Inspec.build("image_files", Inspec::Runner.new(conn), {})
rows, seconds = timed { files.rows }
GC.start
puts format("image_files: %<n>d rows in %<s>.2fs, resident memory +%<mib>.0f MiB (%<total>.0f MiB in all)",
            n: rows.size, s: seconds, mib: rss_mib - before, total: rss_mib)
found, seconds = timed { rows.select { |row| row.type == :file && (row.setuid || row.setgid || row.world_writable) } }
puts format("selection in plain Ruby (setuid, setgid or world-writable): %<found>s in %<s>.2fs",
            found: found.map(&:path).inspect, s: seconds)
