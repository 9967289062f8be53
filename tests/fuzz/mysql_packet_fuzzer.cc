// libFuzzer entry point for the MySQL protocol codec (see mysql_packet_fuzz.h). Run as
//   build/<dir>/tests/fuzz/mysql_packet_fuzzer -max_total_time=180 <scratch dir> \
//       tests/fuzz/corpus/mysql
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/mysql_packet_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ordinal::fuzz::FuzzMysqlPacket(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
