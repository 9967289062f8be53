// CloneReceiver without the network: the per-file FileEnd of docs/clone-protocol.md. A file
// is kept (fsynced, listed in the marker) only after every byte arrived and its FileEnd's
// checksum matches them; any other order is DATA_LOSS.
#include "replication/clone_receiver.h"

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
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

// The file's worker may still be writing it when its FileEnd comes: the mismatch is
// returned by that call or by the next one at the latest.
TEST_F(CloneReceiverTest, FileEndWithAnotherChecksumIsDataLossAndDeletesTheFile) {
  SendTable();
  absl::Status status = receiver_.OnFileEnd(End(0, BytesChecksum(kTableBytes) ^ 1));
  if (status.ok()) status = receiver_.WaitDurable();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_FALSE(TableExists());
  EXPECT_TRUE(Verified().empty());
}

TEST_F(CloneReceiverTest, FileEndWithAnotherChecksumFailsDone) {
  SendTable();
  absl::Status status = receiver_.OnFileEnd(End(0, BytesChecksum(kTableBytes) ^ 1));
  if (status.ok()) status = receiver_.OnChunk(Chunk(1, 0, ""));
  if (status.ok()) status = receiver_.OnFileEnd(End(1, BytesChecksum("")));
  if (status.ok()) status = receiver_.OnDone();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_FALSE(TableExists());
  EXPECT_TRUE(Verified().empty() || Verified() == std::vector<std::string>{"CURRENT.empty"});
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
  absl::Status status = receiver.OnFileEnd(End(1, BytesChecksum("bbBX")));
  if (status.ok()) status = receiver.WaitDurable();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  std::error_code error;
  EXPECT_FALSE(std::filesystem::exists(paths.staging + "/000002.sst", error));
}

// Many chunks per file, several files in flight, each file's bytes kept alive only by the
// chunk's owner (as the network's buffers are): every file is written and verified.
TEST(CloneReceiverInFlightTest, ManyChunksOfInterleavedFilesAreWrittenAndVerified) {
  CloneTempDir dir;
  ClonePaths paths(dir.Sub("data"));
  CloneReceiver receiver(paths, nullptr, /*files_in_flight=*/3);
  ASSERT_TRUE(receiver.Resume().ok());
  constexpr int kFiles = 5;
  constexpr size_t kChunk = 300 << 10;  // not a multiple of the write blocks or the slices
  constexpr int kChunks = 20;
  v1::Manifest manifest;
  manifest.set_cluster_id("cluster");
  manifest.set_position(42);
  std::vector<std::string> contents(kFiles);
  for (int f = 0; f < kFiles; ++f) {
    for (size_t i = 0; i < kChunk * kChunks; ++i) contents[f].push_back(char('a' + (i * 7 + f) % 26));
    v1::ManifestFile* file = manifest.add_files();
    file->set_name(absl::StrCat("00000", f, ".sst"));
    file->set_size(contents[f].size());
  }
  ASSERT_TRUE(receiver.OnManifest(manifest).ok());
  auto send = [&](int f, int c) {
    auto owned = std::make_shared<std::string>(contents[f].substr(c * kChunk, kChunk));
    ReceivedChunk chunk;
    chunk.file_index = f;
    chunk.offset = c * kChunk;
    chunk.data.pieces = {std::string_view(*owned).substr(0, 1000),
                         std::string_view(*owned).substr(1000)};
    chunk.data.size = owned->size();
    chunk.data.owner = owned;
    return receiver.OnChunk(chunk);
  };
  // Files 0-2 interleaved, then 3 and 4 once 0 and 1 ended.
  for (int c = 0; c < kChunks; ++c) {
    for (int f = 0; f < 3; ++f) ASSERT_TRUE(send(f, c).ok());
  }
  ASSERT_TRUE(receiver.OnFileEnd(End(0, BytesChecksum(contents[0]))).ok());
  ASSERT_TRUE(receiver.OnFileEnd(End(1, BytesChecksum(contents[1]))).ok());
  for (int c = 0; c < kChunks; ++c) {
    for (int f = 3; f < kFiles; ++f) ASSERT_TRUE(send(f, c).ok());
  }
  for (int f = 2; f < kFiles; ++f) {
    ASSERT_TRUE(receiver.OnFileEnd(End(f, BytesChecksum(contents[f]))).ok());
  }
  ASSERT_TRUE(receiver.OnDone().ok());
  absl::StatusOr<std::vector<StagedFile>> staged = ReadStagedFiles(paths);
  ASSERT_TRUE(staged.ok());
  EXPECT_EQ(staged->size(), kFiles);
  for (int f = 0; f < kFiles; ++f) {
    absl::StatusOr<uint64_t> on_disk =
        FileChecksum(paths.staging + "/" + manifest.files(f).name());
    ASSERT_TRUE(on_disk.ok());
    EXPECT_EQ(*on_disk, BytesChecksum(contents[f])) << f;
  }
}

// One corrupted file among three in flight: the stream fails by Done at the latest, the
// corrupted file is gone, and only verified files are listed in the marker.
TEST(CloneReceiverInFlightTest, CorruptedFileAmongThreeFailsTheStreamAndListsOnlyVerified) {
  CloneTempDir dir;
  ClonePaths paths(dir.Sub("data"));
  CloneReceiver receiver(paths, nullptr, /*files_in_flight=*/3);
  ASSERT_TRUE(receiver.Resume().ok());
  ASSERT_TRUE(receiver.OnManifest(ThreeFiles()).ok());
  absl::Status status = receiver.OnChunk(Chunk(0, 0, "aaAA"));
  if (status.ok()) status = receiver.OnChunk(Chunk(1, 0, "bbBB"));
  if (status.ok()) status = receiver.OnChunk(Chunk(2, 0, "ccCC"));
  if (status.ok()) status = receiver.OnFileEnd(End(0, BytesChecksum("aaAA")));
  if (status.ok()) status = receiver.OnFileEnd(End(1, BytesChecksum("bbBX")));
  if (status.ok()) status = receiver.OnFileEnd(End(2, BytesChecksum("ccCC")));
  if (status.ok()) status = receiver.OnDone();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  std::error_code error;
  EXPECT_FALSE(std::filesystem::exists(paths.staging + "/000002.sst", error));
  absl::StatusOr<std::vector<StagedFile>> staged = ReadStagedFiles(paths);
  ASSERT_TRUE(staged.ok());
  for (const StagedFile& file : *staged) EXPECT_NE(file.name, "000002.sst");
  EXPECT_TRUE(StagingInProgress(paths));  // never complete: the marker stays
}

}  // namespace
}  // namespace ordinal::replication
