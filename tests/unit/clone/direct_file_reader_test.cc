// DirectFileReader (replication/direct_file_reader.h): whatever the sizes, offsets and
// buffers, a read returns exactly the file's bytes, with O_DIRECT where the reads are aligned
// and the filesystem allows it, buffered otherwise; it never writes past the room it was given.
#include "replication/direct_file_reader.h"

#include <unistd.h>

#include <cstdlib>
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

// An aligned buffer with `room` usable bytes and a guard area after them.
class AlignedBuffer {
 public:
  explicit AlignedBuffer(size_t room)
      : room_(room),
        data_(static_cast<char*>(std::aligned_alloc(kDirectAlignment,
                                                    RoundUpToDirect(room + kGuard)))) {
    std::fill(data_, data_ + room_ + kGuard, '#');
  }
  ~AlignedBuffer() { std::free(data_); }
  char* data() { return data_; }
  bool GuardIntact() const {
    return std::all_of(data_ + room_, data_ + room_ + kGuard, [](char c) { return c == '#'; });
  }

 private:
  static constexpr size_t kGuard = 64;
  const size_t room_;
  char* const data_;
};

// Reads the whole file in reads of `step` bytes at `skew` bytes past an aligned address.
std::string ReadInSteps(DirectFileReader& reader, size_t step, size_t skew) {
  std::string out;
  AlignedBuffer buffer(skew + RoundUpToDirect(step));
  for (uint64_t offset = 0;; offset += step) {
    absl::StatusOr<size_t> n = reader.ReadAt(offset, buffer.data() + skew, step);
    EXPECT_TRUE(n.ok()) << n.status();
    if (!n.ok()) break;
    EXPECT_LE(*n, step);
    out.append(buffer.data() + skew, *n);
    if (*n < step) break;
  }
  EXPECT_TRUE(buffer.GuardIntact());
  return out;
}

TEST(DirectFileReaderTest, AlignedReadsReturnTheFileDirectly) {
  CloneTempDir dir;
  for (size_t size : {0, 1, 4095, 4096, 4097, 3 * 4096 + 17, (1 << 20) + 5}) {
    for (size_t step : {4096, 8192, 1 << 20}) {
      const std::string bytes = Pattern(size);
      WriteFile(dir.Sub("f"), bytes);
      auto reader = DirectFileReader::Open(dir.Sub("f"));
      ASSERT_TRUE(reader.ok()) << reader.status();
      const bool direct = (*reader)->direct();
      EXPECT_EQ(ReadInSteps(**reader, step, 0), bytes) << size << " by " << step;
      EXPECT_EQ((*reader)->direct(), direct) << "aligned reads stay direct";
    }
  }
}

TEST(DirectFileReaderTest, UnalignedReadsFallBackToBufferedWithTheSameBytes) {
  CloneTempDir dir;
  const std::string bytes = Pattern(3 * 4096 + 100);
  WriteFile(dir.Sub("f"), bytes);
  for (size_t step : {1000, 4096}) {
    for (size_t skew : {0, 1, 17}) {
      if (step % kDirectAlignment == 0 && skew == 0) continue;
      auto reader = DirectFileReader::Open(dir.Sub("f"));
      ASSERT_TRUE(reader.ok()) << reader.status();
      EXPECT_EQ(ReadInSteps(**reader, step, skew), bytes) << step << " at +" << skew;
      EXPECT_FALSE((*reader)->direct());
    }
  }
}

TEST(DirectFileReaderTest, AReadPastTheEndIsShort) {
  CloneTempDir dir;
  const std::string bytes = Pattern(5000);
  WriteFile(dir.Sub("f"), bytes);
  auto reader = DirectFileReader::Open(dir.Sub("f"));
  ASSERT_TRUE(reader.ok()) << reader.status();
  AlignedBuffer buffer(8192);
  absl::StatusOr<size_t> n = (*reader)->ReadAt(4096, buffer.data(), 8192);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(std::string(buffer.data(), *n), bytes.substr(4096));
  n = (*reader)->ReadAt(8192, buffer.data(), 4096);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 0u);
}

TEST(DirectFileReaderTest, AMissingFileIsAnError) {
  CloneTempDir dir;
  auto reader = DirectFileReader::Open(dir.Sub("missing"));
  EXPECT_TRUE(absl::IsInternal(reader.status())) << reader.status();
}

TEST(DirectFileReaderTest, ReadsWhereODirectIsRefused) {
  std::error_code error;
  if (!std::filesystem::is_directory("/dev/shm", error)) GTEST_SKIP() << "no /dev/shm (tmpfs)";
  const std::string path = "/dev/shm/ordinal-direct-reader-test-" + std::to_string(::getpid());
  const std::string bytes = Pattern(3 * 4096 + 17);
  WriteFile(path, bytes);
  auto reader = DirectFileReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(ReadInSteps(**reader, 4096, 0), bytes);
  std::filesystem::remove(path, error);
}

}  // namespace
}  // namespace ordinal::replication
