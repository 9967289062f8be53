// The log archive's format and writer (replication/log_archive_format.h, log_archive_writer.h):
// records round-trip, a torn tail is cut off on resume, corruption is DATA_LOSS, another
// cluster's directory is refused, gaps are explicit.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "replication/log_archive_format.h"
#include "replication/log_archive_writer.h"

namespace ordinal::replication {
namespace {
namespace fs = std::filesystem;

ArchivedBatch Batch(uint64_t first, uint64_t last, std::string data = "bytes") {
  return ArchivedBatch{engine::LogBatch{first, last, std::move(data)}, int64_t(first) * 1000};
}

class LogArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / absl::StrCat("archive-test-", getpid(), "-",
                                                     ::testing::UnitTest::GetInstance()
                                                         ->current_test_info()->name())).string();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<LogArchiveWriter> Open(const std::string& cluster = "c1") {
    LogArchiveWriterOptions options;
    options.dir = dir_;
    options.cluster_id = cluster;
    options.segment_bytes = 64;
    auto writer = LogArchiveWriter::Open(options);
    EXPECT_TRUE(writer.ok()) << writer.status();
    return writer.ok() ? std::move(*writer) : nullptr;
  }

  std::vector<uint64_t> ReadPositions() {
    auto reader = ArchiveReader::Open(dir_);
    EXPECT_TRUE(reader.ok()) << reader.status();
    std::vector<uint64_t> positions;
    while (reader.ok()) {
      auto next = reader->Next();
      EXPECT_TRUE(next.ok()) << next.status();
      if (!next.ok() || !next->has_value()) break;
      positions.push_back((*next)->batch.last_sequence);
    }
    return positions;
  }

  std::string dir_;
};

TEST_F(LogArchiveTest, BatchesRoundTripAcrossSegmentsAndReopens) {
  {
    auto writer = Open();
    for (uint64_t p = 1; p <= 9; p += 2) ASSERT_TRUE(writer->Append(Batch(p, p + 1)).ok());
    ASSERT_TRUE(writer->Sync().ok());
  }
  auto writer = Open();
  EXPECT_EQ(writer->last_position(), 10u);
  ASSERT_TRUE(writer->Append(Batch(11, 11)).ok());
  ASSERT_TRUE(writer->Sync().ok());
  EXPECT_EQ(ReadPositions(), (std::vector<uint64_t>{2, 4, 6, 8, 10, 11}));
  EXPECT_GT(ListSegments(dir_)->size(), 1u);
}

TEST_F(LogArchiveTest, TornTailIsCutOffOnResume) {
  {
    auto writer = Open();
    ASSERT_TRUE(writer->Append(Batch(1, 1)).ok());
    ASSERT_TRUE(writer->Sync().ok());
  }
  const std::string segment = ListSegments(dir_)->back().path;
  { std::ofstream(segment, std::ios::app | std::ios::binary) << "\x30\x00\x00"; }
  EXPECT_EQ(ReadPositions(), (std::vector<uint64_t>{1}));
  auto writer = Open();
  EXPECT_EQ(writer->last_position(), 1u);
  ASSERT_TRUE(writer->Append(Batch(2, 3)).ok());
  EXPECT_EQ(ReadPositions(), (std::vector<uint64_t>{1, 3}));
}

TEST_F(LogArchiveTest, FlippedByteIsDataLoss) {
  {
    auto writer = Open();
    ASSERT_TRUE(writer->Append(Batch(1, 1, "payload")).ok());
  }
  const std::string segment = ListSegments(dir_)->back().path;
  {
    std::fstream f(segment, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-2, std::ios::end);
    f.put('!');
  }
  auto reader = ArchiveReader::Open(dir_);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->Next().status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(LogArchiveTest, AnotherClustersDirectoryIsRefused) {
  Open("c1");
  LogArchiveWriterOptions options;
  options.dir = dir_;
  options.cluster_id = "c2";
  EXPECT_EQ(LogArchiveWriter::Open(options).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(LogArchiveTest, AGapNeedsToBeDeclared) {
  auto writer = Open();
  ASSERT_TRUE(writer->Append(Batch(1, 2)).ok());
  EXPECT_EQ(writer->Append(Batch(5, 5)).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(writer->Append(Batch(2, 2)).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(writer->Append(Batch(5, 5), /*after_gap=*/true).ok());
  EXPECT_EQ(ReadPositions(), (std::vector<uint64_t>{2, 5}));
}

TEST_F(LogArchiveTest, DecodingGarbageNeverCrashes) {
  std::string bytes;
  EncodeArchiveRecord(Batch(1, 1), bytes);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_TRUE(DecodeArchiveSegment(bytes.substr(0, cut), true).ok());
    EXPECT_FALSE(cut > 0 && DecodeArchiveSegment(bytes.substr(0, cut), false).ok());
  }
  std::string zeros(64, '\0');
  EXPECT_EQ(DecodeArchiveSegment(zeros, true).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace ordinal::replication
