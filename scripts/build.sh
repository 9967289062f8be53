#!/usr/bin/env bash
# Configures and builds OrdinalDB into ./build (clang, Ninja, RelWithDebInfo).
# Usage: scripts/build.sh [extra cmake --build arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${ORDINAL_BUILD_DIR:-build/release}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [ ! -f "$build_dir/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}"
fi
start=$(date +%s)
cmake --build "$build_dir" -j "$(nproc)" "$@"
echo "build: done in $(( $(date +%s) - start )) s ($build_dir)"
