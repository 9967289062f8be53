// Replays the seed corpus of log_archive_fuzzer (tests/fuzz/corpus/log_archive) through
// DecodeArchiveSegment: files named valid_* decode whole and encode back to the same bytes;
// any other file returns records (a torn tail cut off) or DATA_LOSS.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"
#include "replication/log_archive_format.h"

namespace ordinal::replication {
namespace {

TEST(LogArchiveCorpusReplayTest, EveryFileDecodesOrFailsCleanly) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ORDINAL_LOG_ARCHIVE_CORPUS_DIR)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    size_t valid = 0;
    auto records = DecodeArchiveSegment(bytes, true, &valid);
    const std::string name = entry.path().filename().string();
    if (name.rfind("valid_", 0) == 0) {
      ASSERT_TRUE(records.ok()) << name << ": " << records.status();
      std::string encoded;
      for (const ArchivedBatch& record : *records) EncodeArchiveRecord(record, encoded);
      EXPECT_EQ(encoded, bytes) << name;
    } else if (!records.ok()) {
      EXPECT_TRUE(absl::IsDataLoss(records.status())) << name << ": " << records.status();
    }
    ++files;
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace ordinal::replication
