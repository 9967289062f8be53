// libFuzzer target for the date and time parsers (CoerceToTemporal, ValueAsDateTime,
// ValueAsTime) and the temporal keys; see temporal_fuzz.h for what it checks. Run it as
//   build/<dir>/tests/fuzz/temporal_fuzzer -max_total_time=60 <scratch dir> \
//       tests/fuzz/corpus/temporal
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/temporal_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ordinal::engine::FuzzTemporalInput(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
