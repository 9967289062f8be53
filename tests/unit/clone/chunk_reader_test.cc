// CloneChunkReader (replication/clone_chunk_reader.h): whatever the files in flight, the
// chunk size and the way of reading (on the sender's thread, reader threads with buffered or
// O_DIRECT reads), every file comes as chunks in offset order that hold exactly its bytes,
// then its end with the XXH3 of the file; an empty file gets one empty chunk.
#include "replication/clone_chunk_reader.h"

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/clone/clone_fixture.h"
#include "xxhash.h"

namespace ordinal::replication {
namespace {

std::string Pattern(size_t size, int seed) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 13 + seed * 101 + i / 4096));
  return bytes;
}

class ChunkReaderTest : public ::testing::Test {
 protected:
  // Writes files of the given sizes; their reader list.
  std::vector<CloneChunkReader::File> MakeFiles(const std::vector<size_t>& sizes) {
    std::vector<CloneChunkReader::File> files;
    for (size_t i = 0; i < sizes.size(); ++i) {
      const std::string path = dir_.Sub("file-" + std::to_string(i));
      contents_.push_back(Pattern(sizes[i], static_cast<int>(i)));
      std::ofstream(path, std::ios::binary) << contents_.back();
      // Manifest indexes need not be dense: a skipped file leaves a gap.
      files.push_back({static_cast<uint32_t>(2 * i + 1), path, sizes[i]});
    }
    return files;
  }

  // Reads every item and checks each file's chunks and end against its content.
  void ExpectEveryFile(CloneChunkReader& reader, size_t chunk_bytes) {
    std::map<uint32_t, std::string> received;
    std::map<uint32_t, int> chunks;
    std::map<uint32_t, uint64_t> checksums;
    CloneChunkReader::Item item;
    while (true) {
      absl::StatusOr<bool> more = reader.Next(item);
      ASSERT_TRUE(more.ok()) << more.status();
      if (!*more) break;
      ASSERT_EQ(checksums.count(item.file_index), 0u) << "an item after the file's end";
      if (item.end) {
        checksums[item.file_index] = item.checksum;
        continue;
      }
      EXPECT_EQ(item.offset, received[item.file_index].size()) << "chunks in offset order";
      EXPECT_LE(item.data.size, chunk_bytes);
      received[item.file_index].append(item.data.bytes());
      ++chunks[item.file_index];
      reader.Recycle(std::move(item.data.storage));
    }
    ASSERT_EQ(checksums.size(), contents_.size());
    for (size_t i = 0; i < contents_.size(); ++i) {
      const uint32_t index = static_cast<uint32_t>(2 * i + 1);
      EXPECT_EQ(received[index], contents_[i]) << "file " << i;
      EXPECT_GE(chunks[index], 1) << "file " << i;
      EXPECT_EQ(checksums[index], XXH3_64bits(contents_[i].data(), contents_[i].size()))
          << "file " << i;
    }
  }

  CloneTempDir dir_;
  std::vector<std::string> contents_;
};

TEST_F(ChunkReaderTest, EveryWayOfReadingGivesEachFileInOrderWithItsChecksum) {
  const std::vector<size_t> sizes = {0, 1, 4095, 4096, 300000, (1 << 20) + 5, 3 * 4096 + 17};
  for (int in_flight : {1, 2, 4}) {
    for (bool direct : {false, true}) {
      for (size_t chunk_bytes : {size_t{1000}, size_t{4096}, size_t{64 << 10}, size_t{1 << 20}}) {
        SCOPED_TRACE(testing::Message() << in_flight << " in flight, direct " << direct
                                        << ", chunks of " << chunk_bytes);
        contents_.clear();
        CloneChunkReader reader(MakeFiles(sizes), chunk_bytes, in_flight, /*max_queued=*/3,
                                direct);
        ExpectEveryFile(reader, chunk_bytes);
      }
    }
  }
}

TEST_F(ChunkReaderTest, AMissingFileEndsTheReadingWithAnError) {
  std::vector<CloneChunkReader::File> files = MakeFiles({5000});
  files.push_back({7, dir_.Sub("missing"), 100});
  for (int in_flight : {1, 2}) {
    CloneChunkReader reader(files, 4096, in_flight, /*max_queued=*/2);
    CloneChunkReader::Item item;
    absl::Status status;
    while (status.ok()) {
      absl::StatusOr<bool> more = reader.Next(item);
      status = more.status();
      if (status.ok() && !*more) break;
    }
    EXPECT_TRUE(absl::IsInternal(status)) << status;
  }
}

}  // namespace
}  // namespace ordinal::replication
