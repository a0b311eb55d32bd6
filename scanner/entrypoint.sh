#!/bin/bash
# The scanner container's entry point (kube-cinc-scan). It runs in the stock cincproject/auditor image, which has
# bash, coreutils, tar, gzip, grep, sed and findutils but no ps, so everything here is done with those.
#
#   1. validate the environment the pod spec sets (KCS_RUN_ID, KCS_PROFILE_ARCHIVE, KCS_WORK_DIR…)
#      and make private TMPDIR and HOME directories inside the work directory
#   2. find the target container's process: the one whose environment holds KCS_SCAN_TARGET=<run id>
#   3. check that its root filesystem (/proc/<pid>/root) can be read
#   4. unpack the profile into the work directory (InSpec writes into a profile directory; the mount is read-only)
#   5. run cinc-auditor with our Train transport (kcs-root) against that root, the cli reporter live on stdout
#   6. print the results block (DESIGN.md section 5) framing the JSON report, signed with the scan's results key
#
# The pod's command (which the runner writes into the immutable pod spec) has already checked the sha256 of every file
# mounted from the scan's ConfigMaps before it ran this script; a mismatch exits 70 without running anything.
#
# Exit codes (the contract with the action): 0 the scan ran (cinc-auditor exited 0, 100 or 101) and the block was
# printed; 64 missing or invalid environment, or no private TMPDIR/HOME could be made in the work directory; 65 target
# process not found in time; 66 target root not readable; 67 profile could not be unpacked; 68 cinc-auditor exited
# with another code (the block is still printed when a report exists); 69 cinc-auditor wrote no JSON report. Every
# non-zero exit is preceded by one line "kcs-scanner: error: <message>" on stdout, so it lands in the pod log next to
# the scan output.
set -uo pipefail

readonly EXIT_ENV=64 EXIT_NO_TARGET=65 EXIT_ROOT_UNREADABLE=66 EXIT_PROFILE=67 EXIT_CINC=68 EXIT_NO_REPORT=69
# The folder holding this script (a ConfigMap mount in the pod). Not resolved through symlinks: ConfigMap files are
# symlinks into a ..data directory, and the plugin sits next to this script's path, not next to the link target.
SCANNER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCANNER_DIR
readonly RUN_ID_PATTERN='^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'

info() { printf 'kcs-scanner: %s\n' "$*"; }
die() {
  local code=$1
  shift
  printf 'kcs-scanner: error: %s\n' "$*"
  exit "$code"
}

# --- 1. environment -------------------------------------------------------------------------------------------------

check_env() {
  [ -n "${KCS_RUN_ID:-}" ] || die "$EXIT_ENV" "KCS_RUN_ID is not set; the pod spec must set it to the scan's run id"
  [[ $KCS_RUN_ID =~ $RUN_ID_PATTERN ]] ||
    die "$EXIT_ENV" "KCS_RUN_ID \"$KCS_RUN_ID\" is not a DNS label (lower-case letters, digits and '-', at most 63)"
  # The marker belongs to the target only: a scanner carrying it would be found by its own search.
  [ -z "${KCS_SCAN_TARGET+set}" ] ||
    die "$EXIT_ENV" "KCS_SCAN_TARGET is set in the scanner's environment; only the target container may carry the marker"

  # The runner fetches a profile URL (and remote dependencies) and ships it in the profile ConfigMap: the scan pod
  # downloads nothing, so it needs no egress and never holds a profile token.
  [ -z "${KCS_PROFILE_URL:-}" ] ||
    die "$EXIT_ENV" "KCS_PROFILE_URL is set, but the scanner no longer downloads profiles; the runner fetches a profile" \
      "URL and ships it as KCS_PROFILE_ARCHIVE"
  [ -n "${KCS_PROFILE_ARCHIVE:-}" ] || die "$EXIT_ENV" "KCS_PROFILE_ARCHIVE is not set; it must name the profile's tar.gz"
  [ -f "$KCS_PROFILE_ARCHIVE" ] && [ -r "$KCS_PROFILE_ARCHIVE" ] ||
    die "$EXIT_ENV" "KCS_PROFILE_ARCHIVE $KCS_PROFILE_ARCHIVE is not a readable file; is the profile ConfigMap mounted?"

  local var
  for var in KCS_INPUT_FILE KCS_WAIVER_FILE; do
    if [ -n "${!var:-}" ] && ! { [ -f "${!var}" ] && [ -r "${!var}" ]; }; then
      die "$EXIT_ENV" "$var ${!var} is not a readable file"
    fi
  done

  [ -n "${KCS_WORK_DIR:-}" ] || die "$EXIT_ENV" "KCS_WORK_DIR is not set; it must name a writable emptyDir"
  [ -d "$KCS_WORK_DIR" ] && [ -w "$KCS_WORK_DIR" ] ||
    die "$EXIT_ENV" "KCS_WORK_DIR $KCS_WORK_DIR is not a writable directory"

  WAIT_SECONDS=${KCS_TARGET_WAIT_SECONDS:-60}
  [[ $WAIT_SECONDS =~ ^[0-9]{1,4}$ ]] ||
    die "$EXIT_ENV" "KCS_TARGET_WAIT_SECONDS \"$WAIT_SECONDS\" is not a whole number of seconds (0 to 9999)"
  WAIT_SECONDS=$((10#$WAIT_SECONDS))

  # The key that signs the results block (frame-results.sh). It is taken into a shell variable and removed from the
  # environment, so cinc-auditor and whatever it starts never carry it.
  [[ ${KCS_RESULTS_KEY:-} =~ ^[0-9a-f]{64}$ ]] ||
    die "$EXIT_ENV" "KCS_RESULTS_KEY is not 64 lower-case hex digits; the runner sets a fresh key for every scan" \
      "(a pod applied from 'kube-cinc-scan render' shows a placeholder: put the output of 'openssl rand -hex 32' there)"
  RESULTS_KEY=$KCS_RESULTS_KEY
  unset KCS_RESULTS_KEY
}

# The kubelet creates the emptyDir 0777 without the sticky bit. Ruby's Dir.tmpdir refuses such a directory and falls
# back to /tmp, which is on the scanner's read-only root, so every Tempfile of cinc-auditor (profile downloads, remote
# dependencies) would fail with EROFS. TMPDIR and HOME therefore get directories of their own, 0700. Whatever is at
# those paths is removed first (a leftover of a restarted container), and mkdir does not follow a symlink put there.
make_private_dir() {
  local var=$1 dir="$KCS_WORK_DIR/$2" why
  if ! why=$(rm -rf -- "$dir" 2>&1 && mkdir -m 0700 -- "$dir" 2>&1); then
    why=${why##*: }
    die "$EXIT_ENV" "cannot create $dir, the private $var inside KCS_WORK_DIR (${why:-unknown error});" \
      "the scanner must be able to write to its work directory (the emptyDir)"
  fi
  export "$var=$dir"
}

prepare_work_dir() {
  make_private_dir TMPDIR tmp
  make_private_dir HOME home
}

# --- 2. target process ----------------------------------------------------------------------------------------------

# Reading another process's environ reads that process's memory, and a process can make such a read wait (memory
# handled by userfaultfd, or mapped from a FUSE file). The size is the kernel's bound (the environment given at exec,
# at most a quarter of the stack limit: 2 MiB by default, 6 MiB at most). So one grep reads every file, killed after
# ENVIRON_SCAN_SECONDS; if it did not finish, each file is read on its own, at most ENVIRON_MAX_BYTES of it, each read
# killed after ENVIRON_READ_SECONDS, so one file that never answers costs that long and is skipped.
readonly ENVIRON_SCAN_SECONDS=10 ENVIRON_READ_SECONDS=2 ENVIRON_MAX_BYTES=8388608

# Prints the environ files among $2... that hold the entry $1 exactly (a whole NUL-separated entry), one a line.
# Unreadable files are skipped: grep reports them on stderr, which is dropped, and its status 2 is not a failure.
environ_files_with_entry() {
  local entry=$1 status=0 file
  shift
  timeout -s KILL "$ENVIRON_SCAN_SECONDS" grep -lzxF -e "$entry" -- "$@" 2>/dev/null || status=$?
  [ "$status" -le 2 ] && return 0
  for file in "$@"; do
    environ_has_entry "$file" "$entry" && printf '%s\n' "$file"
  done
  return 0
}

# Succeeds when the first ENVIRON_MAX_BYTES of the environ file $1, read within ENVIRON_READ_SECONDS, hold the entry
# $2. A subshell without pipefail: grep -q may end before head does, which is no failure here.
environ_has_entry() (
  set +o pipefail
  timeout -s KILL "$ENVIRON_READ_SECONDS" head -c "$ENVIRON_MAX_BYTES" -- "$1" 2>/dev/null | LC_ALL=C grep -qzxF -e "$2"
)

# Prints the lowest PID whose environment holds exactly KCS_SCAN_TARGET=<run id>, or nothing.
find_target_pid() {
  local marker="KCS_SCAN_TARGET=$1" file pid best=''
  while IFS= read -r file; do
    pid=${file#/proc/}
    pid=${pid%/environ}
    [ "$pid" = "$$" ] || [ "$pid" = "${BASHPID:-}" ] && continue
    if [ -z "$best" ] || [ "$pid" -lt "$best" ]; then best=$pid; fi
  done < <(environ_files_with_entry "$marker" /proc/[0-9]*/environ)
  printf '%s' "$best"
}

# Counts the /proc/<pid>/environ entries this process cannot read, for the hint when no target is found.
count_unreadable_environ() {
  local file count=0
  for file in /proc/[0-9]*/environ; do
    [ -r "$file" ] && head -c 0 "$file" 2>/dev/null || count=$((count + 1))
  done
  printf '%s' "$count"
}

wait_for_target() {
  local deadline=$((SECONDS + WAIT_SECONDS)) pid
  info "run $KCS_RUN_ID: looking for the target process (marker KCS_SCAN_TARGET=$KCS_RUN_ID, waiting up to ${WAIT_SECONDS}s)"
  while :; do
    pid=$(find_target_pid "$KCS_RUN_ID")
    if [ -n "$pid" ]; then
      TARGET_PID=$pid
      info "run $KCS_RUN_ID: target process is PID $pid"
      return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 1
  done
  die "$EXIT_NO_TARGET" "run $KCS_RUN_ID: no process with KCS_SCAN_TARGET=$KCS_RUN_ID in its environment appeared" \
    "within ${WAIT_SECONDS}s ($(count_unreadable_environ) process environments were unreadable). Check that the" \
    "target container started and that both containers run with the same UID and GID (shareProcessNamespace: true)"
}

# --- 3. target root -------------------------------------------------------------------------------------------------

check_target_root() {
  local root="/proc/$TARGET_PID/root" why
  if [ ! -e "/proc/$TARGET_PID" ]; then
    die "$EXIT_ROOT_UNREADABLE" "run $KCS_RUN_ID: the target process $TARGET_PID exited before its root could be read"
  fi
  if ! why=$(ls -A "$root/" 2>&1 >/dev/null); then
    why=${why##*: }
    die "$EXIT_ROOT_UNREADABLE" "run $KCS_RUN_ID: cannot read the target's root filesystem $root (${why:-unknown error})." \
      "Reading another process's root needs ptrace-read access: the scanner must run with the same UID and GID as the" \
      "target (runAsUser and runAsGroup 0 in both containers), the target dumpable, and the scanner's capabilities a" \
      "superset of the target's (drop all capabilities in the target; keep DAC_OVERRIDE in the scanner)"
  fi
  TARGET_ROOT=$root
}

# --- 4. profile -----------------------------------------------------------------------------------------------------

unpack_profile() {
  local dir="$KCS_WORK_DIR/profile" why
  rm -rf -- "$dir" && mkdir -p -- "$dir" || die "$EXIT_PROFILE" "cannot create $dir to unpack the profile into"
  if ! why=$(tar -xzf "$KCS_PROFILE_ARCHIVE" -C "$dir" --no-same-owner --no-same-permissions 2>&1); then
    die "$EXIT_PROFILE" "cannot unpack the profile archive $KCS_PROFILE_ARCHIVE: $(printf '%s' "$why" | head -n 3 | tr '\n' ' ')"
  fi
  [ -f "$dir/inspec.yml" ] ||
    die "$EXIT_PROFILE" "the profile archive $KCS_PROFILE_ARCHIVE has no inspec.yml at its root; pack the profile" \
      "directory's contents, not the directory"
  PROFILE=$dir
  info "run $KCS_RUN_ID: profile unpacked into $dir"
}

# --- 5. scan --------------------------------------------------------------------------------------------------------

# KCS_CONTROLS holds control ids one a line; blank lines and surrounding blanks are ignored.
control_args() {
  local line
  CONTROLS=()
  while IFS= read -r line || [ -n "$line" ]; do
    line=$(printf '%s' "$line" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
    [ -n "$line" ] && CONTROLS+=("$line")
  done <<<"${KCS_CONTROLS:-}"
}

run_scan() {
  REPORT="$KCS_WORK_DIR/report.json"
  rm -f -- "$REPORT"
  local args=(exec "$PROFILE" -t "kcs-root://$TARGET_ROOT" --no-create-lockfile --reporter cli "json:$REPORT")
  [ -n "${KCS_INPUT_FILE:-}" ] && args+=(--input-file "$KCS_INPUT_FILE")
  [ -n "${KCS_WAIVER_FILE:-}" ] && args+=(--waiver-file "$KCS_WAIVER_FILE")
  control_args
  [ "${#CONTROLS[@]}" -gt 0 ] && args+=(--controls "${CONTROLS[@]}")

  export RUBYLIB="$SCANNER_DIR/train-kcs-root/lib${RUBYLIB:+:$RUBYLIB}"
  info "run $KCS_RUN_ID: cinc-auditor ${args[*]}"
  # In the background, so a SIGTERM from the kubelet reaches cinc-auditor instead of leaving it orphaned.
  cinc-auditor "${args[@]}" </dev/null &
  local child=$!
  trap 'kill -TERM "$child" 2>/dev/null' TERM INT
  CINC_EXIT=0
  wait "$child" || CINC_EXIT=$?
  # A trapped signal interrupts wait with a status above 128; wait again for the child's own status.
  while kill -0 "$child" 2>/dev/null; do
    CINC_EXIT=0
    wait "$child" || CINC_EXIT=$?
  done
  trap - TERM INT
}

# --- 6. results -----------------------------------------------------------------------------------------------------

finish() {
  if [ ! -s "$REPORT" ]; then
    die "$EXIT_NO_REPORT" "run $KCS_RUN_ID: cinc-auditor exited with code $CINC_EXIT and wrote no JSON report" \
      "($REPORT); see its output above"
  fi
  # A blank line first: the block must start on a line of its own even if the live output did not end with one.
  printf '\n'
  KCS_RESULTS_KEY=$RESULTS_KEY bash "$SCANNER_DIR/frame-results.sh" "$REPORT" ||
    die "$EXIT_NO_REPORT" "run $KCS_RUN_ID: could not frame the JSON report $REPORT"
  case $CINC_EXIT in
    0 | 100 | 101) info "run $KCS_RUN_ID: scan complete (cinc-auditor exit code $CINC_EXIT)" ;;
    *) die "$EXIT_CINC" "run $KCS_RUN_ID: cinc-auditor exited with code $CINC_EXIT (expected 0, 100 or 101);" \
      "the results above may be incomplete" ;;
  esac
}

main() {
  check_env
  prepare_work_dir
  wait_for_target
  check_target_root
  unpack_profile
  run_scan
  finish
}

main "$@"
