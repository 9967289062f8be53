// Replays the seed corpus of temporal_fuzzer (tests/fuzz/corpus/temporal) through the
// regular build: every file must pass FuzzTemporalInput's checks without trapping.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"
#include "tests/fuzz/temporal_fuzz.h"

namespace ordinal::engine {
namespace {

TEST(TemporalCorpusReplayTest, EveryFileParsesOrFailsWith1292) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ORDINAL_TEMPORAL_CORPUS_DIR)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    FuzzTemporalInput(bytes);
    ++files;
  }
  EXPECT_GT(files, 10);
}

}  // namespace
}  // namespace ordinal::engine
