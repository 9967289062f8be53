// DATE, DATETIME, TIMESTAMP and TIME through a real ordinald's MySQL listener (text
// protocol): the column definitions a client receives (type codes, decimals = fsp, binary
// charset), the values' text, errors with their SQLSTATE, and TIMESTAMP in the session's
// time zone.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/mysql/raw_client.h"
#include "tests/mysql/text_query.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

class TemporalWireTest : public TextQueryTest {};

TEST_F(TemporalWireTest, ColumnsCarryMysqlTypeCodesAndPrecisionAndValuesTheirText) {
  ASSERT_EQ(Sql("CREATE TABLE t (id INT PRIMARY KEY, d DATE, dt DATETIME(3), ts TIMESTAMP(6) "
                "NULL, tm TIME(2))")
                .error,
            0);
  ASSERT_EQ(Sql("INSERT INTO t VALUES (1, '2024-01-05', '2024-01-05 10:30:00.1234', "
                "'2024-01-05 10:30:00', '-1:02:03.456'), (2, NULL, NULL, NULL, NULL)")
                .error,
            0);
  TextResult r = Sql("SELECT d, dt, ts, tm FROM t ORDER BY id");
  ASSERT_EQ(r.error, 0);
  ASSERT_EQ(r.columns.size(), 4u);
  const uint8_t types[] = {10, 12, 7, 11};
  const uint8_t decimals[] = {0, 3, 6, 2};
  const uint32_t lengths[] = {10, 23, 26, 13};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.columns[i].type, types[i]) << r.columns[i].name;
    EXPECT_EQ(r.columns[i].decimals, decimals[i]) << r.columns[i].name;
    EXPECT_EQ(r.columns[i].length, lengths[i]) << r.columns[i].name;
    EXPECT_EQ(r.columns[i].charset, 63) << r.columns[i].name;
  }
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0], "2024-01-05");
  EXPECT_EQ(r.rows[0][1], "2024-01-05 10:30:00.123");
  EXPECT_EQ(r.rows[0][2], "2024-01-05 10:30:00.000000");
  EXPECT_EQ(r.rows[0][3], "-01:02:03.46");
  EXPECT_EQ(r.rows[1][0], std::nullopt);
}

TEST_F(TemporalWireTest, FunctionsAndCastsHaveTemporalTypes) {
  TextResult r =
      Sql("SELECT CURDATE(), NOW(), CURTIME(), CAST('2024-1-5' AS DATE), "
          "DATE_ADD('2024-01-31', INTERVAL 1 MONTH)");
  ASSERT_EQ(r.error, 0);
  ASSERT_EQ(r.columns.size(), 5u);
  EXPECT_EQ(r.columns[0].type, 10);
  EXPECT_EQ(r.columns[1].type, 12);
  EXPECT_EQ(r.columns[2].type, 11);
  EXPECT_EQ(r.columns[3].type, 10);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][3], "2024-01-05");
  EXPECT_EQ(r.rows[0][4], "2024-02-29");
  EXPECT_EQ(r.rows[0][1]->size(), 19u);
}

TEST_F(TemporalWireTest, InvalidDatesAreError1292AndChangeNothing) {
  ASSERT_EQ(Sql("CREATE TABLE t (id INT PRIMARY KEY, d DATE)").error, 0);
  EXPECT_EQ(Sql("INSERT INTO t VALUES (1, '2023-02-29')").error, 1292);
  EXPECT_EQ(Sql("INSERT INTO t VALUES (1, '0000-00-00')").error, 1292);
  EXPECT_EQ(Sql("SELECT DATE '2024-13-01'").error, 1525);
  TextResult r = Sql("SELECT COUNT(*) FROM t");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], "0");
}

TEST_F(TemporalWireTest, TimestampsShowInTheSessionTimeZone) {
  ASSERT_EQ(Sql("SET time_zone = '+00:00'").error, 0);
  ASSERT_EQ(Sql("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP)").error, 0);
  ASSERT_EQ(Sql("INSERT INTO t VALUES (1, '2024-01-05 10:00:00')").error, 0);
  ASSERT_EQ(Sql("SET time_zone = '+09:00'").error, 0);
  TextResult r = Sql("SELECT ts FROM t");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], "2024-01-05 19:00:00");
}

}  // namespace
}  // namespace ordinal::testing
