#!/usr/bin/env bash
# Prints the results block of the scanner <-> action protocol (DESIGN.md section 5, version 2) for one JSON report:
#
#   KCS-RESULTS-BEGIN v2 bytes=<N> sha256=<hex> hmac-sha256=<hex> encoding=gzip+base64
#   <base64 of gzip(report), 76 characters a line>
#   KCS-RESULTS-END v2
#
# bytes and sha256 describe the uncompressed report, so the action can tell a block cut short by log rotation from a
# complete one. hmac-sha256 is the HMAC-SHA256 (RFC 2104) of the uncompressed report under the scan's results key,
# which the runner made for this scan and gave to the scanner container only (KCS_RESULTS_KEY, 64 hex digits: the
# key's 32 bytes). Text that the image under test gets into the log cannot carry it, so a forged block fails.
# gzip -n leaves the file name and time out of the header: the same report always frames the same way.
# Only bash builtins, coreutils and gzip are used, because the stock cincproject/auditor image has little else; the key
# only ever passes through builtins (printf), never through the arguments of a process, which others could read.
#
# Usage: KCS_RESULTS_KEY=<hex> frame-results.sh <report.json>
#   (exit 0 after printing the block; 2 when the report cannot be read or the key is missing or malformed)
set -euo pipefail

if [ "$#" -ne 1 ] || [ ! -f "$1" ] || [ ! -r "$1" ]; then
  echo "frame-results.sh: usage: KCS_RESULTS_KEY=<64 hex digits> frame-results.sh <readable report.json>" >&2
  exit 2
fi
if [[ ! ${KCS_RESULTS_KEY:-} =~ ^[0-9a-f]{64}$ ]]; then
  echo "frame-results.sh: KCS_RESULTS_KEY must be 64 lower-case hex digits (the scan's results key)" >&2
  exit 2
fi
report=$1

# HMAC-SHA256 with sha256sum: H((K ^ opad) || H((K ^ ipad) || message)), the key zero-padded to the 64-byte block.
# The padded keys and the inner digest are built as \xHH escapes that the printf builtin turns into bytes.
hmac_sha256() {
  local key=$1 file=$2 i byte hex ipad='' opad='' inner inner_bytes='' outer
  for ((i = 0; i < 64; i++)); do
    byte=0
    ((i < 32)) && byte=$((16#${key:i*2:2}))
    printf -v hex '\\x%02x' $((byte ^ 0x36))
    ipad+=$hex
    printf -v hex '\\x%02x' $((byte ^ 0x5c))
    opad+=$hex
  done
  # shellcheck disable=SC2059 # the format is made of escapes only, on purpose
  inner=$({ printf "$ipad"; cat -- "$file"; } | sha256sum)
  inner=${inner%% *}
  for ((i = 0; i < 64; i += 2)); do inner_bytes+="\\x${inner:i:2}"; done
  # shellcheck disable=SC2059
  outer=$({ printf "$opad"; printf "$inner_bytes"; } | sha256sum)
  printf '%s' "${outer%% *}"
}

bytes=$(wc -c <"$report")
digest=$(sha256sum <"$report")
digest=${digest%% *}
hmac=$(hmac_sha256 "$KCS_RESULTS_KEY" "$report")
# Build the whole block before printing it, so a failure half-way never leaves a partial block in the log.
payload=$(gzip -c -n -9 <"$report" | base64 -w 76)
printf 'KCS-RESULTS-BEGIN v2 bytes=%s sha256=%s hmac-sha256=%s encoding=gzip+base64\n%s\nKCS-RESULTS-END v2\n' \
  "$bytes" "$digest" "$hmac" "$payload"
