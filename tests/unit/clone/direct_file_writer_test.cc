// DirectFileWriter (replication/direct_file_writer.h): whatever the sizes of the appends, the
// file holds exactly the appended (or filled in place and committed) bytes, with O_DIRECT on a real filesystem and with buffered
// writes where O_DIRECT is refused (tmpfs).
#include "replication/direct_file_writer.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
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

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Writes `bytes` in appends of `step` bytes through a writer with small blocks (from
// `pool` when given); the content.
std::string WriteThrough(const std::string& path, const std::string& bytes, size_t step,
                         DirectBlockPool* pool = nullptr) {
  auto writer = DirectFileWriter::Create(path, /*exclusive=*/false, /*block_bytes=*/8192, pool);
  EXPECT_TRUE(writer.ok()) << writer.status();
  if (!writer.ok()) return "";
  for (size_t at = 0; at < bytes.size(); at += step) {
    EXPECT_TRUE((*writer)->Append(std::string_view(bytes).substr(at, step)).ok());
  }
  EXPECT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ((*writer)->size(), bytes.size());
  const int fd = (*writer)->Release();
  EXPECT_EQ(::fsync(fd), 0);
  ::close(fd);
  return ReadAll(path);
}

TEST(DirectFileWriterTest, FileHoldsExactlyTheAppendedBytes) {
  CloneTempDir dir;
  for (size_t size : {0, 1, 4095, 4096, 8191, 8192, 8193, 3 * 8192 + 17}) {
    for (size_t step : {1000, 4096, 100000}) {
      const std::string bytes = Pattern(size);
      EXPECT_EQ(WriteThrough(dir.Sub("f"), bytes, step), bytes) << size << " by " << step;
    }
  }
}

TEST(DirectFileWriterTest, WritersOneAfterAnotherShareThePoolsBlocks) {
  CloneTempDir dir;
  DirectBlockPool pool(2);
  for (size_t size : {0, 1, 8192, 3 * 8192 + 17, 5 * 8192}) {
    const std::string bytes = Pattern(size);
    EXPECT_EQ(WriteThrough(dir.Sub("f" + std::to_string(size)), bytes, 1000, &pool), bytes)
        << size;
  }
  // The last writer's two blocks are kept: the next two of that size are those.
  char* first = pool.Take(8192);
  char* second = pool.Take(8192);
  char* fresh = pool.Take(8192);
  EXPECT_NE(first, second);
  pool.Put(fresh, 8192);
  pool.Put(second, 8192);
  EXPECT_EQ(pool.Take(8192), second) << "the last block kept is handed out first";
  pool.Put(first, 8192);   // kept: the pool is full again
  pool.Put(second, 8192);  // freed
}

TEST(DirectFileWriterTest, APoolHandsOutOnlyBlocksOfTheAskedSize) {
  DirectBlockPool pool(4);
  char* small = pool.Take(4096);
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(small) % 4096, 0u);
  pool.Put(small, 4096);
  char* large = pool.Take(8192);
  EXPECT_NE(large, small);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(large) % 4096, 0u);
  pool.Put(large, 8192);
}

// The same through Room and Commit, filling at most `step` bytes of the room each time.
std::string FillThrough(const std::string& path, const std::string& bytes, size_t step) {
  auto writer = DirectFileWriter::Create(path, /*exclusive=*/false, /*block_bytes=*/8192);
  EXPECT_TRUE(writer.ok()) << writer.status();
  if (!writer.ok()) return "";
  for (size_t at = 0; at < bytes.size();) {
    const auto [into, room] = (*writer)->Room();
    EXPECT_GT(room, 0u);
    const size_t n = std::min({room, step, bytes.size() - at});
    std::memcpy(into, bytes.data() + at, n);
    EXPECT_TRUE((*writer)->Commit(n).ok());
    at += n;
  }
  EXPECT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ((*writer)->size(), bytes.size());
  const int fd = (*writer)->Release();
  EXPECT_EQ(::fsync(fd), 0);
  ::close(fd);
  return ReadAll(path);
}

TEST(DirectFileWriterTest, FilledInPlaceHoldsExactlyTheCommittedBytes) {
  CloneTempDir dir;
  for (size_t size : {0, 1, 4095, 4096, 8191, 8192, 8193, 3 * 8192 + 17}) {
    for (size_t step : {1000, 4096, 100000}) {
      const std::string bytes = Pattern(size);
      EXPECT_EQ(FillThrough(dir.Sub("f"), bytes, step), bytes) << size << " by " << step;
    }
  }
}

TEST(DirectFileWriterTest, ExclusiveCreateRefusesAnExistingFile) {
  CloneTempDir dir;
  std::ofstream(dir.Sub("taken")) << "x";
  auto writer = DirectFileWriter::Create(dir.Sub("taken"), /*exclusive=*/true);
  EXPECT_FALSE(writer.ok());
  EXPECT_EQ(ReadAll(dir.Sub("taken")), "x");
}

TEST(DirectFileWriterTest, WorksWhereODirectIsRefused) {
  std::error_code error;
  if (!std::filesystem::is_directory("/dev/shm", error)) GTEST_SKIP() << "no /dev/shm (tmpfs)";
  const std::string path = "/dev/shm/ordinal-direct-writer-test-" + std::to_string(::getpid());
  const std::string bytes = Pattern(20000);
  EXPECT_EQ(WriteThrough(path, bytes, 3000), bytes);
  std::filesystem::remove(path, error);
}

}  // namespace
}  // namespace ordinal::replication
