// The tar format of a streamed backup (docs/operations.md, "Backups as a tar stream"):
// POSIX.1-2001 ustar headers, with a pax extended header ('x') in front of an entry whose
// path does not fit ustar's name and prefix fields or whose size does not fit its 11 octal
// digits. GNU tar, bsdtar and Python's tarfile read it.
//
//   archive := entry* end
//   entry   := [pax header block, pax records padded to 512] ustar header block, data padded
//              to a multiple of 512 bytes with zeros
//   end     := two blocks of zeros
//
// The reader accepts what the writer writes and what GNU tar writes for the same files:
// regular files ('0' or NUL), directories ('5', skipped), pax extended ('x': path and size)
// and global ('g', ignored) headers, GNU long names ('L'), the ustar and the GNU magic, sizes
// in octal or in GNU's base-256 form. Anything else (links, devices, a bad header checksum, a truncated stream)
// is DATA_LOSS naming what is wrong.
//
// Thread safety: TarReader is used by one thread at a time; the functions are stateless.
#ifndef ORDINAL_BACKUP_TAR_FORMAT_H_
#define ORDINAL_BACKUP_TAR_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ordinal::backup {

inline constexpr size_t kTarBlock = 512;

// The header block(s) of a regular file of `size` bytes (mode 0644, modified at `mtime`
// seconds since the epoch). `name` is a relative path without NUL.
std::string TarFileHeader(std::string_view name, uint64_t size, int64_t mtime);

// How many zero bytes follow `size` bytes of data to reach a block boundary.
size_t TarPadding(uint64_t size);

// The end of an archive.
std::string TarEnd();

struct TarEntry {
  std::string name;
  uint64_t size = 0;
};

class TarReader {
 public:
  // Reads up to `n` bytes into `out`; 0 only at the end of the input.
  using Read = std::function<absl::StatusOr<size_t>(char* out, size_t n)>;

  explicit TarReader(Read read);

  // The next regular file (the rest of the previous one is skipped), or nullopt at the
  // archive's end. DATA_LOSS for a malformed or truncated archive.
  absl::StatusOr<std::optional<TarEntry>> Next();

  // Reads up to `n` bytes of the current file's data; 0 once all of it was read.
  absl::StatusOr<size_t> ReadData(char* out, size_t n);

 private:
  absl::Status ReadExactly(char* out, size_t n);
  absl::Status Skip(uint64_t n);
  // Reads a pax extended header's records into the overrides for the next entry.
  absl::Status ReadPax(uint64_t size, bool global);

  Read read_;
  uint64_t remaining_ = 0;  // data of the current entry not read yet
  uint64_t padding_ = 0;    // zeros after it
  std::optional<std::string> pax_path_;
  std::optional<uint64_t> pax_size_;
  bool ended_ = false;
};

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_TAR_FORMAT_H_
