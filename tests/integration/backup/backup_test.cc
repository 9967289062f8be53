// Backups and point-in-time restore end to end (docs/operations.md): real ordinald processes,
// the real `ordinal` CLI, a primary archiving its log. The suite shares one cluster; each test
// uses its own database and backup directories.
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "backup/backup_manifest.h"
#include "tests/integration/backup/backup_fixture.h"
#include "tests/integration/cluster/write_load.h"
#include "tests/testing/shell.h"

namespace ordinal::integration {
namespace {
namespace fs = std::filesystem;

std::string RestoreArgs(const std::string& backup, const std::string& to,
                        const std::string& extra = "") {
  return absl::StrCat("restore --backup ", backup, " --to ", to, " ", extra);
}

ino_t Inode(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// Two independent ways to the primary's content at a backup's position P: the backup itself
// (a checkpoint of the replica at P) and an older backup rolled forward through the archived
// log to P. Both must give the same CHECKSUM TABLE, and rolling the new backup forward to the
// archive's end must give the primary's final checksum.
TEST_F(BackupFixture, BackupUnderWriteLoadMatchesThePrimaryAtItsPosition) {
  for (const std::string& sql : WriteLoadSchema(2)) Sql(sql);
  const std::string before = NewPath("load-before");
  const v1::BackupManifest base = Backup(before);
  WriteLoad load(cluster().address(0), cluster().password(), 2);
  load.Start();
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (load.total_acknowledged() < 200 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(20));
  const v1::BackupManifest during = Backup(NewPath("load-during"));
  while (load.total_acknowledged() < 400 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(20));
  load.Stop();
  ASSERT_GT(during.position(), base.position());
  WaitArchived();
  const std::string at_backup = NewPath("restored-backup");
  const std::string replayed = NewPath("restored-replayed");
  const std::string latest = NewPath("restored-latest");
  ASSERT_EQ(Ordinal(RestoreArgs(NewPath("load-during"), at_backup)).exit_code, 0);
  const CliRun run = Ordinal(RestoreArgs(before, replayed, absl::StrCat(
      "--archive ", archive_dir(), " --until-position ", during.position())));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(Ordinal(RestoreArgs(NewPath("load-during"), latest,
                                "--archive " + archive_dir())).exit_code, 0);
  const std::string primary = *cluster().Checksum(0, kEventsTable);
  auto first = StartOn(at_backup);
  auto second = StartOn(replayed);
  auto third = StartOn(latest);
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(Checksum(*first, kEventsTable), Checksum(*second, kEventsTable));
  EXPECT_EQ(Checksum(*first, kCountersTable), Checksum(*second, kCountersTable));
  EXPECT_NE(Checksum(*first, kEventsTable), primary);  // the load went on after the backup
  EXPECT_EQ(Checksum(*third, kEventsTable), primary);
  EXPECT_EQ(Checksum(*third, kCountersTable), *cluster().Checksum(0, kCountersTable));
}

TEST_F(BackupFixture, RestoreToATimeBeforeDropTableBringsTheTableBack) {
  Sql("CREATE DATABASE pitr");
  Sql("CREATE TABLE pitr.orders (id INT PRIMARY KEY, amount INT)");
  const std::string backup = NewPath("pitr-backup");
  Backup(backup);
  for (int i = 1; i <= 50; ++i) Sql(absl::StrCat("INSERT INTO pitr.orders VALUES (", i, ", ", i * 7, ")"));
  const uint64_t last_insert = WaitArchived();
  const std::string checksum = *cluster().Checksum(0, "pitr.orders");
  const absl::Time before_drop = absl::Now();
  while (absl::Now() <= before_drop + absl::Milliseconds(5)) absl::SleepFor(absl::Milliseconds(1));
  Sql("DROP TABLE pitr.orders");
  WaitArchived();
  const std::string to = NewPath("pitr-restored");
  const CliRun run = Ordinal(RestoreArgs(backup, to, absl::StrCat(
      "--archive ", archive_dir(), " --until-time ",
      absl::FormatTime(absl::RFC3339_full, before_drop, absl::UTCTimeZone()))));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(absl::StrContains(run.output, absl::StrCat("holds position ", last_insert)))
      << run.output;
  auto restored = StartOn(to);
  ASSERT_TRUE(restored);
  EXPECT_EQ(Cell(*restored, "SELECT COUNT(*) FROM pitr.orders"), "50");
  EXPECT_EQ(Checksum(*restored, "pitr.orders"), checksum);
  // A new epoch after the restored position, unknown to the history it came from.
  absl::StatusOr<v1::GetStatusResponse> primary = cluster().AdminStatus(0);
  absl::StatusOr<v1::GetStatusResponse> mine = AdminStatus(*restored);
  ASSERT_TRUE(primary.ok() && mine.ok());
  std::set<uint64_t> old_ids;
  for (const v1::Epoch& epoch : primary->history()) old_ids.insert(epoch.id());
  int forks = 0;
  for (const v1::Epoch& epoch : mine->history()) {
    if (epoch.previous_end() == last_insert && !old_ids.count(epoch.id())) ++forks;
  }
  EXPECT_EQ(forks, 1) << mine->ShortDebugString();
}

TEST_F(BackupFixture, CorruptedBackupFileIsDetectedByVerifyAndByRestore) {
  Sql("CREATE DATABASE damaged");
  Sql("CREATE TABLE damaged.t (id INT PRIMARY KEY)");
  Sql("INSERT INTO damaged.t VALUES (1), (2), (3)");
  const std::string dir = NewPath("damaged-backup");
  const v1::BackupManifest manifest = Backup(dir);
  CliRun intact = Ordinal("backup verify " + dir);
  EXPECT_EQ(intact.exit_code, 0) << intact.output;
  EXPECT_TRUE(absl::StrContains(intact.output, "intact")) << intact.output;
  std::string sst;
  for (const v1::BackupFile& file : manifest.files()) {
    if (absl::EndsWith(file.name(), ".sst") && file.size() > 100) sst = file.name();
  }
  ASSERT_FALSE(sst.empty());
  {
    std::fstream f(backup::DataPath(dir) + "/" + sst, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(50);
    const char byte = static_cast<char>(f.get());
    f.seekp(50);
    f.put(static_cast<char>(~byte));
  }
  fs::remove(backup::DataPath(dir) + "/CURRENT");
  const CliRun damaged = Ordinal("backup verify " + dir);
  EXPECT_EQ(damaged.exit_code, 1) << damaged.output;
  EXPECT_TRUE(absl::StrContains(damaged.output, "corrupt " + sst)) << damaged.output;
  EXPECT_TRUE(absl::StrContains(damaged.output, "missing CURRENT")) << damaged.output;
  const std::string to = NewPath("damaged-restored");
  const CliRun restore = Ordinal(RestoreArgs(dir, to));
  EXPECT_NE(restore.exit_code, 0) << restore.output;
  EXPECT_TRUE(absl::StrContains(restore.output, "corrupt " + sst)) << restore.output;
  EXPECT_FALSE(fs::exists(to));
  EXPECT_FALSE(fs::exists(to + ".clone-staging"));
}

TEST_F(BackupFixture, IncrementalBackupCopiesOnlyNewFiles) {
  Sql("CREATE DATABASE incr");
  Sql("CREATE TABLE incr.t (id INT PRIMARY KEY, v VARCHAR(100))");
  for (int i = 0; i < 20; ++i) Sql(absl::StrCat("INSERT INTO incr.t VALUES (", i, ", REPEAT('x', 90))"));
  const std::string full = NewPath("incr-full");
  const v1::BackupManifest first = Backup(full);
  for (int i = 20; i < 40; ++i) Sql(absl::StrCat("INSERT INTO incr.t VALUES (", i, ", REPEAT('y', 90))"));
  // The replica's compactions may rewrite every table file between two backups (each
  // backup's checkpoint flushes a new one, and a compaction may merge them all): then the
  // next incremental backup shares nothing with its predecessor, correctly. Up to three more
  // backups, each incremental from the one before, until one shares files; in every one a
  // file is linked exactly when it is a table file of the previous backup.
  std::string previous = full;
  std::set<std::string> old_files;
  for (const v1::BackupFile& file : first.files()) old_files.insert(file.name());
  std::string next;
  v1::BackupManifest second;
  int linked = 0;
  uint64_t copied = 0;
  for (int attempt = 0; attempt < 4 && linked == 0; ++attempt) {
    next = NewPath(absl::StrCat("incr-next-", attempt));
    second = Backup(next, "--incremental-from " + previous);
    copied = 0;
    for (const v1::BackupFile& file : second.files()) {
      const bool old_table = absl::EndsWith(file.name(), ".sst") && old_files.count(file.name());
      EXPECT_EQ(file.linked(), old_table) << file.name();
      if (file.linked()) {
        ++linked;
        EXPECT_EQ(Inode(backup::DataPath(next) + "/" + file.name()),
                  Inode(backup::DataPath(previous) + "/" + file.name())) << file.name();
      } else {
        copied += file.size();
      }
    }
    EXPECT_EQ(second.incremental_from(), previous);
    previous = next;
    old_files.clear();
    for (const v1::BackupFile& file : second.files()) old_files.insert(file.name());
  }
  EXPECT_GT(linked, 0);
  EXPECT_EQ(second.bytes_copied(), copied);
  EXPECT_LT(second.bytes_copied(), second.total_bytes());
  EXPECT_EQ(Ordinal("backup verify " + next).exit_code, 0);
  const std::string to = NewPath("incr-restored");
  ASSERT_EQ(Ordinal(RestoreArgs(next, to)).exit_code, 0);
  auto restored = StartOn(to);
  ASSERT_TRUE(restored);
  EXPECT_EQ(Cell(*restored, "SELECT COUNT(*) FROM incr.t"), "40");
}

TEST_F(BackupFixture, BadInputIsRefusedAndChangesNothing) {
  const std::string dir = NewPath("bad-input");
  Backup(dir);
  EXPECT_EQ(Ordinal(absl::StrCat("backup --from ", cluster().address(1), " --to ", dir)).exit_code, 1);
  EXPECT_EQ(Ordinal("backup --from nowhere --to " + NewPath("x")).exit_code, 2);
  EXPECT_EQ(Ordinal("backup --from 127.0.0.1:1 --to " + NewPath("y") + " --password=s").exit_code, 2);
  EXPECT_EQ(Ordinal("backup verify " + NewPath("no-such-backup")).exit_code, 1);
  const std::string occupied = NewPath("occupied");
  fs::create_directories(occupied);
  std::ofstream(occupied + "/keep") << "x";
  const CliRun refused = Ordinal(RestoreArgs(dir, occupied));
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_EQ(std::distance(fs::directory_iterator(occupied), fs::directory_iterator()), 1);
  EXPECT_EQ(Ordinal(RestoreArgs(dir, NewPath("z"), "--until-position 5")).exit_code, 2);
  EXPECT_EQ(Ordinal(RestoreArgs(dir, NewPath("z"), "--archive " + archive_dir() +
                                " --until-time yesterday")).exit_code, 2);
  EXPECT_FALSE(fs::exists(NewPath("z")));
}

TEST_F(BackupFixture, ArchiveInsideTheDataDirectoryIsAStartupError) {
  const std::string data = NewPath("archive-inside");
  const std::string command = absl::StrCat(testing::OrdinaldPath(), " --data_dir=", data,
                                           " --log_archive_dir=", data, "/archive --ordinal=0",
                                           " --port=", testing::PickFreePort(), " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  for (size_t n = 0; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) output.append(buffer, n);
  const int status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status)) << output;
  EXPECT_NE(WEXITSTATUS(status), 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "is inside --data_dir")) << output;
  EXPECT_FALSE(fs::exists(data + "/archive")) << "nothing is created";
}

// `ordinal ARGS` through /bin/sh with its own redirections (no 2>&1 appended); exit status.
int OrdinalShell(const std::string& password, const std::string& args) {
  const int status = std::system(absl::StrCat("ORDINAL_PASSWORD='", password, "' ",
                                              testing::CliPath(), " ", args).c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(BackupFixture, BackupToStdoutIsATarStreamThatVerifiesAndRestores) {
  Sql("CREATE DATABASE streamed");
  Sql("CREATE TABLE streamed.t (id INT PRIMARY KEY, v VARCHAR(20))");
  Sql("INSERT INTO streamed.t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
  WaitArchived();
  const std::string tar = NewPath("streamed.tar");
  const std::string log = NewPath("streamed.log");
  ASSERT_EQ(OrdinalShell(cluster().password(), absl::StrCat("backup --from ", cluster().address(1),
                                                            " --to - >", tar, " 2>", log)),
            0) << testing::ReadFile(log);
  EXPECT_TRUE(absl::StrContains(testing::ReadFile(log), "(stdout)")) << "the summary on stderr";
  // GNU tar reads it: the manifest and the store's files under data/.
  const std::string listing = NewPath("streamed.list");
  ASSERT_EQ(std::system(absl::StrCat("tar -tf ", tar, " >", listing).c_str()), 0);
  EXPECT_TRUE(absl::StrContains(testing::ReadFile(listing), "backup-manifest.json\n"));
  EXPECT_TRUE(absl::StrContains(testing::ReadFile(listing), "data/CURRENT\n"));
  const CliRun verified = Ordinal("backup verify " + tar);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_TRUE(absl::StrContains(verified.output, "intact")) << verified.output;
  EXPECT_EQ(OrdinalShell(cluster().password(), absl::StrCat("backup verify - <", tar, " >", log)),
            0) << testing::ReadFile(log);
  // Restored from standard input, and from the directory GNU tar extracts it into.
  const std::string from_stdin = NewPath("streamed-restored");
  ASSERT_EQ(OrdinalShell(cluster().password(),
                         absl::StrCat("restore --backup - --to ", from_stdin, " <", tar, " >", log,
                                      " 2>&1")),
            0) << testing::ReadFile(log);
  const std::string extracted = NewPath("streamed-extracted");
  fs::create_directories(extracted);
  ASSERT_EQ(std::system(absl::StrCat("tar -xf ", tar, " -C ", extracted).c_str()), 0);
  EXPECT_EQ(Ordinal("backup verify " + extracted).exit_code, 0);
  auto restored = StartOn(from_stdin);
  ASSERT_TRUE(restored);
  EXPECT_EQ(Cell(*restored, "SELECT COUNT(*) FROM streamed.t"), "3");
}

TEST_F(BackupFixture, ADamagedTarStreamIsRefusedByVerifyAndRestore) {
  Sql("CREATE DATABASE streamed_damaged");
  Sql("CREATE TABLE streamed_damaged.t (id INT PRIMARY KEY)");
  Sql("INSERT INTO streamed_damaged.t VALUES (1), (2)");
  const std::string tar = NewPath("damaged.tar");
  ASSERT_EQ(OrdinalShell(cluster().password(), absl::StrCat("backup --quiet --from ",
                                                            cluster().address(1), " --to - >",
                                                            tar)),
            0);
  {
    // Flip a byte in the middle of the first table file's data (ustar: the name at 0, the
    // octal size at 124, the magic at 257 of a 512-byte header; the data follows it).
    std::string bytes = testing::ReadFile(tar);
    size_t at = 0;
    for (size_t header = 0; header + 512 <= bytes.size(); header += 512) {
      const std::string name = bytes.substr(header, bytes.find('\0', header) - header);
      if (bytes.compare(header + 257, 5, "ustar") != 0 || !absl::EndsWith(name, ".sst")) continue;
      const uint64_t size = std::stoull(bytes.substr(header + 124, 11), nullptr, 8);
      at = header + 512 + size / 2;
      break;
    }
    ASSERT_GT(at, 0u) << "no table file in the stream";
    bytes[at] = static_cast<char>(~bytes[at]);
    std::ofstream(tar, std::ios::binary | std::ios::trunc) << bytes;
  }
  const CliRun verify = Ordinal("backup verify " + tar);
  EXPECT_EQ(verify.exit_code, 1) << verify.output;
  EXPECT_TRUE(absl::StrContains(verify.output, "corrupt ")) << verify.output;
  const std::string to = NewPath("damaged-stream-restored");
  const CliRun restore = Ordinal(RestoreArgs(tar, to));
  EXPECT_NE(restore.exit_code, 0) << restore.output;
  EXPECT_TRUE(absl::StrContains(restore.output, "corrupt ")) << restore.output;
  EXPECT_FALSE(fs::exists(to));
  EXPECT_FALSE(fs::exists(to + ".clone-staging"));
  const std::string cut = NewPath("cut.tar");
  fs::copy_file(tar, cut);
  fs::resize_file(cut, fs::file_size(tar) / 2);
  EXPECT_EQ(Ordinal("backup verify " + cut).exit_code, 1);
}

}  // namespace
}  // namespace ordinal::integration
