# The image, built and run as the StatefulSet runs its pods (sourced by deploy_test.sh).
#
# Builds deploy/Dockerfile's runtime stage around this build's binaries with podman
# (deploy/image/build-image.sh), then starts ordinals 0, 1 and 2 in order, each once its
# predecessor is ready, with the pod's exact command, arguments, environment and security
# context taken from the rendered manifest (check.mjs pod-run): host network, ordinal N on
# 127.0.1.N with the manifest's ports, user 10001, read-only root filesystem, every
# capability dropped, a podman volume per ordinal, the Secret as a read-only directory.
# Then: a write on ordinal 0 read on ordinal 2, over gRPC and over the MySQL protocol; a
# backup of ordinal 1 taken and verified inside a container, and by the backup CronJob's Job
# (components/backup-cronjob) run as the manifest says; a replica's container removed
# and created again on its volume resumes without a clone; a replica whose volume is removed
# clones its predecessor. Prints the image's size and the start-up times. Skipped, with the reason, where podman cannot run containers.

ct_address() { echo "127.0.1.$1"; }
ct_name() { echo "ordinal-test-$$-$1"; }
ct_volume() { echo "ordinal-test-$$-data-$1${2:-}"; }

ct_cli() {
  local n=$1
  shift
  ORDINAL_PASSWORD=$(cat "$ct_secret/password") \
    "$build/client/ordinal" -h "$(ct_address "$n")" -P 7306 --batch -N "$@"
}

# The kubelet's readiness probe: grpc.health.v1.Health/Check for ordinal.readiness on 7306.
ct_ready() {
  local reply service=ordinal.readiness
  reply=$( { printf '\x00\x00\x00\x00'; printf "\\x$(printf %02x $(( ${#service} + 2 )))";
             printf '\x0a'; printf "\\x$(printf %02x ${#service})"; printf '%s' "$service"; } |
    curl -s --http2-prior-knowledge --max-time 2 -X POST \
      -H 'content-type: application/grpc' -H 'te: trailers' --data-binary @- \
      "http://$(ct_address "$1"):7306/grpc.health.v1.Health/Check" 2>/dev/null |
    od -An -tx1 | tr -d ' \n') || true
  [ "$reply" = 00000000020801 ]
}

# Starts pod N's container on VOLUME and waits until it is ready; prints the seconds taken.
ct_start() {
  local n=$1 volume=$2 line opts=() args=() entrypoint="" start deadline
  while read -r line; do
    case $line in
      "opt "*) opts+=("${line#opt }") ;;
      "arg "*) args+=("${line#arg }") ;;
      "entrypoint "*) entrypoint=${line#entrypoint } ;;
    esac
  done < <(checker pod-run "$ct_manifest" "$n" --address-template '127.0.1.{ordinal}' \
             --volume "$volume" --secret-dir "$ct_secret")
  [ -n "$entrypoint" ] || fail "check.mjs pod-run printed no entrypoint for ordinal $n"
  start=$(date +%s.%N)
  ordinal_podman run -d --name "$(ct_name "$n")" --label "ordinaldb.test.pid=$$" "${opts[@]}" --entrypoint "$entrypoint" \
    "$ct_image" "${args[@]}" > /dev/null || fail "podman run of ordinal $n failed"
  deadline=$(( SECONDS + 120 ))
  until ct_ready "$n"; do
    if [ "$(ordinal_podman inspect --format '{{.State.Running}}' "$(ct_name "$n")")" != true ]; then
      ordinal_podman logs "$(ct_name "$n")" 2>&1 | tail -20 >&2
      fail "the container of ordinal $n exited"
    fi
    [ $SECONDS -lt $deadline ] || fail "ordinal $n was not ready within 120 s"
    sleep 0.1
  done
  echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f'
}

ct_remove() { ordinal_podman rm -f -t 10 "$(ct_name "$1")" > /dev/null; }

ct_expect_rows() { expect_rows ct_cli "$@"; }

ct_logs_have() {
  local log
  log=$(ordinal_podman logs "$(ct_name "$1")" 2>&1)
  grep -qF -- "$2" <<< "$log" || fail "ordinal $1's log has no line with '$2': $(tail -20 <<< "$log")"
}

check_container() {
  [ "$(id -u)" -eq 0 ] || skip "the container test needs root (podman's store, debootstrap)"
  local tool
  for tool in podman runc debootstrap curl bc; do
    command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps.sh)"
  done
  need_kubectl
  need_node
  source "$src/deploy/image/podman.sh"
  local why
  why=$(ordinal_podman info 2>&1 >/dev/null) || skip "podman cannot run here: ${why##*$'\n'}"
  ct_remove_stale
  local n address port
  for n in 0 1 2; do
    address=$(ct_address "$n")
    for port in 7306 3306 9090; do
      ! (exec 3<>"/dev/tcp/$address/$port") 2>/dev/null ||
        fail "$address:$port is taken: another container test or server is running"
    done
  done

  ct_image=localhost/ordinaldb/ordinald:test
  ct_manifest=$(render overlays/with-backups with-backups)   # the base plus the backup CronJob
  ct_secret=$tmp/secret
  mkdir -p "$ct_secret"
  local item
  for item in password replication-password; do   # the Secret's two keys
    (umask 077; head -c 18 /dev/urandom | base64 > "$ct_secret/$item")
    chown root:10001 "$ct_secret/$item" && chmod 0440 "$ct_secret/$item"   # defaultMode, fsGroup
  done
  cleanup_hooks+=("ct_cleanup")

  "$src/deploy/image/build-image.sh" --tag "$ct_image" --build-dir "$build" ||
    fail "deploy/image/build-image.sh failed"
  local size
  size=$(ordinal_podman image inspect --format '{{.Size}}' "$ct_image")
  [ "$(ordinal_podman image inspect --format '{{.Config.User}}' "$ct_image")" = 10001:10001 ] ||
    fail "the image does not run as 10001:10001"

  # Up, in order: ordinal N starts once N-1 is ready (podManagementPolicy: OrderedReady).
  local took=()
  for n in 0 1 2; do
    took[$n]=$(ct_start "$n" "$(ct_volume "$n")")
  done
  echo "ok: 3 ordinals ready in order (ordinal 0 in ${took[0]} s, 1 in ${took[1]} s, 2 in ${took[2]} s, clones included)"
  ct_logs_have 1 "clone complete"
  ct_logs_have 2 "clone complete"

  # What the pod's securityContext promises, seen from inside the container.
  local inside
  inside=$(ordinal_podman exec "$(ct_name 0)" sh -c \
    'id -u; id -g; grep ^CapEff /proc/self/status | cut -f2; touch /probe 2>&1 || true' | tr '\n' ' ')
  case $inside in
    "10001 10001 0000000000000000 "*"Read-only file system"*) ;;
    *) fail "inside the container: expected uid 10001, gid 10001, no capabilities and a read-only root; got: $inside" ;;
  esac
  echo "ok: runs as 10001:10001 with no capabilities on a read-only root filesystem"

  ct_cli 0 -e "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20));
               INSERT INTO app.t VALUES (1, 'one'), (2, 'two'), (3, 'three')" ||
    fail "writing on ordinal 0 failed"
  ct_expect_rows 2 "SELECT COUNT(*), SUM(id) FROM app.t" $'3\t6'
  echo "ok: a write on ordinal 0 is read on ordinal 2"
  if command -v mariadb >/dev/null; then
    local got
    got=$(MYSQL_PWD=$(cat "$ct_secret/password") mariadb --no-defaults -h "$(ct_address 2)" -P 3306 \
            -uroot -N -B -e "SELECT v FROM app.t WHERE id = 2") || fail "the MySQL port of ordinal 2 failed"
    [ "$got" = two ] || fail "ordinal 2's MySQL port answered '$got'"
    echo "ok: ordinal 2 answers over the MySQL protocol"
  fi

  # The image's backup commands: a backup of ordinal 1 taken inside ordinal 2's container.
  ordinal_podman exec "$(ct_name 2)" ordinal backup --from ordinal-1.ordinal:7306 --to /tmp/backup \
    --password-file /etc/ordinal/secret/password > "$tmp/backup.log" 2>&1 ||
    fail "ordinal backup inside the container failed: $(tail -5 "$tmp/backup.log")"
  ordinal_podman exec "$(ct_name 2)" ordinal backup verify /tmp/backup > "$tmp/verify.log" 2>&1 ||
    fail "ordinal backup verify inside the container failed: $(tail -5 "$tmp/verify.log")"
  ordinal_podman exec "$(ct_name 2)" rm -rf /tmp/backup
  echo "ok: ordinal backup and backup verify run in the image"
  ct_backup_job

  # A pod deleted and created again keeps its volume: it resumes without a clone.
  ct_remove 1
  took[3]=$(ct_start 1 "$(ct_volume 1)")
  ct_logs_have 1 "resuming without a clone"
  ct_cli 0 -e "INSERT INTO app.t VALUES (4, 'four')" || fail "writing on ordinal 0 failed"
  ct_expect_rows 1 "SELECT COUNT(*), SUM(id) FROM app.t" $'4\t10'
  echo "ok: ordinal 1 recreated on its volume resumed without a clone in ${took[3]} s and follows"

  # A replica whose volume is gone clones its predecessor again.
  ct_remove 2
  ordinal_podman volume rm "$(ct_volume 2)" > /dev/null
  took[4]=$(ct_start 2 "$(ct_volume 2)")
  ct_logs_have 2 "clone complete"
  ct_expect_rows 2 "SELECT COUNT(*), SUM(id) FROM app.t" $'4\t10'
  echo "ok: ordinal 2 on a new volume cloned and caught up in ${took[4]} s"
  echo "image $ct_image: $(( size / 1024 / 1024 )) MiB; start-up to ready: ordinal 0 ${took[0]} s (new cluster)"
}

# The backup CronJob's Job as the manifest runs it (check.mjs job-run): its script from the
# ConfigMap, the Secret, a volume of its own; a backup of ordinal 1, verified.
ct_backup_job() {
  local line opts=() args=() entrypoint="" volume mountpoint
  volume=$(ct_volume backups)
  ordinal_podman volume create "$volume" > /dev/null
  # What the kubelet does for the pod's fsGroup: the volume's group, writable, setgid.
  mountpoint=$(ordinal_podman volume inspect --format '{{.Mountpoint}}' "$volume")
  chgrp 10001 "$mountpoint" && chmod 2775 "$mountpoint"
  while read -r line; do
    case $line in
      "opt "*) opts+=("${line#opt }") ;;
      "arg "*) args+=("${line#arg }") ;;
      "entrypoint "*) entrypoint=${line#entrypoint } ;;
    esac
  done < <(checker job-run "$ct_manifest" ordinal-backup --address-template '127.0.1.{ordinal}' \
             --volume "$volume" --secret-dir "$ct_secret" --config-dir "$tmp/config-maps")
  [ -n "$entrypoint" ] || fail "check.mjs job-run printed no entrypoint"
  ordinal_podman run --rm --label "ordinaldb.test.pid=$$" "${opts[@]}" --entrypoint "$entrypoint" \
    "$ct_image" "${args[@]}" > "$tmp/job.log" 2>&1 ||
    fail "the backup CronJob's Job failed: $(tail -5 "$tmp/job.log")"
  grep -q "^backup: done" "$tmp/job.log" || fail "the backup Job did not finish: $(cat "$tmp/job.log")"
  ls "$mountpoint"/*/backup-manifest.json > /dev/null 2>&1 ||
    fail "the backup Job left no finished backup on its volume"
  echo "ok: the backup CronJob's Job backed up ordinal 1 to its volume and verified it"
}

# Containers and volumes left by a run that was killed (its process is gone).
ct_remove_stale() {
  local id pid name
  while read -r id pid name; do
    [ -n "$id" ] && ! kill -0 "$pid" 2>/dev/null || continue
    echo "removing $name, left by an earlier run (pid $pid)"
    ordinal_podman rm -f -t 0 "$id" > /dev/null || true
  done < <(ordinal_podman ps -a --filter label=ordinaldb.test.pid \
             --format '{{.ID}} {{index .Labels "ordinaldb.test.pid"}} {{.Names}}')
  ordinal_podman volume prune -f > /dev/null || true
}

ct_cleanup() {
  local n
  for n in 0 1 2; do
    ordinal_podman rm -f -t 5 "$(ct_name "$n")" >/dev/null 2>&1 || true
    ordinal_podman volume rm -f "$(ct_volume "$n")" >/dev/null 2>&1 || true
  done
  ordinal_podman volume rm -f "$(ct_volume backups)" >/dev/null 2>&1 || true
}
