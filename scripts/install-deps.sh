#!/usr/bin/env bash
# Installs every Debian 12 package OrdinalDB needs to build, test and run.
# Idempotent: when everything is present it only checks. Needs root (or sudo).
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ clang pkg-config ccache
  # libraries
  librocksdb-dev libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev libspdlog-dev libfmt-dev
  prometheus-cpp-dev libedit-dev libxxhash-dev
  # fuzzing and sanitizers (clang's runtimes)
  libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
