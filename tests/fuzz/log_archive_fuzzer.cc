// libFuzzer target for replication::DecodeArchiveSegment (log archive segments, read from a
// directory that may hold anything): whatever the bytes, it returns records or DATA_LOSS,
// and decoded records encode back to the valid prefix of the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "replication/log_archive_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  size_t valid = 0;
  auto records = ordinal::replication::DecodeArchiveSegment(bytes, true, &valid);
  if (!records.ok()) return 0;
  std::string encoded;
  for (const auto& record : *records) ordinal::replication::EncodeArchiveRecord(record, encoded);
  if (encoded != bytes.substr(0, valid)) std::abort();
  return 0;
}
