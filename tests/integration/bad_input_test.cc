// Invariant 7: bad input is an error, never a crash or a corruption. Every case checks the
// status code, and that the server still serves with its data unchanged.
#include <grpcpp/client_context.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/integration/server_fixture.h"

namespace ordinal::integration {
namespace {

using ::testing::HasSubstr;

class BadInputTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    if (HasFatalFailure()) return;
    CreateTable();
    Sql("INSERT INTO d.t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    checksum_before_ = Checksum();
  }

  // The server serves and the table holds what SetUp wrote.
  void ExpectAliveAndUnchanged() {
    EXPECT_TRUE(Serving());
    EXPECT_EQ(Checksum(), checksum_before_);
    EXPECT_EQ(CountRows(), 3);
  }

  std::string checksum_before_;
};

TEST_F(BadInputTest, SyntaxErrorNamesLineColumnAndToken) {
  absl::Status status = Try("SELECT id\nFORM d.t");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kParse);
  EXPECT_THAT(status.message(), HasSubstr("line 2"));
  EXPECT_THAT(status.message(), HasSubstr("column 1"));
  EXPECT_THAT(status.message(), HasSubstr("FORM"));
}

TEST_F(BadInputTest, ErrnoTravelsInTrailingMetadata) {
  auto stub = ordinal::v1::Sql::NewStub(channel_);
  grpc::ClientContext context;
  context.AddMetadata(kPasswordMetadataKey, ordinal::testing::kTestPassword);
  ordinal::v1::ExecuteRequest request;
  request.set_sql("SELEC 1");
  ordinal::v1::ExecuteResponse response;
  grpc::Status status = stub->Execute(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto trailing = context.GetServerTrailingMetadata();
  auto it = trailing.find(kErrnoMetadataKey);
  ASSERT_NE(it, trailing.end());
  EXPECT_EQ(std::string(it->second.data(), it->second.size()), "1064");
}

TEST_F(BadInputTest, UnknownDatabaseTableAndColumnAreNotFound) {
  absl::Status db = Try("SELECT * FROM nodb.t");
  EXPECT_EQ(db.code(), absl::StatusCode::kNotFound) << db;
  absl::Status use = Try("USE nodb");
  EXPECT_EQ(use.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetMysqlErrno(use), MysqlErrno::kBadDb);
  absl::Status table = Try("SELECT * FROM d.nope");
  EXPECT_EQ(table.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetMysqlErrno(table), MysqlErrno::kNoSuchTable);
  absl::Status column = Try("SELECT nope FROM d.t");
  EXPECT_EQ(column.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetMysqlErrno(column), MysqlErrno::kBadField);
  ExpectAliveAndUnchanged();
}

TEST_F(BadInputTest, OversizedStatementIsResourceExhausted) {
  std::string sql = "INSERT INTO d.t VALUES (4, '" + std::string(5 << 20, 'a') + "')";
  EXPECT_EQ(Try(sql).code(), absl::StatusCode::kResourceExhausted);
  ExpectAliveAndUnchanged();
}

// An error quotes at most a bounded prefix of the input (MySQL's 512-byte messages), so a
// megabyte identifier comes back as its SQL error, not as gRPC's RESOURCE_EXHAUSTED on the
// oversized trailer.
TEST_F(BadInputTest, ErrorsQuoteABoundedPrefixOfTheInput) {
  absl::Status status = Try("SELECT * FROM d.`" + std::string(1 << 20, 'x') + "`");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status.code();
  EXPECT_EQ(GetMysqlErrno(status), MysqlErrno::kTooLongIdent);
  EXPECT_LE(status.message().size(), 511u);
  ExpectAliveAndUnchanged();
}

// The 64-character limit on names counts characters, not bytes.
TEST_F(BadInputTest, SixtyFourMultibyteCharactersAreAValidTableName) {
  std::string name;
  for (int i = 0; i < 64; ++i) name += "\xc3\xa9";  // U+00E9
  EXPECT_TRUE(Try("CREATE TABLE d.`" + name + "` (a INT PRIMARY KEY)").ok());
  EXPECT_EQ(GetMysqlErrno(Try("CREATE TABLE d.`" + name + "e` (a INT PRIMARY KEY)")),
            MysqlErrno::kTooLongIdent);
  EXPECT_TRUE(Try("INSERT INTO d.`" + name + "` VALUES (1)").ok());
}

TEST_F(BadInputTest, OversizedRequestIsRejected) {
  std::string sql = "SELECT '" + std::string(20 << 20, 'a') + "'";
  EXPECT_EQ(Try(sql).code(), absl::StatusCode::kResourceExhausted);
  ExpectAliveAndUnchanged();
}

TEST_F(BadInputTest, GarbageBytesAreErrors) {
  std::mt19937 random(7);
  for (int i = 0; i < 50; ++i) {
    std::string garbage(1 + random() % 200, '\0');
    for (char& c : garbage) c = static_cast<char>(random());
    EXPECT_FALSE(Try(garbage).ok());
  }
  ExpectAliveAndUnchanged();
}

TEST_F(BadInputTest, InvalidUtf8IsAnErrorOrHarmless) {
  // Inside a string literal the bytes are data (strings are byte strings); outside they are
  // a syntax error. Neither may crash the server or touch the table.
  EXPECT_FALSE(Try("SELECT \xff\xfe FROM d.t").ok());
  Try("SELECT '\xc3\x28\xa0\xa1'").IgnoreError();  // either answer is fine
  ExpectAliveAndUnchanged();
}

TEST_F(BadInputTest, NulBytesAreErrors) {
  EXPECT_FALSE(Try(std::string("DELETE FROM d.t\0 WHERE id = 1", 30)).ok());
  EXPECT_FALSE(Try(std::string("\0DROP TABLE d.t", 15)).ok());
  EXPECT_FALSE(Try(std::string("SELECT 1;\0DROP TABLE d.t", 24)).ok());
  ExpectAliveAndUnchanged();
}

TEST_F(BadInputTest, EmptyAndMultipleStatementsAreErrors) {
  EXPECT_FALSE(Try("").ok());
  EXPECT_FALSE(Try(";").ok());
  EXPECT_FALSE(Try("SELECT 1; DELETE FROM d.t").ok());
  ExpectAliveAndUnchanged();
}

TEST_F(BadInputTest, DeeplyNestedExpressionIsAnError) {
  std::string sql = "SELECT " + std::string(100000, '(') + "1" + std::string(100000, ')');
  EXPECT_FALSE(Try(sql).ok());
  ExpectAliveAndUnchanged();
}

// Replays the parser's fuzz corpus over the wire: each input may fail or succeed, the
// server must survive.
TEST_F(BadInputTest, FuzzCorpusDoesNotHurtTheServer) {
  namespace fs = std::filesystem;
  const fs::path corpus(SQL_FUZZ_CORPUS_DIR);
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Try(text.str()).IgnoreError();  // only survival matters
    ++files;
    ASSERT_TRUE(Serving()) << "after " << entry.path();
  }
  if (files == 0) GTEST_SKIP() << "corpus at " << corpus << " is empty";
}

}  // namespace
}  // namespace ordinal::integration
