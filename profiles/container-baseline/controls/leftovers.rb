# frozen_string_literal: true

# What an image's build leaves behind: download caches, shell history, private keys, build and debugging tools. The
# image_leftovers resource (libraries/image_leftovers.rb) selects them from the one walk of the image's files that
# cb-14 and cb-18 use too; no shell is needed in the image.

walk_limits = { max_entries: input("file_walk_max_entries"), time_limit: input("file_walk_seconds") }

control "cb-19" do
  impact 0.2
  title "No package-manager caches are left in the image"
  desc "Downloaded packages and package indexes (apt, apk, yum, dnf, zypper, pip, npm, yarn, go, composer) serve no " \
       "purpose at run time: they add size to every pull, and stale indexes and private packages are handed to " \
       "everyone who pulls the image. Their presence also shows the build skipped its clean-up step."
  desc "fix", "Clean up in the same RUN step that installs: rm -rf /var/lib/apt/lists/* (apt), apk add --no-cache, " \
              "dnf clean all, pip install --no-cache-dir, npm cache clean --force; or use a cache mount " \
              "(RUN --mount=type=cache)."
  tag nist: %w[CM-7 CM-6], cis_docker: %w[4.3], severity: "low"
  leftovers = image_leftovers(walk_limits)
  only_if("the image's files cannot be listed: #{leftovers.unavailable_reason}") { leftovers.unavailable_reason.nil? }

  # "<directory> (<manager>): <n> files" for each cache directory that holds files.
  describe leftovers do
    its("package_caches") { should be_empty }
    its("stopped_because") { should be_nil }
  end
end

control "cb-20" do
  impact 0.4
  title "No shell or REPL history files are left in the image"
  desc "A history file records every command typed at a prompt while the image was made (docker commit, an " \
       "interactive build step): passwords given on a command line, tokens in curl calls, database sessions. " \
       "Everyone who pulls the image can read it."
  desc "fix", "Delete the files in the image build (rm -f /root/.bash_history …), build from a Dockerfile rather " \
              "than from a committed container, or link the files to /dev/null."
  tag nist: %w[SC-28 IA-5], cis_docker: %w[4.10], severity: "medium"
  leftovers = image_leftovers(walk_limits)
  only_if("the image's files cannot be listed: #{leftovers.unavailable_reason}") { leftovers.unavailable_reason.nil? }

  describe leftovers do
    its("history_files") { should be_empty }
    its("stopped_because") { should be_nil }
  end
end

control "cb-21" do
  impact 0.7
  title "No TLS or other private keys are baked into the image"
  desc "A private key in a layer (under /etc/ssl/private, /etc/pki, a web server's configuration, a home or " \
       "application directory) is shared by every container started from the image and readable by everyone who " \
       "pulls it: anyone can impersonate the service or decrypt its recorded traffic."
  desc "fix", "Mount keys at run time (a Secret, cert-manager) and delete them in the image build; a package's " \
              "generated snake-oil key (ssl-cert) goes too."
  tag nist: %w[SC-12 IA-5 SC-28], cis_docker: %w[4.10], severity: "high"
  leftovers = image_leftovers(walk_limits)
  only_if("the image's files cannot be listed: #{leftovers.unavailable_reason}") { leftovers.unavailable_reason.nil? }

  # Only files named like keys (or kept in a directory named private) in the usual places are read, and a file
  # counts only if it holds a PEM private key; SSH keys are cb-07's and cb-08's.
  describe leftovers do
    its("private_keys") { should be_empty }
    its("stopped_because") { should be_nil }
  end
end

control "cb-22" do
  impact 0.2
  title "No compilers or debuggers are shipped in the image"
  desc "Compilers (gcc, clang, go, rustc, javac) and debuggers or tracers (gdb, strace, ltrace) are build and " \
       "troubleshooting tools: in a running container they let an intruder build exploits on the spot or attach " \
       "to other processes. A multi-stage build leaves them in the build stage. Low impact, and tagged " \
       "category: toolchain, so a threshold can tolerate it (failed.low) or a waiver can drop it."
  desc "fix", "Build in one stage and copy only the artifacts into a runtime (slim or distroless) stage; remove " \
              "debugging tools from release images."
  tag nist: %w[CM-7], cis_docker: %w[4.3], severity: "low", category: "toolchain"
  leftovers = image_leftovers(walk_limits)
  only_if("the image's files cannot be listed: #{leftovers.unavailable_reason}") { leftovers.unavailable_reason.nil? }

  describe leftovers do
    its("toolchain") { should be_empty }
    its("stopped_because") { should be_nil }
  end
end
