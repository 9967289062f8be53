// Replays the seed corpus of tar_fuzzer (tests/fuzz/corpus/tar) through the tar reader:
// files named valid_* read to the archive's end; any other file ends OK or with DATA_LOSS.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"
#include "tests/fuzz/tar_fuzz.h"

namespace ordinal::backup {
namespace {

TEST(TarCorpusReplayTest, EveryFileReadsOrFailsCleanly) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ORDINAL_TAR_CORPUS_DIR)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    const absl::Status status = ReadTarForFuzzing(bytes);
    const std::string name = entry.path().filename().string();
    if (name.rfind("valid_", 0) == 0) {
      EXPECT_TRUE(status.ok()) << name << ": " << status;
    } else if (!status.ok()) {
      EXPECT_TRUE(absl::IsDataLoss(status)) << name << ": " << status;
    }
    ++files;
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace ordinal::backup
