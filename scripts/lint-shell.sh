#!/usr/bin/env bash
# Runs shellcheck over every shell script the repository tracks: *.sh files and files whose first line names bash or sh.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t scripts < <(
  git ls-files -z -- ':!dist' ':!node_modules' | while IFS= read -r -d '' f; do
    [ -f "$f" ] || continue
    case "$f" in *.sh) echo "$f"; continue ;; esac
    head -n 1 "$f" | grep -qE '^#!.*[/ ](ba)?sh( |$)' && echo "$f"
  done
)
echo "shellcheck: ${#scripts[@]} scripts"
shellcheck "${scripts[@]}"
