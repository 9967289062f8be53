// The restore's copy pass (backup/file_check.h, backup/copy_syncer.h): every file is copied
// byte for byte and verified in the same pass, each copy fsynced while the next files are
// copied; a damaged file is reported by name and fails nothing else.
#include "backup/file_check.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backup/backup_manifest.h"
#include "backup/copy_syncer.h"
#include "gtest/gtest.h"
#include "tests/unit/engine/scoped_temp_dir.h"
#include "xxhash.h"

namespace ordinal::backup {
namespace {
namespace v1 = ordinal::v1;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class FileCheckTest : public ::testing::Test {
 protected:
  // Writes `content` as data/<name> and lists it in the manifest with its checksum.
  void AddFile(const std::string& name, const std::string& content) {
    const std::filesystem::path path = std::filesystem::path(data_dir()) / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    v1::BackupFile* file = manifest_.add_files();
    file->set_name(name);
    file->set_size(content.size());
    file->set_xxh3(ChecksumHex(XXH3_64bits(content.data(), content.size())));
    contents_.push_back(content);
  }

  // A file of `size` bytes that differ from position to position.
  static std::string Bytes(size_t size, int seed) {
    std::string out(size, ' ');
    for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 131 + seed) >> 3);
    return out;
  }

  std::string data_dir() const { return dir_.Sub("data"); }
  std::string copy_dir() const { return dir_.Sub("copy"); }

  testing::ScopedTempDir dir_;
  v1::BackupManifest manifest_;
  std::vector<std::string> contents_;
};

TEST_F(FileCheckTest, CopiesEveryFileByteForByte) {
  AddFile("empty", "");
  AddFile("one", "x");
  AddFile("unaligned.sst", Bytes(4095, 1));
  AddFile("several-blocks.sst", Bytes((9 << 20) + 3, 2));
  AddFile("sub/dir/file", Bytes(70000, 3));
  absl::StatusOr<FileCheckResult> result = CheckFiles(data_dir(), manifest_, copy_dir());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->problems.empty());
  for (int i = 0; i < manifest_.files_size(); ++i) {
    EXPECT_EQ(ReadAll(copy_dir() + "/" + manifest_.files(i).name()), contents_[i])
        << manifest_.files(i).name();
  }
}

TEST_F(FileCheckTest, ACorruptFileIsReportedByName) {
  AddFile("a.sst", Bytes(100000, 4));
  AddFile("b.sst", Bytes(5 << 20, 5));
  AddFile("c.sst", Bytes(3000, 6));
  std::string damaged = contents_[1];
  damaged[4 << 20] ^= 1;
  std::ofstream(data_dir() + "/b.sst", std::ios::binary) << damaged;
  absl::StatusOr<FileCheckResult> result = CheckFiles(data_dir(), manifest_, copy_dir());
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->problems.size(), 1u);
  EXPECT_EQ(result->problems[0].name, "b.sst");
  EXPECT_EQ(result->problems[0].kind, FileProblemKind::kCorrupt);
}

TEST_F(FileCheckTest, VerifyingAloneWritesNothing) {
  AddFile("a.sst", Bytes(300000, 7));
  absl::StatusOr<FileCheckResult> result = CheckFiles(data_dir(), manifest_, std::nullopt);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->problems.empty());
  EXPECT_EQ(result->bytes_read, 300000u);
  EXPECT_FALSE(std::filesystem::exists(copy_dir()));
}

TEST(CopySyncerTest, SyncsEveryCopyItIsGiven) {
  testing::ScopedTempDir dir;
  std::vector<int> fds;
  CopySyncer syncer;
  for (int i = 0; i < 5; ++i) {
    const std::string path = dir.Sub(absl::StrCat("f", i));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "abc", 3), 3);
    syncer.Add(fd, path);
    fds.push_back(fd);
  }
  EXPECT_TRUE(syncer.Finish().ok());
  for (int fd : fds) ::close(fd);
}

TEST(CopySyncerTest, AFailedFsyncIsReturned) {
  CopySyncer syncer;
  syncer.Add(-1, "/nowhere/copy");  // not a descriptor: fsync fails with EBADF
  const absl::Status status = syncer.Finish();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace ordinal::backup
