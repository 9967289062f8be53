// ordinal-backup's command line (backup/command_line.h): each command's flags, and bad
// input refused with a specific error, passwords on argv included.
#include <gtest/gtest.h>

#include "backup/command_line.h"

namespace ordinal::backup {
namespace {

absl::StatusOr<CommandLine> Parse(std::vector<std::string> args) { return ParseCommandLine(args); }

TEST(CommandLineTest, BackupTakesItsFlags) {
  auto line = Parse({"backup", "--from", "h:1", "--to=/b", "--incremental-from", "/a", "-u", "x"});
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->command, Command::kBackup);
  EXPECT_EQ(line->from, "h:1");
  EXPECT_EQ(line->to, "/b");
  EXPECT_EQ(line->incremental_from, "/a");
  EXPECT_EQ(line->user, "x");
}

TEST(CommandLineTest, BackupTakesTheClisSslOptions) {
  auto preferred = Parse({"backup", "--from", "h:1", "--to", "/b"});
  ASSERT_TRUE(preferred.ok());
  EXPECT_EQ(preferred->tls.mode, SslMode::kPreferred);
  auto verify = Parse({"backup", "--from", "h:1", "--to", "/b", "--ssl-ca", "/ca.crt",
                       "--ssl-cert=/c.crt", "--ssl-key", "/c.key"});
  ASSERT_TRUE(verify.ok()) << verify.status();
  EXPECT_EQ(verify->tls.mode, SslMode::kVerifyCa);  // a CA alone means VERIFY_CA
  EXPECT_EQ(verify->tls.ca_file, "/ca.crt");
  EXPECT_EQ(verify->tls.cert_file, "/c.crt");
  EXPECT_EQ(verify->tls.key_file, "/c.key");
  auto identity = Parse({"backup", "--from", "h:1", "--to", "/b", "--ssl-ca", "/ca.crt",
                         "--ssl-mode=verify_identity"});
  ASSERT_TRUE(identity.ok());
  EXPECT_EQ(identity->tls.mode, SslMode::kVerifyIdentity);
  EXPECT_EQ(Parse({"backup", "--from", "h:1", "--to", "/b", "--ssl"})->tls.mode,
            SslMode::kRequired);
  EXPECT_EQ(Parse({"backup", "--from", "h:1", "--to", "/b", "--skip-ssl"})->tls.mode,
            SslMode::kDisabled);
  EXPECT_EQ(Parse({"backup", "--from", "h:1", "--to", "/b", "--ssl-mode", "sometimes"})
                .status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse({"backup", "--from", "h:1", "--to", "/b", "--ssl", "--skip-ssl"})
                .status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse({"backup", "--from", "h:1", "--to", "/b", "--ssl=yes"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Restore reads local files only: it has no transport to secure.
  EXPECT_FALSE(Parse({"restore", "--backup", "/b", "--to", "/d", "--ssl"}).ok());
}

TEST(CommandLineTest, VerifyTakesOneDirectory) {
  auto line = Parse({"backup", "verify", "/b"});
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->command, Command::kVerify);
  EXPECT_EQ(line->verify_dir, "/b");
  EXPECT_FALSE(Parse({"backup", "verify"}).ok());
  EXPECT_FALSE(Parse({"backup", "verify", "/a", "/b"}).ok());
}

TEST(CommandLineTest, RestoreTakesOneLimit) {
  auto line = Parse({"restore", "--backup", "/b", "--to", "/d", "--archive", "/a",
                     "--until-time", "2026-12-03T21:14:05.25Z"});
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(*line->until_time, absl::FromUnixMillis(1796332445250));
  EXPECT_FALSE(Parse({"restore", "--backup", "/b", "--to", "/d", "--until-position", "5",
                      "--until-time", "2026-12-03 21:14:05"}).ok());
  EXPECT_FALSE(Parse({"restore", "--backup", "/b", "--to", "/d", "--until-position", "x"}).ok());
  EXPECT_TRUE(ParseUntilTime("2026-12-03 21:14:05").ok());
  EXPECT_FALSE(ParseUntilTime("yesterday").ok());
}

TEST(CommandLineTest, BadInputIsInvalidArgument) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"backup", "--to", "/b"},
           {"backup", "--from", "nocolon", "--to", "/b"},
           {"backup", "--from", "h:1", "--to"},
           {"backup", "--from", "h:1", "--to", "/b", "--password=secret"},
           {"backup", "--from", "h:1", "--to", "/b", "-psecret"},
           {"backup", "--from", "h:1", "--to", "/b", "--what"},
           {"restore", "--to", "/d"},
           {"frobnicate"}}) {
    EXPECT_EQ(Parse(args).status().code(), absl::StatusCode::kInvalidArgument) << args.back();
  }
}

}  // namespace
}  // namespace ordinal::backup
