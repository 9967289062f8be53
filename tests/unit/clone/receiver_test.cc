// CloneReceiver without the network: the per-file FileEnd of docs/clone-protocol.md. A file
// is kept (fsynced, listed in the marker) only after every byte arrived and its FileEnd's
// checksum matches them; any other order is DATA_LOSS.
#include "replication/clone_receiver.h"

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "gtest/gtest.h"
#include "replication/clone_files.h"
#include "replication/clone_install.h"
#include "tests/unit/clone/clone_fixture.h"

namespace ordinal::replication {
namespace {

namespace v1 = ordinal::v1;

constexpr char kTable[] = "000007.sst";
const std::string kTableBytes = "table file bytes";

v1::FileChunk Chunk(uint32_t index, uint64_t offset, const std::string& data) {
  v1::FileChunk chunk;
  chunk.set_file_index(index);
  chunk.set_offset(offset);
  chunk.set_data(data);
  return chunk;
}

v1::FileEnd End(uint32_t index, uint64_t checksum) {
  v1::FileEnd end;
  end.set_file_index(index);
  end.set_checksum(checksum);
  return end;
}

// Three table files of four bytes each.
v1::Manifest ThreeFiles() {
  v1::Manifest manifest;
  manifest.set_cluster_id("cluster");
  manifest.set_position(42);
  for (const char* name : {"000001.sst", "000002.sst", "000003.sst"}) {
    v1::ManifestFile* file = manifest.add_files();
    file->set_name(name);
    file->set_size(4);
  }
  return manifest;
}

class CloneReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(receiver_.Resume().ok());
    v1::Manifest manifest;
    manifest.set_cluster_id("cluster");
    manifest.set_position(42);
    v1::ManifestFile* table = manifest.add_files();
    table->set_name(kTable);
    table->set_size(kTableBytes.size());
    v1::ManifestFile* empty = manifest.add_files();
    empty->set_name("CURRENT.empty");
    empty->set_size(0);
    ASSERT_TRUE(receiver_.OnManifest(manifest).ok());
  }

  // Sends the table file in two chunks.
  void SendTable() {
    ASSERT_TRUE(receiver_.OnChunk(Chunk(0, 0, kTableBytes.substr(0, 5))).ok());
    ASSERT_TRUE(receiver_.OnChunk(Chunk(0, 5, kTableBytes.substr(5))).ok());
  }
  std::vector<std::string> Verified() {
    absl::StatusOr<std::vector<StagedFile>> files = ReadStagedFiles(paths_);
    std::vector<std::string> names;
    if (files.ok()) {
      for (const StagedFile& file : *files) names.push_back(file.name);
    }
    return names;
  }
  bool TableExists() const {
    std::error_code error;
    return std::filesystem::exists(paths_.staging + "/" + kTable, error);
  }

  CloneTempDir dir_;
  ClonePaths paths_{dir_.Sub("data")};
  CloneReceiver receiver_{paths_, nullptr};
};

TEST_F(CloneReceiverTest, FileEndWithTheBytesChecksumKeepsTheFile) {
  SendTable();
  EXPECT_TRUE(Verified().empty());  // not before its FileEnd
  ASSERT_TRUE(receiver_.OnFileEnd(End(0, BytesChecksum(kTableBytes))).ok());
  ASSERT_TRUE(receiver_.WaitDurable().ok());  // fsynced and recorded off the stream's thread
  EXPECT_EQ(Verified(), std::vector<std::string>{kTable});
  absl::StatusOr<uint64_t> on_disk = FileChecksum(paths_.staging + "/" + kTable);
  ASSERT_TRUE(on_disk.ok());
  EXPECT_EQ(*on_disk, BytesChecksum(kTableBytes));
}

TEST_F(CloneReceiverTest, FileEndWithAnotherChecksumIsDataLossAndDeletesTheFile) {
  SendTable();
  absl::Status status = receiver_.OnFileEnd(End(0, BytesChecksum(kTableBytes) ^ 1));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_FALSE(TableExists());
  EXPECT_TRUE(Verified().empty());
}

TEST_F(CloneReceiverTest, FileEndBeforeTheLastByteIsDataLoss) {
  ASSERT_TRUE(receiver_.OnChunk(Chunk(0, 0, kTableBytes.substr(0, 5))).ok());
  absl::Status status = receiver_.OnFileEnd(End(0, BytesChecksum(kTableBytes.substr(0, 5))));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_FALSE(TableExists());
}

TEST_F(CloneReceiverTest, NextFileWithoutFileEndIsDataLoss) {
  SendTable();
  absl::Status status = receiver_.OnChunk(Chunk(1, 0, ""));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_TRUE(Verified().empty());
}

TEST_F(CloneReceiverTest, FileEndOfAnotherFileIsDataLoss) {
  SendTable();
  absl::Status status = receiver_.OnFileEnd(End(1, BytesChecksum("")));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
}

TEST_F(CloneReceiverTest, DoneWithoutTheLastFileEndIsDataLoss) {
  SendTable();
  ASSERT_TRUE(receiver_.OnFileEnd(End(0, BytesChecksum(kTableBytes))).ok());
  ASSERT_TRUE(receiver_.OnChunk(Chunk(1, 0, "")).ok());
  EXPECT_EQ(receiver_.OnDone().code(), absl::StatusCode::kDataLoss);
}

TEST_F(CloneReceiverTest, EveryFileEndedCompletesTheStream) {
  SendTable();
  ASSERT_TRUE(receiver_.OnFileEnd(End(0, BytesChecksum(kTableBytes))).ok());
  ASSERT_TRUE(receiver_.OnChunk(Chunk(1, 0, "")).ok());
  ASSERT_TRUE(receiver_.OnFileEnd(End(1, BytesChecksum(""))).ok());
  EXPECT_TRUE(receiver_.OnDone().ok());
  EXPECT_EQ(Verified(), (std::vector<std::string>{kTable, "CURRENT.empty"}));
}

// Several files in flight (SnapshotRequest.files_in_flight): interleaved chunks.
TEST(CloneReceiverInFlightTest, InterleavedChunksOfTwoFilesAreEachVerified) {
  CloneTempDir dir;
  ClonePaths paths(dir.Sub("data"));
  CloneReceiver receiver(paths, nullptr, /*files_in_flight=*/2);
  ASSERT_TRUE(receiver.Resume().ok());
  ASSERT_TRUE(receiver.OnManifest(ThreeFiles()).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(1, 0, "bb")).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(0, 0, "aa")).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(1, 2, "BB")).ok());
  ASSERT_TRUE(receiver.OnFileEnd(End(1, BytesChecksum("bbBB"))).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(2, 0, "cccc")).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(0, 2, "AA")).ok());
  ASSERT_TRUE(receiver.OnFileEnd(End(0, BytesChecksum("aaAA"))).ok());
  ASSERT_TRUE(receiver.OnFileEnd(End(2, BytesChecksum("cccc"))).ok());
  EXPECT_TRUE(receiver.OnDone().ok());
  absl::StatusOr<uint64_t> first = FileChecksum(paths.staging + "/000001.sst");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, BytesChecksum("aaAA"));
}

TEST(CloneReceiverInFlightTest, MoreFilesThanInFlightIsDataLoss) {
  CloneTempDir dir;
  ClonePaths paths(dir.Sub("data"));
  CloneReceiver receiver(paths, nullptr, /*files_in_flight=*/2);
  ASSERT_TRUE(receiver.Resume().ok());
  ASSERT_TRUE(receiver.OnManifest(ThreeFiles()).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(0, 0, "aa")).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(1, 0, "bb")).ok());
  EXPECT_EQ(receiver.OnChunk(Chunk(2, 0, "cc")).code(), absl::StatusCode::kDataLoss);
}

TEST(CloneReceiverInFlightTest, ChunkOfAnEndedFileIsDataLoss) {
  CloneTempDir dir;
  ClonePaths paths(dir.Sub("data"));
  CloneReceiver receiver(paths, nullptr, /*files_in_flight=*/2);
  ASSERT_TRUE(receiver.Resume().ok());
  ASSERT_TRUE(receiver.OnManifest(ThreeFiles()).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(1, 0, "bbBB")).ok());
  ASSERT_TRUE(receiver.OnFileEnd(End(1, BytesChecksum("bbBB"))).ok());
  EXPECT_EQ(receiver.OnChunk(Chunk(1, 0, "bbBB")).code(), absl::StatusCode::kDataLoss);
}

TEST(CloneReceiverInFlightTest, CorruptedFileAmongInterleavedFilesIsDataLossAndDeleted) {
  CloneTempDir dir;
  ClonePaths paths(dir.Sub("data"));
  CloneReceiver receiver(paths, nullptr, /*files_in_flight=*/2);
  ASSERT_TRUE(receiver.Resume().ok());
  ASSERT_TRUE(receiver.OnManifest(ThreeFiles()).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(0, 0, "aaAA")).ok());
  ASSERT_TRUE(receiver.OnChunk(Chunk(1, 0, "bbBB")).ok());
  EXPECT_EQ(receiver.OnFileEnd(End(1, BytesChecksum("bbBX"))).code(),
            absl::StatusCode::kDataLoss);
  std::error_code error;
  EXPECT_FALSE(std::filesystem::exists(paths.staging + "/000002.sst", error));
}

}  // namespace
}  // namespace ordinal::replication
