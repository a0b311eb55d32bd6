# frozen_string_literal: true

# Accounts and their databases: read from the image's own files (passwd, group, shadow resources), so these checks
# work the same on distroless, scratch and shell images.

control "cb-01" do
  impact 0.5
  title "/etc/passwd is owned by root and not writable by group or others"
  desc "Every account lookup reads /etc/passwd. If anyone but root can change it, they can add a UID 0 account, " \
       "change a home directory or give a service account a login shell."
  desc "fix", "chown root:root /etc/passwd && chmod 644 /etc/passwd in the image build."
  tag nist: %w[AC-3 CM-6], cis_docker: %w[4.1], severity: "medium"
  only_if("the image has no /etc/passwd", impact: 0.0) { file("/etc/passwd").exist? }

  describe file("/etc/passwd") do
    it { should be_file }
    it { should be_owned_by "root" }
    it { should_not be_writable.by("group") }
    it { should_not be_writable.by("others") }
  end
end

control "cb-02" do
  impact 0.5
  title "/etc/group is owned by root and not writable by group or others"
  desc "Group membership decides who may read shared files and who is an administrator (wheel, sudo, docker); a " \
       "writable /etc/group lets anyone grant themselves those groups."
  desc "fix", "chown root:root /etc/group && chmod 644 /etc/group in the image build."
  tag nist: %w[AC-3 CM-6], cis_docker: %w[4.1], severity: "medium"
  only_if("the image has no /etc/group", impact: 0.0) { file("/etc/group").exist? }

  describe file("/etc/group") do
    it { should be_file }
    it { should be_owned_by "root" }
    it { should_not be_writable.by("group") }
    it { should_not be_writable.by("others") }
  end
end

control "cb-03" do
  impact 0.7
  title "/etc/shadow is owned by root and readable by no one else"
  desc "Password hashes in /etc/shadow can be cracked offline by anyone who can read them; only root (and at most " \
       "the shadow group) may read the file, and only root may write it."
  desc "fix", "chown root:root /etc/shadow (or root:shadow) && chmod 640 /etc/shadow (or stricter)."
  tag nist: %w[AC-3 IA-5], cis_docker: %w[4.1], severity: "high"
  only_if("the image has no /etc/shadow", impact: 0.0) { file("/etc/shadow").exist? }

  describe file("/etc/shadow") do
    it { should be_owned_by "root" }
    it { should_not be_readable.by("others") }
    it { should_not be_writable.by("group") }
    it { should_not be_writable.by("others") }
    it { should_not be_more_permissive_than("0640") }
  end
end

control "cb-04" do
  impact 1.0
  title "root is the only account with UID 0"
  desc "A second UID 0 account is a full administrator under another name, easy to overlook in reviews and in logs."
  desc "fix", "Remove the extra UID 0 entries from /etc/passwd or give those accounts their own unprivileged UID."
  tag nist: %w[AC-6 IA-2 IA-4], cis_docker: %w[4.1], severity: "critical"
  only_if("the image has no /etc/passwd", impact: 0.0) { file("/etc/passwd").exist? }

  describe passwd.uids(0) do
    its("users") { should cmp ["root"] }
  end
end

control "cb-05" do
  impact 0.9
  title "No account has an empty password hash"
  desc "An account with an empty password field lets anyone log in as it without a password wherever password " \
       "logins are allowed (su, login, a PAM-backed service in the container)."
  desc "fix", 'Lock the account (passwd -l, or "!" / "*" in the password field) or set a password.'
  tag nist: %w[IA-5 IA-2], cis_docker: %w[4.1], severity: "critical"
  only_if("the image has no /etc/passwd", impact: 0.0) { file("/etc/passwd").exist? }

  describe passwd.where { password.to_s.empty? } do
    its("users") { should be_empty }
  end
  if file("/etc/shadow").exist?
    describe shadow.where { password.to_s.empty? } do
      its("users") { should be_empty }
    end
  end
end

control "cb-06" do
  impact 0.5
  title "Password hashes are kept in /etc/shadow, not in /etc/passwd"
  desc "/etc/passwd is world-readable by design; a hash stored there can be copied and cracked by any process in " \
       "the container."
  desc "fix", 'Move the hashes to /etc/shadow (pwconv) and leave "x" in /etc/passwd.'
  tag nist: %w[IA-5 SC-28], cis_docker: %w[4.1], severity: "medium"
  only_if("the image has no /etc/passwd", impact: 0.0) { file("/etc/passwd").exist? }

  # "x" (in shadow), "*" or "!"-prefixed (locked) are fine; an empty field is cb-05's finding.
  describe passwd.where { !password.to_s.empty? && password !~ /\A(x|\*|!.*)\z/ } do
    its("users") { should be_empty }
  end
end

control "cb-15" do
  impact 0.3
  title "An unprivileged account exists for the container to run as"
  desc "Without an ordinary account in the image, the container can only run as root (or as a UID with no name, " \
       "home or group); a non-root USER limits what a compromised process can do."
  desc "fix", "Add an account (distroless images ship nonroot, UID 65532) and set USER in the image."
  tag nist: %w[AC-6], cis_docker: %w[4.1], severity: "low"

  min_uid = input("unprivileged_uid_min")
  describe passwd.where { uid.to_i >= min_uid && uid.to_i != 65_534 } do
    its("users") { should_not be_empty }
  end
end

control "cb-16" do
  impact 0.4
  title "User and group names and UIDs are unique"
  desc "Two accounts sharing a UID share every file and process of each other, and audit logs cannot tell them " \
       "apart; duplicate names make lookups depend on the order of the file."
  desc "fix", "Give every account its own UID and every account and group its own name."
  tag nist: %w[IA-2 IA-4], cis_docker: %w[4.1], severity: "medium"
  only_if("the image has no /etc/passwd", impact: 0.0) { file("/etc/passwd").exist? }

  uids = passwd.uids
  names = passwd.users
  describe "UIDs used by more than one account" do
    subject { uids.select { |id| uids.count(id) > 1 }.uniq }
    it { should be_empty }
  end
  describe "user names listed more than once" do
    subject { names.select { |name| names.count(name) > 1 }.uniq }
    it { should be_empty }
  end
  if file("/etc/group").exist?
    group_names = etc_group.groups
    describe "group names listed more than once" do
      subject { group_names.select { |name| group_names.count(name) > 1 }.uniq }
      it { should be_empty }
    end
  end
end

control "cb-17" do
  impact 0.6
  title "sudo does not grant password-less root to everyone"
  desc "A NOPASSWD: ALL rule turns any code execution as that user into root without a second factor."
  desc "fix", "Remove NOPASSWD: ALL rules from /etc/sudoers, or remove sudo from the image."
  tag nist: %w[AC-6 IA-11], cis_docker: %w[4.3], severity: "medium"
  only_if("the image has no /etc/sudoers", impact: 0.0) { file("/etc/sudoers").exist? }

  describe file("/etc/sudoers") do
    its("content") { should_not match(/^[^#\n]*NOPASSWD:\s*ALL\b/) }
  end
end
