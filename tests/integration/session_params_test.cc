// Statement parameters on Sql.Session (SessionRequest.params) against real ordinald
// processes: values bind as they are (NULL, integers, doubles, decimals, strings with
// quotes and any bytes), the same text runs again with other values, a wrong number of
// values or a bad decimal is errno 1210, DDL between runs is seen, the session's
// statements outnumbering its cache still run, and SessionGroup sends parameters as Client
// does. (A replica refusing a prepared write: session_stream_test.)
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/client.h"
#include "client/session_group.h"
#include "common/sql_error.h"
#include "ordinal/v1/sql.grpc.pb.h"
#include "proto/status_mapping.h"
#include "tests/integration/server_fixture.h"

namespace ordinal::integration {
namespace {

constexpr absl::Duration kLimit = absl::Seconds(60);

class SessionParamsTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    Sql("CREATE DATABASE d");
    Sql("CREATE TABLE d.p (id INT PRIMARY KEY, s VARCHAR(64), b VARBINARY(16), "
        "n DECIMAL(10,2), f DOUBLE)");
    client_ = NewClient();
  }

  std::unique_ptr<Client> NewClient(bool session_stream = true) {
    absl::StatusOr<std::unique_ptr<Client>> client =
        Client::Connect({.address = server_->address(), .password = server_->password(),
                         .database = "d", .session_stream = session_stream});
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  // Runs `sql` with `params` and expects success.
  ResultSet Run(const std::string& sql, std::vector<Value> params) {
    absl::StatusOr<ResultSet> rs = client_->Execute(sql, params);
    EXPECT_TRUE(rs.ok()) << sql << ": " << rs.status();
    return rs.ok() ? *std::move(rs) : ResultSet();
  }

  // The first cell of `sql` run with `params`, as text ("NULL" for NULL).
  std::string Cell(const std::string& sql, std::vector<Value> params) {
    ResultSet rs = Run(sql, std::move(params));
    return rs.rows.empty() || rs.rows[0].empty() ? "<none>" : rs.rows[0][0].ToString();
  }

  std::unique_ptr<Client> client_;
};

TEST_F(SessionParamsTest, ValuesBindAsTheyAre) {
  const std::string quoted = "O'Brien said \"\\\" -- ?";
  const std::string bytes("\0\xff'\\\x1a", 5);
  Run("INSERT INTO p VALUES (?, ?, ?, ?, ?)",
      {Value::Int(1), Value::String(quoted), Value::String(bytes), Value::String("12.50"),
       Value::Double(0.1)});
  Run("INSERT INTO p VALUES (?, ?, ?, ?, ?)",
      {Value::Int(2), Value::Null(), Value::Null(), Value::Null(), Value::Null()});
  ResultSet row = Run("SELECT s, b, n, f FROM p WHERE id = ?", {Value::Int(1)});
  ASSERT_EQ(row.rows.size(), 1u);
  EXPECT_EQ(row.rows[0][0].string_value(), quoted);
  EXPECT_EQ(row.rows[0][1].string_value(), bytes);
  EXPECT_EQ(row.rows[0][2].ToString(), "12.50");
  EXPECT_EQ(row.rows[0][3].double_value(), 0.1);
  EXPECT_EQ(Cell("SELECT id FROM p WHERE s = ?", {Value::String(quoted)}), "1");
  EXPECT_EQ(Cell("SELECT id FROM p WHERE b = ?", {Value::String(bytes)}), "1");
  // NULL compares as SQL NULL: `=` matches nothing, `<=>` matches the NULL row.
  EXPECT_EQ(Cell("SELECT COUNT(*) FROM p WHERE s = ?", {Value::Null()}), "0");
  EXPECT_EQ(Cell("SELECT id FROM p WHERE s <=> ?", {Value::Null()}), "2");
  EXPECT_EQ(Cell("SELECT ? IS NULL", {Value::Null()}), "1");
}

TEST_F(SessionParamsTest, SameTextRunsAgainWithOtherValues) {
  for (int id = 1; id <= 5; ++id) {
    Run("INSERT INTO p (id, s) VALUES (?, ?)", {Value::Int(id), Value::String(absl::StrCat("v", id))});
  }
  for (int round = 0; round < 2; ++round) {
    for (int id = 1; id <= 6; ++id) {
      EXPECT_EQ(Cell("SELECT s FROM p WHERE id = ?", {Value::Int(id)}),
                id <= 5 ? absl::StrCat("v", id) : "<none>");
    }
  }
  EXPECT_EQ(Cell("SELECT COUNT(*) FROM p WHERE id BETWEEN ? AND ?", {Value::Int(2), Value::Int(4)}),
            "3");
  // A marker the parser does not take (LIMIT ?) binds as text.
  EXPECT_EQ(Run("SELECT id FROM p ORDER BY id LIMIT ?", {Value::Int(2)}).rows.size(), 2u);
  // A `?` inside quotes is text, not a marker.
  EXPECT_EQ(Cell("SELECT CONCAT('?', ?)", {Value::String("x")}), "?x");
}

TEST_F(SessionParamsTest, WrongNumberOfValuesIs1210) {
  for (const std::vector<Value>& params :
       {std::vector<Value>{}, std::vector<Value>{Value::Int(1)},
        std::vector<Value>{Value::Int(1), Value::Int(2), Value::Int(3)}}) {
    absl::StatusOr<ResultSet> rs =
        client_->Execute("SELECT COUNT(*) FROM p WHERE id BETWEEN ? AND ?", params);
    ASSERT_FALSE(rs.ok()) << params.size();
    EXPECT_EQ(rs.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(GetMysqlErrno(rs.status()), MysqlErrno::kWrongArguments) << rs.status();
  }
  // The session goes on, and the statement runs with the right number.
  EXPECT_EQ(Cell("SELECT COUNT(*) FROM p WHERE id BETWEEN ? AND ?",
                 {Value::Int(1), Value::Int(2)}),
            "0");
}

TEST_F(SessionParamsTest, HugeParamCountIs1210AndKeepsTheSession) {
  std::vector<Value> many(200000, Value::Null());
  absl::StatusOr<ResultSet> rs = client_->Execute("SELECT ?", many);
  ASSERT_FALSE(rs.ok());
  EXPECT_EQ(GetMysqlErrno(rs.status()), MysqlErrno::kWrongArguments) << rs.status();
  // As many markers as values is fine.
  std::string sql = "SELECT ?";
  std::vector<Value> values = {Value::Int(0)};
  for (int i = 1; i < 1000; ++i) {
    absl::StrAppend(&sql, ", ?");
    values.push_back(Value::Int(i));
  }
  ResultSet wide = Run(sql, values);
  ASSERT_EQ(wide.rows.size(), 1u);
  ASSERT_EQ(wide.rows[0].size(), 1000u);
  EXPECT_EQ(wide.rows[0][999].ToString(), "999");
}

TEST_F(SessionParamsTest, TextThatDoesNotParseIsASyntaxError) {
  absl::StatusOr<ResultSet> rs = client_->Execute("SELEC ?", {Value::Int(1)});
  EXPECT_EQ(GetMysqlErrno(rs.status()), MysqlErrno::kParse) << rs.status();
  // Without params, `?` is plain text, where it is a syntax error.
  EXPECT_EQ(GetMysqlErrno(client_->Execute("SELECT ?").status()), MysqlErrno::kParse);
}

TEST_F(SessionParamsTest, DdlBetweenRunsIsSeen) {
  Run("INSERT INTO p (id, s) VALUES (?, ?)", {Value::Int(1), Value::String("a")});
  const std::string select = "SELECT * FROM p WHERE id = ?";
  EXPECT_EQ(Run(select, {Value::Int(1)}).columns.size(), 5u);
  Sql("ALTER TABLE d.p ADD COLUMN w INT DEFAULT 7");
  ResultSet wider = Run(select, {Value::Int(1)});
  ASSERT_EQ(wider.columns.size(), 6u);
  EXPECT_EQ(wider.rows[0][5].ToString(), "7");
  Sql("DROP TABLE d.p");
  absl::StatusOr<ResultSet> gone = client_->Execute(select, {Value::Int(1)});
  EXPECT_EQ(GetMysqlErrno(gone.status()), MysqlErrno::kNoSuchTable) << gone.status();
  Sql("CREATE TABLE d.p (id INT PRIMARY KEY, z VARCHAR(8))");
  Sql("INSERT INTO d.p VALUES (1, 'new')");
  ResultSet again = Run(select, {Value::Int(1)});
  ASSERT_EQ(again.rows.size(), 1u);
  EXPECT_EQ(again.rows[0][1].ToString(), "new");
}

TEST_F(SessionParamsTest, MoreStatementsThanTheSessionKeepsStillRun) {
  // 100 texts, twice over: the session keeps 64, and prepares the others again.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 100; ++i) {
      EXPECT_EQ(Cell(absl::StrCat("SELECT ? + ", i), {Value::Int(round)}),
                absl::StrCat(round + i));
    }
  }
}

TEST_F(SessionParamsTest, PreparedWritesTakePartInTransactions) {
  ASSERT_TRUE(client_->Begin().ok());
  Run("INSERT INTO p (id) VALUES (?)", {Value::Int(9)});
  EXPECT_TRUE(client_->in_transaction());
  ASSERT_TRUE(client_->Rollback().ok());
  EXPECT_EQ(CountRows("d.p"), 0);
  Run("INSERT INTO p (id) VALUES (?)", {Value::Int(9)});
  EXPECT_GT(client_->last_commit_position(), 0u);
  EXPECT_EQ(CountRows("d.p"), 1);
}

TEST_F(SessionParamsTest, UnaryCallsHaveNoParams) {
  std::unique_ptr<Client> unary = NewClient(/*session_stream=*/false);
  ASSERT_NE(unary, nullptr);
  EXPECT_EQ(unary->Execute("SELECT ?", {Value::Int(1)}).status().code(),
            absl::StatusCode::kUnimplemented);
}

// The wire's own kinds, sent as a raw stream: decimal_value and uint_value, a decimal that
// is not a number, and an unset kind (NULL).
TEST_F(SessionParamsTest, WireKindsBindAsTheirTypes) {
  auto stub = v1::Sql::NewStub(channel_);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + kLimit));
  context.AddMetadata(kPasswordMetadataKey, server_->password());
  auto stream = stub->Session(&context);
  auto send = [&stream](const std::string& sql, std::vector<v1::Value> params) {
    v1::SessionRequest request;
    request.set_sql(sql);
    request.set_database("d");
    for (v1::Value& param : params) *request.add_params() = std::move(param);
    v1::SessionResponse response;
    EXPECT_TRUE(stream->Write(request) && stream->Read(&response)) << sql;
    return response;
  };
  v1::Value decimal;
  decimal.set_decimal_value("-12.345");
  v1::Value big;
  big.set_uint_value(18446744073709551615u);
  v1::Value unset;
  v1::SessionResponse response = send("SELECT ? + 0, ? - 1, ? IS NULL", {decimal, big, unset});
  ASSERT_TRUE(response.has_result()) << response.error().message();
  ASSERT_EQ(response.result().rows_size(), 1);
  const v1::Row& row = response.result().rows(0);
  EXPECT_EQ(row.values(0).string_value(), "-12.345");
  EXPECT_EQ(row.values(1).string_value(), "18446744073709551614");
  EXPECT_EQ(row.values(2).int_value(), 1);
  v1::Value bad;
  bad.set_decimal_value("1.2.3");
  response = send("SELECT ?", {bad});
  ASSERT_TRUE(response.has_error());
  EXPECT_EQ(response.error().mysql_errno(), 1210u);
  EXPECT_EQ(response.error().code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  response = send("SELECT 1", {});
  EXPECT_TRUE(response.has_result());
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(SessionParamsTest, SessionGroupSendsParams) {
  absl::StatusOr<std::unique_ptr<SessionGroup>> group = SessionGroup::Connect(
      {.address = server_->address(), .password = server_->password(), .database = "d"}, 4);
  ASSERT_TRUE(group.ok()) << group.status();
  std::vector<std::optional<absl::StatusOr<ResultSet>>> answers(4);
  for (int i = 0; i < 4; ++i) {
    (*group)->Execute(i, "SELECT ?, CONCAT(?, 'x')", {Value::Int(i), Value::String("it's")},
                      [&answers, i](absl::StatusOr<ResultSet> rs) { answers[i] = std::move(rs); });
  }
  const absl::Time give_up = absl::Now() + kLimit;
  while ((*group)->in_flight() > 0 && absl::Now() < give_up) {
    (*group)->Poll(std::chrono::milliseconds(100));
  }
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(answers[i].has_value()) << i;
    ASSERT_TRUE(answers[i]->ok()) << answers[i]->status();
    EXPECT_EQ((**answers[i]).rows[0][0].ToString(), absl::StrCat(i));
    EXPECT_EQ((**answers[i]).rows[0][1].ToString(), "it'sx");
  }
  // A wrong count fails that statement only; the session and the group go on.
  std::optional<absl::StatusOr<ResultSet>> wrong;
  (*group)->Execute(0, "SELECT ?", {},
                    [&wrong](absl::StatusOr<ResultSet> rs) { wrong = std::move(rs); });
  while (!wrong.has_value() && absl::Now() < give_up) {
    (*group)->Poll(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(wrong.has_value());
  EXPECT_EQ(GetMysqlErrno(wrong->status()), MysqlErrno::kWrongArguments) << wrong->status();
}

}  // namespace
}  // namespace ordinal::integration
