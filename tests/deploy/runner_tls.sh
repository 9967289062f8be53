# The local runner with TLS everywhere (sourced by deploy_test.sh): ORDINAL_LOCAL_TLS=1 up 2
# makes a throwaway CA and a certificate per ordinal, the replica clones and follows the
# primary over mutual TLS, the CLI and the mariadb client verify the servers, and plaintext
# is refused on both ports. Runs on 127.0.79.N and free ports (e2e_free_port of
# runner_end_to_end.sh), in a temporary root.

tls_cli() {
  local n=$1
  shift
  "$build/client/ordinal" -h "127.0.79.$n" -P "$ORDINAL_LOCAL_PORT" --batch -N "$@"
}

tls_verified_cli() {
  local n=$1
  shift
  tls_cli "$n" --ssl-ca="$ORDINAL_LOCAL_ROOT/tls/ca.crt" --ssl-mode=VERIFY_IDENTITY "$@"
}

check_runner_tls() {
  [ -x "$build/server/ordinald" ] && [ -x "$build/client/ordinal" ] ||
    skip "ordinald and ordinal are not built in $build"
  command -v curl >/dev/null || skip "curl is not installed (scripts/install-deps.sh)"
  command -v openssl >/dev/null || skip "openssl is not installed (scripts/install-deps.sh)"
  export ORDINAL_BUILD_DIR=$build ORDINAL_LOCAL_ROOT=$tmp/data ORDINAL_LOCAL_TLS=1
  export ORDINAL_LOCAL_ADDRESS_TEMPLATE='127.0.79.{ordinal}' ORDINAL_LOCAL_START_TIMEOUT=60
  local p
  for p in PORT METRICS_PORT MYSQL_PORT HEALTH_PORT; do
    export "ORDINAL_LOCAL_$p=$(e2e_free_port 127.0.79)"
  done
  cleanup_hooks+=('"$runner" destroy >/dev/null 2>&1')

  "$runner" up 2 | tee "$tmp/up.log"
  grep -q -- "--ssl-mode=VERIFY_IDENTITY" "$tmp/up.log" || fail "up printed no TLS connect line"
  [ "$(stat -c %a "$ORDINAL_LOCAL_ROOT/tls/0/tls.key")" = 600 ] || fail "a key is not mode 600"
  export ORDINAL_PASSWORD
  ORDINAL_PASSWORD=$(cat "$ORDINAL_LOCAL_ROOT/root-password")
  grep -q "TLS with mutual TLS between pods" "$ORDINAL_LOCAL_ROOT/ordinal-1.log" ||
    fail "ordinal-1 does not say it runs mutual TLS"

  tls_verified_cli 0 -e "CREATE DATABASE tls; CREATE TABLE tls.kv (k INT PRIMARY KEY, v TEXT);
                         INSERT INTO tls.kv VALUES (1, 'sealed')"
  expect_rows tls_verified_cli 1 "SELECT v FROM tls.kv WHERE k = 1" "sealed"
  if tls_cli 0 --ssl-mode=DISABLED -e "SELECT 1" > "$tmp/plain.out" 2>&1; then
    fail "a plaintext CLI was served"
  fi
  grep -q "ERROR 2003" "$tmp/plain.out" || fail "plaintext CLI: $(cat "$tmp/plain.out")"
  if command -v mariadb >/dev/null; then
    local got
    got=$(MYSQL_PWD=$ORDINAL_PASSWORD mariadb -h 127.0.79.1 -P "$ORDINAL_LOCAL_MYSQL_PORT" -u root \
      --ssl --ssl-ca="$ORDINAL_LOCAL_ROOT/tls/ca.crt" --ssl-verify-server-cert -N --batch \
      -e "SELECT v FROM tls.kv WHERE k = 1") || fail "mariadb over TLS failed: $got"
    [ "$got" = sealed ] || fail "mariadb over TLS read '$got'"
    got=$(MYSQL_PWD=$ORDINAL_PASSWORD mariadb -h 127.0.79.1 -P "$ORDINAL_LOCAL_MYSQL_PORT" -u root \
      --skip-ssl -N --batch -e "SELECT 1" 2>&1) && fail "a plaintext mariadb login was served"
    grep -q "3159" <<< "$got" || fail "plaintext mariadb: $got"
  fi
  # The scheduled backup's script over TLS, verifying the replica against the CA, with no
  # certificate of its own (docs/tls.md, "Backups").
  mkdir -p "$tmp/backups"
  printf '%s\n' "$ORDINAL_PASSWORD" > "$tmp/backup-password"
  BACKUP_SOURCE="127.0.79.1:$ORDINAL_LOCAL_PORT" BACKUP_ROOT=$tmp/backups \
    BACKUP_PASSWORD_FILE=$tmp/backup-password BACKUP_SSL_CA=$ORDINAL_LOCAL_ROOT/tls/ca.crt \
    ORDINAL=$build/client/ordinal sh "$src/deploy/k8s/components/backup-cronjob/backup.sh" \
    > "$tmp/backup.log" 2>&1 || fail "backup.sh over TLS failed: $(tail -5 "$tmp/backup.log")"
  grep -q "^backup: done" "$tmp/backup.log" || fail "backup.sh over TLS: $(cat "$tmp/backup.log")"
  "$runner" status > "$tmp/status.log"
  grep -q "readiness SERVING" "$tmp/status.log" || fail "status: $(cat "$tmp/status.log")"
  grep -qi "role" "$tmp/status.log" || fail "status shows no server status over TLS"
  "$runner" destroy
  [ ! -e "$ORDINAL_LOCAL_ROOT" ] || fail "destroy left $ORDINAL_LOCAL_ROOT"
  echo "ok: the runner's TLS cluster replicates over mutual TLS and refuses plaintext"
}
