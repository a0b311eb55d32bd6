#!/bin/bash
# Tests of scanner/entrypoint.sh and scanner/frame-results.sh. They run the real script on a PATH that holds only the
# scanner image's tools plus a stand-in cinc-auditor, against real processes in the real /proc.
# Usage: bash scanner/test/entrypoint.test.sh [name-filter]   (exit 0 when every test passed)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

FIXTURE_DIR="$KCS_REPO_DIR/test/fixtures/framing"
ROOT_TMP=$(mktemp -d)
chmod 755 "$ROOT_TMP" # the unreadable-root test runs the script as UID 1000
PIDS=()
cleanup_test() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
}
trap 'rm -rf "$ROOT_TMP"' EXIT
make_image_path "$ROOT_TMP/image" || exit 1
pack_profile "$KCS_REPO_DIR/profiles/container-baseline" "$ROOT_TMP/profile.tar.gz"

# --- per-test setup ---------------------------------------------------------------------------------------------------

# Each test gets a fresh directory T with work/ and cinc/ (what the stand-in recorded) and a unique run id RUN.
setup() {
  T=$(mktemp -d "$ROOT_TMP/t.XXXXXX")
  chmod 755 "$T"
  mkdir -p "$T/work" "$T/cinc"
  RUN="kcs-$(head -c 5 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  OUT="$T/out"
}

target() { # start a target process for run id $1 (default RUN), remember it for cleanup
  start_target "${1:-$RUN}" "${2:-60}"
  PIDS+=("$TARGET_PID")
}

# Runs the entry script with the standard environment plus extra NAME=value arguments; sets RC and OUT.
scan() {
  RC=0
  run_entrypoint "$ROOT_TMP/image" KCS_RUN_ID="$RUN" KCS_PROFILE_ARCHIVE="$ROOT_TMP/profile.tar.gz" \
    KCS_WORK_DIR="$T/work" HOME="$T/work" TMPDIR="$T/work" KCS_TARGET_WAIT_SECONDS=3 \
    KCS_RESULTS_KEY="$KCS_FIXTURE_RESULTS_KEY" FAKE_CINC_DIR="$T/cinc" FAKE_CINC_REPORT="$FIXTURE_DIR/report.json" \
    "$@" >"$OUT" 2>"$T/err" || RC=$?
}

# Like scan, but with exactly the given environment (to test missing variables).
scan_bare() {
  RC=0
  run_entrypoint "$ROOT_TMP/image" FAKE_CINC_DIR="$T/cinc" "$@" >"$OUT" 2>"$T/err" || RC=$?
}

# The stand-in's recorded argument list, one argument a line.
cinc_args() { tr '\0' '\n' <"$T/cinc/args"; }

# --- assertions -------------------------------------------------------------------------------------------------------

fail() {
  printf '    %s\n' "$@"
  if [ -n "${OUT:-}" ] && [ -f "$OUT" ]; then
    printf '    --- stdout:\n'
    sed 's/^/    | /' "$OUT" | tail -n 30
  fi
  if [ -n "${T:-}" ] && [ -s "$T/err" ]; then
    printf '    --- stderr:\n'
    sed 's/^/    | /' "$T/err" | tail -n 10
  fi
  exit 1
}
expect_rc() { [ "$RC" = "$1" ] || fail "expected exit code $1, got $RC"; }
expect_out() { grep -qF -- "$1" "$OUT" || fail "expected stdout to contain: $1"; }
expect_no_out() { ! grep -qF -- "$1" "$OUT" || fail "expected stdout not to contain: $1"; }
expect_error_line() { # exactly one error line, last, containing $1
  [ "$(grep -c '^kcs-scanner: error: ' "$OUT")" = 1 ] || fail "expected exactly one 'kcs-scanner: error:' line"
  tail -n 1 "$OUT" | grep -q '^kcs-scanner: error: ' || fail "expected the error line to be the last line"
  grep '^kcs-scanner: error: ' "$OUT" | grep -qF -- "$1" || fail "expected the error line to contain: $1"
}
expect_arg_pair() { # the stand-in got argument $1 immediately followed by $2
  local next
  next=$(cinc_args | grep -xF -A1 -- "$1" | sed -n 2p)
  [ "$next" = "$2" ] || fail "expected argument '$1' to be followed by '$2', got '$next'" "args: $(cinc_args | tr '\n' ' ')"
}
expect_block_is_fixture_report() {
  [ "$(grep -c '^KCS-RESULTS-BEGIN ' "$OUT")" = 1 ] || fail "expected exactly one results block"
  decode_block "$OUT" | cmp -s - "$FIXTURE_DIR/report.json" || fail "the block does not decode to report.json"
}

# --- the tests ----------------------------------------------------------------------------------------------------------

test_scan_runs_cinc_auditor_against_the_target_root() {
  target
  printf 'cb-01\n  cb-04  \n\ncb-10' >"$T/controls"
  printf 'x: 1\n' >"$T/inputs.yml"
  printf 'cb-01:\n  run: false\n' >"$T/waivers.yml"
  scan KCS_INPUT_FILE="$T/inputs.yml" KCS_WAIVER_FILE="$T/waivers.yml" KCS_CONTROLS="$(cat "$T/controls")"
  expect_rc 0
  [ "$(cinc_args | head -n 2 | tr '\n' ' ')" = "exec $T/work/profile " ] || fail "expected 'exec <work>/profile' first"
  expect_arg_pair -t "kcs-root:///proc/$TARGET_PID/root"
  expect_arg_pair --reporter cli
  expect_arg_pair cli "json:$T/work/report.json"
  expect_arg_pair --input-file "$T/inputs.yml"
  expect_arg_pair --waiver-file "$T/waivers.yml"
  cinc_args | grep -qxF -- --no-create-lockfile || fail "expected --no-create-lockfile"
  [ "$(cinc_args | sed -n '/^--controls$/,$p' | tr '\n' ' ')" = "--controls cb-01 cb-04 cb-10 " ] ||
    fail "expected --controls cb-01 cb-04 cb-10 last, got: $(cinc_args | tr '\n' ' ')"
  [ "$(cat "$T/cinc/rubylib")" = "$KCS_SCANNER_DIR/train-kcs-root/lib" ] || fail "RUBYLIB is $(cat "$T/cinc/rubylib")"
  grep -qx './inspec.yml' "$T/cinc/profile-files" || fail "the profile was not unpacked with inspec.yml at its root"
  grep -qx 'etc' "$T/cinc/target-listing" || fail "cinc-auditor could not list the target root"
  expect_out "target process is PID $TARGET_PID"
  expect_block_is_fixture_report
  [ "$(tail -n 1 "$OUT")" = "kcs-scanner: run $RUN: scan complete (cinc-auditor exit code 0)" ] || fail "bad last line"
}

test_optional_arguments_are_left_out_when_unset() {
  target
  scan
  expect_rc 0
  cinc_args | grep -qE -- '^--(input-file|waiver-file|controls)$' && fail "unexpected optional argument"
  [ "$(cinc_args | wc -l)" = 8 ] || fail "expected 8 arguments, got: $(cinc_args | tr '\n' ' ')"
}

test_profile_url_is_refused_the_runner_fetches_profiles() {
  target
  scan KCS_PROFILE_ARCHIVE= KCS_PROFILE_URL=https://example.invalid/profile.tar.gz
  expect_rc 64
  expect_error_line "KCS_PROFILE_URL is set, but the scanner no longer downloads profiles"
  [ ! -e "$T/work/profile" ] || fail "nothing should be unpacked"
}

test_failures_and_skips_exit_0_with_the_block() {
  local code
  for code in 100 101; do
    target
    scan FAKE_CINC_EXIT=$code FAKE_CINC_OUTPUT="$KCS_TEST_DIR/fixtures/cli-output.txt"
    expect_rc 0
    expect_block_is_fixture_report
    expect_out "Test Summary: 8 successful, 3 failures, 2 skipped"
  done
}

test_live_output_comes_before_the_block_on_its_own_line() {
  target
  printf 'live output without a final newline' >"$T/live"
  scan FAKE_CINC_OUTPUT="$T/live"
  expect_rc 0
  local live begin
  live=$(grep -n '^live output without a final newline$' "$OUT" | cut -d: -f1)
  begin=$(grep -n '^KCS-RESULTS-BEGIN ' "$OUT" | cut -d: -f1)
  [ -n "$live" ] && [ -n "$begin" ] && [ "$live" -lt "$begin" ] || fail "expected the live line, then the block"
}

test_other_cinc_exit_codes_exit_68_and_still_print_the_block() {
  target
  scan FAKE_CINC_EXIT=1
  expect_rc 68
  expect_block_is_fixture_report
  expect_error_line "cinc-auditor exited with code 1"
  # The runner accepts exactly this closing line after the block (src/core/kube/results-block.ts, CLOSING_LINES).
  [ "$(tail -n 1 "$OUT")" = "kcs-scanner: error: run $RUN: cinc-auditor exited with code 1 (expected 0, 100 or 101); the results above may be incomplete" ] ||
    fail "the closing line after the block changed; keep results-block.ts in step"
  [ "$(sed -n '/^KCS-RESULTS-END v2$/{n;p;}' "$OUT")" = "$(tail -n 1 "$OUT")" ] || fail "expected the closing line right after the block"
}

test_no_json_report_exits_69() {
  target
  scan FAKE_CINC_REPORT= FAKE_CINC_EXIT=0
  expect_rc 69
  expect_no_out KCS-RESULTS-BEGIN
  expect_error_line "wrote no JSON report"
  target
  scan FAKE_CINC_REPORT= FAKE_CINC_EXIT=1
  expect_rc 69
  expect_error_line "cinc-auditor exited with code 1 and wrote no JSON report"
}

test_empty_report_counts_as_no_report() {
  target
  : >"$T/empty.json"
  scan FAKE_CINC_REPORT="$T/empty.json"
  expect_rc 69
  expect_no_out KCS-RESULTS-BEGIN
}

test_invalid_environment_exits_64() {
  local archive="$ROOT_TMP/profile.tar.gz"
  scan_bare KCS_PROFILE_ARCHIVE="$archive" KCS_WORK_DIR="$T/work"
  expect_rc 64
  expect_error_line "KCS_RUN_ID is not set"
  scan_bare KCS_RUN_ID='Bad_ID' KCS_PROFILE_ARCHIVE="$archive" KCS_WORK_DIR="$T/work"
  expect_rc 64
  expect_error_line 'KCS_RUN_ID "Bad_ID" is not a DNS label'
  scan_bare KCS_RUN_ID="$RUN" KCS_WORK_DIR="$T/work"
  expect_rc 64
  expect_error_line "KCS_PROFILE_ARCHIVE is not set"
  scan_bare KCS_RUN_ID="$RUN" KCS_PROFILE_ARCHIVE="$archive" KCS_PROFILE_URL=https://x.invalid/p KCS_WORK_DIR="$T/work"
  expect_rc 64
  expect_error_line "KCS_PROFILE_URL is set, but the scanner no longer downloads profiles"
  scan_bare KCS_RUN_ID="$RUN" KCS_PROFILE_ARCHIVE="$T/missing.tar.gz" KCS_WORK_DIR="$T/work"
  expect_rc 64
  expect_error_line "KCS_PROFILE_ARCHIVE $T/missing.tar.gz is not a readable file"
  scan_bare KCS_RUN_ID="$RUN" KCS_PROFILE_ARCHIVE="$archive"
  expect_rc 64
  expect_error_line "KCS_WORK_DIR is not set"
  scan_bare KCS_RUN_ID="$RUN" KCS_PROFILE_ARCHIVE="$archive" KCS_WORK_DIR="$T/nowhere"
  expect_rc 64
  expect_error_line "KCS_WORK_DIR $T/nowhere is not a writable directory"
  scan KCS_INPUT_FILE="$T/missing-inputs.yml"
  expect_rc 64
  expect_error_line "KCS_INPUT_FILE $T/missing-inputs.yml is not a readable file"
  scan KCS_WAIVER_FILE="$T/work"
  expect_rc 64
  expect_error_line "KCS_WAIVER_FILE $T/work is not a readable file"
  scan KCS_TARGET_WAIT_SECONDS=soon
  expect_rc 64
  expect_error_line 'KCS_TARGET_WAIT_SECONDS "soon" is not a whole number'
  [ ! -e "$T/cinc/args" ] || fail "cinc-auditor must not run with an invalid environment"
}

test_scanner_carrying_the_marker_is_refused() {
  target
  scan KCS_SCAN_TARGET="$RUN"
  expect_rc 64
  expect_error_line "KCS_SCAN_TARGET is set in the scanner's environment"
}

test_results_key_is_required_and_kept_from_cinc_auditor() {
  target
  scan KCS_RESULTS_KEY=
  expect_rc 64
  expect_error_line "KCS_RESULTS_KEY is not 64 lower-case hex digits"
  scan KCS_RESULTS_KEY="<per-scan key, not shown>"
  expect_rc 64
  expect_error_line "openssl rand -hex 32"
  scan KCS_RESULTS_KEY="${KCS_FIXTURE_RESULTS_KEY^^}"
  expect_rc 64
  [ ! -e "$T/cinc/args" ] || fail "cinc-auditor must not run without a results key"
  scan
  expect_rc 0
  [ "$(cat "$T/cinc/results-key")" = unset ] || fail "cinc-auditor saw KCS_RESULTS_KEY: $(cat "$T/cinc/results-key")"
  expect_no_out "$KCS_FIXTURE_RESULTS_KEY"
  ! grep -qF "$KCS_FIXTURE_RESULTS_KEY" "$T/err" || fail "the key was printed on stderr"
}

test_no_target_times_out_with_65_naming_the_run_id() {
  local start=$SECONDS
  scan KCS_TARGET_WAIT_SECONDS=1
  expect_rc 65
  expect_error_line "run $RUN: no process with KCS_SCAN_TARGET=$RUN in its environment appeared within 1s"
  [ $((SECONDS - start)) -le 4 ] || fail "the wait was not bounded: $((SECONDS - start))s"
  [ ! -e "$T/cinc/args" ] || fail "cinc-auditor must not run without a target"
}

test_zero_wait_checks_once() {
  scan KCS_TARGET_WAIT_SECONDS=0
  expect_rc 65
  target
  scan KCS_TARGET_WAIT_SECONDS=0
  expect_rc 0
}

test_scanner_does_not_match_itself_or_near_misses() {
  # The scanner carries KCS_RUN_ID=<run id>; other processes carry the run id in other forms. None is the target.
  target "$RUN-other"
  target "${RUN%?}"
  env -i "KCS_SCAN_TARGET_X=$RUN" PATH=/usr/bin:/bin sleep 60 &
  PIDS+=($!)
  env -i "X=KCS_SCAN_TARGET=$RUN" PATH=/usr/bin:/bin sleep 60 &
  PIDS+=($!)
  env -i PATH=/usr/bin:/bin bash -c 'sleep 60' "KCS_SCAN_TARGET=$RUN" &
  PIDS+=($!)
  scan KCS_TARGET_WAIT_SECONDS=1
  expect_rc 65
}

test_marker_is_found_behind_a_large_environment() {
  # 1.5 MiB of environment (entries of 100 KiB, under the kernel's 128 KiB per string) before the marker.
  local big args=() i
  big=$(head -c 102400 /dev/zero | tr '\0' x)
  for i in $(seq 1 15); do args+=("BIG$i=$big"); done
  env -i "${args[@]}" KCS_SCAN_TARGET="$RUN" PATH=/usr/bin:/bin sleep 60 &
  PIDS+=($!)
  local pid=$!
  scan
  expect_rc 0
  expect_out "target process is PID $pid"
}

test_marker_search_skips_a_file_that_never_answers() {
  # Reading an environ can be made to wait; a FIFO with no writer stands in for such a file (one grep over all files
  # would wait for ever). The search gives up on the whole pass, then reads each file on its own, each bounded.
  mkfifo "$T/stuck"
  printf 'A=1\0KCS_SCAN_TARGET=%s\0' "$RUN" >"$T/environ"
  printf 'KCS_SCAN_TARGET=%s-no\0' "$RUN" >"$T/other"
  # Only the marker search of the script (its section 2), with a shorter first pass.
  # shellcheck source=/dev/null
  source <(sed -n '/^# --- 2\. target process/,/^# --- 3\./p' "$KCS_SCANNER_DIR/entrypoint.sh" |
    sed 's/ENVIRON_SCAN_SECONDS=10 /ENVIRON_SCAN_SECONDS=1 /')
  local start=$SECONDS found
  found=$(PATH="$ROOT_TMP/image/bin" environ_files_with_entry "KCS_SCAN_TARGET=$RUN" "$T/other" "$T/stuck" "$T/environ")
  [ "$found" = "$T/environ" ] || fail "expected only $T/environ, got: $found"
  [ $((SECONDS - start)) -le 6 ] || fail "the search was not bounded: $((SECONDS - start))s"
}

test_target_appearing_late_is_found() {
  (sleep 2 && exec env -i KCS_SCAN_TARGET="$RUN" PATH=/usr/bin:/bin sleep 60) &
  PIDS+=($!)
  local late=$!
  scan KCS_TARGET_WAIT_SECONDS=8
  expect_rc 0
  expect_out "target process is PID $late"
}

test_lowest_matching_pid_is_chosen() {
  target
  local first=$TARGET_PID
  target
  local second=$TARGET_PID low=$first
  [ "$second" -lt "$low" ] && low=$second
  scan
  expect_rc 0
  expect_out "target process is PID $low"
}

test_unreadable_target_root_exits_66() {
  # The scanner and the target both run as UID/GID 1000 (so the environment is readable and the marker is found),
  # but the target's root directory is root-owned 0711: traversable, not listable without DAC_OVERRIDE.
  command -v setpriv >/dev/null && command -v unshare >/dev/null || fail "needs setpriv and unshare (util-linux)"
  [ "$(id -u)" = 0 ] || fail "needs root to build the test's chroot (CI runs as root)"
  local busybox
  busybox=$(command -v busybox) || fail "needs busybox-static"
  mkdir -p "$T/root/bin"
  cp "$busybox" "$T/root/bin/busybox"
  chmod 711 "$T/root"
  chown -R 1000:1000 "$T/work" "$T/cinc"
  # A copy of the scripts, in case the checkout itself is not readable by UID 1000.
  mkdir -p "$T/scanner"
  cp "$KCS_SCANNER_DIR/entrypoint.sh" "$KCS_SCANNER_DIR/frame-results.sh" "$T/scanner/"
  chmod -R a+rX "$T/scanner"
  env -i KCS_SCAN_TARGET="$RUN" unshare --root="$T/root" --setgid=1000 --setuid=1000 /bin/busybox sleep 60 &
  PIDS+=($!)
  local pid=$!
  RC=0
  env -i PATH="$ROOT_TMP/image/bin" KCS_RUN_ID="$RUN" KCS_PROFILE_ARCHIVE="$ROOT_TMP/profile.tar.gz" \
    KCS_WORK_DIR="$T/work" KCS_TARGET_WAIT_SECONDS=5 KCS_RESULTS_KEY="$KCS_FIXTURE_RESULTS_KEY" FAKE_CINC_DIR="$T/cinc" \
    "$(command -v setpriv)" --reuid=1000 --regid=1000 --clear-groups --inh-caps=-all --bounding-set=-all \
    /bin/bash "$T/scanner/entrypoint.sh" >"$OUT" 2>"$T/err" || RC=$?
  expect_rc 66
  expect_out "target process is PID $pid"
  expect_error_line "cannot read the target's root filesystem /proc/$pid/root (Permission denied)"
  expect_error_line "same UID and GID"
  [ ! -e "$T/cinc/args" ] || fail "cinc-auditor must not run when the root cannot be read"
}

# The kubelet creates the emptyDir 0777 without the sticky bit, and the pod sets HOME and TMPDIR to it. Ruby's
# Dir.tmpdir refuses such a directory (falling back to the read-only /tmp), so the script must give cinc-auditor
# private 0700 directories inside it.
test_world_writable_work_dir_gets_private_tmpdir_and_home() {
  local ruby
  ruby=$(command -v ruby) || fail "needs ruby (scripts/ensure-test-deps.sh installs it)"
  chmod 0777 "$T/work"
  # The premise: Ruby really refuses the bare work directory, so this test shows the fix and not a lucky setup.
  [ "$(TMPDIR="$T/work" "$ruby" -rtmpdir -e 'print Dir.tmpdir' 2>/dev/null)" != "$T/work" ] ||
    fail "Ruby accepted a 0777 TMPDIR without the sticky bit; the test proves nothing here"
  target
  scan FAKE_CINC_RUBY="$ruby"
  expect_rc 0
  [ "$(cat "$T/cinc/tmpdir")" = "$T/work/tmp" ] || fail "TMPDIR is $(cat "$T/cinc/tmpdir"), expected $T/work/tmp"
  [ "$(cat "$T/cinc/home")" = "$T/work/home" ] || fail "HOME is $(cat "$T/cinc/home"), expected $T/work/home"
  [ "$(cat "$T/cinc/private-dirs")" = "$(printf '700 %s\n700 %s' "$(id -u)" "$(id -u)")" ] ||
    fail "expected TMPDIR and HOME 0700 and owned by $(id -u), got: $(tr '\n' ' ' <"$T/cinc/private-dirs")"
  [ "$(cat "$T/cinc/ruby-tmpdir-status")" = 0 ] || fail "Ruby failed: $(cat "$T/cinc/ruby-tmpdir.err")"
  [ "$(cat "$T/cinc/ruby-tmpdir")" = "$(printf '%s\n%s' "$T/work/tmp" "$T/work/tmp")" ] ||
    fail "expected Dir.tmpdir and the Tempfile in $T/work/tmp, got: $(tr '\n' ' ' <"$T/cinc/ruby-tmpdir")"
  [ ! -s "$T/cinc/ruby-tmpdir.err" ] || fail "Ruby warned: $(cat "$T/cinc/ruby-tmpdir.err")"
}

test_leftover_tmpdir_and_home_are_replaced_without_following_links() {
  # What a restarted container finds in its emptyDir: an old home, and here a link where TMPDIR should be.
  chmod 0777 "$T/work"
  mkdir -p "$T/elsewhere" "$T/work/home/.cinc"
  chmod 0755 "$T/elsewhere"
  chmod 0777 "$T/work/home"
  : >"$T/elsewhere/keep"
  ln -s "$T/elsewhere" "$T/work/tmp"
  target
  scan
  expect_rc 0
  [ -d "$T/work/tmp" ] && [ ! -L "$T/work/tmp" ] || fail "TMPDIR is still a link"
  [ "$(stat -c %a "$T/work/tmp") $(stat -c %a "$T/work/home")" = "700 700" ] || fail "expected 0700 TMPDIR and HOME"
  [ ! -e "$T/work/home/.cinc" ] || fail "the old home was kept"
  [ "$(stat -c %a "$T/elsewhere")" = 755 ] && [ -e "$T/elsewhere/keep" ] || fail "the link's target was touched"
}

test_private_tmpdir_that_cannot_be_made_exits_64() {
  # As UID 1000 in a root-owned 0777 work directory holding a root-owned tmp/ with a file in it: rm cannot clear it.
  command -v setpriv >/dev/null || fail "needs setpriv (util-linux)"
  [ "$(id -u)" = 0 ] || fail "needs root to plant a directory UID 1000 cannot remove (CI runs as root)"
  chmod 0777 "$T/work"
  mkdir -p "$T/work/tmp" "$T/scanner"
  : >"$T/work/tmp/stuck"
  chmod 0755 "$T/work/tmp"
  chown -R 1000:1000 "$T/cinc"
  cp "$KCS_SCANNER_DIR/entrypoint.sh" "$KCS_SCANNER_DIR/frame-results.sh" "$T/scanner/"
  chmod -R a+rX "$T/scanner"
  target
  RC=0
  env -i PATH="$ROOT_TMP/image/bin" KCS_RUN_ID="$RUN" KCS_PROFILE_ARCHIVE="$ROOT_TMP/profile.tar.gz" \
    KCS_WORK_DIR="$T/work" HOME="$T/work" TMPDIR="$T/work" KCS_TARGET_WAIT_SECONDS=3 FAKE_CINC_DIR="$T/cinc" \
    KCS_RESULTS_KEY="$KCS_FIXTURE_RESULTS_KEY" \
    "$(command -v setpriv)" --reuid=1000 --regid=1000 --clear-groups --inh-caps=-all --bounding-set=-all \
    /bin/bash "$T/scanner/entrypoint.sh" >"$OUT" 2>"$T/err" || RC=$?
  expect_rc 64
  expect_error_line "cannot create $T/work/tmp, the private TMPDIR inside KCS_WORK_DIR (Permission denied)"
  [ ! -e "$T/cinc/args" ] || fail "cinc-auditor must not run without a private TMPDIR"
}

test_corrupt_profile_archive_exits_67() {
  target
  printf 'not a tar.gz' >"$T/bad.tar.gz"
  scan KCS_PROFILE_ARCHIVE="$T/bad.tar.gz"
  expect_rc 67
  expect_error_line "cannot unpack the profile archive $T/bad.tar.gz"
  mkdir -p "$T/wrapped/container-baseline"
  cp "$KCS_REPO_DIR/profiles/container-baseline/inspec.yml" "$T/wrapped/container-baseline/"
  tar -czf "$T/wrapped.tar.gz" -C "$T/wrapped" .
  scan KCS_PROFILE_ARCHIVE="$T/wrapped.tar.gz"
  expect_rc 67
  expect_error_line "has no inspec.yml at its root"
  [ ! -e "$T/cinc/args" ] || fail "cinc-auditor must not run without a profile"
}

test_sigterm_reaches_cinc_auditor() {
  target
  RC=0
  # env execs bash, so $! is the entry script's own PID, as the kubelet would signal it.
  env -i PATH="$ROOT_TMP/image/bin" KCS_RUN_ID="$RUN" KCS_PROFILE_ARCHIVE="$ROOT_TMP/profile.tar.gz" \
    KCS_WORK_DIR="$T/work" KCS_TARGET_WAIT_SECONDS=3 FAKE_CINC_DIR="$T/cinc" FAKE_CINC_SLEEP=30 \
    KCS_RESULTS_KEY="$KCS_FIXTURE_RESULTS_KEY" \
    /bin/bash "$KCS_SCANNER_DIR/entrypoint.sh" >"$OUT" 2>"$T/err" &
  local script=$! _
  for _ in $(seq 1 50); do [ -e "$T/cinc/args" ] && break; sleep 0.1; done
  sleep 0.2
  kill -TERM "$script"
  wait "$script" || RC=$?
  [ "$(cat "$T/cinc/signal" 2>/dev/null)" = TERM ] || fail "cinc-auditor did not get SIGTERM"
  expect_rc 69
  expect_error_line "cinc-auditor exited with code 143"
}

# --- framing against the shared fixture -------------------------------------------------------------------------------

test_fixture_log_round_trips_to_report_json() {
  OUT="$FIXTURE_DIR/scanner.log"
  local header bytes sha hmac
  [ "$(grep -c '^KCS-RESULTS-BEGIN ' "$OUT")" = 1 ] && [ "$(grep -c '^KCS-RESULTS-END v2$' "$OUT")" = 1 ] ||
    fail "expected exactly one block in scanner.log"
  header=$(block_header "$OUT")
  [[ $header =~ ^KCS-RESULTS-BEGIN\ v2\ bytes=([0-9]+)\ sha256=([0-9a-f]{64})\ hmac-sha256=([0-9a-f]{64})\ encoding=gzip\+base64$ ]] ||
    fail "bad header: $header"
  bytes=${BASH_REMATCH[1]} sha=${BASH_REMATCH[2]} hmac=${BASH_REMATCH[3]}
  if command -v openssl >/dev/null; then
    [ "$(decode_block "$OUT" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KCS_FIXTURE_RESULTS_KEY" -r | cut -d' ' -f1)" = "$hmac" ] ||
      fail "the block's hmac-sha256 is not the HMAC of the report under the fixture key (openssl)"
  fi
  [ "$(decode_block "$OUT" | wc -c)" = "$bytes" ] || fail "decoded length differs from bytes=$bytes"
  [ "$(decode_block "$OUT" | sha256sum | cut -d' ' -f1)" = "$sha" ] || fail "decoded sha256 differs from the header"
  [ "$(wc -c <"$FIXTURE_DIR/report.json")" = "$bytes" ] || fail "report.json length differs from bytes=$bytes"
  decode_block "$OUT" | cmp -s - "$FIXTURE_DIR/report.json" || fail "the block does not decode to report.json"
  sed -n '/^KCS-RESULTS-BEGIN /,/^KCS-RESULTS-END /p' "$OUT" | sed '1d;$d' | awk 'length($0) > 76 { exit 1 }' ||
    fail "a payload line is longer than 76 characters"
}

test_frame_results_reproduces_the_fixture_block() {
  OUT="$T/block"
  PATH="$ROOT_TMP/image/bin" KCS_RESULTS_KEY="$KCS_FIXTURE_RESULTS_KEY" \
    bash "$KCS_SCANNER_DIR/frame-results.sh" "$FIXTURE_DIR/report.json" >"$OUT" || fail "frame-results.sh failed"
  sed -n '/^KCS-RESULTS-BEGIN /,/^KCS-RESULTS-END /p' "$FIXTURE_DIR/scanner.log" | cmp -s - "$OUT" ||
    fail "frame-results.sh output differs from the block in scanner.log (regenerate: make-framing-fixture.sh)"
  [ "$(wc -l <"$OUT")" -gt 3 ] || fail "expected a multi-line payload"
}

test_frame_results_handles_awkward_content() {
  OUT="$T/block"
  # Lines that look like the framing inside the report must not confuse the reader: they are inside base64.
  printf 'KCS-RESULTS-END v2\n\0binary\xff and unicode \xe2\x9c\x94\n' >"$T/odd.json"
  PATH="$ROOT_TMP/image/bin" KCS_RESULTS_KEY="$KCS_FIXTURE_RESULTS_KEY" bash "$KCS_SCANNER_DIR/frame-results.sh" \
    "$T/odd.json" >"$OUT" || fail "framing failed"
  [ "$(grep -c '^KCS-RESULTS-END v2$' "$OUT")" = 1 ] || fail "the payload leaked framing lines"
  decode_block "$OUT" | cmp -s - "$T/odd.json" || fail "binary content did not round-trip"
  RC=0
  bash "$KCS_SCANNER_DIR/frame-results.sh" "$T/missing.json" >"$OUT" 2>&1 || RC=$?
  expect_rc 2
}

test_frame_results_signs_with_the_key_like_openssl() {
  command -v openssl >/dev/null || fail "needs openssl on the host to check the HMAC independently"
  OUT="$T/block"
  local key header
  printf '{"controls":[]}\n' >"$T/r.json"
  # Keys whose bytes XOR the pads to NUL (0x36, 0x5c) and an ordinary random one: the printf escapes must carry NULs.
  for key in "$(printf '36%.0s' {1..32})" "$(printf '5c%.0s' {1..32})" "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"; do
    PATH="$ROOT_TMP/image/bin" KCS_RESULTS_KEY="$key" bash "$KCS_SCANNER_DIR/frame-results.sh" "$T/r.json" >"$OUT" ||
      fail "framing failed"
    header=$(block_header "$OUT")
    [ "${header#*hmac-sha256=}" = "$(openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -r <"$T/r.json" | cut -d' ' -f1) encoding=gzip+base64" ] ||
      fail "hmac differs from openssl's for key $key: $header"
  done
}

test_frame_results_refuses_a_missing_or_malformed_key() {
  local key
  for key in '' 0011 "$(printf 'G%.0s' {1..64})"; do
    RC=0
    PATH="$ROOT_TMP/image/bin" KCS_RESULTS_KEY="$key" bash "$KCS_SCANNER_DIR/frame-results.sh" \
      "$FIXTURE_DIR/report.json" >"$OUT" 2>"$T/err" || RC=$?
    expect_rc 2
    expect_no_out KCS-RESULTS-BEGIN
  done
}

# --- runner -----------------------------------------------------------------------------------------------------------

passed=0 failed=0
for t in $(declare -F | sed -n 's/^declare -f \(test_.*\)$/\1/p'); do
  [ -n "${1:-}" ] && [[ $t != *"$1"* ]] && continue
  # Each test runs in a subshell that stops the processes it started when it ends.
  if (trap cleanup_test EXIT && setup && "$t") >"$ROOT_TMP/result" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $t"
  else
    failed=$((failed + 1))
    echo "FAIL $t"
    cat "$ROOT_TMP/result"
  fi
done
echo "entrypoint tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
