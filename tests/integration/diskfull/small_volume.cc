#include "tests/integration/diskfull/small_volume.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/testing/server_process.h"

namespace ordinal::integration {
namespace {

absl::Status Errno(const std::string& what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

// Writes `chunk`-sized blocks to `fd` until the volume refuses one; OK on ENOSPC.
absl::Status WriteUntilFull(int fd, size_t chunk) {
  const std::vector<char> block(chunk, 'f');
  while (true) {
    const ssize_t n = write(fd, block.data(), block.size());
    if (n >= 0) continue;
    if (errno == EINTR) continue;
    if (errno == ENOSPC) return absl::OkStatus();
    return Errno("write filler");
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<SmallVolume>> SmallVolume::Mount(int size_mib) {
  if (geteuid() != 0) {
    return absl::FailedPreconditionError("mounting a tmpfs needs root");
  }
  const std::string path = testing::MakeTempDir("ordinal-small-volume");
  if (path.empty()) return Errno("mkdtemp");
  const std::string options = absl::StrCat("size=", size_mib, "m,mode=0755");
  if (mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    testing::RemoveTree(path);
    return absl::FailedPreconditionError(absl::StrCat("mount -t tmpfs: ", reason));
  }
  return std::unique_ptr<SmallVolume>(new SmallVolume(path));
}

SmallVolume::~SmallVolume() {
  if (umount2(path_.c_str(), MNT_DETACH) == 0) testing::RemoveTree(path_);
}

absl::Status SmallVolume::Fill() {
  const int fd = open(FillerPath().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("open filler");
  absl::Status status = WriteUntilFull(fd, 1 << 20);
  if (status.ok()) status = WriteUntilFull(fd, 4096);
  if (status.ok()) status = WriteUntilFull(fd, 1);
  close(fd);
  return status;
}

absl::Status SmallVolume::Free() {
  if (unlink(FillerPath().c_str()) != 0 && errno != ENOENT) return Errno("unlink filler");
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> SmallVolume::AvailableBytes() const {
  struct statvfs info {};
  if (statvfs(path_.c_str(), &info) != 0) return Errno("statvfs");
  return static_cast<uint64_t>(info.f_bavail) * info.f_frsize;
}

}  // namespace ordinal::integration
