#!/usr/bin/env bash
# dist/ is what users run: it must be exactly what `npm run bundle` makes from the committed sources.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s bundle
# Captured first, so that a failing git (for example a dubious-ownership refusal) fails the check under set -e
# instead of reading as "no difference".
changes=$(git status --porcelain --untracked-files=all -- dist)
if [ -n "$changes" ]; then
  echo "dist/ differs from a fresh 'npm run bundle'. Run it and commit dist/:" >&2
  printf '%s\n' "$changes" >&2
  git --no-pager diff --stat -- dist >&2
  exit 1
fi
echo "dist/ is fresh"
