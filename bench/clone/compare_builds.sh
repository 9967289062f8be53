#!/bin/bash
# Compares two builds' backup and restore CPU per GiB on the same store, alternating them:
#   bench/clone/compare_builds.sh STORE ROUNDS DIR_A DIR_B
# STORE: a data directory (e.g. pod-0/data of `ordinal-clone-bench --keep_dirs`, whose
# password is clone-bench-password); DIR_A, DIR_B: build directories (or any directories
# holding server/ordinald and backup/ordinal-backup). For each round and build: an ordinald
# on a fresh copy of STORE, `ordinal-backup backup` from it (server CPU from /proc/PID/stat,
# the tool's from /usr/bin/time), then `ordinal-backup restore` of that backup; the page cache
# is dropped and the disk left to finish its writes before each. Needs root (drop_caches).
# Scratch space: $TMPDIR (default /tmp), about three times STORE.
set -euo pipefail
store=$1 rounds=$2
builds=("$3" "$4")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/compare-builds-XXXXXX")
export ORDINAL_PASSWORD=${ORDINAL_PASSWORD:-clone-bench-password}
port=$((20000 + RANDOM % 20000))
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/settle.sh"

for round in $(seq "$rounds"); do
  for build in "${builds[@]}"; do
    rm -rf "$scratch/store" && cp -r "$store" "$scratch/store"
    ORDINAL_ROOT_PASSWORD=$ORDINAL_PASSWORD "$build/server/ordinald" --data_dir="$scratch/store" \
      --ordinal=0 --port=$port --mysql_port=0 --host=127.0.0.1 > "$scratch/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 150); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
    settle
    before=$(cpu_ticks $pid)
    /usr/bin/time -o "$scratch/time" -f "%e s wall, %U user, %S system" \
      "$build/backup/ordinal-backup" backup --from 127.0.0.1:$port --to "$scratch/backup" \
      --quiet > /dev/null 2>&1
    after=$(cpu_ticks $pid)
    kill $pid; wait $pid 2>/dev/null || true; pid=
    echo "round $round $build backup: $(cat "$scratch/time"); server CPU" \
      "$(echo "scale=2; ($after - $before) / $ticks" | bc) s; load $(cut -d' ' -f1 /proc/loadavg)"
    settle
    /usr/bin/time -o "$scratch/time" -f "%e s wall, %U user, %S system" \
      "$build/backup/ordinal-backup" restore --backup "$scratch/backup" --to "$scratch/restored" \
      --quiet > /dev/null 2>&1
    echo "round $round $build restore: $(cat "$scratch/time"); load $(cut -d' ' -f1 /proc/loadavg)"
    rm -rf "$scratch/backup" "$scratch/restored"
  done
done
