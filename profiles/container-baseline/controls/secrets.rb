# frozen_string_literal: true

# Secrets baked into image layers: anyone who can pull the image can read them, and every container started from it
# shares them. File checks only, so they work on every image.

# Home directories to look in: root's and every account's in the image's own /etc/passwd. A local variable, so the
# control blocks below (closures) see it.
homes = ["/root"]
homes += passwd.homes if file("/etc/passwd").exist?
homes = homes.compact.map { |home| home.chomp("/") }.reject { |home| home.empty? || home == "/nonexistent" }.uniq

control "cb-07" do
  impact 0.7
  title "No SSH host private keys are baked into the image"
  desc "A host key in an image is shared by every container started from it and by everyone who can pull it, so it " \
       "identifies nothing and lets anyone impersonate the host or decrypt recorded sessions."
  desc "fix", "Generate host keys when the container starts (or do not run sshd in containers) and delete them " \
              "in the image build."
  tag nist: %w[SC-12 IA-5], cis_docker: %w[4.10], severity: "high"

  %w[rsa dsa ecdsa ed25519].each do |kind|
    describe file("/etc/ssh/ssh_host_#{kind}_key") do
      it { should_not exist }
    end
  end
end

control "cb-08" do
  impact 0.8
  title "No user SSH private keys are baked into the image"
  desc "A private key in a home directory gives whoever pulls the image the access that key grants: source " \
       "repositories, deployment hosts, other containers."
  desc "fix", "Mount keys at run time (a Secret) or use build secrets; never COPY them into a layer."
  tag nist: %w[IA-5 SC-12 SC-28], cis_docker: %w[4.10], severity: "high"

  homes.each do |home|
    %w[id_rsa id_dsa id_ecdsa id_ed25519 id_ecdsa_sk id_ed25519_sk].each do |key|
      describe file("#{home}/.ssh/#{key}") do
        it { should_not exist }
      end
    end
  end
end

control "cb-09" do
  impact 0.7
  title "No package-manager or registry credentials are baked into the image"
  desc "Tokens for npm, PyPI, RubyGems, Maven, apt repositories and container registries left in a layer let anyone " \
       "who pulls the image publish packages or pull private ones in your name."
  desc "fix", "Pass credentials as build secrets (RUN --mount=type=secret) and remove these files in the same layer."
  tag nist: %w[IA-5 SC-28], cis_docker: %w[4.10], severity: "high"

  describe file("/etc/apt/auth.conf") do
    its("content") { should_not match(/^\s*password\s+\S/) }
  end
  homes.each do |home|
    describe file("#{home}/.npmrc") do
      its("content") { should_not match(/_auth(Token)?\s*=\s*\S/) }
    end
    describe file("#{home}/.pypirc") do
      its("content") { should_not match(/^\s*password\s*[=:]\s*\S/) }
    end
    describe file("#{home}/.gem/credentials") do
      it { should_not exist }
    end
    describe file("#{home}/.docker/config.json") do
      its("content") { should_not match(/"auth"\s*:\s*"[^"]+"/) }
    end
    describe file("#{home}/.m2/settings.xml") do
      its("content") { should_not match(%r{<password>[^<]+</password>}) }
    end
    describe file("#{home}/.netrc") do
      it { should_not exist }
    end
  end
end

control "cb-12" do
  impact 0.8
  title "No cloud or cluster credentials are baked into the image"
  desc "Cloud access keys and kubeconfigs in a layer hand your cloud account or cluster to anyone who can pull the " \
       "image; they are the first thing attackers search pulled images for."
  desc "fix", "Use workload identity or mount credentials at run time; delete these files in the image build."
  tag nist: %w[IA-5 SC-28 AC-6], cis_docker: %w[4.10], severity: "high"

  homes.each do |home|
    %w[.aws/credentials .config/gcloud/credentials.db .config/gcloud/application_default_credentials.json
       .azure/accessTokens.json .azure/msal_token_cache.json .kube/config].each do |relative|
      describe file("#{home}/#{relative}") do
        it { should_not exist }
      end
    end
  end
end
