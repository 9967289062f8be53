#include "tests/sql/employees/employees_data.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

namespace ordinal::sqltest::employees {
namespace {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {  // splitmix64
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Uniform(int lo, int hi) {  // [lo, hi]
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }

 private:
  uint64_t state_;
};

// Days since 1970-01-01 to y-m-d and back (proleptic Gregorian).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string CivilText(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d);
  return buffer;
}

const char* const kForever = "9999-01-01";
const char* const kDepartments[] = {"Marketing",  "Finance",          "Human Resources",
                                    "Production", "Development",      "Quality Management",
                                    "Sales",      "Research",         "Customer Service"};
const char* const kTitles[] = {"Staff",           "Senior Staff",    "Engineer",
                               "Senior Engineer", "Assistant Engineer", "Technique Leader"};
const char* const kSyllables[] = {"ka", "ri", "to", "mel", "an", "so", "ber", "li",
                                  "na", "vo", "da", "gu", "zen", "pa", "ro", "shi"};

std::string Name(Random& random, int parts) {
  std::string name;
  for (int i = 0; i < parts; ++i) name += kSyllables[random.Next() % 16];
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

Row MakeRow(const std::vector<std::pair<std::string, bool>>& values) {
  Row row;
  for (const auto& [text, quoted] : values) {
    row.texts.push_back(text);
    row.literals.push_back(quoted ? Quoted(text) : text);
  }
  return row;
}

std::string DeptNo(int i) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "d%03d", i + 1);
  return buffer;
}

}  // namespace

Dataset GenerateEmployees(uint64_t seed, int count) {
  Random random(seed);
  Dataset data;
  for (int i = 0; i < 9; ++i) {
    data.departments.push_back(MakeRow({{DeptNo(i), true}, {kDepartments[i], true}}));
  }
  const int64_t end_of_data = DaysFromCivil(2002, 8, 1);
  std::map<std::tuple<int, std::string>, Row> managers;  // (emp_no, dept_no)
  for (int e = 0; e < count; ++e) {
    const int emp_no = 10001 + e;
    const std::string number = std::to_string(emp_no);
    const int64_t birth = DaysFromCivil(1952, 2, 1) + random.Uniform(0, 13 * 365);
    const int64_t hire = DaysFromCivil(1985, 1, 1) + random.Uniform(0, 15 * 365);
    data.employees.push_back(MakeRow({{number, false},
                                      {CivilText(birth), true},
                                      {Name(random, 2), true},
                                      {Name(random, 3), true},
                                      {random.Next() % 2 == 0 ? "M" : "F", true},
                                      {CivilText(hire), true}}));
    // One department, or two when the employee moved (the first one ends at the move).
    const int first = random.Uniform(0, 8);
    const bool moved = random.Uniform(0, 9) == 0;
    const int64_t move = hire + random.Uniform(200, 2000);
    std::vector<std::tuple<std::string, int64_t, std::string>> depts = {
        {DeptNo(first), hire, moved && move < end_of_data ? CivilText(move) : kForever}};
    if (moved && move < end_of_data) depts.push_back({DeptNo((first + 1) % 9), move, kForever});
    std::sort(depts.begin(), depts.end());
    for (const auto& [dept, from, to] : depts) {
      data.dept_emp.push_back(
          MakeRow({{number, false}, {dept, true}, {CivilText(from), true}, {to, true}}));
    }
    if (e % 97 == 5) {
      managers[{emp_no, std::get<0>(depts.front())}] =
          MakeRow({{number, false}, {std::get<0>(depts.front()), true},
                   {CivilText(hire), true}, {kForever, true}});
    }
    // Titles: one, or a promotion to a second (and third) after some years.
    std::set<std::tuple<std::string, int64_t, std::string>> titles;
    int64_t from = hire;
    const int promotions = random.Uniform(0, 2);
    int title = random.Uniform(0, 5);
    for (int p = 0; p <= promotions; ++p) {
      const int64_t next = from + random.Uniform(700, 3000);
      const bool last = p == promotions || next >= end_of_data;
      titles.insert({kTitles[title], from, last ? kForever : CivilText(next)});
      if (last) break;
      from = next;
      title = (title + 1) % 6;
    }
    for (const auto& [name, start, to] : titles) {
      data.titles.push_back(
          MakeRow({{number, false}, {name, true}, {CivilText(start), true}, {to, true}}));
    }
    // A salary per year of service, at most 12.
    int salary = random.Uniform(40000, 70000);
    for (int64_t year = hire, k = 0; year < end_of_data && k < 12; year += 365, ++k) {
      const bool last = year + 365 >= end_of_data || k == 11;
      data.salaries.push_back(MakeRow({{number, false},
                                       {std::to_string(salary), false},
                                       {CivilText(year), true},
                                       {last ? kForever : CivilText(year + 365), true}}));
      salary += random.Uniform(0, 3000);
    }
  }
  for (auto& [key, row] : managers) data.dept_manager.push_back(std::move(row));
  return data;
}

}  // namespace ordinal::sqltest::employees
