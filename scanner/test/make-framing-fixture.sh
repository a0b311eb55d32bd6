#!/bin/bash
# Regenerates test/fixtures/framing/scanner.log: runs the real entry script (and so the real frame-results.sh) on the
# image PATH against a real target process, with the stand-in cinc-auditor printing scanner/test/fixtures/cli-output.txt
# and writing test/fixtures/framing/report.json as its JSON report (exit 100: some controls failed). The block is signed
# with the fixture key, KCS_FIXTURE_RESULTS_KEY in lib.sh.
# The run's own values (temporary paths, the target's PID) are then replaced by the values a pod would show
# (/opt/kcs/..., PID 4242) so the fixture is stable; the results block itself is left byte for byte as printed.
# Usage: bash scanner/test/make-framing-fixture.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'kill "${TARGET_PID:-}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
make_image_path "$tmp/image"
mkdir -p "$tmp/work" "$tmp/cinc" "$tmp/profile"
pack_profile "$KCS_REPO_DIR/profiles/container-baseline" "$tmp/profile/profile.tar.gz"
run_id=kcs-7f3a9c2e1b
start_target "$run_id"

status=0
run_entrypoint "$tmp/image" KCS_RUN_ID="$run_id" KCS_PROFILE_ARCHIVE="$tmp/profile/profile.tar.gz" \
  KCS_WORK_DIR="$tmp/work" HOME="$tmp/work" TMPDIR="$tmp/work" KCS_TARGET_WAIT_SECONDS=10 \
  KCS_RESULTS_KEY="$KCS_FIXTURE_RESULTS_KEY" \
  FAKE_CINC_DIR="$tmp/cinc" FAKE_CINC_OUTPUT="$KCS_TEST_DIR/fixtures/cli-output.txt" \
  FAKE_CINC_REPORT="$KCS_REPO_DIR/test/fixtures/framing/report.json" FAKE_CINC_EXIT=100 >"$tmp/log" || status=$?
[ "$status" = 0 ] || { cat "$tmp/log" >&2; echo "entry script exited $status" >&2; exit 1; }

sed -e "s#$tmp/work#/opt/kcs/work#g" -e "s#$tmp/profile/profile.tar.gz#/opt/kcs/profile/profile.tar.gz#g" \
  -e "s#/proc/$TARGET_PID/#/proc/4242/#g" -e "s#PID $TARGET_PID\$#PID 4242#" "$tmp/log" \
  >"$KCS_REPO_DIR/test/fixtures/framing/scanner.log"
echo "wrote test/fixtures/framing/scanner.log"
