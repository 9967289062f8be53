#include "client/cli/options.h"

#include <gtest/gtest.h>

namespace ordinal::cli {
namespace {

CliOptions Parse(std::vector<std::string> args) {
  absl::StatusOr<CliOptions> options = ParseCommandLine(args);
  EXPECT_TRUE(options.ok()) << options.status();
  return options.ok() ? *options : CliOptions{};
}

absl::Status ParseError(std::vector<std::string> args) { return ParseCommandLine(args).status(); }

TEST(OptionsTest, DefaultsMatchTheServer) {
  CliOptions options = Parse({});
  EXPECT_EQ(options.address(), "127.0.0.1:7306");
  EXPECT_EQ(options.user, "root");
  EXPECT_FALSE(options.password.has_value());
  EXPECT_FALSE(options.prompt_password);
}

TEST(OptionsTest, SeparateValues) {
  CliOptions options =
      Parse({"-h", "db1", "-P", "7400", "-u", "admin", "-D", "shop", "-e", "SELECT 1"});
  EXPECT_EQ(options.address(), "db1:7400");
  EXPECT_EQ(options.user, "admin");
  EXPECT_EQ(options.database, "shop");
  EXPECT_EQ(options.execute, "SELECT 1");
}

TEST(OptionsTest, AttachedShortValues) {
  CliOptions options = Parse({"-hdb1", "-P7400", "-uadmin", "-Dshop"});
  EXPECT_EQ(options.address(), "db1:7400");
  EXPECT_EQ(options.user, "admin");
  EXPECT_EQ(options.database, "shop");
}

TEST(OptionsTest, LongOptionsWithEqualsOrSeparateValue) {
  CliOptions options =
      Parse({"--host=db1", "--port", "7400", "--database=shop", "--execute=SHOW TABLES"});
  EXPECT_EQ(options.address(), "db1:7400");
  EXPECT_EQ(options.database, "shop");
  EXPECT_EQ(options.execute, "SHOW TABLES");
}

TEST(OptionsTest, BarePasswordFlagPrompts) {
  CliOptions options = Parse({"-p"});
  EXPECT_TRUE(options.prompt_password);
  EXPECT_FALSE(options.password.has_value());
  EXPECT_TRUE(options.warnings.empty());
}

TEST(OptionsTest, AttachedPasswordIsUsedWithWarning) {
  CliOptions options = Parse({"-psecret"});
  EXPECT_EQ(options.password, "secret");
  EXPECT_FALSE(options.prompt_password);
  ASSERT_EQ(options.warnings.size(), 1u);
  EXPECT_NE(options.warnings[0].find("insecure"), std::string::npos);
}

TEST(OptionsTest, PasswordFlagDoesNotTakeNextArgument) {
  CliOptions options = Parse({"-p", "shop"});
  EXPECT_TRUE(options.prompt_password);
  EXPECT_EQ(options.database, "shop");
}

TEST(OptionsTest, LongPasswordWithValue) {
  EXPECT_EQ(Parse({"--password=secret"}).password, "secret");
  EXPECT_TRUE(Parse({"--password"}).prompt_password);
}

TEST(OptionsTest, GroupedFlags) {
  CliOptions options = Parse({"-BNt"});
  EXPECT_TRUE(options.batch);
  EXPECT_TRUE(options.skip_column_names);
  EXPECT_TRUE(options.table);
}

TEST(OptionsTest, FlagGroupEndingInValueOption) {
  CliOptions options = Parse({"-Ne", "SELECT 1"});
  EXPECT_TRUE(options.skip_column_names);
  EXPECT_EQ(options.execute, "SELECT 1");
}

TEST(OptionsTest, LongFlags) {
  CliOptions options = Parse({"--batch", "--skip-column-names", "--table", "--vertical"});
  EXPECT_TRUE(options.batch);
  EXPECT_TRUE(options.skip_column_names);
  EXPECT_TRUE(options.table);
  EXPECT_TRUE(options.vertical);
}

TEST(OptionsTest, HelpAndVersion) {
  EXPECT_TRUE(Parse({"--help"}).help);
  EXPECT_TRUE(Parse({"-?"}).help);
  EXPECT_TRUE(Parse({"--version"}).version);
  EXPECT_TRUE(Parse({"-V"}).version);
}

TEST(OptionsTest, PositionalArgumentIsDatabase) {
  EXPECT_EQ(Parse({"-h", "db1", "shop"}).database, "shop");
}

TEST(OptionsTest, SecondPositionalArgumentIsAnError) {
  EXPECT_EQ(ParseError({"a", "b"}).code(), absl::StatusCode::kInvalidArgument);
}

TEST(OptionsTest, UnknownOptionIsAnError) {
  EXPECT_EQ(ParseError({"--frobnicate"}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseError({"-Z"}).code(), absl::StatusCode::kInvalidArgument);
}

TEST(OptionsTest, MissingValueIsAnError) {
  absl::Status status = ParseError({"-h"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("requires an argument"), absl::string_view::npos);
}

TEST(OptionsTest, BadPortIsAnError) {
  EXPECT_FALSE(ParseCommandLine({"-P", "http"}).ok());
  EXPECT_FALSE(ParseCommandLine({"-P0"}).ok());
  EXPECT_FALSE(ParseCommandLine({"--port=70000"}).ok());
}

TEST(OptionsTest, LastValueWins) { EXPECT_EQ(Parse({"-u", "a", "--user=b"}).user, "b"); }

TEST(OptionsTest, SslModeIsPreferredByDefault) {
  EXPECT_EQ(Parse({}).tls.mode, SslMode::kPreferred);
}

TEST(OptionsTest, SslOptionsAsMysqlSpellsThem) {
  CliOptions options = Parse({"--ssl-mode=verify_identity", "--ssl-ca", "/ca.pem",
                              "--ssl-cert=/c.pem", "--ssl-key=/k.pem"});
  EXPECT_EQ(options.tls.mode, SslMode::kVerifyIdentity);
  EXPECT_EQ(options.tls.ca_file, "/ca.pem");
  EXPECT_EQ(options.tls.cert_file, "/c.pem");
  EXPECT_EQ(options.tls.key_file, "/k.pem");
  EXPECT_EQ(Parse({"--ssl"}).tls.mode, SslMode::kRequired);
  EXPECT_EQ(Parse({"--skip-ssl"}).tls.mode, SslMode::kDisabled);
}

TEST(OptionsTest, SslCaAloneMeansVerifyCa) {
  EXPECT_EQ(Parse({"--ssl-ca=/ca.pem"}).tls.mode, SslMode::kVerifyCa);
  EXPECT_EQ(Parse({"--ssl-ca=/ca.pem", "--ssl-mode=REQUIRED"}).tls.mode, SslMode::kRequired);
}

TEST(OptionsTest, UnknownSslModeNamesTheChoices) {
  absl::Status status = ParseError({"--ssl-mode=maybe"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or "
                                  "VERIFY_IDENTITY"),
            absl::string_view::npos);
  EXPECT_FALSE(ParseCommandLine({"--ssl=1"}).ok());
  EXPECT_FALSE(ParseCommandLine({"--ssl-ca"}).ok());
}

}  // namespace
}  // namespace ordinal::cli
