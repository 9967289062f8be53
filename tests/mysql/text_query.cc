#include "tests/mysql/text_query.h"

#include <utility>

#include "gtest/gtest.h"
#include "server/mysql/wire.h"

namespace ordinal::testing {
namespace {

bool IsTerminator(const std::string& p) { return !p.empty() && static_cast<uint8_t>(p[0]) == 0xfe; }

}  // namespace

TextResult RunTextQuery(RawMysqlClient& client, const std::string& sql) {
  EXPECT_TRUE(client.SendPacket("\x03" + sql, 0));
  TextResult result = ReadTextResult(client);
  if (result.error == kNoAnswer) ADD_FAILURE() << "no answer to " << sql;
  return result;
}

TextResult ReadTextResult(RawMysqlClient& client, int timeout_s) {
  TextResult result;
  std::optional<std::string> first = client.ReadPacket(timeout_s);
  if (!first || first->empty()) {
    result.error = kNoAnswer;
    return result;
  }
  if (ErrorCode(first) != 0) {
    result.error = ErrorCode(first);
    return result;
  }
  if (IsOk(first)) return result;
  server::mysql::WireReader count(*first);
  const uint64_t columns = count.LenencInt().value_or(0);
  for (uint64_t i = 0; i < columns; ++i) {
    std::optional<std::string> def = client.ReadPacket(timeout_s);
    if (!def) return result;
    server::mysql::WireReader r(*def);
    for (int skip = 0; skip < 4; ++skip) r.LenencString();  // catalog, schema, table, org_table
    TextColumn c;
    c.name = std::string(r.LenencString().value_or(""));
    r.LenencString();  // org_name
    r.LenencInt();     // length of the fixed fields
    c.charset = r.Int2().value_or(0);
    c.length = r.Int4().value_or(0);
    c.type = r.Int1().value_or(0);
    c.flags = r.Int2().value_or(0);
    c.decimals = r.Int1().value_or(0);
    result.columns.push_back(c);
  }
  for (;;) {
    std::optional<std::string> row = client.ReadPacket(timeout_s);
    if (!row || IsTerminator(*row)) break;
    server::mysql::WireReader r(*row);
    std::vector<std::optional<std::string>> values;
    for (uint64_t i = 0; i < columns; ++i) {
      if (r.PeekByte() == 0xfb) {
        r.Int1();
        values.push_back(std::nullopt);
      } else {
        values.push_back(std::string(r.LenencString().value_or("?")));
      }
    }
    result.rows.push_back(std::move(values));
  }
  return result;
}

void TextQueryTest::SetUp() {
  absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  client_ = std::make_unique<RawMysqlClient>();
  ASSERT_TRUE(client_->Connect("127.0.0.1", server_->mysql_port()));
  ASSERT_TRUE(IsOk(client_->Login(server_->password())));
  ASSERT_EQ(Sql("CREATE DATABASE d").error, 0);
  ASSERT_EQ(Sql("USE d").error, 0);
}

}  // namespace ordinal::testing
