#!/usr/bin/env bash
# Installs the Node.js client test's npm packages exactly as package-lock.json pins them,
# when they are missing or stale. Called by scripts/install-deps.sh and by the MySQL client
# tests. Exit status 0 when the packages are in place; 1 when npm is missing or fails.
set -euo pipefail
cd "$(dirname "$0")"

stamp=node_modules/.ordinal-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
exec 9>.setup.lock
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
command -v npm >/dev/null || { echo "node/setup.sh: npm is missing (scripts/install-deps.sh)" >&2; exit 1; }
echo "node/setup.sh: npm ci in $PWD"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
