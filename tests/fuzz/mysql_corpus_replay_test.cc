// Replays every file of the MySQL codec's seed corpus (tests/fuzz/corpus/mysql) through the
// same parsers the libFuzzer target drives: whatever the bytes, they return.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"
#include "tests/fuzz/mysql_packet_fuzz.h"

namespace ordinal::fuzz {
namespace {

TEST(MysqlCorpusReplayTest, EveryFileReturnsFromEveryParser) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ORDINAL_MYSQL_CORPUS_DIR)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    FuzzMysqlPacket(bytes);
    // The same bytes through every parser, not only the one the first byte picks.
    for (char selector = 0; selector < 6; ++selector) {
      FuzzMysqlPacket(std::string(1, selector) + bytes.substr(bytes.empty() ? 0 : 1));
    }
    ++files;
  }
  EXPECT_GE(files, 20u);
}

}  // namespace
}  // namespace ordinal::fuzz
