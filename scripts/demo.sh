#!/usr/bin/env bash
# Set up + run: installs the packages, builds, starts a 3-ordinal OrdinalDB cluster on
# loopback with the local runner (deploy/local/ordinal-local: ordinal N on 127.0.1.N:7306,
# its volume in ./data/ordinal-N), and plays a short session with the `mariadb` client over
# the MySQL protocol (port 3306 of each ordinal's address):
# written to ordinal 0, the primary, and read back from ordinal 2, a replica. The cluster
# keeps running; `scripts/demo.sh stop` stops it (the data stays for the next start).
set -euo pipefail
cd "$(dirname "$0")/.."

export ORDINAL_BUILD_DIR=${ORDINAL_BUILD_DIR:-build/release}
runner=deploy/local/ordinal-local
if [ "${1:-}" = "stop" ]; then exec "$runner" down; fi

scripts/install-deps.sh
scripts/build.sh
"$runner" up 3

root=${ORDINAL_LOCAL_ROOT:-data}
mysql_port=${ORDINAL_LOCAL_MYSQL_PORT:-3306}
template=${ORDINAL_LOCAL_ADDRESS_TEMPLATE:-127.0.1.\{ordinal\}}
export MYSQL_PWD  # the mariadb client's password variable; never on the command line
MYSQL_PWD=$(cat "$root/root-password")
cli() { mariadb -h "${template//\{ordinal\}/$1}" -P "$mysql_port" -u root "${@:2}"; }

echo
echo "demo: a sample session on ordinal 0, the primary"
cli 0 --table -e "CREATE DATABASE IF NOT EXISTS demo;
USE demo;
CREATE TABLE IF NOT EXISTS cities (id INT PRIMARY KEY AUTO_INCREMENT,
  name VARCHAR(40) NOT NULL, country CHAR(2) NOT NULL, population BIGINT, KEY by_country (country));
INSERT INTO cities (name, country, population) VALUES
  ('Lisbon', 'PT', 545000), ('Porto', 'PT', 232000), ('Oslo', 'NO', 709000);
SELECT country, COUNT(*) AS cities, SUM(population) AS people FROM cities
  GROUP BY country ORDER BY people DESC;
EXPLAIN SELECT name FROM cities WHERE country = 'PT';
CHECKSUM TABLE cities;"

echo
echo "demo: read back from ordinal 2, a replica"
query="SELECT name, population FROM demo.cities WHERE country = 'PT' ORDER BY population DESC;
CHECKSUM TABLE demo.cities;"
for _ in $(seq 50); do
  # Replication is asynchronous: the replica may need a moment for the last rows.
  [ "$(cli 2 --batch -N -e "SELECT COUNT(*) FROM demo.cities" 2>/dev/null)" = \
    "$(cli 0 --batch -N -e "SELECT COUNT(*) FROM demo.cities")" ] && break
  sleep 0.2
done
cli 2 --table -e "$query"
cli 2 --vertical -e "SHOW REPLICA STATUS"
echo
echo "Stop:     scripts/demo.sh stop       (or $runner down; $runner destroy deletes the data)"
