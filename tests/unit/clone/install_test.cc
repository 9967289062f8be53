// The target's on-disk protocol without a network: what counts as complete, and what
// FinishInterruptedInstall does with each state a crash can leave (docs/clone-protocol.md).
#include "replication/clone_install.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/unit/clone/clone_fixture.h"

namespace ordinal::replication {
namespace {

namespace fs = std::filesystem;

class CloneInstallTest : public ::testing::Test {
 protected:
  CloneInstallTest() : paths_(dir_.Sub("data")) {}

  // A directory holding one file with `content`, standing for a store.
  static void MakeStore(const std::string& dir, const std::string& content) {
    fs::create_directories(dir);
    std::ofstream(dir + "/CURRENT") << content;
  }
  static std::string Content(const std::string& dir) {
    std::ifstream in(dir + "/CURRENT");
    std::string content;
    std::getline(in, content);
    return content;
  }
  static bool Exists(const std::string& path) { return fs::exists(path); }

  // A staging directory that received a complete copy and lost its marker.
  void MakeCompleteStaging(const std::string& content) {
    ASSERT_TRUE(CreateStaging(paths_).ok());
    MakeStore(paths_.staging, content);
    ASSERT_TRUE(CompleteStaging(paths_).ok());
  }

  CloneTempDir dir_;
  ClonePaths paths_;
};

TEST_F(CloneInstallTest, MissingOrEmptyDataDirNeedsClone) {
  EXPECT_TRUE(NeedsClone(paths_.data_dir));
  fs::create_directories(paths_.data_dir);
  EXPECT_TRUE(NeedsClone(paths_.data_dir));
}

TEST_F(CloneInstallTest, DataDirWithTheMarkerNeedsClone) {
  MakeStore(paths_.data_dir, "store");
  std::ofstream(paths_.data_dir + "/" + kCloneMarkerName) << "ordinal-clone v1\n";
  EXPECT_TRUE(NeedsClone(paths_.data_dir));
}

TEST_F(CloneInstallTest, DataDirWithContentAndNoMarkerIsComplete) {
  MakeStore(paths_.data_dir, "store");
  EXPECT_FALSE(NeedsClone(paths_.data_dir));
  EXPECT_FALSE(NeedsClone(paths_.data_dir + "/"));
}

TEST_F(CloneInstallTest, StagingWithTheMarkerIsNeverInstalled) {
  ASSERT_TRUE(CreateStaging(paths_).ok());
  MakeStore(paths_.staging, "half");
  ASSERT_TRUE(FinishInterruptedInstall(paths_.data_dir).ok());
  EXPECT_TRUE(NeedsClone(paths_.data_dir));
  EXPECT_TRUE(StagingInProgress(paths_));
  EXPECT_FALSE(InstallStaging(paths_).ok());
  EXPECT_FALSE(Exists(paths_.data_dir));
}

TEST_F(CloneInstallTest, LeftoverNewStagingIsRemoved) {
  fs::create_directories(paths_.staging_new);
  ASSERT_TRUE(FinishInterruptedInstall(paths_.data_dir).ok());
  EXPECT_FALSE(Exists(paths_.staging_new));
}

TEST_F(CloneInstallTest, CompleteStagingIsInstalledAtTheNextStart) {
  MakeCompleteStaging("new");
  ASSERT_TRUE(FinishInterruptedInstall(paths_.data_dir).ok());
  EXPECT_EQ(Content(paths_.data_dir), "new");
  EXPECT_FALSE(Exists(paths_.staging));
}

TEST_F(CloneInstallTest, CrashBetweenTheRenamesInstallsTheNewCopy) {
  MakeCompleteStaging("new");
  MakeStore(paths_.old, "old");  // the old store was moved aside, the new one not yet in place
  ASSERT_TRUE(FinishInterruptedInstall(paths_.data_dir).ok());
  EXPECT_EQ(Content(paths_.data_dir), "new");
  EXPECT_FALSE(Exists(paths_.old));
}

TEST_F(CloneInstallTest, OldCopyWithoutANewOneIsRestored) {
  MakeStore(paths_.old, "old");
  ASSERT_TRUE(FinishInterruptedInstall(paths_.data_dir).ok());
  EXPECT_EQ(Content(paths_.data_dir), "old");
}

TEST_F(CloneInstallTest, OldCopyIsRemovedOnceTheNewOneIsInPlace) {
  MakeStore(paths_.data_dir, "new");
  MakeStore(paths_.old, "old");
  ASSERT_TRUE(FinishInterruptedInstall(paths_.data_dir).ok());
  EXPECT_EQ(Content(paths_.data_dir), "new");
  EXPECT_FALSE(Exists(paths_.old));
}

TEST_F(CloneInstallTest, InstallReplacesAnExistingStore) {
  MakeStore(paths_.data_dir, "old");
  MakeCompleteStaging("new");
  ASSERT_TRUE(InstallStaging(paths_).ok());
  EXPECT_EQ(Content(paths_.data_dir), "new");
  EXPECT_FALSE(Exists(paths_.old));
  EXPECT_FALSE(Exists(paths_.staging));
}

TEST_F(CloneInstallTest, MarkerListsVerifiedFilesAndIgnoresATornLine) {
  ASSERT_TRUE(CreateStaging(paths_).ok());
  ASSERT_TRUE(AppendStagedFile(paths_, StagedFile{"000007.sst", 42, 0xabcdef}).ok());
  std::ofstream(paths_.staging + "/" + kCloneMarkerName, std::ios::app) << "00000000000";
  absl::StatusOr<std::vector<StagedFile>> files = ReadStagedFiles(paths_);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].name, "000007.sst");
  EXPECT_EQ((*files)[0].size, 42u);
  EXPECT_EQ((*files)[0].checksum, 0xabcdefu);
}

}  // namespace
}  // namespace ordinal::replication
