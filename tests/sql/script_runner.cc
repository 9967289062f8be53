#include "tests/sql/script_runner.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql_error.h"

namespace ordinal::sqltest {
namespace {

std::string RenderCell(const Cell& cell) {
  if (!cell.has_value()) return "NULL";
  if (cell->empty()) return "(empty)";
  std::string out;
  for (char c : *cell) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string RenderOutcome(const absl::StatusOr<SqlResult>& outcome) {
  if (!outcome.ok()) {
    return absl::StrCat("error ", static_cast<int>(GetMysqlErrno(outcome.status())), ": ",
                        outcome.status().ToString());
  }
  std::string text = absl::StrCat("ok, affected ", outcome->rows_affected);
  if (outcome->has_rows) absl::StrAppend(&text, ", ", outcome->rows.size(), " row(s)");
  return text;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  return lines.empty() ? "(no rows)" : absl::StrJoin(lines, "\n");
}

// The mismatch between `record` and `outcome`, or nullopt when they agree.
std::optional<Mismatch> Check(const Record& record, const absl::StatusOr<SqlResult>& outcome) {
  Mismatch m{record.line, record.sql, "", ""};
  switch (record.kind) {
    case RecordKind::kStatementOk:
      if (outcome.ok() && (!record.affected || *record.affected == outcome->rows_affected)) {
        return std::nullopt;
      }
      m.expected = record.affected ? absl::StrCat("ok, affected ", *record.affected) : "ok";
      m.actual = RenderOutcome(outcome);
      return m;
    case RecordKind::kStatementError:
      if (!outcome.ok() &&
          (!record.error_code ||
           *record.error_code == static_cast<int>(GetMysqlErrno(outcome.status())))) {
        return std::nullopt;
      }
      m.expected = record.error_code ? absl::StrCat("error ", *record.error_code) : "an error";
      m.actual = RenderOutcome(outcome);
      return m;
    case RecordKind::kQuery: {
      std::vector<std::string> expected = record.expected;
      if (record.rowsort) std::sort(expected.begin(), expected.end());
      m.expected = JoinLines(expected);
      if (!outcome.ok() || !outcome->has_rows) {
        m.actual = RenderOutcome(outcome);
        return m;
      }
      std::vector<std::string> actual;
      for (const std::vector<Cell>& row : outcome->rows) actual.push_back(RenderRow(row));
      if (record.rowsort) std::sort(actual.begin(), actual.end());
      if (actual == expected) return std::nullopt;
      m.actual = JoinLines(actual);
      return m;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string RenderRow(const std::vector<Cell>& row) {
  std::vector<std::string> cells;
  cells.reserve(row.size());
  for (const Cell& cell : row) cells.push_back(RenderCell(cell));
  return absl::StrJoin(cells, "\t");
}

std::vector<Mismatch> RunScript(const std::vector<Record>& records, SqlBackend& backend) {
  std::vector<Mismatch> mismatches;
  for (const Record& record : records) {
    absl::StatusOr<SqlResult> outcome = backend.Execute(record.sql);
    if (std::optional<Mismatch> m = Check(record, outcome)) mismatches.push_back(std::move(*m));
  }
  return mismatches;
}

}  // namespace ordinal::sqltest
