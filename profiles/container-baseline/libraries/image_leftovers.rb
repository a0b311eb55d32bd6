# frozen_string_literal: true

# image_leftovers: what an image's build left behind, found in one walk of its files (image_files): package-manager
# caches (cb-19), shell and REPL history files (cb-20), private keys (cb-21), compilers and debuggers (cb-22). The
# selection rules are class methods over image_files rows (anything with path, type, size and basename), so they can
# be tested on real directory trees; what each looks for, and why, is in the profile's README.
class ImageLeftovers < Inspec.resource(1)
  name "image_leftovers"
  desc "What an image's build left behind: package caches, history files, private keys, compilers and debuggers"
  example <<~EXAMPLE
    describe image_leftovers do
      its("package_caches") { should be_empty }
      its("private_keys") { should be_empty }
      its("stopped_because") { should be_nil }
    end
  EXAMPLE

  # Package managers' download caches and indexes: directory => manager. A lock file or an empty directory is what a
  # cleaned cache leaves, so only other regular files count.
  PACKAGE_CACHES = {
    "/var/cache/apt" => "apt", "/var/lib/apt/lists" => "apt", "/var/cache/apk" => "apk",
    "/var/cache/yum" => "yum", "/var/cache/dnf" => "dnf", "/var/cache/zypp" => "zypper",
    "/usr/local/share/.cache/yarn" => "yarn"
  }.freeze
  HOME_CACHES = {
    ".cache/pip" => "pip", ".npm/_cacache" => "npm", ".cache/yarn" => "yarn", ".cache/go-build" => "go",
    ".composer/cache" => "composer", ".cache/composer" => "composer"
  }.freeze
  CACHE_FILES_IGNORED = %w[lock].freeze

  # Shell and REPL history files by name. An empty one, or a link (to /dev/null, the usual way to turn history off),
  # holds nothing.
  HISTORY_NAMES = %w[
    .bash_history .zsh_history .zhistory .ash_history .sh_history .ksh_history .history fish_history
    .python_history .node_repl_history .irb_history .mysql_history .psql_history .sqlite_history
    .rediscli_history .viminfo
  ].freeze

  # Private keys: where images keep them (TLS configuration, home directories, application directories), files
  # named like keys or kept in a directory named "private", and no larger than a key file gets.
  KEY_LOCATIONS = %w[/etc /root /home /srv /app /opt /usr/local/etc].freeze
  KEY_NAME = /(\.(key|pem|priv)|(\A|[._-])key)\z/i
  KEY_MAX_SIZE = 1 << 20
  # Test fixtures and vendored libraries ship well-known sample keys; they are not the image's.
  KEY_NOISE = %w[
    node_modules site-packages dist-packages vendor test tests testdata test-data fixtures spec examples example
    doc docs __pycache__ .git
  ].freeze
  # Covered by cb-07 (SSH host keys) and cb-08 (users' SSH keys).
  KEY_COVERED = [%r{\A/etc/ssh/ssh_host_[a-z0-9]+_key\z}, %r{/\.ssh/id_[a-z0-9_]+\z}].freeze
  PEM_PRIVATE_KEY = /-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|ANY) )?PRIVATE KEY-----/

  # Compilers and debuggers, by program name, possibly versioned or with a target prefix (gcc-12,
  # x86_64-linux-gnu-gcc-12), in the directories programs are run from.
  TOOLCHAIN = /\A(?:[\w.]+-)*(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|tcc|rustc|go|javac|gdb|gdbserver|lldb|strace|ltrace)
               (?:-[\d.]+)?\z/x
  PROGRAM_DIRS = %w[/bin /sbin /usr/bin /usr/sbin /usr/local/bin /usr/local/sbin /usr/local/go/bin].freeze

  # Home directories from the image's passwd text, plus /root: "/" and /nonexistent are no home.
  def self.homes(passwd_text)
    listed = passwd_text.to_s.each_line.map { |line| line.chomp.split(":", -1)[5] }
    (["/root"] + listed).compact.map { |home| home.chomp("/") }
                        .reject { |home| home.empty? || home == "/nonexistent" }.uniq
  end

  # "<directory> (<manager>): <n> file(s)" for each cache directory that holds files.
  def self.package_caches(rows, homes)
    dirs = PACKAGE_CACHES.merge(homes.product(HOME_CACHES.to_a).to_h { |home, (dir, tool)| ["#{home}/#{dir}", tool] })
    prefix = %r{\A(#{dirs.keys.map { |dir| Regexp.escape(dir) }.join("|")})/}
    counts = Hash.new(0)
    rows.each do |row|
      next unless row.type == :file && !CACHE_FILES_IGNORED.include?(row.basename)

      match = prefix.match(row.path)
      counts[match[1]] += 1 if match
    end
    counts.sort.map { |dir, count| "#{dir} (#{dirs[dir]}): #{count} file#{"s" unless count == 1}" }
  end

  def self.history_files(rows)
    rows.select { |row| row.type == :file && row.size.to_i.positive? && HISTORY_NAMES.include?(row.basename) }
        .map(&:path).sort
  end

  # Paths worth reading to see whether they hold a private key.
  def self.key_candidates(rows)
    rows.select { |row| ImageLeftovers.key_candidate?(row) }.map(&:path).sort
  end

  def self.key_candidate?(row)
    return false unless row.type == :file && row.size.to_i.between?(1, KEY_MAX_SIZE)
    return false unless KEY_LOCATIONS.any? { |dir| row.path.start_with?("#{dir}/") }

    parts = row.path.split("/")
    return false if parts.any? { |part| KEY_NOISE.include?(part) }
    return false if KEY_COVERED.any? { |covered| covered.match?(row.path) }

    KEY_NAME.match?(row.basename) || parts[0..-2].include?("private")
  end

  def self.private_key?(content)
    PEM_PRIVATE_KEY.match?(content.to_s)
  end

  def self.toolchain(rows)
    rows.select do |row|
      %i[file symlink].include?(row.type) && TOOLCHAIN.match?(row.basename) &&
        PROGRAM_DIRS.include?(::File.dirname(row.path))
    end.map(&:path).sort
  end

  # The same options as image_files (max_entries, time_limit): the walk is shared with it.
  def initialize(options = {})
    super()
    @files = inspec.image_files(options)
  end

  # Why the image's files cannot be listed on this target, or nil (then every list below is empty).
  def unavailable_reason
    @files.unavailable_reason
  end

  # Why the walk is incomplete, or nil.
  def stopped_because
    @files.stopped_because
  end

  def package_caches
    @package_caches ||= rows.empty? ? [] : ImageLeftovers.package_caches(rows, ImageLeftovers.homes(passwd_text))
  end

  def history_files
    @history_files ||= ImageLeftovers.history_files(rows)
  end

  # Candidates (by name and place) whose content holds a PEM private key; only they are read.
  def private_keys
    @private_keys ||= ImageLeftovers.key_candidates(rows).select do |path|
      ImageLeftovers.private_key?(inspec.file(path).content)
    end
  end

  def toolchain
    @toolchain ||= ImageLeftovers.toolchain(rows)
  end

  def resource_id
    "image_leftovers"
  end

  def to_s
    "Image leftovers"
  end

  private

  def rows
    unavailable_reason ? [] : @files.rows
  end

  def passwd_text
    inspec.file("/etc/passwd").content.to_s
  end
end
