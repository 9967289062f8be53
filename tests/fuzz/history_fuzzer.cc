// libFuzzer target for engine::DecodeHistory (the stored 'm' "history" record, read from
// disk and from clones): whatever the bytes, it returns a history or DATA_LOSS, and a
// decoded history encodes back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/history.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<ordinal::engine::History> history = ordinal::engine::DecodeHistory(bytes);
  if (history.ok() && ordinal::engine::EncodeHistory(*history) != bytes) std::abort();
  return 0;
}
