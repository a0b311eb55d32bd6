# frozen_string_literal: true

# The image's system files. All of them read files only: cb-14 and cb-18 list the image's files with the
# image_files resource (libraries/image_files.rb), which the kcs-root transport serves without a shell, so they run
# on shell, distroless and scratch images alike.

# Bounds for the one walk of the image's files that cb-14, cb-18 and the leftover checks share.
walk_limits = { max_entries: input("file_walk_max_entries"), time_limit: input("file_walk_seconds") }

control "cb-10" do
  impact 0.3
  title "/etc/os-release identifies the base image"
  desc "Vulnerability scanners, SBOM tools and incident responders need to know which distribution and release an " \
       "image is built on; an image that does not say cannot be matched against advisories."
  desc "fix", "Build on a base image that ships /etc/os-release (every mainstream and distroless base does)."
  tag nist: %w[CM-8 RA-5], cis_docker: %w[4.2], severity: "low"

  describe file("/etc/os-release") do
    it { should exist }
    its("content") { should match(/^ID=\S+/) }
    its("content") { should match(/^VERSION_ID=\S+/) }
  end
end

control "cb-11" do
  impact 0.9
  title "No shell is setuid or setgid"
  desc "A setuid-root shell is a root shell for every user of the container: one command from any foothold to root."
  desc "fix", "chmod u-s,g-s on the shell in the image build."
  tag nist: %w[AC-6 CM-7], cis_docker: %w[4.8], severity: "critical"

  shells = %w[/bin/sh /bin/bash /bin/dash /bin/ash /bin/zsh /bin/ksh /bin/busybox
              /usr/bin/sh /usr/bin/bash /usr/bin/dash /usr/bin/zsh /usr/bin/ksh /usr/bin/busybox]
  present = shells.select { |path| file(path).exist? }
  only_if("the image has no shell", impact: 0.0) { !present.empty? }

  present.each do |path|
    describe file(path) do
      it { should_not be_setuid }
      it { should_not be_setgid }
    end
  end
end

control "cb-13" do
  impact 0.3
  title "World-writable directories have the sticky bit set"
  desc "Without the sticky bit, any user can delete or replace other users' files in a shared directory such as " \
       "/tmp, which turns into symlink and file-swap attacks on programs that use it."
  desc "fix", "chmod 1777 /tmp /var/tmp in the image build."
  tag nist: %w[AC-3 AC-6], cis_docker: %w[4.8], severity: "low"

  dirs = %w[/tmp /var/tmp /dev/shm].select { |path| directory(path).exist? }
  only_if("the image has no /tmp, /var/tmp or /dev/shm", impact: 0.0) { !dirs.empty? }

  dirs.each do |path|
    world_writable = (directory(path).mode.to_i & 0o002).positive?
    describe directory(path) do
      if world_writable
        it { should be_sticky }
      else
        it { should_not be_writable.by("others") }
      end
    end
  end
end

control "cb-14" do
  impact 0.5
  title "No unexpected setuid or setgid programs"
  desc "Every setuid or setgid program runs with its owner's rights whoever starts it; each one is attack surface " \
       "for privilege escalation, and an image should ship only the few it needs."
  desc "fix", "Remove the setuid and setgid bits (chmod u-s,g-s) from programs the container does not need, or " \
              "list the needed ones in the allowed_setuid_binaries input."
  tag nist: %w[AC-6 CM-7], cis_docker: %w[4.8], severity: "medium"
  files = image_files(walk_limits)
  only_if("the image's files cannot be listed: #{files.unavailable_reason}") { files.unavailable_reason.nil? }

  # One block, no criteria hash: on an image of a million files each extra pass over the rows costs seconds.
  allowed = input("allowed_setuid_binaries")
  describe files.where { type == :file && (setuid || setgid) && !allowed.include?(path) } do
    its("paths") { should be_empty }
  end
  describe files do
    its("stopped_because") { should be_nil }
  end
end

control "cb-18" do
  impact 0.5
  title "No world-writable files outside temporary directories"
  desc "A world-writable file can be changed by every process in the container; if it is a script, a library or a " \
       "configuration file, that is code execution as whoever reads it."
  desc "fix", "chmod o-w on those files in the image build."
  tag nist: %w[AC-3 CM-6], cis_docker: %w[4.8], severity: "medium"
  files = image_files(walk_limits)
  only_if("the image's files cannot be listed: #{files.unavailable_reason}") { files.unavailable_reason.nil? }

  describe files.where { type == :file && world_writable && !path.start_with?("/tmp/", "/var/tmp/") } do
    its("paths") { should be_empty }
  end
  describe files do
    its("stopped_because") { should be_nil }
  end
end
