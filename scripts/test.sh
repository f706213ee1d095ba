#!/usr/bin/env bash
# The README's test command (npm test runs it inside scripts/services.sh): unit tests in parallel,
# then integration tests one file at a time, each project's time printed at the end. Arguments
# (a file, -t 'name') go to one jest run over both projects, one file at a time.
set -euo pipefail
export NODE_OPTIONS=--experimental-vm-modules NODE_NO_WARNINGS=1
jest=node_modules/.bin/jest
if [ $# -gt 0 ]; then exec "$jest" "$@"; fi
started=$(date +%s)
"$jest" --selectProjects unit --maxWorkers=2
unit=$(( $(date +%s) - started ))
started=$(date +%s)
"$jest" --selectProjects integration --runInBand
integration=$(( $(date +%s) - started ))
echo "test time: unit ${unit} s (in parallel), integration ${integration} s (one file at a time)"
