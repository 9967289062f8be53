// DirectReadAhead (replication/direct_read_ahead.h): whatever the file size, the chunk size
// and the reads in flight, the chunks come in offset order, each at an aligned address in
// its buffer, and together hold exactly the file's bytes; a file shorter than its listed
// size is an error; a reader dropped with reads in flight goes away cleanly.
#include "replication/direct_read_ahead.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/unit/clone/clone_fixture.h"

namespace ordinal::replication {
namespace {

std::string Pattern(size_t size) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  return bytes;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Opens `path`; null when this machine cannot read it ahead directly (the test then skips).
std::unique_ptr<DirectReadAhead> OpenAhead(const std::string& path, uint64_t size,
                                           size_t chunk_bytes, int depth) {
  auto ahead = DirectReadAhead::Open(path, size, chunk_bytes, depth, [] { return std::string(); });
  EXPECT_TRUE(ahead.ok()) << ahead.status();
  return ahead.ok() ? *std::move(ahead) : nullptr;
}

TEST(DirectReadAheadTest, ChunksHoldTheFileInOrderAtAlignedAddresses) {
  CloneTempDir dir;
  for (size_t size : {1, 4095, 4096, 4097, 3 * 4096 + 17, (1 << 20) + 5, 5 << 20}) {
    const std::string bytes = Pattern(size);
    WriteFile(dir.Sub("f"), bytes);
    for (size_t chunk_bytes : {4096, 64 << 10, 1 << 20}) {
      for (int depth : {1, 2, 4, 8}) {
        SCOPED_TRACE(testing::Message() << size << " bytes in chunks of " << chunk_bytes
                                        << ", " << depth << " in flight");
        auto ahead = OpenAhead(dir.Sub("f"), size, chunk_bytes, depth);
        if (ahead == nullptr) GTEST_SKIP() << "no direct reads with native AIO here";
        std::string read;
        while (!ahead->done()) {
          absl::StatusOr<ChunkBuffer> chunk = ahead->Next();
          ASSERT_TRUE(chunk.ok()) << chunk.status();
          EXPECT_EQ(chunk->size, std::min<size_t>(chunk_bytes, size - read.size()));
          EXPECT_EQ(reinterpret_cast<uintptr_t>(chunk->bytes().data()) % kDirectAlignment, 0u);
          read.append(chunk->bytes());
        }
        EXPECT_EQ(read, bytes);
      }
    }
  }
}

TEST(DirectReadAheadTest, ReusedBuffersGiveTheSameBytes) {
  CloneTempDir dir;
  const std::string bytes = Pattern((3 << 20) + 100);
  WriteFile(dir.Sub("f"), bytes);
  std::vector<std::string> pool;
  auto ahead = DirectReadAhead::Open(dir.Sub("f"), bytes.size(), 1 << 20, 2, [&pool] {
    if (pool.empty()) return std::string(100, 'x');  // too small: grown
    std::string buffer = std::move(pool.back());
    pool.pop_back();
    return buffer;
  });
  ASSERT_TRUE(ahead.ok()) << ahead.status();
  if (*ahead == nullptr) GTEST_SKIP() << "no direct reads with native AIO here";
  std::string read;
  while (!(*ahead)->done()) {
    absl::StatusOr<ChunkBuffer> chunk = (*ahead)->Next();
    ASSERT_TRUE(chunk.ok()) << chunk.status();
    read.append(chunk->bytes());
    pool.push_back(std::move(chunk->storage));
  }
  EXPECT_EQ(read, bytes);
}

TEST(DirectReadAheadTest, AFileShorterThanListedIsAnError) {
  CloneTempDir dir;
  WriteFile(dir.Sub("f"), Pattern(3 * 4096 + 5));
  auto ahead = OpenAhead(dir.Sub("f"), 5 * 4096, 4096, 4);
  if (ahead == nullptr) GTEST_SKIP() << "no direct reads with native AIO here";
  absl::Status status;
  while (status.ok() && !ahead->done()) status = ahead->Next().status();
  EXPECT_TRUE(absl::IsInternal(status)) << status;
}

TEST(DirectReadAheadTest, DroppingItWithReadsInFlightIsSafe) {
  CloneTempDir dir;
  const std::string bytes = Pattern(8 << 20);
  WriteFile(dir.Sub("f"), bytes);
  for (int taken : {0, 1, 3}) {
    auto ahead = OpenAhead(dir.Sub("f"), bytes.size(), 1 << 20, 4);
    if (ahead == nullptr) GTEST_SKIP() << "no direct reads with native AIO here";
    for (int i = 0; i < taken; ++i) {
      absl::StatusOr<ChunkBuffer> chunk = ahead->Next();
      ASSERT_TRUE(chunk.ok()) << chunk.status();
      EXPECT_EQ(chunk->bytes(), std::string_view(bytes).substr(i << 20, 1 << 20));
    }
  }  // each reader is destroyed with up to 4 reads in flight
}

TEST(DirectReadAheadTest, AMissingFileIsAnError) {
  CloneTempDir dir;
  auto ahead = DirectReadAhead::Open(dir.Sub("missing"), 100, 4096, 2, {});
  EXPECT_TRUE(absl::IsInternal(ahead.status())) << ahead.status();
}

TEST(DirectReadAheadTest, UnalignedChunksAreNotReadThisWay) {
  CloneTempDir dir;
  WriteFile(dir.Sub("f"), Pattern(10000));
  auto ahead = DirectReadAhead::Open(dir.Sub("f"), 10000, 1000, 2, {});
  ASSERT_TRUE(ahead.ok()) << ahead.status();
  EXPECT_EQ(*ahead, nullptr);
}

}  // namespace
}  // namespace ordinal::replication
