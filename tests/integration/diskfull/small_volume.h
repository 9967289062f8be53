// A small data volume for disk-full tests: a tmpfs of a few MiB mounted on a fresh temporary
// directory (needs root), which the test fills to the last byte with a filler file and
// frees again. The destructor unmounts it (lazily, so a process that still holds a file
// cannot keep it mounted) and removes the directory.
//
// Thread safety: one thread.
#ifndef ORDINAL_TESTS_INTEGRATION_DISKFULL_SMALL_VOLUME_H_
#define ORDINAL_TESTS_INTEGRATION_DISKFULL_SMALL_VOLUME_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ordinal::integration {

class SmallVolume {
 public:
  // Mounts a tmpfs of `size_mib` MiB. FAILED_PRECONDITION (with the reason, for a test
  // skip) when not root or when the mount fails.
  static absl::StatusOr<std::unique_ptr<SmallVolume>> Mount(int size_mib);
  ~SmallVolume();

  SmallVolume(const SmallVolume&) = delete;
  SmallVolume& operator=(const SmallVolume&) = delete;

  // The mount point.
  const std::string& path() const { return path_; }

  // Writes the filler file until the volume has no byte left (ENOSPC).
  absl::Status Fill();
  // Removes the filler file.
  absl::Status Free();
  // Bytes still available to an unprivileged writer.
  absl::StatusOr<uint64_t> AvailableBytes() const;

 private:
  explicit SmallVolume(std::string path) : path_(std::move(path)) {}
  std::string FillerPath() const { return path_ + "/filler"; }

  std::string path_;
};

}  // namespace ordinal::integration

#endif  // ORDINAL_TESTS_INTEGRATION_DISKFULL_SMALL_VOLUME_H_
