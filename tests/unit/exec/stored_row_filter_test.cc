// StoredRowFilter answers what the evaluator answers on the decoded row: random rows of
// every type it accepts (NULLs, case and accent variants, trailing spaces), random
// conditions over them, and the shapes it must refuse.
#include "engine/exec/stored_row_filter.h"

#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "engine/catalog/catalog_records.h"
#include "engine/codec/row_codec.h"
#include "engine/exec/evaluator.h"
#include "engine/types/collation.h"
#include "gtest/gtest.h"

namespace ordinal::engine::exec {
namespace {

using sql::BinaryOp;
using sql::Expr;
using sql::ExprKind;
using sql::ExprPtr;

// The table's columns sit after another table's two columns in the joined row.
constexpr int kOffset = 2;

enum Column { kI, kU, kD, kS, kSb, kC, kVb, kDate, kDateTime, kTime, kYear, kDec, kLegacy, kCount };

ordinal::v1::ColumnDef Def(const std::string& name, ColumnType type, std::string collation = "",
                           bool is_unsigned = false) {
  ordinal::v1::ColumnDef column;
  column.set_name(name);
  column.set_nullable(true);
  SqlType sql_type;
  sql_type.type = type;
  sql_type.is_unsigned = is_unsigned;
  if (type == ColumnType::kVarchar || type == ColumnType::kChar || type == ColumnType::kVarBinary) {
    sql_type.length = 20;
  }
  if (type == ColumnType::kDecimal) {
    sql_type.length = 6;
    sql_type.scale = 2;
  }
  catalog::SetColumnSqlType(sql_type, &column);
  column.set_collation(collation);
  return column;
}

std::shared_ptr<const catalog::TableInfo> MakeTable() {
  ordinal::v1::TableDef def;
  def.set_database("db");
  def.set_name("t");
  def.set_id(7);
  *def.add_columns() = Def("i", ColumnType::kInt);
  *def.add_columns() = Def("u", ColumnType::kBigInt, "", /*is_unsigned=*/true);
  *def.add_columns() = Def("d", ColumnType::kDouble);
  *def.add_columns() = Def("s", ColumnType::kVarchar, "utf8mb4_0900_ai_ci");
  *def.add_columns() = Def("sb", ColumnType::kVarchar, "utf8mb4_bin");
  *def.add_columns() = Def("c", ColumnType::kChar, "utf8mb4_general_ci");
  *def.add_columns() = Def("vb", ColumnType::kVarBinary);
  *def.add_columns() = Def("dt", ColumnType::kDate);
  *def.add_columns() = Def("ts", ColumnType::kDateTime);
  *def.add_columns() = Def("tm", ColumnType::kTime);
  *def.add_columns() = Def("y", ColumnType::kYear);
  *def.add_columns() = Def("dec", ColumnType::kDecimal);
  *def.add_columns() = Def("legacy", ColumnType::kVarchar);  // no collation recorded
  def.mutable_primary_key()->add_column_indexes(0);
  return catalog::MakeTableInfo(def);
}

ExprPtr Node(ExprKind kind, std::vector<ExprPtr> children = {}) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->children = std::move(children);
  return e;
}

template <typename... E>
std::vector<ExprPtr> List(E... e) {
  std::vector<ExprPtr> v;
  (v.push_back(std::move(e)), ...);
  return v;
}

ExprPtr Col(int column) {
  ExprPtr e = Node(ExprKind::kColumn);
  e->slot = kOffset + column;
  return e;
}

ExprPtr Lit(Value v) {
  ExprPtr e = Node(ExprKind::kLiteral);
  e->literal = std::move(v);
  return e;
}

ExprPtr Str(const std::string& s) { return Lit(Value::String(s)); }

ExprPtr Binary(BinaryOp op, ExprPtr a, ExprPtr b) {
  ExprPtr e = Node(ExprKind::kBinary, List(std::move(a), std::move(b)));
  e->binary_op = op;
  return e;
}

Value Collated(const std::string& s, const char* collation) {
  Value v = Value::String(s);
  v.set_collation(FindCollation(collation)->id(), CollationDerivation::kExplicit);
  return v;
}

class StoredRowFilterTest : public ::testing::Test {
 protected:
  StoredRowFilterTest() : table_(MakeTable()), random_(20261205) {}

  std::string Encode(const std::vector<Value>& row) const {
    std::string bytes;
    codec::EncodeRow(row, table_->column_types, &bytes);
    return bytes;
  }

  // What the evaluator says of `condition` on `row` decoded as a scan decodes it.
  bool Evaluated(const Expr& condition, const std::string& bytes) const {
    std::vector<Value> decoded;
    EXPECT_TRUE(codec::DecodeRow(bytes, table_->column_types, &decoded).ok());
    table_->TagCollations(&decoded);
    std::vector<Value> joined(kOffset, Value::Int(99));
    joined.insert(joined.end(), decoded.begin(), decoded.end());
    absl::StatusOr<bool> holds = EvaluatePredicate(condition, joined);
    EXPECT_TRUE(holds.ok()) << holds.status();
    return holds.value_or(false);
  }

  bool Filtered(const StoredRowFilter& filter, const std::string& bytes) const {
    absl::StatusOr<bool> holds = filter.Holds(bytes);
    EXPECT_TRUE(holds.ok()) << holds.status();
    return holds.value_or(false);
  }

  std::vector<Value> Row(std::initializer_list<std::pair<Column, Value>> values) const {
    std::vector<Value> row(kCount);
    for (const auto& [column, value] : values) row[column] = value;
    return row;
  }

  // ---- random rows and conditions ----

  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }

  const std::vector<std::string>& Strings() const {
    static const std::vector<std::string> strings = {
        "", "a", "A", "a ", "ab", "AB", "b", "\xc3\xa1" /* á */, "B ", "9999-01-01", "2"};
    return strings;
  }

  Value RandomValue(Column column) {
    if (Pick(6) == 0) return Value::Null();
    static const std::vector<std::string> dates = {"1999-12-31", "2000-01-01", "9999-01-01"};
    static const std::vector<std::string> datetimes = {"2000-01-01 00:00:00",
                                                       "2000-01-01 10:30:00"};
    static const std::vector<std::string> times = {"-01:00:00", "00:30:00", "100:00:00"};
    switch (column) {
      case kI: return Value::Int(static_cast<int64_t>(Pick(7)) - 3);
      case kU: return Pick(3) == 0 ? Value::UInt((uint64_t{1} << 63) + Pick(3)) : Value::Int(Pick(4));
      case kD: return Value::Double((static_cast<double>(Pick(9)) - 4) / 2);
      case kS:
      case kSb:
      case kC:
      case kVb:
      case kLegacy: return Value::String(Strings()[Pick(Strings().size())]);
      case kDate: return Value::String(dates[Pick(dates.size())]);
      case kDateTime: return Value::String(datetimes[Pick(datetimes.size())]);
      case kTime: return Value::String(times[Pick(times.size())]);
      case kYear: return Value::Int(1999 + Pick(3));
      case kDec: return Value::FromDecimal(*Decimal::Parse(Pick(2) ? "1.50" : "-2.00"));
      default: return Value::Null();
    }
  }

  std::vector<Value> RandomRow() {
    std::vector<Value> row(kCount);
    for (int c = 0; c < kCount; ++c) row[c] = RandomValue(static_cast<Column>(c));
    return row;
  }

  ExprPtr RandomConstant() {
    switch (Pick(9)) {
      case 0: return Lit(Value::Null());
      case 1: return Lit(Value::Int(static_cast<int64_t>(Pick(7)) - 3));
      case 2: return Lit(Value::UInt((uint64_t{1} << 63) + 1));
      case 3: return Lit(Value::Double(0.5));
      case 4: return Lit(Value::FromDecimal(*Decimal::Parse("1.50")));
      case 5: return Lit(Collated(Strings()[Pick(Strings().size())],
                                  Pick(2) ? "utf8mb4_0900_bin" : "utf8mb4_0900_as_cs"));
      case 6: return Str(Pick(2) ? "2000-01-01" : "00:30:00");
      default: return Str(Strings()[Pick(Strings().size())]);
    }
  }

  ExprPtr RandomLeaf() {
    const int column = static_cast<int>(Pick(kCount));
    switch (Pick(5)) {
      case 0: {
        ExprPtr e = Node(ExprKind::kIsNull, List(Col(column)));
        e->negated = Pick(2) == 0;
        return e;
      }
      case 1: {
        std::vector<ExprPtr> children = List(Col(column));
        for (size_t i = 0, n = 1 + Pick(3); i < n; ++i) children.push_back(RandomConstant());
        ExprPtr e = Node(ExprKind::kIn, std::move(children));
        e->negated = Pick(2) == 0;
        return e;
      }
      case 2: {
        ExprPtr e = Node(ExprKind::kBetween, List(Col(column), RandomConstant(), RandomConstant()));
        e->negated = Pick(2) == 0;
        return e;
      }
      default: {
        static const BinaryOp ops[] = {BinaryOp::kEq, BinaryOp::kNotEq, BinaryOp::kLt,
                                       BinaryOp::kLtEq, BinaryOp::kGt, BinaryOp::kGtEq,
                                       BinaryOp::kNullSafeEq};
        const BinaryOp op = ops[Pick(7)];
        return Pick(2) ? Binary(op, Col(column), RandomConstant())
                       : Binary(op, RandomConstant(), Col(column));
      }
    }
  }

  ExprPtr RandomCondition(int depth) {
    if (depth == 0 || Pick(2) == 0) return RandomLeaf();
    switch (Pick(3)) {
      case 0: {
        ExprPtr e = Node(ExprKind::kUnary, List(RandomCondition(depth - 1)));
        e->unary_op = sql::UnaryOp::kNot;
        return e;
      }
      case 1: return Binary(BinaryOp::kAnd, RandomCondition(depth - 1), RandomCondition(depth - 1));
      default: return Binary(BinaryOp::kOr, RandomCondition(depth - 1), RandomCondition(depth - 1));
    }
  }

  std::shared_ptr<const catalog::TableInfo> table_;
  std::mt19937_64 random_;
};

TEST_F(StoredRowFilterTest, DateEqualsAConstantOnTheStoredBytes) {
  ExprPtr condition = Binary(BinaryOp::kEq, Col(kDate), Str("9999-01-01"));
  StoredRowFilter filter(*table_, kOffset);
  ASSERT_TRUE(filter.Add(*condition));
  EXPECT_TRUE(Filtered(filter, Encode(Row({{kDate, Value::String("9999-01-01")}}))));
  EXPECT_FALSE(Filtered(filter, Encode(Row({{kDate, Value::String("2001-01-01")}}))));
  EXPECT_FALSE(Filtered(filter, Encode(Row({}))));  // NULL
}

TEST_F(StoredRowFilterTest, CaseInsensitiveColumnsCompareUnderTheirCollation) {
  ExprPtr ai = Binary(BinaryOp::kEq, Col(kS), Str("A"));
  ExprPtr bin = Binary(BinaryOp::kEq, Col(kSb), Str("A"));
  StoredRowFilter filter_ai(*table_, kOffset), filter_bin(*table_, kOffset);
  ASSERT_TRUE(filter_ai.Add(*ai));
  ASSERT_TRUE(filter_bin.Add(*bin));
  const std::string row = Encode(Row({{kS, Value::String("\xc3\xa1")}, {kSb, Value::String("a ")}}));
  EXPECT_TRUE(Filtered(filter_ai, row));    // á = A under utf8mb4_0900_ai_ci
  EXPECT_FALSE(Filtered(filter_bin, row));  // 'a ' <> 'A' under utf8mb4_bin
  EXPECT_TRUE(Evaluated(*ai, row));
  EXPECT_FALSE(Evaluated(*bin, row));
}

TEST_F(StoredRowFilterTest, IntegerColumnsCompareAsNumbers) {
  ExprPtr condition = Binary(BinaryOp::kGt, Col(kU), Lit(Value::Int(3)));
  StoredRowFilter filter(*table_, kOffset);
  ASSERT_TRUE(filter.Add(*condition));
  EXPECT_TRUE(Filtered(filter, Encode(Row({{kU, Value::UInt(uint64_t{1} << 63)}}))));
  EXPECT_FALSE(Filtered(filter, Encode(Row({{kU, Value::Int(3)}}))));
}

TEST_F(StoredRowFilterTest, RefusesWhatItCannotTestExactly) {
  std::vector<ExprPtr> refused;
  refused.push_back(Binary(BinaryOp::kEq, Col(kDec), Lit(Value::Int(1))));  // DECIMAL column
  refused.push_back(Binary(BinaryOp::kEq, Col(kS), Lit(Value::Int(1))));    // string vs number
  refused.push_back(Binary(BinaryOp::kEq, Col(kI), Col(kU)));               // two columns
  refused.push_back(Binary(BinaryOp::kAdd, Col(kI), Lit(Value::Int(1))));   // arithmetic
  // A utf8mb4 column against an explicit latin1 string: error 1267, which the evaluator
  // raises on every row.
  refused.push_back(Binary(BinaryOp::kEq, Col(kS), Lit(Collated("a", "latin1_swedish_ci"))));
  {
    std::vector<Value> joined(kOffset + kCount);
    joined[kOffset + kS] = Value::String("a");
    joined[kOffset + kS].set_collation(table_->value_collation_ids[kS],
                                       CollationDerivation::kImplicit);
    EXPECT_FALSE(EvaluatePredicate(*refused.back(), joined).ok());
  }
  ExprPtr placeholder = Lit(Value::Int(1));
  placeholder->slot = 0;  // another table's value, filled in per row
  refused.push_back(Binary(BinaryOp::kEq, Col(kI), std::move(placeholder)));
  ExprPtr outside = Node(ExprKind::kColumn);
  outside->slot = kOffset + kCount;  // not this table's column
  refused.push_back(Binary(BinaryOp::kEq, std::move(outside), Lit(Value::Int(1))));
  // An accepted part does not make a refused whole.
  refused.push_back(Binary(BinaryOp::kAnd, Binary(BinaryOp::kEq, Col(kI), Lit(Value::Int(1))),
                           Binary(BinaryOp::kEq, Col(kDec), Lit(Value::Int(1)))));
  for (const ExprPtr& condition : refused) {
    StoredRowFilter filter(*table_, kOffset);
    EXPECT_FALSE(filter.Add(*condition));
    EXPECT_TRUE(filter.empty());
  }
}

TEST_F(StoredRowFilterTest, AgreesWithTheEvaluatorOnRandomRowsAndConditions) {
  std::vector<std::string> rows;
  for (int i = 0; i < 200; ++i) rows.push_back(Encode(RandomRow()));
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    ExprPtr condition = RandomCondition(2);
    StoredRowFilter filter(*table_, kOffset);
    if (!filter.Add(*condition)) continue;
    ++accepted;
    for (const std::string& row : rows) {
      ASSERT_EQ(Filtered(filter, row), Evaluated(*condition, row))
          << "condition " << i << " on a row of " << row.size() << " bytes";
    }
  }
  EXPECT_GT(accepted, 800);  // most random conditions are of a shape the filter makes
}

TEST_F(StoredRowFilterTest, ConditionsAreAConjunction) {
  ExprPtr first = Binary(BinaryOp::kGtEq, Col(kI), Lit(Value::Int(0)));
  ExprPtr second = Binary(BinaryOp::kLt, Col(kDate), Str("2000-01-01"));
  StoredRowFilter filter(*table_, kOffset);
  ASSERT_TRUE(filter.Add(*first));
  ASSERT_TRUE(filter.Add(*second));
  EXPECT_EQ(filter.conditions(), 2u);
  EXPECT_TRUE(Filtered(filter, Encode(Row({{kI, Value::Int(1)}, {kDate, Value::String("1999-12-31")}}))));
  EXPECT_FALSE(Filtered(filter, Encode(Row({{kI, Value::Int(-1)}, {kDate, Value::String("1999-12-31")}}))));
  EXPECT_FALSE(Filtered(filter, Encode(Row({{kI, Value::Int(1)}, {kDate, Value::String("2000-01-01")}}))));
}

TEST_F(StoredRowFilterTest, CorruptRowsAreDataLoss) {
  ExprPtr condition = Binary(BinaryOp::kEq, Col(kDate), Str("9999-01-01"));
  StoredRowFilter filter(*table_, kOffset);
  ASSERT_TRUE(filter.Add(*condition));
  const std::string row = Encode(Row({{kDate, Value::String("9999-01-01")}}));
  EXPECT_EQ(filter.Holds(row.substr(0, row.size() - 3)).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(filter.Holds("").status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace ordinal::engine::exec
