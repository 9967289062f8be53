#!/bin/sh
# One scheduled backup (the backup-cronjob component's Job runs it in the OrdinalDB image).
#
# Takes an online backup of $BACKUP_SOURCE (a replica, so that the primary is not loaded) into
# $BACKUP_ROOT/<UTC time>, incremental from the newest finished backup there, verifies it by
# re-reading every file, then keeps the newest $BACKUP_KEEP finished backups and removes the
# rest, together with what unfinished runs left. An incremental backup hard-links the files
# it shares with the previous one, so removing an old backup never breaks a newer one.
#
#   BACKUP_SOURCE   HOST:PORT of the ordinal to copy (required)
#   BACKUP_ROOT     the directory of backups, on the backup volume (required)
#   BACKUP_KEEP     how many finished backups to keep (default 7, at least 1)
#   BACKUP_USER     the account to copy as (default root; the CronJob uses the replication
#                   account, which REPLICATION SLAVE lets take a backup)
#   BACKUP_PASSWORD_FILE  that account's password file (default: root's, at the Secret's mount)
#   BACKUP_SSL_CA   the CA that signed the servers' certificates: copy over TLS and verify
#                   the server (--ssl-ca, VERIFY_CA); unset: TLS when the server offers it
#   ORDINAL         the CLI (default: ordinal on the PATH)
set -eu

source=${BACKUP_SOURCE:?BACKUP_SOURCE (HOST:PORT of a replica) is not set}
root=${BACKUP_ROOT:?BACKUP_ROOT (the backup volume) is not set}
keep=${BACKUP_KEEP:-7}
user=${BACKUP_USER:-root}
password_file=${BACKUP_PASSWORD_FILE:-/etc/ordinal/secret/password}
ordinal=${ORDINAL:-ordinal}
ssl_ca=${BACKUP_SSL_CA:-}
manifest=backup-manifest.json
# The directories this script owns; anything else on the volume (lost+found) is left alone.
pattern='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z'

case $keep in
  ''|*[!0-9]*|0) echo "backup: BACKUP_KEEP must be a whole number of at least 1, not '$keep'" >&2
                 exit 2 ;;
esac
[ -d "$root" ] || { echo "backup: $root does not exist (is the backup volume mounted?)" >&2; exit 2; }

# Finished backups (their manifest is written last), oldest first. Names are UTC times
# (YYYYmmddTHHMMSSZ), so the names sort as the times do.
finished() {
  for dir in "$root"/$pattern/; do
    [ -f "$dir$manifest" ] && basename "$dir"
  done | sort
}

name=$(date -u +%Y%m%dT%H%M%SZ)
[ ! -e "$root/$name" ] || { echo "backup: $root/$name exists already" >&2; exit 1; }
previous=$(finished | tail -n 1)

set -- backup --from "$source" --to "$root/$name" --user "$user" --password-file "$password_file"
if [ -n "$ssl_ca" ]; then
  [ -r "$ssl_ca" ] || { echo "backup: BACKUP_SSL_CA $ssl_ca cannot be read" >&2; exit 2; }
  set -- "$@" --ssl-ca "$ssl_ca"
fi
if [ -n "$previous" ]; then
  echo "backup: $root/$name from $source, incremental from $previous"
  set -- "$@" --incremental-from "$root/$previous"
else
  echo "backup: $root/$name from $source, full (no finished backup in $root)"
fi
"$ordinal" "$@"
"$ordinal" backup verify "$root/$name"

# Retention: the newest $keep finished backups stay; older finished ones go, and so does
# every unfinished directory (a failed or killed run) other than this run's.
count=$(finished | wc -l)
finished | head -n $((count > keep ? count - keep : 0)) | while read -r old; do
  echo "backup: removing $old (keeping the newest $keep)"
  rm -rf "${root:?}/$old"
done
for dir in "$root"/$pattern/; do
  [ -d "$dir" ] || continue
  [ -f "$dir$manifest" ] && continue
  echo "backup: removing $(basename "$dir"), left unfinished by an earlier run"
  rm -rf "$dir"
done
echo "backup: done: $root/$name ($(finished | wc -l) finished backup(s) kept)"
