// libFuzzer target for the JSON text parser and the JSON path parser; see json_fuzz.h for
// what it checks. Run it as
//   build/<dir>/tests/fuzz/json_fuzzer -max_total_time=60 <scratch dir> tests/fuzz/corpus/json
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/json_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ordinal::engine::FuzzJsonInput(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
