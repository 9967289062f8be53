// libFuzzer target for the streamed backup's tar reader (backup/tar_format.h); run it as
//   build/<dir>/tests/fuzz/tar_fuzzer -max_total_time=60 <scratch dir> tests/fuzz/corpus/tar
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/tar_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)ordinal::backup::ReadTarForFuzzing(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
