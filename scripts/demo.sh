#!/usr/bin/env bash
# Set up + run: installs the packages, builds, starts one ordinald on 127.0.0.1:7306 with its
# data in ./data/ordinal-0, and plays a short session through the `ordinal` CLI. The server
# keeps running; `scripts/demo.sh stop` stops it (the data stays).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${ORDINAL_BUILD_DIR:-build/release}
data_root=${ORDINAL_DATA_ROOT:-data}
port=${ORDINAL_PORT:-7306}
pid_file="$data_root/ordinal-0.pid"
password_file="$data_root/root-password"

stop() {
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    kill -TERM "$(cat "$pid_file")"
    for _ in $(seq 50); do kill -0 "$(cat "$pid_file")" 2>/dev/null || break; sleep 0.2; done
    echo "demo: ordinald stopped (data kept in $data_root/ordinal-0)"
  fi
  rm -f "$pid_file"
}
if [ "${1:-}" = "stop" ]; then stop; exit 0; fi

scripts/install-deps.sh
scripts/build.sh

mkdir -p "$data_root"
if [ ! -s "$password_file" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 > "$password_file")
  echo "demo: generated a root password in $password_file"
fi
cli=("$build_dir/client/ordinal" -h 127.0.0.1 -P "$port" -u root)
export ORDINAL_PASSWORD
ORDINAL_PASSWORD=$(cat "$password_file")

if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "demo: ordinald already running (pid $(cat "$pid_file"))"
else
  "$build_dir/server/ordinald" --data_dir="$data_root/ordinal-0" --host=127.0.0.1 \
    --port="$port" --ordinal=0 --password_file="$password_file" \
    >"$data_root/ordinal-0.log" 2>&1 &
  echo $! > "$pid_file"
  echo "demo: started ordinald (pid $!, log $data_root/ordinal-0.log), waiting for it"
  for i in $(seq 100); do
    "${cli[@]}" -e "SELECT 1" >/dev/null 2>&1 && break
    kill -0 "$(cat "$pid_file")" 2>/dev/null || { cat "$data_root/ordinal-0.log"; exit 1; }
    [ "$i" = 100 ] && { echo "demo: ordinald did not answer in 20 s" >&2; exit 1; }
    sleep 0.2
  done
fi

echo
echo "demo: a sample session"
set -x
"${cli[@]}" --table -e "CREATE DATABASE IF NOT EXISTS demo;
USE demo;
CREATE TABLE IF NOT EXISTS cities (id INT PRIMARY KEY AUTO_INCREMENT,
  name VARCHAR(40) NOT NULL, country CHAR(2) NOT NULL, population BIGINT, KEY by_country (country));
INSERT INTO cities (name, country, population) VALUES
  ('Lisbon', 'PT', 545000), ('Porto', 'PT', 232000), ('Oslo', 'NO', 709000);
SELECT country, COUNT(*) AS cities, SUM(population) AS people FROM cities
  GROUP BY country ORDER BY people DESC;
EXPLAIN SELECT name FROM cities WHERE country = 'PT';
CHECKSUM TABLE cities;"
{ set +x; } 2>/dev/null
echo
echo "Connect:  ORDINAL_PASSWORD=\$(cat $password_file) $build_dir/client/ordinal -h 127.0.0.1 -P $port -D demo"
echo "Stop:     scripts/demo.sh stop"
