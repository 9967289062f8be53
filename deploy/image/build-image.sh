#!/usr/bin/env bash
# Builds the OrdinalDB image from deploy/Dockerfile with podman, on a Debian 12 base made here
# by debootstrap from Debian's packages: no container registry is needed.
#
#   deploy/image/build-image.sh [--tag T] [--build-dir DIR]
#       the runtime stage around the binaries of DIR (default build/release), stripped of
#       debug information as the full build strips them; what the test suite runs
#   deploy/image/build-image.sh --full [--tag T]
#       the whole multi-stage build: installs the build packages and compiles inside a
#       container (about as long as a first build on the machine)
#
# The base is kept in ORDINAL_IMAGE_CACHE (default /var/cache/ordinaldb) and made again only
# when it is missing. Prints the image's name, size and build time. Needs root, podman, runc
# and debootstrap (scripts/install-deps.sh installs them).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
source "$src/deploy/image/podman.sh"

tag=localhost/ordinaldb/ordinald:latest
build_dir=$src/build/release
full=0
while [ $# -gt 0 ]; do
  case $1 in
    --tag) tag=$2; shift 2 ;;
    --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
    --full) full=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "build-image: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (podman's image store and debootstrap)"
for tool in podman runc debootstrap; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/install-deps.sh)"
done

# The base: a minimal Debian 12 with the same package sources as the machine's (updates and
# security included, so the runtime libraries match those the binaries were built against),
# without documentation, manuals and translations, as debian:12-slim is.
base=localhost/ordinaldb-base:bookworm
base_version=1   # raise when the recipe below changes: the cached base is then made again
mirror=${ORDINAL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${ORDINAL_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

make_base() {
  local rootfs=$ordinal_image_cache/rootfs.tmp tarball=$ordinal_image_cache/base-bookworm-$base_version.tar
  if [ ! -s "$tarball" ]; then
    echo "build-image: making the Debian 12 base with debootstrap (about a minute)"
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$ordinal_image_cache/debootstrap.log" 2>&1 ||
      die "debootstrap failed (log: $ordinal_image_cache/debootstrap.log)"
    cat > "$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security_mirror bookworm-security main
SOURCES
    cat > "$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
SLIM
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/cache/apt/archives/*.deb \
      "$rootfs"/var/lib/apt/lists/*
    find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
    tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
  fi
  ordinal_podman import --quiet "$tarball" "$base" >/dev/null || die "podman import of the base failed"
}

mkdir -p "$ordinal_image_cache"
exec 9> "$ordinal_image_cache/build.lock"
flock 9   # one build at a time shares the cache
ordinal_podman image exists "$base" || make_base

start=$(date +%s)
common=(build --network=host --layers -f "$src/deploy/Dockerfile" -t "$tag"
        --build-arg "BUILD_BASE=$base" --build-arg "RUNTIME_BASE=$base")
if [ "$full" -eq 1 ]; then
  echo "build-image: the full multi-stage build of $tag"
  ordinal_podman "${common[@]}" --ignorefile "$src/deploy/Dockerfile.dockerignore" "$src"
else
  for binary in server/ordinald client/ordinal backup/ordinal-backup; do
    [ -x "$build_dir/$binary" ] || die "$build_dir/$binary is missing: build first (scripts/build.sh)"
  done
  context=$(mktemp -d "${TMPDIR:-/tmp}/ordinal-image.XXXXXX")
  trap 'rm -rf "$context"' EXIT
  mkdir -p "$context/stage/src/build/release/"{server,client,backup} "$context/empty"
  for binary in server/ordinald client/ordinal backup/ordinal-backup; do
    strip --strip-debug -o "$context/stage/src/build/release/$binary" "$build_dir/$binary"
  done
  echo "build-image: the runtime stage of $tag around $build_dir's binaries"
  ordinal_podman "${common[@]}" --target runtime --build-context "build=$context/stage" \
    "$context/empty"
fi
size=$(ordinal_podman image inspect --format '{{.Size}}' "$tag")
echo "build-image: built $tag: $(( size / 1024 / 1024 )) MiB in $(( $(date +%s) - start )) s"
