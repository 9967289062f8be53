// Reads a file with O_DIRECT, the way a clone source and a restore read table files that
// are not in the page cache anyway (docs/clone-protocol.md, "Source steps"): the device
// puts the bytes straight into the caller's buffer, which saves the kernel's copy out of
// the page cache (the largest item of a clone source's CPU profile) and the cache's own
// bookkeeping. A read may be direct only when the buffer, the offset and the length are
// multiples of kDirectAlignment; the reader rounds the length up itself (the caller's
// buffer must have room for RoundUpToDirect(length) bytes) and never returns more than
// asked. The first read that cannot be direct (an unaligned buffer or offset, or a
// filesystem that refuses it with EINVAL) turns the descriptor into a buffered one for good;
// a filesystem without O_DIRECT (tmpfs on older kernels) is opened buffered from the start.
// Either way the bytes are the same.
//
// Errors: INTERNAL naming the file (open, read).
// Ownership: owns the descriptor. Thread safety: one thread at a time.
#ifndef ORDINAL_REPLICATION_DIRECT_FILE_READER_H_
#define ORDINAL_REPLICATION_DIRECT_FILE_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ordinal::replication {

// O_DIRECT's alignment of memory, file offsets and lengths on the filesystems we run on.
inline constexpr size_t kDirectAlignment = 4096;

constexpr size_t RoundUpToDirect(size_t n) {
  return (n + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
}

class DirectFileReader {
 public:
  // `direct` false opens a buffered reader (same API, for callers that will not align).
  static absl::StatusOr<std::unique_ptr<DirectFileReader>> Open(const std::string& path,
                                                                bool direct = true);
  ~DirectFileReader();

  DirectFileReader(const DirectFileReader&) = delete;
  DirectFileReader& operator=(const DirectFileReader&) = delete;

  // Reads `length` bytes at `offset` into `out`, fewer only where the file ends; the count.
  // `out` has room for RoundUpToDirect(length) bytes.
  absl::StatusOr<size_t> ReadAt(uint64_t offset, char* out, size_t length);

  // Whether reads still bypass the page cache.
  bool direct() const { return direct_; }
  // The descriptor, for advice (posix_fadvise) and fstat; owned by the reader.
  int fd() const { return fd_; }

 private:
  DirectFileReader(std::string path, int fd, bool direct)
      : path_(std::move(path)), fd_(fd), direct_(direct) {}

  // Turns the descriptor into a buffered one; false when the kernel refuses.
  bool StopDirect();

  const std::string path_;
  const int fd_;
  bool direct_;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_DIRECT_FILE_READER_H_
