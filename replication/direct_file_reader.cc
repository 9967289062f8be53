#include "replication/direct_file_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace ordinal::replication {
namespace {

bool Aligned(uint64_t value) { return value % kDirectAlignment == 0; }

absl::Status ErrnoError(const char* what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " ", path, ": ", strerror(errno)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<DirectFileReader>> DirectFileReader::Open(const std::string& path,
                                                                         bool direct) {
  int fd = -1;
  if (direct) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT);
    if (fd < 0 && errno != EINVAL) return ErrnoError("open", path);
    direct = fd >= 0;  // EINVAL: no O_DIRECT on this filesystem
  }
  if (fd < 0) fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open", path);
  return std::unique_ptr<DirectFileReader>(new DirectFileReader(path, fd, direct));
}

DirectFileReader::~DirectFileReader() { ::close(fd_); }

bool DirectFileReader::StopDirect() {
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) != 0) return false;
  direct_ = false;
  return true;
}

absl::StatusOr<size_t> DirectFileReader::ReadAt(uint64_t offset, char* out, size_t length) {
  size_t done = 0;
  while (done < length) {
    const uint64_t at = offset + done;
    if (direct_ && !(Aligned(reinterpret_cast<uintptr_t>(out + done)) && Aligned(at)) &&
        !StopDirect()) {
      return ErrnoError("read (cannot leave O_DIRECT)", path_);
    }
    // A direct read asks for whole blocks; the file's end makes it short.
    const size_t want = direct_ ? RoundUpToDirect(length - done) : length - done;
    const ssize_t n = ::pread(fd_, out + done, want, static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EINVAL && direct_) {
      if (!StopDirect()) return ErrnoError("read", path_);
      continue;
    }
    if (n < 0) return ErrnoError("read", path_);
    if (n == 0) break;  // the end of the file
    done += std::min(static_cast<size_t>(n), length - done);
    // A direct read that ended short of a block boundary reached the end of the file.
    if (direct_ && !Aligned(static_cast<uint64_t>(n))) break;
  }
  return done;
}

}  // namespace ordinal::replication
