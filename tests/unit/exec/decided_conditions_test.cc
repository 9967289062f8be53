// Which WHERE conjuncts a table's access path decides, so that the scan does not test them
// again (AccessPath::decided, JoinStep::decided_by_path), and which it must keep.
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_join.h"
#include "engine/catalog/catalog.h"
#include "engine/plan/select_plan.h"
#include "engine/sql/parser.h"
#include "engine/table_def_builder.h"
#include "engine/types/collation.h"
#include "gtest/gtest.h"

namespace ordinal::engine::plan {
namespace {

class DecidedConditionsTest : public ::testing::Test {
 protected:
  DecidedConditionsTest() {
    Table("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(20), u BIGINT UNSIGNED, "
          "KEY ik (k), KEY iu (u))");
    Table("CREATE TABLE p (a INT, b INT, v INT, PRIMARY KEY (a, b))");
    Table("CREATE TABLE s (name VARCHAR(20) COLLATE utf8mb4_0900_ai_ci PRIMARY KEY, "
          "code VARCHAR(20) COLLATE utf8mb4_bin, bin VARBINARY(20), KEY ic (code), KEY ib (bin))");
    Table("CREATE TABLE n (d DECIMAL(10, 2) PRIMARY KEY, x DOUBLE, day DATE, KEY ix (x), "
          "KEY iday (day))");
  }

  // The conditions left to test on the rows of `SELECT * FROM <from> WHERE <where>`'s first
  // step, as written, joined by " & "; "" when the path decides them all.
  std::string Kept(const std::string& from, const std::string& where) {
    std::shared_ptr<SelectPlan> plan = Bind("SELECT * FROM " + from + " WHERE " + where);
    if (plan == nullptr) return "<no plan>";
    std::vector<std::string> kept;
    for (const sql::ExprPtr& e : plan->steps[0].local_conditions) kept.push_back(e->text);
    return absl::StrJoin(kept, " & ");
  }

  std::shared_ptr<SelectPlan> Bind(const std::string& sql) {
    auto statement = sql::ParseStatement(sql);
    EXPECT_TRUE(statement.ok()) << statement.status();
    if (!statement.ok()) return nullptr;
    const auto* select = std::get_if<sql::Select>(&statement->body);
    EXPECT_NE(select, nullptr);
    if (select == nullptr) return nullptr;
    BindContext ctx;
    ctx.resolve_table = [this](const sql::TableName& name)
        -> absl::StatusOr<std::shared_ptr<const catalog::TableInfo>> {
      auto it = tables_.find(name.table);
      if (it == tables_.end()) return absl::NotFoundError(name.table);
      return it->second;
    };
    auto plan = BindSelect(*select, ctx);
    EXPECT_TRUE(plan.ok()) << sql << ": " << plan.status();
    return plan.ok() ? *plan : nullptr;
  }

 private:
  void Table(const std::string& create) {
    auto statement = sql::ParseStatement(create);
    ASSERT_TRUE(statement.ok()) << statement.status();
    const auto* parsed = std::get_if<sql::CreateTable>(&statement->body);
    ASSERT_NE(parsed, nullptr);
    auto def = ddl::BuildTableDef(*parsed, "db", *FindCollation("utf8mb4_0900_ai_ci"));
    ASSERT_TRUE(def.ok()) << def.status();
    def->set_id(100 + tables_.size());
    tables_[def->name()] = catalog::MakeTableInfo(*def);
  }

  std::map<std::string, std::shared_ptr<const catalog::TableInfo>> tables_;
};

TEST_F(DecidedConditionsTest, BetweenOnTheIntegerPrimaryKeyIsNotTestedAgain) {
  EXPECT_EQ(Kept("t", "id BETWEEN 10 AND 20"), "");
  EXPECT_EQ(Kept("t", "id BETWEEN 10 AND 20 AND k > 5"), "k > 5");
}

TEST_F(DecidedConditionsTest, EveryComparisonTheKeysApplyIsDecided) {
  EXPECT_EQ(Kept("t", "id = 7"), "");
  EXPECT_EQ(Kept("t", "id IN (3, 1, 2)"), "");
  EXPECT_EQ(Kept("t", "id > 1 AND id <= 9"), "");
  EXPECT_EQ(Kept("t", "5 < id"), "");
  EXPECT_EQ(Kept("t", "id >= -3 AND c = 'x'"), "c = 'x'");
}

TEST_F(DecidedConditionsTest, BoundsThePathDoesNotApplyAreKept) {
  // Only the first lower bound becomes the key range's.
  EXPECT_EQ(Kept("t", "id > 1 AND id > 5"), "id > 5");
  // BETWEEN gave only its upper bound: the lower one was taken.
  EXPECT_EQ(Kept("t", "id >= 2 AND id BETWEEN 1 AND 9"), "id BETWEEN 1 AND 9");
  EXPECT_EQ(Kept("t", "id = 3 AND id < 10"), "id < 10");
  EXPECT_EQ(Kept("t", "id <> 3"), "id <> 3");
  EXPECT_EQ(Kept("t", "NOT id BETWEEN 1 AND 3"), "NOT id BETWEEN 1 AND 3");
  EXPECT_EQ(Kept("t", "id = ~5"), "id = ~5");
}

TEST_F(DecidedConditionsTest, DecimalsAndDoublesAgainstAnIntegerKey) {
  // An integral decimal compares as the integer does; a fraction gives no bound at all.
  EXPECT_EQ(Kept("t", "id <= 3.0"), "");
  EXPECT_EQ(Kept("t", "id BETWEEN 1.5 AND 3"), "id BETWEEN 1.5 AND 3");
  // A double compares as a double, which the integer key does not.
  EXPECT_EQ(Kept("t", "id < 3e0"), "id < 3e0");
  EXPECT_EQ(Kept("t", "id IN (1, 2.0)"), "");
  EXPECT_EQ(Kept("t", "id IN (1, 2e0)"), "id IN (1, 2e0)");
}

TEST_F(DecidedConditionsTest, UnsignedKeyAgainstNegativeNumbers) {
  EXPECT_EQ(Kept("t", "u > -1"), "");
  EXPECT_EQ(Kept("t", "u >= 0 AND u < 18446744073709551615"), "");
}

TEST_F(DecidedConditionsTest, UpperBoundOfANullableIndexColumnNeedsALowerOne) {
  // The range starts at the NULL keys, for which k < 5 is not TRUE.
  EXPECT_EQ(Kept("t FORCE INDEX (ik)", "k < 5"), "k < 5");
  EXPECT_EQ(Kept("t FORCE INDEX (ik)", "k > 1 AND k < 5"), "");
  EXPECT_EQ(Kept("t FORCE INDEX (ik)", "k = 5"), "");
  EXPECT_EQ(Kept("t FORCE INDEX (ik)", "k <= 5 AND k >= 1"), "");
  // Not NULL: the primary key's column.
  EXPECT_EQ(Kept("t", "id < 5"), "");
}

TEST_F(DecidedConditionsTest, CompositeKeyDecidesOnlyTheColumnsItUses) {
  EXPECT_EQ(Kept("p", "a = 1 AND b > 3"), "");
  EXPECT_EQ(Kept("p", "a = 1 AND b = 2"), "");
  EXPECT_EQ(Kept("p", "a IN (1, 2) AND b BETWEEN 3 AND 4 AND v = 1"), "v = 1");
  // The second key part alone bounds no key range.
  EXPECT_EQ(Kept("p", "b > 3"), "b > 3");
  // A range on the first part ends the key: the second part's equality is tested.
  EXPECT_EQ(Kept("p", "a > 1 AND b = 2"), "b = 2");
}

TEST_F(DecidedConditionsTest, StringKeysUnderTheirColumnsCollation) {
  // Case-insensitive keys match as the column's collation compares.
  EXPECT_EQ(Kept("s", "name = 'ALICE'"), "");
  EXPECT_EQ(Kept("s", "name BETWEEN 'a' AND 'M'"), "");
  EXPECT_EQ(Kept("s FORCE INDEX (ic)", "code = 'A'"), "");
  // Another collation than the keys' decides the comparison.
  EXPECT_EQ(Kept("s", "name = 'ALICE' COLLATE utf8mb4_bin"), "name = 'ALICE' COLLATE utf8mb4_bin");
  // A number compared with a string column gives no key bound.
  EXPECT_EQ(Kept("s", "name = 5"), "name = 5");
  EXPECT_EQ(Kept("s FORCE INDEX (ib)", "bin = 'ab'"), "");
}

TEST_F(DecidedConditionsTest, DecimalKeysAreDecidedDoublesAndDatesAreNot) {
  EXPECT_EQ(Kept("n", "d = 1.5"), "");
  EXPECT_EQ(Kept("n", "d BETWEEN 1 AND 2.25"), "");
  EXPECT_EQ(Kept("n FORCE INDEX (ix)", "x = 1"), "x = 1");
  EXPECT_EQ(Kept("n FORCE INDEX (iday)", "day = '2020-01-05'"), "day = '2020-01-05'");
}

TEST_F(DecidedConditionsTest, OnlyTheFirstStepOfAJoinLeavesConditionsToItsPath) {
  std::shared_ptr<SelectPlan> plan =
      Bind("SELECT * FROM t JOIN p ON p.a = t.id WHERE t.id BETWEEN 1 AND 5 AND p.b = 2");
  ASSERT_NE(plan, nullptr);
  ASSERT_EQ(plan->steps.size(), 2u);
  size_t kept = 0;
  for (const JoinStep& step : plan->steps) {
    if (step.method == JoinMethod::kScan) {
      EXPECT_NE(step.decided_by_path, 0u);
    } else {
      EXPECT_EQ(step.decided_by_path, 0u);
    }
    kept += step.local_conditions.size() + step.conditions.size();
  }
  // Two of the three conjuncts were not decided by the first step's path.
  EXPECT_GE(kept, 2u);
}

}  // namespace
}  // namespace ordinal::engine::plan
