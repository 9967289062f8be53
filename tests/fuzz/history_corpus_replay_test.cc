// Replays the seed corpus of history_fuzzer (tests/fuzz/corpus/history) through
// DecodeHistory: files named valid_* decode and encode back to the same bytes; any other
// file only has to return (DATA_LOSS or a history).
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/history.h"
#include "gtest/gtest.h"

namespace ordinal::engine {
namespace {

TEST(HistoryCorpusReplayTest, EveryFileDecodesOrFailsCleanly) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ORDINAL_HISTORY_CORPUS_DIR)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    absl::StatusOr<History> history = DecodeHistory(bytes);
    const std::string name = entry.path().filename().string();
    if (name.rfind("valid_", 0) == 0) {
      ASSERT_TRUE(history.ok()) << name << ": " << history.status();
      EXPECT_EQ(EncodeHistory(*history), bytes) << name;
    } else if (!history.ok()) {
      EXPECT_TRUE(absl::IsDataLoss(history.status())) << name << ": " << history.status();
    }
    ++files;
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace ordinal::engine
