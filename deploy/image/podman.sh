# Sourced: `ordinal_podman ARGS...` runs podman with the project's settings and its own
# storage, apart from any other containers on the machine:
#   ORDINAL_IMAGE_CACHE (default /var/cache/ordinaldb): the debootstrap base and podman's
#   image store, kept between runs; podman's run state lives under /run/ordinaldb.
ordinal_image_cache=${ORDINAL_IMAGE_CACHE:-/var/cache/ordinaldb}
ordinal_containers_conf=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/containers.conf
ordinal_podman() {
  CONTAINERS_CONF=$ordinal_containers_conf \
    podman --root "$ordinal_image_cache/storage" --runroot /run/ordinaldb/podman "$@"
}
