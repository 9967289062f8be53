// Rows of a scan are decoded into the same values row after row (their strings' buffers
// reused): every row still reads as stored, and GROUP BY over such rows groups as its
// collations say. The expected answers are computed here from the rows inserted.
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sql_fixture.h"

namespace ordinal::engine::testing {
namespace {

struct Stored {
  int id;
  std::optional<std::string> t;  // utf8mb4_general_ci: case folded, trailing spaces padded
  std::optional<std::string> b;  // utf8mb4_bin
  std::optional<std::string> d;  // DATE
  int x;
};

std::string Sql(const std::optional<std::string>& v) {
  return v ? absl::StrCat("'", *v, "'") : "NULL";
}

// The group of a general_ci string of ASCII letters and spaces.
std::string FoldedKey(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return absl::AsciiStrToLower(s);
}

class ScanDecodeTest : public SqlTest {
 protected:
  ScanDecodeTest() {
    Exec("CREATE TABLE g (id INT PRIMARY KEY, t VARCHAR(20) COLLATE utf8mb4_general_ci, "
         "b VARCHAR(20) COLLATE utf8mb4_bin, d DATE, x INT)");
    // Strings of very different lengths follow each other, so a reused buffer that kept a
    // longer string's tail would show.
    const std::vector<std::optional<std::string>> texts = {
        "a", "A", "a ", "A  ", "ab", "AB", "aB ", "", " ", "abcdefghijklmnopqrs",
        "ABCDEFGHIJKLMNOPQRS", "b", std::nullopt};
    const std::vector<std::optional<std::string>> dates = {
        "1999-12-31", "2000-01-01", "2000-02-29", "1985-06-15", std::nullopt};
    std::mt19937 random(12);
    std::string values;
    for (int id = 1; id <= 3000; ++id) {
      Stored row{id, texts[random() % texts.size()], texts[random() % texts.size()],
                 dates[random() % dates.size()], static_cast<int>(random() % 100)};
      if (row.b && !row.b->empty() && row.b->back() == ' ') row.b = "z";
      absl::StrAppend(&values, values.empty() ? "" : ", ", "(", id, ", ", Sql(row.t), ", ",
                      Sql(row.b), ", ", Sql(row.d), ", ", row.x, ")");
      rows_.push_back(std::move(row));
    }
    Exec("INSERT INTO g VALUES " + values);
  }

  std::vector<Stored> rows_;
};

TEST_F(ScanDecodeTest, EveryRowReadsAsStored) {
  std::vector<std::string> expected;
  for (const Stored& row : rows_) {
    if (row.x % 3 == 0) continue;
    expected.push_back(absl::StrCat(row.id, ",", row.t.value_or("NULL"), ",",
                                    row.b.value_or("NULL"), ",", row.d.value_or("NULL")));
  }
  // A scan with a condition on a column (tested on the decoded row first) and without.
  EXPECT_EQ(Query("SELECT id, t, b, d FROM g WHERE x % 3 <> 0 ORDER BY id"),
            absl::StrJoin(expected, ";"));
  std::vector<std::string> all;
  for (const Stored& row : rows_) all.push_back(absl::StrCat(row.id, ",", row.b.value_or("NULL")));
  EXPECT_EQ(Query("SELECT id, b FROM g ORDER BY id"), absl::StrJoin(all, ";"));
}

TEST_F(ScanDecodeTest, GroupByOverScannedRowsFollowsCollations) {
  // Per group: the least id, the rows, the rows with a date. Listed by least id.
  using Key = std::tuple<bool, std::string, int64_t>;  // NULL, folded text, year (-1: NULL)
  std::map<Key, std::tuple<int, int, int>> groups;
  std::map<std::pair<bool, std::string>, std::pair<int, int>> by_binary;
  for (const Stored& row : rows_) {
    const int64_t year = row.d ? std::stoi(row.d->substr(0, 4)) : -1;
    Key key{row.t.has_value(), row.t ? FoldedKey(*row.t) : "", year};
    auto [it, added] = groups.emplace(key, std::tuple<int, int, int>{row.id, 0, 0});
    ++std::get<1>(it->second);
    if (row.d) ++std::get<2>(it->second);
    if (row.x % 3 == 0) continue;
    auto [b, fresh] = by_binary.emplace(std::pair{row.b.has_value(), row.b.value_or("")},
                                        std::pair<int, int>{row.id, 0});
    ++b->second.second;
  }
  std::map<int, std::string> expected;
  for (const auto& [key, counts] : groups) {
    expected[std::get<0>(counts)] =
        absl::StrCat(std::get<0>(counts), ",", std::get<1>(counts), ",", std::get<2>(counts));
  }
  std::vector<std::string> lines;
  for (const auto& [id, line] : expected) lines.push_back(line);
  EXPECT_EQ(Query("SELECT * FROM (SELECT MIN(id) AS first, COUNT(*), COUNT(d) FROM g "
                  "GROUP BY t, YEAR(d)) x ORDER BY first"),
            absl::StrJoin(lines, ";"));
  std::map<int, std::string> binary;
  for (const auto& [key, group] : by_binary) {
    binary[group.first] = absl::StrCat(group.first, ",", group.second);
  }
  lines.clear();
  for (const auto& [id, line] : binary) lines.push_back(line);
  EXPECT_EQ(Query("SELECT * FROM (SELECT MIN(id) AS first, COUNT(*) FROM g WHERE x % 3 <> 0 "
                  "GROUP BY b) x ORDER BY first"),
            absl::StrJoin(lines, ";"));
}

}  // namespace
}  // namespace ordinal::engine::testing
