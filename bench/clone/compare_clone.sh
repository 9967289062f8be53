#!/bin/bash
# Compares clone variants on the same store, alternating them round by round:
#   bench/clone/compare_clone.sh STORE ROUNDS VARIANT [VARIANT...]
# STORE: a data directory (e.g. pod-0/data of `ordinal-clone-bench --keep_dirs`, whose
# password is clone-bench-password). VARIANT: a build directory (holding server/ordinald),
# optionally followed by flags (and NAME=VALUE environment settings) for the source, comma
# separated:
#   build/release,--clone_source_reads=buffered
# For each round and variant: ordinal 0 serves a fresh copy of STORE (the source), the page
# cache is dropped and the disk left to finish its writes, then ordinal 1 starts on an
# empty volume and clones it. Printed: the wall time from ordinal 1's start until it logs
# "clone complete" (the store is verified, synced and installed; opening it follows), its
# transfer phase (its "clone: timings:" line), the CPU seconds of the source during the clone
# and of the target from its start (utime + stime from /proc/PID/stat), and the load average.
# With KEEP_LOGS=DIR both servers' logs of every clone are kept there. With THREADS=1 the
# target's CPU is also printed by thread name, in clock ticks (threads that exited, such as
# the per-file writers, together).
# Needs root (drop_caches). Scratch space: $TMPDIR (default /tmp), about twice STORE.
set -euo pipefail
store=$1 rounds=$2
shift 2
variants=("$@")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/compare-clone-XXXXXX")
password=${ORDINAL_PASSWORD:-clone-bench-password}
net=127.0.$((2 + RANDOM % 250))
port=$((20000 + RANDOM % 20000))
source_pid= target_pid=
stop() { [ -n "$1" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true; }
cleanup() { stop "$target_pid"; stop "$source_pid"; rm -rf "$scratch"; }
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/settle.sh"
seconds() { echo "scale=2; $1 / $ticks" | bc; }

start_pod() {  # ordinal build flags-and-environment...
  local ordinal=$1 build=$2 setting
  local -a flags=() environment=()
  shift 2
  for setting in "$@"; do
    if [[ $setting == --* ]]; then flags+=("$setting"); else environment+=("$setting"); fi
  done
  mkdir -p "$scratch/pod-$ordinal"
  env -u ORDINAL_PASSWORD ORDINAL_ROOT_PASSWORD="$password" "${environment[@]}" \
    "$build/server/ordinald" \
    --data_dir="$scratch/pod-$ordinal/data" --ordinal="$ordinal" --host="$net.$ordinal" \
    --port=$port --peer_template="$net.{ordinal}:$port" --mysql_port=0 --sync_commit=off \
    "${flags[@]}" \
    > "$scratch/pod-$ordinal/server.log" 2>&1 &
}

for round in $(seq "$rounds"); do
  for variant in "${variants[@]}"; do
    IFS=, read -r -a parts <<< "$variant"
    build=${parts[0]}
    flags=("${parts[@]:1}")
    rm -rf "$scratch/pod-0" "$scratch/pod-1"
    mkdir -p "$scratch/pod-0" && cp -r "$store" "$scratch/pod-0/data"
    start_pod 0 "$build" "${flags[@]}"
    source_pid=$!
    for _ in $(seq 150); do (echo > /dev/tcp/$net.0/$port) 2>/dev/null && break; sleep 0.2; done
    settle
    source_before=$(cpu_ticks "$source_pid")
    started=$(date +%s%N)
    start_pod 1 "$build"
    target_pid=$!
    until grep -q "clone complete" "$scratch/pod-1/server.log" 2>/dev/null; do
      kill -0 "$target_pid" 2>/dev/null || { echo "ordinal 1 exited"; exit 1; }
      sleep 0.02
    done
    ended=$(date +%s%N)
    target_cpu=$(cpu_ticks "$target_pid")
    if [ -n "${THREADS:-}" ]; then  # the target's CPU by thread name (exited threads: "(exited)")
      threads=$(for task in /proc/"$target_pid"/task/*; do
        echo "$(tr ' ' _ < "$task/comm") $(awk '{print $14 + $15}' "$task/stat")"
      done | awk -v total="$target_cpu" '{cpu[$1] += $2; sum += $2}
        END {for (n in cpu) if (cpu[n] > 0) printf "%s %d, ", n, cpu[n];
             printf "(exited) %d ticks", total - sum}')
    fi
    source_after=$(cpu_ticks "$source_pid")
    timings=$(grep -o "clone: timings: .*" "$scratch/pod-1/server.log" | tail -1)
    stop "$target_pid"; target_pid=
    stop "$source_pid"; source_pid=
    if [ -n "${KEEP_LOGS:-}" ]; then
      mkdir -p "$KEEP_LOGS"
      for ordinal in 0 1; do
        cp "$scratch/pod-$ordinal/server.log" \
          "$KEEP_LOGS/round-$round-${variant//[\/,=]/_}-pod-$ordinal.log"
      done
    fi
    echo "round $round $variant: $(echo "scale=2; ($ended - $started) / 1000000000" | bc) s;" \
      "source CPU $(seconds $((source_after - source_before))) s, target CPU" \
      "$(seconds "$target_cpu") s; ${timings#clone: timings: }; load $(cut -d' ' -f1 /proc/loadavg)"
    [ -n "${THREADS:-}" ] && echo "  target threads: $threads"
  done
done
