#!/usr/bin/env bash
# Installs every Debian 12 package OrdinalDB needs to build, test and run.
# Idempotent: when everything is present it only checks. Needs root (or sudo).
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ clang pkg-config ccache
  # libraries
  librocksdb-dev libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev libspdlog-dev libfmt-dev
  prometheus-cpp-dev libedit-dev libxxhash-dev
  # fuzzing and sanitizers (clang's runtimes)
  libclang-rt-14-dev
  # the local cluster runner (gRPC health checks over HTTP/2)
  curl
  # benchmarks (bench/): MariaDB to compare against, its client library for
  # ordinal-bench's MySQL driver, and sysbench to cross-check the harness
  mariadb-server libmariadb-dev sysbench
  # OpenSSL's libcrypto: md5 in the sqllogictest runner and the MD5/SHA functions, the
  # MySQL front end's authentication scrambles
  libssl-dev
  # ordinald's allocator: tcmalloc (CMake option ORDINAL_ALLOCATOR)
  libgoogle-perftools-dev
  # REGEXP (ICU's regular expressions, as MySQL 8 uses)
  libicu-dev
  # named time zones (SET time_zone = 'Europe/Paris', CONVERT_TZ) read /usr/share/zoneinfo
  tzdata
  # the MySQL protocol front end: standalone Asio
  libasio-dev
  # its tests with unmodified clients (tests/mysql): the mariadb CLI and mysqldump,
  # PyMySQL and mysqlclient for Debian's python3, MariaDB Connector/J and a JDK for it
  mariadb-client python3-pymysql python3-mysqldb libmariadb-java openjdk-17-jdk-headless
  # TLS: test certificates made at test time, deploy/tls/make-certs
  openssl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# The manifest checks (tests/deploy) use Node.js and the npm packages pinned in
# deploy/k8s/validate/package-lock.json. Node.js may already come from elsewhere (then its
# own npm is used); otherwise Debian's nodejs and npm. kubectl is not a Debian 12 package:
# without it the checks that render manifests are skipped, and say so.
if [ -z "${ORDINAL_SKIP_MANIFEST_TOOLS:-}" ]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  # The container test (tests/deploy/container_test.sh): podman with runc, debootstrap for the
  # image's Debian base (deploy/image/build-image.sh), bc for its timings.
  for p in podman runc debootstrap bc; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi

sudo=""
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ -z "${ORDINAL_SKIP_MANIFEST_TOOLS:-}" ]; then
  "$(dirname "$0")/../deploy/k8s/validate/setup.sh"
  # Node.js mysql2 for the MySQL client tests, pinned by its package-lock.json.
  "$(dirname "$0")/../tests/mysql/clients/node/setup.sh"
  command -v kubectl >/dev/null ||
    echo "install-deps: kubectl not found: the manifest checks that render deploy/k8s will be skipped"
fi
