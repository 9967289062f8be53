#!/usr/bin/env bash
# Checks that #include lines follow DESIGN.md's layering:
#   common <- proto <- engine <- (replication <-) server ;  client <- proto, common ;
#   bench <- client ; and only engine/kv includes <rocksdb/...>.
#   backup (ordinal-backup: backups and point-in-time restore) sits beside server, on
#   replication: a backup is a clone kept as files, a restore replays the log archive
#   through the engine's apply path. The `ordinal` CLI runs it as a separate binary, so the
#   client library stays on proto and common; backup uses the client library's TLS options
#   (a top-level tool, like bench).
#   bench/mysql-floor (a MySQL server without storage that measures the machine's floor)
#   speaks the protocol with the front end's codec: it may include server/mysql/ as well.
# Usage: check_layering.sh REPO_ROOT   (exit 1 and a line per violation on failure)
set -euo pipefail
root=${1:?repo root}
cd "$root"

# Folders each layer may include from (besides itself).
declare -A allowed=(
  [common]=""
  [proto]="common"
  [engine]="common proto"
  [replication]="common proto engine"
  [server]="common proto engine replication"
  [backup]="common proto engine replication client"
  [client]="common proto"
  [bench]="common proto client"
)

fail=0
for layer in "${!allowed[@]}"; do
  [ -d "$layer" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -E 's/.*#include +"([^"]+)".*/\1/' <<<"${line#*:}")
    top=${inc%%/*}
    # Generated protobuf headers live under ordinal/v1/ and belong to the proto layer.
    [ "$top" = "ordinal" ] && top=proto
    [ -n "${allowed[$top]+x}" ] || continue          # not a project folder (absl/, grpcpp/...)
    [ "$top" = "$layer" ] && continue
    [[ "$file" == bench/mysql-floor/* && "$inc" == server/mysql/* ]] && continue
    if [[ " ${allowed[$layer]} " != *" $top "* ]]; then
      echo "layering: $file includes \"$inc\": $layer may not depend on $top"
      fail=1
    fi
  done < <(grep -rHE '^#include +"' "$layer" --include='*.h' --include='*.cc' || true)
done

# RocksDB stays behind the storage seam.
while IFS= read -r file; do
  case "$file" in
    engine/kv/*) ;;
    *) echo "layering: $file includes <rocksdb/...>: only engine/kv may"; fail=1 ;;
  esac
done < <(grep -rlE '^#include +[<"]rocksdb/' common proto engine server client \
           $( [ -d replication ] && echo replication ) $( [ -d bench ] && echo bench ) \
           $( [ -d backup ] && echo backup ) \
           --include='*.h' --include='*.cc' 2>/dev/null || true)

[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
