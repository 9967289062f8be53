#!/usr/bin/env bash
# Usage: scripts/npm-ci.sh DIR
# Installs DIR's npm packages exactly as DIR/package-lock.json pins them, when they are missing
# or stale (a stamp in node_modules records the lock file's hash; a lock serializes concurrent
# callers). Exit status 0 when the packages are in place; 1 when npm is missing or fails.
set -euo pipefail
dir=${1:?usage: scripts/npm-ci.sh DIR}
cd "$dir"

stamp=node_modules/.ordinal-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
exec 9>.setup.lock
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
command -v npm >/dev/null || { echo "npm-ci.sh: npm is missing (scripts/install-deps.sh)" >&2; exit 1; }
echo "npm-ci.sh: npm ci in $PWD"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
