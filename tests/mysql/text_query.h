// COM_QUERY over a RawMysqlClient, with the answer decoded: an error number, or the column
// definitions and the rows of a text result set. For tests that check what a client
// receives byte for byte (type codes, lengths, flags, decimals, value text).
#ifndef ORDINAL_TESTS_MYSQL_TEXT_QUERY_H_
#define ORDINAL_TESTS_MYSQL_TEXT_QUERY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/mysql/raw_client.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {

struct TextColumn {
  std::string name;
  uint16_t charset = 0;
  uint32_t length = 0;
  uint8_t type = 0;
  uint16_t flags = 0;
  uint8_t decimals = 0;
};

// TextResult::error when no answer came.
inline constexpr int kNoAnswer = -1;

struct TextResult {
  int error = 0;  // MySQL error number, 0 when the statement succeeded; kNoAnswer
  std::vector<TextColumn> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// Runs `sql` and reads its answer (OK, ERR or a text result set). The client must have
// logged in with CLIENT_DEPRECATE_EOF (RawMysqlClient::Login does), so an OK packet with
// the 0xFE header ends the rows. A missing answer is a test failure.
TextResult RunTextQuery(RawMysqlClient& client, const std::string& sql);
// The same for a COM_QUERY sent already: reads its answer, each packet within `timeout_s`.
TextResult ReadTextResult(RawMysqlClient& client, int timeout_s = 10);

// A fixture: a fresh ordinald and a client logged in to it over the MySQL protocol, with
// database `d` created and selected.
class TextQueryTest : public ::testing::Test {
 protected:
  void SetUp() override;

  TextResult Sql(const std::string& sql) { return RunTextQuery(*client_, sql); }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<RawMysqlClient> client_;
};

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_MYSQL_TEXT_QUERY_H_
