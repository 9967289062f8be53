#!/usr/bin/env bash
# Installs the manifest checker's npm packages, exactly as package-lock.json pins them, when
# they are missing or stale. Called by scripts/install-deps.sh and by the test suite's setup.
# Exit status 0 when the packages are in place; 1 when npm is missing or fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/../../../scripts/npm-ci.sh" "$here"
