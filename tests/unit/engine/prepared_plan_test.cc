// Prepared statements run again with new values give what the same statement written with
// those values as literals gives: across value types, DDL (of this session and of others),
// setting changes and transactions, while the session keeps a prepared SELECT's plan
// between executions (engine/plan/prepared_plan.h).
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/sql/parser.h"
#include "tests/unit/engine/replication_fixture.h"
#include "tests/unit/engine/session_fixture.h"

namespace ordinal::engine {
namespace {

// A statement parsed once with its markers, run with values set into them, as a front end
// runs COM_STMT_EXECUTE.
class PreparedStatement {
 public:
  explicit PreparedStatement(std::string sql) : sql_(std::move(sql)) {
    absl::StatusOr<sql::ParameterizedStatement> parsed = sql::ParseWithParameters(sql_);
    EXPECT_TRUE(parsed.ok()) << sql_ << ": " << parsed.status();
    if (parsed.ok()) parsed_ = std::make_unique<sql::ParameterizedStatement>(*std::move(parsed));
  }

  absl::StatusOr<ResultSet> Run(Session& session, const std::vector<Value>& values) {
    EXPECT_EQ(values.size(), parsed_->parameters.size()) << sql_;
    for (size_t i = 0; i < values.size(); ++i) parsed_->parameters[i]->literal = values[i];
    return session.Execute(parsed_->statement);
  }

  // The statement with each marker replaced by its value as a SQL literal (the test
  // statements hold no `?` inside quotes).
  std::string Text(const std::vector<Value>& values) const {
    std::string text;
    size_t next = 0;
    for (char ch : sql_) {
      if (ch == '?' && next < values.size()) {
        text += Literal(values[next++]);
      } else {
        text += ch;
      }
    }
    return text;
  }

 private:
  static std::string Literal(const Value& value) {
    if (value.is_null()) return "NULL";
    if (value.is_string()) {
      return absl::StrCat("'", absl::StrReplaceAll(value.string_value(), {{"'", "''"}}), "'");
    }
    return value.ToString();
  }

  std::string sql_;
  std::unique_ptr<sql::ParameterizedStatement> parsed_;
};

// A result (or error) as text: the error number, else every column's name (unless
// `names` is false: a marker in the select list is named "?", as in MySQL, where the text
// names its literal) and metadata, and every row.
std::string Render(const absl::StatusOr<ResultSet>& result, bool names = true) {
  if (!result.ok()) return absl::StrCat("error ", GetMysqlErrno(result.status()));
  std::string out;
  for (const ResultColumn& column : result->columns) {
    const ColumnMetadata meta = column.Metadata();
    absl::StrAppend(&out, names ? column.name : "", ":", static_cast<int>(meta.type), ":", meta.length, ":",
                    meta.decimals, ":", meta.flags, ":", meta.collation, ":", meta.org_table, " ");
  }
  out += "|";
  for (const std::vector<Value>& row : result->rows) {
    for (const Value& value : row) absl::StrAppend(&out, " ", value.ToString());
    out += ";";
  }
  return out;
}

class PreparedPlanTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Run("CREATE DATABASE d");
    Run("USE d");
    Run("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(10), u BIGINT UNSIGNED, "
        "day DATE, e ENUM('x', 'y'), KEY k_idx (k))");
    for (int i = 1; i <= 20; ++i) {
      Run(absl::StrCat("INSERT INTO t VALUES (", i, ", ", i % 5, ", 'c", 20 - i, "', ", i * 10,
                       ", '2020-01-", i, "', '", i % 2 == 0 ? "x" : "y", "')"));
    }
    Run("INSERT INTO t VALUES (0, NULL, NULL, NULL, NULL, NULL)");
  }

  // Runs `statement` with `values` prepared and as text; both must give the same answer.
  void ExpectSameAsText(PreparedStatement& statement, const std::vector<Value>& values,
                        bool names = true) {
    const std::string text = statement.Text(values);
    const std::string prepared = Render(statement.Run(*session_, values), names);
    EXPECT_EQ(prepared, Render(session_->Execute(text), names)) << text;
  }
};

TEST_F(PreparedPlanTest, RepeatedExecutionsWithNewIntegersMatchTheText) {
  const std::vector<std::string> queries = {
      "SELECT c FROM t WHERE id = ?",
      "SELECT c FROM t WHERE id BETWEEN ? AND ?",
      "SELECT SUM(k) FROM t WHERE id BETWEEN ? AND ?",
      "SELECT c FROM t WHERE id BETWEEN ? AND ? ORDER BY c",
      "SELECT DISTINCT c FROM t WHERE id BETWEEN ? AND ? ORDER BY c",
      "SELECT id, c FROM t WHERE k = ? AND id > ?",
      "SELECT id FROM t WHERE id IN (?, ?) OR u = ?",
      "SELECT * FROM t WHERE ? <= id AND id < ?",
      "SELECT COUNT(*) FROM t WHERE u >= ? AND id <> ?",
      // Ranges of a nullable index column: NULL keys come first (one row has k NULL).
      "SELECT id FROM t FORCE INDEX (k_idx) WHERE k < ?",
      "SELECT id FROM t FORCE INDEX (k_idx) WHERE k >= ? AND k < ? AND id > ?",
      "SELECT id FROM t WHERE id > ? AND id > ? AND id <= ?",
  };
  const std::vector<std::vector<int64_t>> rounds = {
      {3, 7, 30}, {1, 20, 10}, {20, 1, 0}, {-5, 4, 200}, {0, 0, 0}, {2147483648, 5, 7}};
  for (const std::string& sql : queries) {
    PreparedStatement statement(sql);
    const size_t markers = std::count(sql.begin(), sql.end(), '?');
    for (const std::vector<int64_t>& round : rounds) {
      std::vector<Value> values;
      for (size_t i = 0; i < markers; ++i) values.push_back(Value::Int(round[i]));
      ExpectSameAsText(statement, values);
    }
  }
}

TEST_F(PreparedPlanTest, ParametersWhoseTypesChangeBetweenExecutionsMatchTheText) {
  const std::vector<std::string> queries = {
      "SELECT c FROM t WHERE id = ?",
      "SELECT c FROM t WHERE id BETWEEN ? AND ?",
      "SELECT id FROM t WHERE day = ?",
      "SELECT id FROM t WHERE e = ?",
      "SELECT id FROM t WHERE u < ?",
      "SELECT id FROM t WHERE c = ?",
  };
  const std::vector<Value> values = {
      Value::Int(3),          Value::String("4"),           Value::Null(),
      Value::String("2020-01-05"), Value::Int(20200106), Value::UInt(18446744073709551615ull),
      Value::Int(1),          Value::String("x"),            Value::Double(2.5),
      Value::Int(2),          Value::String("c15"),          Value::Int(7)};
  for (const std::string& sql : queries) {
    PreparedStatement statement(sql);
    const size_t markers = std::count(sql.begin(), sql.end(), '?');
    for (size_t start = 0; start + markers <= values.size(); ++start) {
      std::vector<Value> round(values.begin() + start, values.begin() + start + markers);
      ExpectSameAsText(statement, round);
    }
  }
}

TEST_F(PreparedPlanTest, MarkerInTheSelectListIsTypedByEachExecutionsValue) {
  PreparedStatement statement("SELECT ?, c FROM t WHERE id = ?");
  ExpectSameAsText(statement, {Value::Int(5), Value::Int(1)}, false);
  ExpectSameAsText(statement, {Value::String("a longer string"), Value::Int(2)}, false);
  ExpectSameAsText(statement, {Value::Null(), Value::Int(3)}, false);
  ExpectSameAsText(statement, {Value::Int(123456789012), Value::Int(4)}, false);
}

TEST_F(PreparedPlanTest, DdlOfThisSessionBetweenExecutionsGivesTheNewAnswerOrTheError) {
  PreparedStatement star("SELECT * FROM t WHERE id = ?");
  PreparedStatement by_k("SELECT id FROM t WHERE k = ? ORDER BY id");
  ExpectSameAsText(star, {Value::Int(2)});
  ExpectSameAsText(by_k, {Value::Int(1)});
  Run("ALTER TABLE t ADD COLUMN z INT DEFAULT 7 FIRST");
  ExpectSameAsText(star, {Value::Int(2)});
  Run("ALTER TABLE t DROP INDEX k_idx");
  ExpectSameAsText(by_k, {Value::Int(1)});
  Run("CREATE INDEX k_idx ON t (k)");
  ExpectSameAsText(by_k, {Value::Int(2)});
  Run("ALTER TABLE t DROP COLUMN k");
  EXPECT_EQ(Render(by_k.Run(*session_, {Value::Int(2)})), "error 1054");
  Run("DROP TABLE t");
  EXPECT_EQ(Render(star.Run(*session_, {Value::Int(2)})), "error 1146");
  Run("CREATE TABLE t (id INT PRIMARY KEY, k INT)");
  Run("INSERT INTO t VALUES (2, 9)");
  ExpectSameAsText(star, {Value::Int(2)});
  ExpectSameAsText(by_k, {Value::Int(9)});
}

TEST_F(PreparedPlanTest, DdlOfAnotherSessionBetweenExecutionsGivesTheNewAnswer) {
  std::unique_ptr<Session> other = NewSession();
  Run(*other, "USE d");
  PreparedStatement star("SELECT * FROM t WHERE id BETWEEN ? AND ?");
  ExpectSameAsText(star, {Value::Int(2), Value::Int(4)});
  Run(*other, "ALTER TABLE t ADD COLUMN z VARCHAR(3) DEFAULT 'zz' FIRST");
  const std::string after = Render(star.Run(*session_, {Value::Int(2), Value::Int(4)}));
  EXPECT_NE(after.find("zz"), std::string::npos) << after;
  ExpectSameAsText(star, {Value::Int(2), Value::Int(4)});
  Run(*other, "DROP TABLE t");
  EXPECT_EQ(Render(star.Run(*session_, {Value::Int(2), Value::Int(4)})), "error 1146");
  Run(*other, "CREATE TABLE t (id BIGINT PRIMARY KEY, k INT)");
  Run(*other, "INSERT INTO t VALUES (3, 1)");
  ExpectSameAsText(star, {Value::Int(2), Value::Int(4)});
}

TEST_F(PreparedPlanTest, SettingChangesBetweenExecutionsMatchTheText) {
  PreparedStatement grouped("SELECT c, SUM(k) FROM t WHERE id BETWEEN ? AND ?");
  PreparedStatement ordered("SELECT c, day FROM t WHERE id BETWEEN ? AND ? ORDER BY c");
  Run("SET sql_mode = ''");
  ExpectSameAsText(grouped, {Value::Int(1), Value::Int(1)});
  Run("SET sql_mode = 'ONLY_FULL_GROUP_BY'");
  EXPECT_EQ(Render(grouped.Run(*session_, {Value::Int(1), Value::Int(1)})).rfind("error ", 0), 0u);
  ExpectSameAsText(grouped, {Value::Int(1), Value::Int(1)});
  for (const char* set : {"SET time_zone = '+05:00'", "SET NAMES latin1",
                          "SET collation_connection = 'utf8mb4_bin'", "SET NAMES utf8mb4",
                          "SET sql_mode = 'STRICT_TRANS_TABLES'"}) {
    Run(set);
    ExpectSameAsText(ordered, {Value::Int(3), Value::Int(9)});
    ExpectSameAsText(ordered, {Value::Int(4), Value::Int(12)});
  }
}

TEST_F(PreparedPlanTest, ReuseInsideAndOutsideTransactionsSeesTheTransactionsRows) {
  PreparedStatement point("SELECT c FROM t WHERE id = ?");
  PreparedStatement range("SELECT COUNT(*) FROM t WHERE id BETWEEN ? AND ?");
  ExpectSameAsText(point, {Value::Int(21)});
  Run("BEGIN");
  ExpectSameAsText(range, {Value::Int(15), Value::Int(30)});
  Run("INSERT INTO t (id, k, c) VALUES (21, 1, 'new')");
  const std::string own_row = Render(point.Run(*session_, {Value::Int(21)}));
  EXPECT_NE(own_row.find("| new;"), std::string::npos) << own_row;
  ExpectSameAsText(range, {Value::Int(15), Value::Int(30)});
  Run("ROLLBACK");
  ExpectSameAsText(point, {Value::Int(21)});
  ExpectSameAsText(range, {Value::Int(15), Value::Int(30)});
  Run("SET autocommit = 0");
  Run("INSERT INTO t (id, k, c) VALUES (22, 1, 'two')");
  ExpectSameAsText(point, {Value::Int(22)});
  Run("COMMIT");
  Run("SET autocommit = 1");
  ExpectSameAsText(point, {Value::Int(22)});
}

TEST_F(PreparedPlanTest, SameTextPreparedTwiceAndUseOfAnotherDatabase) {
  Run("CREATE DATABASE e");
  Run("CREATE TABLE e.t (id INT PRIMARY KEY, c VARCHAR(10))");
  Run("INSERT INTO e.t VALUES (1, 'other')");
  auto first = std::make_unique<PreparedStatement>("SELECT c FROM t WHERE id = ?");
  ExpectSameAsText(*first, {Value::Int(1)});
  first.reset();
  PreparedStatement second("SELECT c FROM t WHERE id = ?");
  ExpectSameAsText(second, {Value::Int(2)});
  Run("USE e");
  ExpectSameAsText(second, {Value::Int(1)});
}

using PreparedPlanReplicaTest = ReplicationTest;

TEST_F(PreparedPlanReplicaTest, ReplicatedDdlBetweenExecutionsGivesTheNewAnswer) {
  CreateTable();
  InsertRows(1, 6);
  Ship();
  absl::StatusOr<std::unique_ptr<Session>> session = replica_->NewSession("d");
  ASSERT_TRUE(session.ok()) << session.status();
  PreparedStatement star("SELECT * FROM t WHERE id BETWEEN ? AND ?");
  const std::vector<Value> values = {Value::Int(2), Value::Int(3)};
  EXPECT_EQ(Render(star.Run(**session, values)), Render((*session)->Execute(star.Text(values))));
  Run(*primary_, "ALTER TABLE d.t ADD COLUMN z VARCHAR(3) DEFAULT 'zz' FIRST");
  Ship();
  const std::string after = Render(star.Run(**session, values));
  EXPECT_NE(after.find("zz"), std::string::npos) << after;
  EXPECT_EQ(after, Render((*session)->Execute(star.Text(values))));
  Run(*primary_, "DROP TABLE d.t");
  Ship();
  EXPECT_EQ(Render(star.Run(**session, values)), "error 1146");
}

}  // namespace
}  // namespace ordinal::engine
