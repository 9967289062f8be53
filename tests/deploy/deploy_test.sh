#!/usr/bin/env bash
# The checks of deploy/ (registered in tests/deploy/CMakeLists.txt), one per ctest test:
#   deploy_test.sh CHECK SOURCE_DIR BUILD_DIR
# Exit status 0: the check holds; 1: it does not; 77: skipped (a tool it needs is missing).
set -euo pipefail

check=$1
src=$(cd "$2" && pwd)
build=$(cd "$3" && pwd)
validate=$src/deploy/k8s/validate
runner=$src/deploy/local/ordinal-local
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ordinal-deploy-test.XXXXXX")
cleanup_hooks=()
cleanup() {
  local hook
  for hook in "${cleanup_hooks[@]}"; do eval "$hook" || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIPPED: $*"; exit 77; }

need_kubectl() {
  command -v kubectl >/dev/null ||
    skip "kubectl is not installed (not a Debian 12 package; the machine image has it)"
}
need_node() {
  command -v node >/dev/null || skip "node is not installed (scripts/install-deps.sh)"
  [ -d "$validate/node_modules/kubernetes-models" ] ||
    skip "the checker's npm packages are missing (deploy/k8s/validate/setup.sh)"
}
checker() { node "$validate/check.mjs" "$@"; }

# Renders the base (or an overlay of it) into $tmp/NAME.yaml and prints that path.
render() {
  local dir=$1 name=$2
  kubectl kustomize "$src/deploy/k8s/$dir" > "$tmp/$name.yaml" ||
    fail "kubectl kustomize deploy/k8s/$dir failed"
  echo "$tmp/$name.yaml"
}

# Polls ordinal N through CLI_FUNCTION (called as CLI_FUNCTION N -e QUERY) until it prints
# EXPECTED, for at most 30 s (replication is asynchronous; the CLI cannot wait for a position).
expect_rows() {
  local cli=$1 n=$2 query=$3 expected=$4 got="" deadline=$(( SECONDS + 30 ))
  while [ $SECONDS -lt $deadline ]; do
    got=$("$cli" "$n" -e "$query" 2>&1) && [ "$got" = "$expected" ] && return 0
    sleep 0.2
  done
  fail "ordinal $n answered '$got' to '$query', expected '$expected'"
}

# Expects CHECKER_ARGS... to fail with a message matching PATTERN.
expect_rejected() {
  local pattern=$1 what=$2
  shift 2
  local out
  if out=$(checker "$@" 2>&1); then fail "$what was accepted"; fi
  grep -qE -- "$pattern" <<< "$out" || fail "$what: no message matching '$pattern' in: $out"
  echo "ok: $what rejected"
}

check_npm_setup() {
  command -v npm >/dev/null || skip "npm is not installed (scripts/install-deps.sh)"
  "$validate/setup.sh"
}

check_k8s_renders() {
  need_kubectl
  local base overlay
  base=$(render . base)
  overlay=$(render overlays/example-storageclass overlay)
  grep -q "^kind: StatefulSet" "$base" || fail "no StatefulSet in the rendered base"
  # The overlay is the base plus one line: the data volumes' StorageClass.
  diff "$base" "$overlay" | grep '^[<>]' > "$tmp/diff" || true
  [ "$(cat "$tmp/diff")" = ">       storageClassName: fast-ssd" ] ||
    fail "the overlay should differ from the base by storageClassName only: $(cat "$tmp/diff")"
  # The backups overlay adds its CronJob, claim and script, and changes nothing of the base.
  local backups kinds
  backups=$(render overlays/with-backups with-backups)
  diff "$base" "$backups" > "$tmp/backups.diff" || true
  ! grep -q '^<' "$tmp/backups.diff" ||
    fail "overlays/with-backups changes the base: $(grep '^<' "$tmp/backups.diff")"
  kinds=$(sed -n 's/^> kind: //p' "$tmp/backups.diff" | sort | tr '\n' ' ')
  [ "$kinds" = "ConfigMap CronJob PersistentVolumeClaim " ] ||
    fail "overlays/with-backups should add a ConfigMap, a CronJob and a claim, added: $kinds"
  echo "ok: deploy/k8s and its overlays render offline"
}

check_k8s_schema() {
  need_kubectl
  need_node
  checker schema "$(render . base)"
  checker schema "$(render overlays/example-storageclass overlay)"
  checker schema "$(render overlays/with-backups with-backups)"
  checker schema "$src/deploy/k8s/secret.example.yaml"
}

check_k8s_typo_fails_schema() {
  need_kubectl
  need_node
  local base
  base=$(render . base)
  sed 's/^  replicas: 3$/  replicaz: 3/' "$base" > "$tmp/typo.yaml"
  expect_rejected "replicaz" "an unknown StatefulSet field (replicaz)" schema "$tmp/typo.yaml"
  sed 's/readOnlyRootFilesystem: true/readOnlyRootFilesytem: true/' "$base" > "$tmp/nested.yaml"
  expect_rejected "readOnlyRootFilesytem" "a misspelt nested field" schema "$tmp/nested.yaml"
  sed 's/^  replicas: 3$/  replicas: three/' "$base" > "$tmp/type.yaml"
  expect_rejected "replicas" "a string where an integer belongs" schema "$tmp/type.yaml"
  sed 's/podManagementPolicy: OrderedReady/podManagementPolicy: 7/' "$base" > "$tmp/enum.yaml"
  expect_rejected "podManagementPolicy" "a number where a string belongs" schema "$tmp/enum.yaml"
}

check_k8s_properties() {
  need_kubectl
  need_node
  checker properties "$(render . base)"
  checker properties "$(render overlays/example-storageclass overlay)" --storage-class fast-ssd
  checker properties "$(render overlays/with-backups with-backups)"
}

# Each property check must bite: a base with one property broken is rejected.
check_k8s_property_violations_fail() {
  need_kubectl
  need_node
  local base
  base=$(render . base)
  sed 's/podManagementPolicy: OrderedReady/podManagementPolicy: Parallel/' "$base" > "$tmp/a.yaml"
  expect_rejected "podManagementPolicy" "Parallel pod management" properties "$tmp/a.yaml"
  sed 's/whenScaled: Retain/whenScaled: Delete/' "$base" > "$tmp/b.yaml"
  expect_rejected "RetentionPolicy" "deleting volumes on scale-down" properties "$tmp/b.yaml"
  sed 's/service: ordinal.liveness/service: ordinal.readiness/' "$base" > "$tmp/c.yaml"
  expect_rejected "livenessProbe service" "a liveness probe on readiness" properties "$tmp/c.yaml"
  sed 's/- name: POD_NAME/- name: ORDINAL_ROOT_PASSWORD\n          value: hunter2\n        - name: POD_NAME/' \
    "$base" > "$tmp/d.yaml"
  expect_rejected "ORDINAL_ROOT_PASSWORD" "an inline password" properties "$tmp/d.yaml"
  sed 's/runAsNonRoot: true/runAsNonRoot: false/' "$base" > "$tmp/e.yaml"
  expect_rejected "runAsNonRoot" "running as root" properties "$tmp/e.yaml"
  sed 's/statefulset.kubernetes.io\/pod-name: ordinal-0/statefulset.kubernetes.io\/pod-name: ordinal-1/' \
    "$base" > "$tmp/f.yaml"
  expect_rejected "ordinal-write" "a write Service on ordinal 1" properties "$tmp/f.yaml"
  sed 's/publishNotReadyAddresses: true/publishNotReadyAddresses: false/' "$base" > "$tmp/g.yaml"
  expect_rejected "publishNotReadyAddresses" "a headless Service hiding unready pods" \
    properties "$tmp/g.yaml"
  sed 's/--replication_user=replicator/--replication_user=root/' "$base" > "$tmp/k.yaml"
  expect_rejected "replication_user" "replicas streaming as root" properties "$tmp/k.yaml"
  sed 's/path: replication-password/path: other-password/' "$base" > "$tmp/l.yaml"
  expect_rejected "replication_password_file" "a replication password file missing from the Secret" \
    properties "$tmp/l.yaml"
  local backups
  backups=$(render overlays/with-backups with-backups)
  sed '/name: BACKUP_USER/{n;s/value: replicator/value: root/}' "$backups" > "$tmp/m.yaml"
  expect_rejected "BACKUP_USER" "backups taken as root" properties "$tmp/m.yaml"
  sed 's/value: ordinal-1.ordinal:7306/value: ordinal-0.ordinal:7306/' "$backups" > "$tmp/h.yaml"
  expect_rejected "a replica" "backups taken from the primary" properties "$tmp/h.yaml"
  sed 's/concurrencyPolicy: Forbid/concurrencyPolicy: Allow/' "$backups" > "$tmp/i.yaml"
  expect_rejected "concurrencyPolicy" "overlapping backup runs" properties "$tmp/i.yaml"
  sed '/^kind: CronJob/,$ s/secretName: ordinal-root-password/secretName: other/' "$backups" > "$tmp/j.yaml"
  expect_rejected "password Secret" "a backup password from another Secret" properties "$tmp/j.yaml"
}

# The TLS component (docs/tls.md): the overlay renders and validates, every pod gets its own
# certificate from the projected Secrets, the probes use the plaintext health port, and a
# TLS pod probing its TLS port is rejected. With the backup CronJob too, the Job copies over
# TLS and checks the server against the CA.
check_k8s_tls_component() {
  need_kubectl
  need_node
  local tls
  tls=$(render overlays/tls tls)
  checker schema "$tls"
  checker properties "$tls"
  for want in '--tls_cert_file=/etc/ordinal/tls/{ordinal}/tls.crt' '--tls_ca_file=/etc/ordinal/tls/ca.crt' \
      '--require_secure_transport' 'name: ordinal-tls-0' 'path: 2/tls.key'; do
    grep -qF -- "$want" "$tls" || fail "the TLS overlay lacks '$want'"
  done
  sed 's/--health_port=7307/--health_port=7399/' "$tls" > "$tmp/tls-probe.yaml"
  expect_rejected "health_port" "probes off the health port" properties "$tmp/tls-probe.yaml"
  local both
  both=$(render overlays/tls-with-backups tls-with-backups)
  checker schema "$both"
  checker properties "$both"
  sed -n '/^kind: CronJob/,/^---/p' "$both" > "$tmp/tls-cronjob.yaml"
  for want in 'name: BACKUP_SSL_CA' 'value: /etc/ordinal/tls/ca.crt' 'mountPath: /etc/ordinal/tls' \
      'secretName: ordinal-tls-0' '--ssl-ca "$ssl_ca"'; do
    grep -qF -- "$want" "$tmp/tls-cronjob.yaml" "$both" ||
      fail "the TLS overlay with backups lacks '$want'"
  done
  grep -qF 'BACKUP_SSL_CA' "$tmp/tls-cronjob.yaml" || fail "the backup CronJob has no BACKUP_SSL_CA"
  echo "ok: the TLS overlay mounts per-ordinal certificates and probes the health port"
  echo "ok: with backups, the backup Job copies over TLS and verifies the server against the CA"
}

# The example Secret is what the StatefulSet mounts, and is not part of the base.
check_k8s_secret_example() {
  need_kubectl
  need_node
  local base name
  base=$(render . base)
  name=$(sed -n 's/^  name: \(.*\)$/\1/p' "$src/deploy/k8s/secret.example.yaml" | head -1)
  [ -n "$name" ] || fail "secret.example.yaml has no name"
  grep -q "secretName: $name$" "$base" || fail "the StatefulSet does not mount the Secret $name"
  ! grep -q "^kind: Secret$" "$base" || fail "the base must not install a Secret"
  # Every key the pods mount (root's and the replication account's password) is in the example.
  local key keys=0
  for key in $(sed -n 's/^ *- key: \(.*\)$/\1/p' "$base"); do
    grep -q "^  $key: " "$src/deploy/k8s/secret.example.yaml" ||
      fail "secret.example.yaml lacks the key $key that the StatefulSet mounts"
    grep -q -- "--from-literal=$key=" "$src/deploy/k8s/secret.example.yaml" ||
      fail "secret.example.yaml's kubectl command lacks the key $key"
    keys=$((keys + 1))
  done
  [ "$keys" -eq 2 ] || fail "expected the StatefulSet to mount 2 Secret keys, found $keys"
  echo "ok: the StatefulSet mounts Secret $name ($keys keys, all in the example); the base ships none"
}

# What deploy/Dockerfile copies is what the build produces, it installs every shared library
# the binaries need, and it runs what the pod expects.
check_dockerfile_matches_build() {
  local dockerfile=$src/deploy/Dockerfile path copied=0
  for script in $(sed -n 's#.*\(scripts/[a-z_-]*\.sh\).*#\1#p' "$dockerfile" | sort -u); do
    [ -x "$src/$script" ] || fail "the Dockerfile runs $script, which is not an executable script"
  done
  while read -r path; do
    [ -x "$build/$path" ] || fail "the Dockerfile copies build/release/$path; $build/$path is missing"
    copied=$((copied + 1))
  done < <(sed -n 's#^COPY --from=build /src/build/release/\([^ ]*\) .*#\1#p' "$dockerfile")
  [ "$copied" -eq 3 ] ||
    fail "expected the Dockerfile to copy ordinald, ordinal and ordinal-backup, found $copied"
  echo "ok: the Dockerfile's binaries exist in $build"
  check_runtime_packages "$dockerfile"
  command -v kubectl >/dev/null && command -v node >/dev/null &&
    [ -d "$validate/node_modules/kubernetes-models" ] && checker image "$(render . base)" "$dockerfile"
  return 0
}

check_runtime_packages() {
  command -v dpkg >/dev/null && command -v apt-cache >/dev/null ||
    { echo "note: no dpkg/apt-cache, runtime libraries not checked"; return 0; }
  local listed covered lib file package linked missing=()
  linked=$(ldd "$build/server/ordinald" "$build/client/ordinal" "$build/backup/ordinal-backup")
  listed=$(sed -n '/^FROM .* AS runtime$/,$p' "$1" | sed -n 's/^ *\(lib[a-z0-9.+-]*\|zlib1g\) *\\\{0,1\}$/\1/p')
  [ -n "$listed" ] || fail "no runtime packages found in the Dockerfile"
  # shellcheck disable=SC2086
  covered=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
              --no-breaks --no-replaces --no-enhances $listed 2>/dev/null |
            sed -n 's/^ *\(Depends\|PreDepends\): <\{0,1\}\([^ >:]*\).*/\2/p; s/^\([a-z0-9][^ ]*\)$/\1/p' |
            sort -u)
  [ -n "$covered" ] || { echo "note: apt-cache knows no packages (no apt lists), runtime libraries not checked"; return 0; }
  # Each library the binaries name, with the file it resolves to and that file's real path;
  # then one dpkg -S for all of them (each call scans dpkg's whole file list: seconds apiece
  # on a loaded machine).
  local -A file_of=() real_of=()
  for lib in $(for b in server/ordinald client/ordinal backup/ordinal-backup; do
                 readelf -d "$build/$b" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p'; done | sort -u); do
    file=$(awk -v l="$lib" '$1 == l {print $3}' <<< "$linked" | head -1)
    [ -n "$file" ] || continue
    file_of[$lib]=$file
    real_of[$lib]=$(readlink -f "$file")
  done
  local owners
  owners=$(dpkg -S "${file_of[@]}" "${real_of[@]}" 2>/dev/null || true)
  for lib in "${!file_of[@]}"; do
    package=$(awk -v r="${real_of[$lib]}" -v f="${file_of[$lib]}" \
                '{p = $0; sub(/: .*/, "", p); path = substr($0, length(p) + 3)}
                 path == r || path == f {sub(/:.*/, "", p); print p; exit}' <<< "$owners")
    [ -n "$package" ] || continue
    grep -qxF "$package" <<< "$covered" || missing+=("$package ($lib)")
  done
  [ ${#missing[@]} -eq 0 ] || fail "the runtime image lacks: ${missing[*]}"
  echo "ok: the runtime stage installs every library the binaries link"
}

# ordinal-local starts each ordinal with the arguments and environment of its pod.
check_runner_flags_match_manifest() {
  need_kubectl
  need_node
  local base n
  base=$(render . base)
  export ORDINAL_LOCAL_ROOT=$tmp/data ORDINAL_LOCAL_ADDRESS_TEMPLATE='127.0.9.{ordinal}'
  export ORDINAL_LOCAL_PORT=17306 ORDINAL_LOCAL_METRICS_PORT=19090 ORDINAL_LOCAL_MYSQL_PORT=13306
  for n in 0 1 2 5; do
    checker pod-flags "$base" "$n" --root "$tmp/data" --address-template "$ORDINAL_LOCAL_ADDRESS_TEMPLATE" \
      --port 17306 --metrics-port 19090 --mysql-port 13306 > "$tmp/pod-$n"
    "$runner" print-flags "$n" > "$tmp/local-$n"
    diff -u "$tmp/pod-$n" "$tmp/local-$n" || fail "ordinal-local's flags for ordinal $n differ from pod ordinal-$n's"
  done
  [ ! -e "$tmp/data" ] || fail "print-flags must not create the data root"
  echo "ok: ordinal-local passes each pod's flags and environment"
}

source "$(dirname "${BASH_SOURCE[0]}")/runner_end_to_end.sh"
source "$(dirname "${BASH_SOURCE[0]}")/runner_tls.sh"
source "$(dirname "${BASH_SOURCE[0]}")/container_test.sh"

"check_$check"
