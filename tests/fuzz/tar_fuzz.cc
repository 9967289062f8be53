#include "tests/fuzz/tar_fuzz.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "backup/tar_format.h"

namespace ordinal::backup {

absl::Status ReadTarForFuzzing(std::string_view bytes) {
  TarReader reader([&bytes](char* out, size_t n) -> absl::StatusOr<size_t> {
    const size_t got = std::min(n, bytes.size());
    std::memcpy(out, bytes.data(), got);
    bytes.remove_prefix(got);
    return got;
  });
  char buffer[1000];
  for (;;) {
    absl::StatusOr<std::optional<TarEntry>> entry = reader.Next();
    if (!entry.ok()) return entry.status();
    if (!entry->has_value()) return absl::OkStatus();
    for (;;) {  // read half of each entry's data at most, the rest is skipped by Next
      absl::StatusOr<size_t> n = reader.ReadData(buffer, sizeof(buffer));
      if (!n.ok()) return n.status();
      if (*n == 0 || (*entry)->name.size() % 2 == 1) break;
    }
  }
}

}  // namespace ordinal::backup
