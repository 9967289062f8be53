#!/usr/bin/env bash
# Set up + test: installs the packages, builds, and runs the whole test suite
# (unit, integration with real ordinald processes, fuzz-corpus replay).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh
build_dir=${ORDINAL_BUILD_DIR:-build/release}
start=$(date +%s)
ctest --test-dir "$build_dir" -j "$(nproc)" --output-on-failure --timeout 600 "$@"
echo "test: done in $(( $(date +%s) - start )) s"
