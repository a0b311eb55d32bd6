# shellcheck shell=bash
# Helpers shared by the entry script's tests and the framing fixture generator (sourced, not run).
# Everything runs against the real /proc: target processes are real processes carrying the marker.

KCS_TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KCS_SCANNER_DIR=$(cd "$KCS_TEST_DIR/.." && pwd)
# shellcheck disable=SC2034 # used by the scripts that source this file
KCS_REPO_DIR=$(cd "$KCS_SCANNER_DIR/.." && pwd)

# The results key the tests and the framing fixture sign with (the runner makes a random one per scan). The fake API
# server of the TypeScript tests knows it too (test/support/fake-kube/scanner-signing.ts): it re-signs a block signed
# with it under the key of the pod that replays the log, as the real scanner would sign with its own.
# shellcheck disable=SC2034 # used by the scripts that source this file
readonly KCS_FIXTURE_RESULTS_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff

# The packages the stock cincproject/auditor image is known to have (an Ubuntu base): a PATH made of exactly their
# commands, plus the stand-in cinc-auditor, proves the entry script needs nothing else (no ps, no ruby, no curl).
readonly KCS_IMAGE_PACKAGES='bash coreutils tar gzip grep sed findutils'

# Creates <dir>/bin holding links to every command of those packages and the stand-in; prints nothing.
make_image_path() {
  local dir=$1 pkg file
  mkdir -p "$dir/bin"
  command -v dpkg-query >/dev/null || { echo "make_image_path: needs dpkg-query (a Debian or Ubuntu host)" >&2; return 1; }
  for pkg in $KCS_IMAGE_PACKAGES; do
    while IFS= read -r file; do
      case $file in */bin/* | */sbin/*) ;; *) continue ;; esac
      [ -f "$file" ] && [ -x "$file" ] && ln -sf "$file" "$dir/bin/${file##*/}"
    done < <(dpkg-query -L "$pkg")
  done
  ln -sf "$KCS_TEST_DIR/stand-in/cinc-auditor" "$dir/bin/cinc-auditor"
}

# Starts a target process carrying the marker for run id $1 in a clean environment; sets TARGET_PID.
start_target() {
  env -i KCS_SCAN_TARGET="$1" PATH=/usr/bin:/bin sleep "${2:-60}" &
  # shellcheck disable=SC2034 # read by the scripts that source this file
  TARGET_PID=$!
}

# Packs the contents of profile directory $1 into archive $2, the way the action does (contents at the root).
pack_profile() {
  tar -czf "$2" -C "$1" .
}

# Runs the entry script with the image PATH and only the variables given as arguments (NAME=value ...), as the pod
# would; stdout and stderr go to the caller. The work directory's HOME/TMPDIR follow KCS_WORK_DIR when it is given.
run_entrypoint() {
  local path=$1
  shift
  env -i PATH="$path/bin" "$@" /bin/bash "$KCS_SCANNER_DIR/entrypoint.sh"
}

# Prints the payload lines of the one results block in file $1 decoded (base64 -d | gunzip).
decode_block() {
  sed -n '/^KCS-RESULTS-BEGIN /,/^KCS-RESULTS-END /p' "$1" | sed '1d;$d' | base64 -d | gunzip
}

# Prints the BEGIN line of the block in file $1.
block_header() {
  grep '^KCS-RESULTS-BEGIN ' "$1"
}
