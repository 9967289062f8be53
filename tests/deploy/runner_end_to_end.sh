# The local runner end to end (sourced by deploy_test.sh): up 3, write to ordinal 0, read
# it back from ordinal 2 (a replica), scale 2, write more, scale 3, down and a second up on
# the kept volumes, destroy. Checks that
# no ordinal started before its predecessor served, in the runner's log and in the servers'.
# Runs on its own loopback addresses (127.0.78.N) and a free port, in a temporary root.

e2e_cli() {
  local n=$1
  shift
  "$build/client/ordinal" -h "127.0.78.$n" -P "$ORDINAL_LOCAL_PORT" --batch -N "$@"
}

# A port free on every address this test uses (each ordinal listens on its own address):
# NET.0 to NET.2, NET 127.0.78 unless given.
e2e_free_port() {
  local net=${1:-127.0.78} port n
  for _ in $(seq 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    for n in 0 1 2; do
      (exec 3<>"/dev/tcp/$net.$n/$port") 2>/dev/null && continue 2
    done
    echo "$port"
    return
  done
  fail "no free port found"
}

e2e_expect_rows() { expect_rows e2e_cli "$@"; }

e2e_running() { "$runner" status | grep -c '^ordinal-[0-9].*running' || true; }

# Every "ordinal-N: started after ordinal-(N-1) served at T" line in the runner's log has
# T before its own time, and each server's first start came after its predecessor listened.
e2e_check_order() {
  local line time served n started listened
  while read -r line; do
    time=${line%% *}
    served=${line##* at }
    [[ ! "$served" > "$time" ]] || fail "started before its predecessor served: $line"
  done < <(grep ': started after ' "$ORDINAL_LOCAL_ROOT/ordinal-local.log")
  [ "$(grep -c ': started after ' "$ORDINAL_LOCAL_ROOT/ordinal-local.log")" -ge 2 ] ||
    fail "the runner's log has no start lines: $(cat "$ORDINAL_LOCAL_ROOT/ordinal-local.log")"
  for n in 1 2; do
    started=$(grep -m1 ' starting: ordinal ' "$ORDINAL_LOCAL_ROOT/ordinal-$n.log" | cut -d' ' -f1)
    listened=$(grep -m1 ' listening on ' "$ORDINAL_LOCAL_ROOT/ordinal-$(( n - 1 )).log" | cut -d' ' -f1)
    [ -n "$started" ] && [ -n "$listened" ] || fail "ordinal-$n or ordinal-$(( n - 1 )) logged no start"
    [[ "$listened" < "$started" ]] ||
      fail "ordinal-$n started at $started, before ordinal-$(( n - 1 )) listened at $listened"
  done
  echo "ok: no ordinal started before its predecessor served"
}

check_runner_end_to_end() {
  [ -x "$build/server/ordinald" ] && [ -x "$build/client/ordinal" ] ||
    skip "ordinald and ordinal are not built in $build"
  command -v curl >/dev/null || skip "curl is not installed (scripts/install-deps.sh)"
  export ORDINAL_BUILD_DIR=$build ORDINAL_LOCAL_ROOT=$tmp/data
  export ORDINAL_LOCAL_ADDRESS_TEMPLATE='127.0.78.{ordinal}' ORDINAL_LOCAL_START_TIMEOUT=60
  ORDINAL_LOCAL_PORT=$(e2e_free_port)
  ORDINAL_LOCAL_METRICS_PORT=$(e2e_free_port)
  ORDINAL_LOCAL_MYSQL_PORT=$(e2e_free_port)
  export ORDINAL_LOCAL_PORT ORDINAL_LOCAL_METRICS_PORT ORDINAL_LOCAL_MYSQL_PORT
  cleanup_hooks+=('"$runner" down >/dev/null 2>&1' e2e_kill_leftovers)

  "$runner" up 3
  [ "$(stat -c %a "$ORDINAL_LOCAL_ROOT/root-password")" = 600 ] || fail "root-password is not mode 600"
  export ORDINAL_PASSWORD
  ORDINAL_PASSWORD=$(cat "$ORDINAL_LOCAL_ROOT/root-password")
  e2e_check_order

  e2e_cli 0 -e "CREATE DATABASE e2e; CREATE TABLE e2e.kv (k INT PRIMARY KEY, v VARCHAR(20));
                INSERT INTO e2e.kv VALUES (1, 'one')"
  e2e_expect_rows 0 "SELECT v FROM e2e.kv WHERE k = 1" "one"
  # Ordinal 2 is a replica: the write reaches it through replication.
  local reader=2
  e2e_expect_rows "$reader" "SELECT v FROM e2e.kv WHERE k = 1" "one"
  # The same read with the mariadb client, over the MySQL protocol.
  if command -v mariadb >/dev/null; then
    local got
    got=$(MYSQL_PWD=$ORDINAL_PASSWORD mariadb -h 127.0.78.$reader -P "$ORDINAL_LOCAL_MYSQL_PORT" \
      -u root -N --batch -e "SELECT v FROM e2e.kv WHERE k = 1") || fail "mariadb on ordinal $reader failed"
    [ "$got" = one ] || fail "mariadb read '$got' from ordinal $reader"
  fi

  e2e_replication_account
  e2e_scheduled_backups

  # Root's password changed on the primary (the runner's file keeps the old one): replicas
  # stream as the replication account, so a restarted replica follows again.
  local root_password=$ORDINAL_PASSWORD
  e2e_set_root_password "e2e-$RANDOM-$RANDOM-$RANDOM"
  "$runner" scale 2
  [ "$(e2e_running)" = 2 ] || fail "scale 2 left $(e2e_running) ordinals running"
  [ -d "$ORDINAL_LOCAL_ROOT/ordinal-2/db" ] || fail "scale 2 removed ordinal-2's volume"
  e2e_cli 0 -e "INSERT INTO e2e.kv VALUES (2, 'two')"

  "$runner" scale 3
  [ "$(e2e_running)" = 3 ] || fail "scale 3 left $(e2e_running) ordinals running"
  e2e_expect_rows "$reader" "SELECT v FROM e2e.kv ORDER BY k" $'one\ntwo'
  echo "ok: a replica restarted after root's password changed follows as the replication account"
  e2e_set_root_password "$root_password"
  "$runner" status

  "$runner" down
  [ "$(e2e_running)" = 0 ] || fail "down left ordinals running"
  "$runner" up
  [ "$(e2e_running)" = 3 ] || fail "the second up started $(e2e_running) ordinals"
  e2e_expect_rows 0 "SELECT v FROM e2e.kv ORDER BY k" $'one\ntwo'
  e2e_expect_rows "$reader" "SELECT v FROM e2e.kv ORDER BY k" $'one\ntwo'
  e2e_check_order

  local pids pid
  pids=$(cat "$ORDINAL_LOCAL_ROOT"/ordinal-*.pid)
  "$runner" destroy
  [ ! -e "$ORDINAL_LOCAL_ROOT" ] || fail "destroy left $ORDINAL_LOCAL_ROOT: $(ls "$ORDINAL_LOCAL_ROOT")"
  for pid in $pids; do
    [ ! -d "/proc/$pid" ] || fail "destroy left server pid $pid running"
  done
  echo "ok: up 3, scale 2, scale 3, down, up, destroy"
}

# Sets root's password on ordinal 0 (the statement goes through stdin, not argv) and uses it.
e2e_set_root_password() {
  printf "ALTER USER 'root'@'%%' IDENTIFIED BY '%s';\n" "$1" | e2e_cli 0 ||
    fail "ALTER USER root failed"
  ORDINAL_PASSWORD=$1
}

# The runner gives replicas the StatefulSet's replication account: its password file (mode
# 600, like root's), and an account on the primary with REPLICATION SLAVE only.
e2e_replication_account() {
  local file=$ORDINAL_LOCAL_ROOT/replication-password grants
  [ "$(stat -c %a "$file")" = 600 ] || fail "replication-password is not mode 600"
  grants=$(e2e_cli 0 -e "SHOW GRANTS FOR 'replicator'@'%'") || fail "SHOW GRANTS FOR replicator failed"
  [ "$grants" = "GRANT REPLICATION SLAVE ON *.* TO \`replicator\`@\`%\`" ] ||
    fail "the replication account holds: $grants"
  echo "ok: the replication account exists with REPLICATION SLAVE only"
}

# The backup CronJob's script (components/backup-cronjob/backup.sh) against ordinal 1, as the
# CronJob runs it (as the replication account): a full backup, then an incremental one from it, each verified; a directory left by a killed run
# and anything not named like a backup on the volume; retention down to BACKUP_KEEP.
e2e_scheduled_backups() {
  local script=$src/deploy/k8s/components/backup-cronjob/backup.sh backups=$tmp/backups
  mkdir -p "$backups/lost+found"
  e2e_backup_run() {
    sleep 1   # backups are named by the second
    BACKUP_SOURCE="127.0.78.1:$ORDINAL_LOCAL_PORT" BACKUP_ROOT=$backups \
      BACKUP_USER=replicator BACKUP_PASSWORD_FILE=$ORDINAL_LOCAL_ROOT/replication-password \
      ORDINAL=$build/client/ordinal \
      "$@" sh "$script" > "$tmp/backup-run.log" 2>&1 ||
      fail "backup.sh failed: $(tail -5 "$tmp/backup-run.log")"
  }
  e2e_backup_run env
  grep -q "full (no finished backup" "$tmp/backup-run.log" || fail "the first run was not full"
  mkdir "$backups/20000101T000000Z"   # what a killed run leaves: no manifest
  e2e_backup_run env
  grep -q "incremental from" "$tmp/backup-run.log" || fail "the second run was not incremental"
  grep -q "removing 20000101T000000Z, left unfinished" "$tmp/backup-run.log" ||
    fail "the unfinished backup was not removed: $(cat "$tmp/backup-run.log")"
  local finished
  finished=$(ls "$backups"/*/backup-manifest.json | wc -l)
  [ "$finished" = 2 ] || fail "expected 2 finished backups, found $finished"
  grep -q '"linked": true' "$(ls -d "$backups"/2*/ | tail -1)backup-manifest.json" ||
    fail "the second backup links no file of the first"
  e2e_backup_run env BACKUP_KEEP=1
  [ "$(ls -d "$backups"/2*/ | wc -l)" = 1 ] || fail "BACKUP_KEEP=1 kept $(ls "$backups")"
  [ -d "$backups/lost+found" ] || fail "backup.sh removed a directory it does not own"
  "$build/client/ordinal" backup verify "$(ls -d "$backups"/2*/ | tail -1)" > /dev/null ||
    fail "the backup kept after retention does not verify"
  if BACKUP_KEEP=0 BACKUP_SOURCE=x BACKUP_ROOT=$backups sh "$script" 2>/dev/null; then
    fail "BACKUP_KEEP=0 was accepted"
  fi
  echo "ok: scheduled backups: full, incremental, verified, unfinished removed, retention kept 1"
}

# Last resort on failure: the servers this test started (by their pid files) get SIGKILL.
e2e_kill_leftovers() {
  local file pid
  for file in "$ORDINAL_LOCAL_ROOT"/ordinal-*.pid; do
    [ -f "$file" ] || continue
    pid=$(cat "$file")
    grep -qF -- "--data_dir=$ORDINAL_LOCAL_ROOT/" "/proc/$pid/cmdline" 2>/dev/null && kill -KILL "$pid"
  done
  return 0
}
