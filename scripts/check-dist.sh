#!/usr/bin/env bash
# Fails when dist/ does not match what the sources build to (users run dist/index.js).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ does not match the sources: run 'npm run build' and commit dist/" >&2
  git status --porcelain -- dist >&2
  git diff --stat -- dist >&2
  exit 1
fi
echo "dist/ matches the sources"
