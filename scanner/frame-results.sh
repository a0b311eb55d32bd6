#!/usr/bin/env bash
# Prints the results block of the scanner <-> action protocol (DESIGN.md section 5) for one JSON report:
#
#   KCS-RESULTS-BEGIN v1 bytes=<N> sha256=<hex> encoding=gzip+base64
#   <base64 of gzip(report), 76 characters a line>
#   KCS-RESULTS-END v1
#
# bytes and sha256 describe the uncompressed report, so the action can tell a block cut short by log rotation from a
# complete one. gzip -n leaves the file name and time out of the header: the same report always frames the same way.
# Only coreutils and gzip are used, because the stock cincproject/auditor image has little else.
#
# Usage: frame-results.sh <report.json>   (exit 0 after printing the block; 2 when the report cannot be read)
set -euo pipefail

if [ "$#" -ne 1 ] || [ ! -f "$1" ] || [ ! -r "$1" ]; then
  echo "frame-results.sh: usage: frame-results.sh <readable report.json>" >&2
  exit 2
fi
report=$1

bytes=$(wc -c <"$report")
digest=$(sha256sum <"$report")
digest=${digest%% *}
# Build the whole block before printing it, so a failure half-way never leaves a partial block in the log.
payload=$(gzip -c -n -9 <"$report" | base64 -w 76)
printf 'KCS-RESULTS-BEGIN v1 bytes=%s sha256=%s encoding=gzip+base64\n%s\nKCS-RESULTS-END v1\n' \
  "$bytes" "$digest" "$payload"
