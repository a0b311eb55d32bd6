# frozen_string_literal: true

# image_files: every entry of the image's file tree (or of one directory in it) with its type, mode bits and owner,
# for the checks a native scan does with `find` (setuid programs, world-writable files, leftovers found by name).
#
# - Through kube-cinc-scan's kcs-root transport it asks the transport to walk the root (`kcs_walk`): no shell, no
#   program of the image runs, so it works on distroless and scratch images too.
# - On any other transport (local://, docker://, ssh://) it runs `find … -exec stat` through the target's shell, so
#   the profile still runs there; without a shell there it is skipped, saying why.
#
# Either way: /proc, /sys, /dev and the files the kubelet mounts into every container (/etc/hosts, /etc/hostname,
# /etc/resolv.conf) are not listed, other filesystems are not descended into (find -xdev), no symbolic link is
# followed, and device files, FIFOs and sockets are listed by type, never read. A walk stops cleanly at max_entries
# entries or after time_limit seconds; `stopped_because` then says why (nil for a complete list). One walk serves every
# control that asks for the same directory and limits.
class ImageFiles < Inspec.resource(1)
  name "image_files"
  desc "The entries of the image's file tree, with type, mode bits and owner, listed without a shell where the " \
       "transport can (kcs-root), else with find"
  example <<~EXAMPLE
    describe image_files.where { type == :file && (setuid || setgid) } do
      its("paths") { should be_empty }
    end
    describe image_files(under: "/var/cache/apt/archives").where(type: :file) do
      its("count") { should eq 0 }
    end
    describe image_files do
      its("stopped_because") { should be_nil }
    end
  EXAMPLE

  SKIP = %w[/proc /sys /dev /etc/hosts /etc/hostname /etc/resolv.conf].freeze
  DEFAULT_MAX_ENTRIES = 1_000_000
  DEFAULT_TIME_LIMIT = 300
  S_IFMT = 0o170000
  TYPES = {
    0o100000 => :file, 0o040000 => :directory, 0o120000 => :symlink, 0o020000 => :character_device,
    0o060000 => :block_device, 0o010000 => :pipe, 0o140000 => :socket
  }.freeze
  # stat(1) as both GNU coreutils and busybox know it: raw mode in hex, uid, gid, size, name.
  STAT_FORMAT = "%f %u %g %s %n"

  # One entry. A Struct (not a Hash) to keep a million of them small; it answers FilterTable's Hash-like calls, and
  # the derived fields (setuid, setgid, sticky, world_writable, basename) are computed when asked for.
  # size is the file's size, as in InSpec's file resource (Struct#size, the member count, is not needed).
  # rubocop:disable Lint/StructNewOverride
  Row = Struct.new(:path, :type, :mode, :uid, :gid, :size, :owner, :group) do
    # rubocop:enable Lint/StructNewOverride
    def basename
      ::File.basename(path)
    end

    def setuid
      mode.anybits?(0o4000)
    end

    def setgid
      mode.anybits?(0o2000)
    end

    def sticky
      mode.anybits?(0o1000)
    end

    # The write bit for others; a symbolic link's own mode (0777) means nothing, so it never counts.
    def world_writable
      type != :symlink && mode.anybits?(0o002)
    end

    # Columns FilterTable knows; basename is a plain method (for Ruby code over rows), not a column, because
    # FilterTable reads every column of every row for each `where` block and each column costs time on big images.
    fields = (members + %i[setuid setgid sticky world_writable]).freeze
    stored = members.to_h { |name| [name, true] }.freeze
    define_method(:keys) { fields }
    define_method(:key?) { |name| fields.include?(name.to_sym) }
    define_method(:[]) do |name|
      name = name.to_sym
      case name
      when :setuid then setuid
      when :setgid then setgid
      when :sticky then sticky
      when :world_writable then world_writable
      else stored[name] ? super(name) : nil
      end
    end
  end

  # A finished walk: the rows, why it stopped early (nil: complete), and why there is no list at all (nil: there is).
  Walk = Struct.new(:rows, :stopped_because, :unavailable)

  filter = FilterTable.create
  filter.register_column(:paths, field: :path)
        .register_column(:types, field: :type)
        .register_column(:modes, field: :mode)
        .register_column(:uids, field: :uid)
        .register_column(:gids, field: :gid)
        .register_column(:owners, field: :owner)
        .register_column(:groups, field: :group)
        .register_column(:sizes, field: :size)
        .register_column(:setuid, field: :setuid)
        .register_column(:setgid, field: :setgid)
        .register_column(:sticky, field: :sticky)
        .register_column(:world_writable, field: :world_writable)
  filter.install_filter_methods_on_resource(self, :rows)

  # Walks are kept per connection, so several controls share one.
  def self.walks
    @walks ||= {}.compare_by_identity
  end

  attr_reader :under

  # image_files(under: "/var/cache", max_entries: 1_000_000, time_limit: 300). An options Hash, not keywords: InSpec
  # hands a resource its arguments as a plain list.
  def initialize(options = {})
    super()
    under = options.fetch(:under, "/").to_s
    @under = under.empty? ? "/" : "/#{under.delete_prefix("/").chomp("/")}"
    @max_entries = Integer(options.fetch(:max_entries, DEFAULT_MAX_ENTRIES))
    @time_limit = Float(options.fetch(:time_limit, DEFAULT_TIME_LIMIT))
  end

  # The rows (FilterTable's data). Skips the resource when the files cannot be listed at all.
  def rows
    raise Inspec::Exceptions::ResourceSkipped, walk.unavailable if walk.unavailable

    walk.rows
  end

  # Why the list is incomplete (a limit was reached, or the walk could not go everywhere), or nil.
  def stopped_because
    walk.stopped_because
  end

  # Why the files cannot be listed on this target (another transport, and no shell with find and stat), or nil.
  def unavailable_reason
    walk.unavailable
  end

  def complete?
    stopped_because.nil?
  end

  def resource_id
    @under
  end

  def to_s
    "Image files under #{@under}"
  end

  private

  def walk
    @walk ||= begin
      per_connection = ImageFiles.walks[inspec.backend] ||= {}
      per_connection[[@under, @max_entries, @time_limit]] ||= fresh_walk
    end
  end

  def fresh_walk
    # A directory the image does not have holds no files (find would exit non-zero, looking like a failure).
    return Walk.new([], nil) unless @under == "/" || inspec.file(@under).directory?

    names = account_names
    if inspec.backend.respond_to?(:kcs_walk)
      walk_with_transport(names)
    else
      walk_with_find(names)
    end
  end

  def walk_with_transport(names)
    rows = []
    summary = inspec.backend.kcs_walk(@under, max_entries: @max_entries, time_limit: @time_limit) do |entry|
      rows << Row.new(entry.path, entry.type, entry.mode, entry.uid, entry.gid, entry.size,
                      names[:users][entry.uid], names[:groups][entry.gid])
    end
    Walk.new(rows, summary.complete ? nil : "#{summary.stopped} (kcs-root walk of #{@under})")
  end

  def walk_with_find(names)
    result = inspec.command(find_command, timeout: @time_limit.ceil)
    if result.exit_status == 127 || (result.stdout.empty? && !result.exit_status.zero?)
      return Walk.new([], nil, "image_files needs the kcs-root transport, or a shell with find and stat in the " \
                               "target (find exited #{result.exit_status}: #{result.stderr.lines.first.to_s.strip})")
    end
    rows = parse_stat_lines(result.stdout, names)
    Walk.new(rows, find_stopped_because(result, rows))
  rescue Train::CommandTimeoutReached, Inspec::Exceptions::ResourceFailed => e
    # InSpec's command resource turns a timeout into ResourceFailed.
    Walk.new([], "find did not finish within #{@time_limit.round}s (#{e.message})")
  end

  def find_command
    prune = SKIP.map { |path| "-path #{path}" }.join(" -o ")
    "find #{shell_quote(@under)} -xdev \\( #{prune} \\) -prune -o -exec stat -c '#{STAT_FORMAT}' {} +"
  end

  def find_stopped_because(result, rows)
    return "stopped after #{@max_entries} entries (the limit)" if rows.size >= @max_entries
    return nil if result.exit_status.zero?

    "find exited #{result.exit_status}: some directories could not be listed"
  end

  def parse_stat_lines(text, names)
    rows = []
    text.each_line do |line|
      break if rows.size >= @max_entries

      hex, uid, gid, size, path = line.chomp.split(" ", 5)
      next if path.nil? || path == @under || !hex.match?(/\A\h+\z/) || SKIP.include?(path)

      raw = hex.to_i(16)
      type = TYPES.fetch(raw & S_IFMT, :unknown)
      rows << Row.new(path, type, raw & 0o7777, uid.to_i, gid.to_i, size.to_i, names[:users][uid.to_i],
                      names[:groups][gid.to_i])
    end
    rows
  end

  # uid => name and gid => name from the image's own /etc/passwd and /etc/group (the first name for an id wins).
  def account_names
    { users: ids_to_names("/etc/passwd"), groups: ids_to_names("/etc/group") }
  end

  def ids_to_names(path)
    content = inspec.file(path).content.to_s
    content.each_line.with_object({}) do |line, names|
      fields = line.chomp.split(":", -1)
      next if fields.size < 3 || fields[0].empty? || !fields[2].match?(/\A\d+\z/)

      names[fields[2].to_i] ||= fields[0]
    end
  end

  def shell_quote(text)
    "'#{text.gsub("'") { "'\\''" }}'"
  end
end
