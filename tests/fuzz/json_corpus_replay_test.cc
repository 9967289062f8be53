// Replays the seed corpus of json_fuzzer (tests/fuzz/corpus/json) through the regular build:
// every file must pass FuzzJsonInput's checks without trapping.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"
#include "tests/fuzz/json_fuzz.h"

namespace ordinal::engine {
namespace {

TEST(JsonCorpusReplayTest, EveryFileParsesOrFailsWithItsError) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ORDINAL_JSON_CORPUS_DIR)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    FuzzJsonInput(bytes);
    ++files;
  }
  EXPECT_GT(files, 10);
}

}  // namespace
}  // namespace ordinal::engine
