// The planner's choice of access path, on hand-built table definitions and parsed queries.
#include "engine/plan/access_path.h"

#include <memory>
#include <string>
#include <variant>

#include "engine/catalog/catalog.h"
#include "engine/codec/key_codec.h"
#include "engine/plan/select_plan.h"
#include "engine/sql/parser.h"
#include "gtest/gtest.h"

namespace ordinal::engine::plan {
namespace {

ordinal::v1::ColumnDef Column(const std::string& name, ordinal::v1::ColumnType type) {
  ordinal::v1::ColumnDef c;
  c.set_name(name);
  c.set_type(type);
  c.set_nullable(true);
  if (type == ordinal::v1::COLUMN_TYPE_VARCHAR) c.set_length(20);
  return c;
}

// t(a INT, b INT, c VARCHAR(20), d INT), PRIMARY KEY (a, b), INDEX ic (c), UNIQUE ud (d).
std::shared_ptr<const catalog::TableInfo> MakeTable() {
  ordinal::v1::TableDef def;
  def.set_database("db");
  def.set_name("t");
  def.set_id(42);
  *def.add_columns() = Column("a", ordinal::v1::COLUMN_TYPE_INT);
  *def.add_columns() = Column("b", ordinal::v1::COLUMN_TYPE_INT);
  *def.add_columns() = Column("c", ordinal::v1::COLUMN_TYPE_VARCHAR);
  *def.add_columns() = Column("d", ordinal::v1::COLUMN_TYPE_INT);
  def.mutable_primary_key()->set_name("PRIMARY");
  def.mutable_primary_key()->add_column_indexes(0);
  def.mutable_primary_key()->add_column_indexes(1);
  ordinal::v1::IndexDef* ic = def.add_indexes();
  ic->set_name("ic");
  ic->set_id(1);
  ic->add_column_indexes(2);
  ordinal::v1::IndexDef* ud = def.add_indexes();
  ud->set_name("ud");
  ud->set_id(2);
  ud->set_unique(true);
  ud->add_column_indexes(3);
  def.set_next_index_id(3);
  return catalog::MakeTableInfo(def);
}

class AccessPathTest : public ::testing::Test {
 protected:
  // Plans `SELECT * FROM t WHERE <where>`.
  AccessPath Plan(const std::string& where) {
    auto statement = sql::ParseStatement("SELECT * FROM t WHERE " + where);
    EXPECT_TRUE(statement.ok()) << statement.status();
    if (!statement.ok()) return AccessPath{};
    const auto* select = std::get_if<sql::Select>(&statement->body);
    EXPECT_NE(select, nullptr);
    auto plan = BindSelect(*select, Context());
    EXPECT_TRUE(plan.ok()) << plan.status();
    if (!plan.ok()) return AccessPath{};
    return std::move((*plan)->steps[0].path);
  }

  // Every table name resolves to table_; there are no subqueries.
  BindContext Context() {
    BindContext ctx;
    ctx.resolve_table = [this](const sql::TableName&) {
      return absl::StatusOr<std::shared_ptr<const catalog::TableInfo>>(table_);
    };
    return ctx;
  }

  std::string Key(int64_t a, int64_t b) {
    std::string key = codec::IndexPrefix(42, 0);
    codec::AppendKey(&key, Value::Int(a), ColumnType::kInt);
    codec::AppendKey(&key, Value::Int(b), ColumnType::kInt);
    return key;
  }

  std::shared_ptr<const catalog::TableInfo> table_ = MakeTable();
};

TEST_F(AccessPathTest, EqualityOnWholePrimaryKeyIsPointRead) {
  AccessPath path = Plan("a = 1 AND b = 2");
  EXPECT_EQ(path.kind, AccessKind::kPrimaryPoint);
  ASSERT_EQ(path.point_keys.size(), 1u);
  EXPECT_EQ(path.point_keys[0], Key(1, 2));
  EXPECT_EQ(path.key_columns, 2);
}

TEST_F(AccessPathTest, ConstantOnTheLeftIsUnderstood) {
  EXPECT_EQ(Plan("2 = b AND 1 = a").kind, AccessKind::kPrimaryPoint);
}

TEST_F(AccessPathTest, InListsExpandToSortedPoints) {
  AccessPath path = Plan("a IN (2, 1) AND b = 5");
  ASSERT_EQ(path.kind, AccessKind::kPrimaryPoint);
  ASSERT_EQ(path.point_keys.size(), 2u);
  EXPECT_EQ(path.point_keys[0], Key(1, 5));
  EXPECT_EQ(path.point_keys[1], Key(2, 5));
}

TEST_F(AccessPathTest, PrefixEqualityIsPrimaryRange) {
  AccessPath path = Plan("a = 1");
  EXPECT_EQ(path.kind, AccessKind::kPrimaryRange);
  EXPECT_EQ(path.key_columns, 1);
  ASSERT_EQ(path.ranges.size(), 1u);
  EXPECT_LT(path.ranges[0].lower, Key(1, -100));
  EXPECT_GT(path.ranges[0].upper, Key(1, 100));
  EXPECT_LT(path.ranges[0].upper, Key(2, -100));
}

TEST_F(AccessPathTest, PrefixAndRangeOnNextColumn) {
  AccessPath path = Plan("a = 1 AND b > 3 AND b <= 7");
  EXPECT_EQ(path.kind, AccessKind::kPrimaryRange);
  EXPECT_EQ(path.key_columns, 2);
  ASSERT_EQ(path.ranges.size(), 1u);
  EXPECT_GT(path.ranges[0].lower, Key(1, 3));
  EXPECT_LE(path.ranges[0].lower, Key(1, 4));
  EXPECT_GT(path.ranges[0].upper, Key(1, 7));
  EXPECT_LE(path.ranges[0].upper, Key(1, 8));
  EXPECT_EQ(path.detail, "a = 1 AND b > 3 AND b <= 7");
}

TEST_F(AccessPathTest, BetweenOnLeadingColumn) {
  AccessPath path = Plan("a BETWEEN 1 AND 100");
  EXPECT_EQ(path.kind, AccessKind::kPrimaryRange);
  EXPECT_EQ(path.detail, "a BETWEEN 1 AND 100");
}

TEST_F(AccessPathTest, SecondaryIndexEquality) {
  AccessPath path = Plan("c = 'x'");
  EXPECT_EQ(path.kind, AccessKind::kIndexPoint);
  EXPECT_EQ(path.index_name, "ic");
  EXPECT_EQ(path.detail, "c = 'x'");
}

TEST_F(AccessPathTest, SecondaryIndexRange) {
  AccessPath path = Plan("c >= 'm'");
  EXPECT_EQ(path.kind, AccessKind::kIndexRange);
  EXPECT_EQ(path.index_name, "ic");
}

TEST_F(AccessPathTest, UniqueIndexPointBeatsPrimaryPrefix) {
  AccessPath path = Plan("a = 1 AND d = 4");
  EXPECT_EQ(path.kind, AccessKind::kIndexPoint);
  EXPECT_EQ(path.index_name, "ud");
}

TEST_F(AccessPathTest, NonKeyColumnOnlyIsFullScan) {
  EXPECT_EQ(Plan("b = 1").kind, AccessKind::kFullScan);
  EXPECT_EQ(Plan("a + 0 = 1").kind, AccessKind::kFullScan);
  EXPECT_EQ(Plan("a = 1 OR a = 2").kind, AccessKind::kFullScan);
  EXPECT_EQ(Plan("a <> 1").kind, AccessKind::kFullScan);
}

TEST_F(AccessPathTest, StringLiteralDoesNotUseIntegerKey) {
  // '1x' = 1 numerically but has no key encoding; the scan re-checks the predicate.
  EXPECT_EQ(Plan("a = '1x'").kind, AccessKind::kFullScan);
}

TEST_F(AccessPathTest, NegativeLiteral) {
  AccessPath path = Plan("a = -3 AND b = 0");
  ASSERT_EQ(path.kind, AccessKind::kPrimaryPoint);
  EXPECT_EQ(path.point_keys[0], Key(-3, 0));
}

TEST_F(AccessPathTest, EmptyRangeHasNoRanges) {
  AccessPath path = Plan("a BETWEEN 10 AND 1");
  EXPECT_EQ(path.kind, AccessKind::kPrimaryRange);
  EXPECT_TRUE(path.ranges.empty());
}

TEST_F(AccessPathTest, OrderByPrimaryKeyIsSatisfiedByPath) {
  auto statement = sql::ParseStatement("SELECT * FROM t WHERE a = 1 ORDER BY a, b LIMIT 2");
  ASSERT_TRUE(statement.ok()) << statement.status();
  auto plan = BindSelect(std::get<sql::Select>(statement->body), Context());
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_TRUE((*plan)->order_satisfied_by_path);
}

}  // namespace
}  // namespace ordinal::engine::plan
