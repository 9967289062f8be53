// --log_archive_dir must be neither the data directory, nor inside it, nor hold it: a clone
// or a restore replaces the data directory wholesale, and the archive must outlive the data
// volume. The check compares absolute, normalized paths with symbolic links resolved.
#include <filesystem>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/config.h"
#include "tests/unit/engine/scoped_temp_dir.h"

namespace ordinal::server {
namespace {

absl::Status Check(const std::string& data_dir, const std::string& archive_dir) {
  Config config;
  config.data_dir = data_dir;
  config.log_archive_dir = archive_dir;
  return ValidateConfig(config);
}

TEST(ArchiveDirFlagsTest, NoArchiveOrASeparateDirectoryIsValid) {
  EXPECT_TRUE(Check("/var/lib/ordinal/data", "").ok());
  EXPECT_TRUE(Check("/var/lib/ordinal/data", "/archive/ordinal-0").ok());
  EXPECT_TRUE(Check("/var/lib/ordinal/data", "/var/lib/ordinal/data-archive").ok());
  EXPECT_TRUE(Check("/var/lib/ordinal/data", "/var/lib/ordinal/archive").ok());
}

TEST(ArchiveDirFlagsTest, ArchiveInsideTheDataDirectoryIsRefused) {
  const absl::Status status = Check("/var/lib/ordinal/data", "/var/lib/ordinal/data/archive");
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "--log_archive_dir")) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "inside --data_dir")) << status;
}

TEST(ArchiveDirFlagsTest, TheDataDirectoryItselfIsRefused) {
  EXPECT_TRUE(absl::IsInvalidArgument(Check("/srv/data", "/srv/data")));
  EXPECT_TRUE(absl::IsInvalidArgument(Check("/srv/data/", "/srv/./data")));
  EXPECT_TRUE(absl::IsInvalidArgument(Check("/srv/data", "/srv/other/../data/log")));
}

TEST(ArchiveDirFlagsTest, DataDirectoryInsideTheArchiveIsRefused) {
  const absl::Status status = Check("/archive/ordinal-0/data", "/archive");
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "inside --log_archive_dir")) << status;
}

TEST(ArchiveDirFlagsTest, RelativePathsAreComparedAsAbsolute) {
  EXPECT_TRUE(absl::IsInvalidArgument(Check("data", std::filesystem::current_path() / "data/a")));
}

TEST(ArchiveDirFlagsTest, ASymbolicLinkIntoTheDataDirectoryIsRefused) {
  testing::ScopedTempDir dir;
  const std::string data = dir.Sub("data");
  std::filesystem::create_directories(data + "/archive");
  std::filesystem::create_directory_symlink(data + "/archive", dir.Sub("archive-link"));
  EXPECT_TRUE(absl::IsInvalidArgument(Check(data, dir.Sub("archive-link"))));
  EXPECT_TRUE(Check(data, dir.Sub("archive")).ok());
}

}  // namespace
}  // namespace ordinal::server
