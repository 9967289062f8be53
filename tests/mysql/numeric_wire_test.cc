// Integer, YEAR, FLOAT and DOUBLE columns through a real ordinald's MySQL listener (text
// protocol): a table's column is described by its declared type (SMALLINT as SHORT, YEAR,
// FLOAT(7,2) with 2 decimals), a ZEROFILL column's values are padded to its width (YEAR 0 is
// 0000), a FLOAT(M,D) column's show D decimals; computed values are LONGLONG and DOUBLE.
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/mysql/raw_client.h"
#include "tests/mysql/text_query.h"
#include "tests/testing/server_process.h"

namespace ordinal::testing {
namespace {

// MySQL's column type codes and flags.
constexpr uint8_t kTiny = 1, kShort = 2, kLong = 3, kFloat = 4, kDouble = 5, kLongLong = 8,
                  kInt24 = 9, kYear = 13;
constexpr uint8_t kVarString = 253;
constexpr uint16_t kNotNullFlag = 0x1, kPrimaryKeyFlag = 0x2, kUnsignedFlag = 0x20,
                   kZerofillFlag = 0x40, kBinaryFlag = 0x80;
constexpr uint16_t kBinaryCollation = 63;

class NumericWireTest : public TextQueryTest {
 protected:
  void SetUp() override {
    TextQueryTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_EQ(Sql("CREATE TABLE t (id INT PRIMARY KEY, y YEAR, z INT(5) ZEROFILL, "
                  "f FLOAT(7,2), g DOUBLE(8,3), s SMALLINT, m MEDIUMINT, b TINYINT, "
                  "u INT UNSIGNED, big BIGINT UNSIGNED)")
                  .error,
              0);
    ASSERT_EQ(Sql("INSERT INTO t VALUES (1, 0, 42, 1.5, 2.25, -7, 8, 9, 10, "
                  "18446744073709551615), (2, 2024, 0, -0.25, 0, 1, 2, 3, 4, 5)")
                  .error,
              0);
  }
};

TEST_F(NumericWireTest, TableColumnsHaveTheirDeclaredTypes) {
  TextResult r = Sql("SELECT id, y, z, f, g, s, m, b, u, big FROM t ORDER BY id");
  ASSERT_EQ(r.error, 0);
  ASSERT_EQ(r.columns.size(), 10u);
  const uint8_t types[] = {kLong, kYear, kLong, kFloat, kDouble,
                           kShort, kInt24, kTiny, kLong, kLongLong};
  const uint32_t lengths[] = {11, 4, 5, 7, 8, 6, 9, 4, 10, 20};
  for (size_t i = 0; i < r.columns.size(); ++i) {
    EXPECT_EQ(r.columns[i].type, types[i]) << r.columns[i].name;
    EXPECT_EQ(r.columns[i].length, lengths[i]) << r.columns[i].name;
  }
  EXPECT_EQ(r.columns[3].decimals, 2);
  EXPECT_EQ(r.columns[4].decimals, 3);
  EXPECT_NE(r.columns[1].flags & kZerofillFlag, 0) << "YEAR";
  EXPECT_NE(r.columns[2].flags & kZerofillFlag, 0) << "ZEROFILL";
  EXPECT_NE(r.columns[8].flags & kUnsignedFlag, 0) << "INT UNSIGNED";
}

TEST_F(NumericWireTest, TableColumnsCarryKeysAndLengths) {
  ASSERT_EQ(Sql("CREATE TABLE u (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, "
                "raw VARBINARY(8), tid INT)")
                .error,
            0);
  ASSERT_EQ(Sql("INSERT INTO u VALUES (1, 'a', 'b', 1), (2, 'c', NULL, 7)").error, 0);
  TextResult r = Sql("SELECT id, name, raw FROM u ORDER BY id");
  ASSERT_EQ(r.error, 0);
  ASSERT_EQ(r.columns.size(), 3u);
  EXPECT_EQ(r.columns[0].flags & (kNotNullFlag | kPrimaryKeyFlag), kNotNullFlag | kPrimaryKeyFlag);
  EXPECT_EQ(r.columns[0].flags & kBinaryFlag, 0) << "a table's number is not BINARY";
  EXPECT_EQ(r.columns[1].type, kVarString);
  EXPECT_EQ(r.columns[1].length, 80u) << "20 characters of utf8mb4";
  EXPECT_NE(r.columns[1].flags & kNotNullFlag, 0);
  EXPECT_EQ(r.columns[2].charset, kBinaryCollation);
  EXPECT_EQ(r.columns[2].length, 8u);
  // The NULL-extended side of an outer join may be NULL.
  TextResult joined = Sql("SELECT u.tid, t.id FROM u LEFT JOIN t ON t.id = u.tid ORDER BY u.id");
  ASSERT_EQ(joined.error, 0);
  ASSERT_EQ(joined.columns.size(), 2u);
  EXPECT_EQ(joined.columns[1].flags & kNotNullFlag, 0);
  ASSERT_EQ(joined.rows.size(), 2u);
  EXPECT_EQ(joined.rows[1][1], std::nullopt);
}

TEST_F(NumericWireTest, ZerofillPadsAndFixedDecimalsShow) {
  TextResult r = Sql("SELECT y, z, f, g, big FROM t ORDER BY id");
  ASSERT_EQ(r.error, 0);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0], "0000");
  EXPECT_EQ(r.rows[0][1], "00042");
  EXPECT_EQ(r.rows[0][2], "1.50");
  EXPECT_EQ(r.rows[0][3], "2.250");
  EXPECT_EQ(r.rows[0][4], "18446744073709551615");
  EXPECT_EQ(r.rows[1][0], "2024");
  EXPECT_EQ(r.rows[1][1], "00000");
  EXPECT_EQ(r.rows[1][2], "-0.25");
  EXPECT_EQ(r.rows[1][3], "0.000");
}

TEST_F(NumericWireTest, ComputedValuesAreLongLongAndUnpadded) {
  TextResult r = Sql("SELECT y + 0, z + 1, s * 1000000 FROM t WHERE id = 1");
  ASSERT_EQ(r.error, 0);
  ASSERT_EQ(r.columns.size(), 3u);
  for (const TextColumn& c : r.columns) EXPECT_EQ(c.type, kLongLong) << c.name;
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], "0");
  EXPECT_EQ(r.rows[0][1], "43");
  EXPECT_EQ(r.rows[0][2], "-7000000");
}

TEST_F(NumericWireTest, UnionOfDifferentTypesIsNotDescribedAsTheFirst) {
  TextResult r = Sql("SELECT s FROM t WHERE id = 1 UNION ALL SELECT 100000");
  ASSERT_EQ(r.error, 0);
  ASSERT_EQ(r.columns.size(), 1u);
  EXPECT_NE(r.columns[0].type, kShort);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1][0], "100000");
  TextResult same = Sql("SELECT s FROM t WHERE id = 1 UNION ALL SELECT s FROM t WHERE id = 2");
  ASSERT_EQ(same.error, 0);
  ASSERT_EQ(same.columns.size(), 1u);
  EXPECT_EQ(same.columns[0].type, kShort);
}

}  // namespace
}  // namespace ordinal::testing
