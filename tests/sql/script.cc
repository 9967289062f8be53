#include "tests/sql/script.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ordinal::sqltest {
namespace {

bool IsBlank(absl::string_view line) { return absl::StripAsciiWhitespace(line).empty(); }

bool IsComment(absl::string_view line) {
  return absl::StartsWith(absl::StripLeadingAsciiWhitespace(line), "#");
}

absl::Status ScriptError(int line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", message));
}

// Reads a header line's words into `record`.
absl::Status ParseHeader(absl::string_view header, int line, Record& record) {
  std::vector<absl::string_view> words =
      absl::StrSplit(header, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  record.line = line;
  if (words.size() >= 2 && words[0] == "statement" && words[1] == "ok") {
    record.kind = RecordKind::kStatementOk;
    if (words.size() == 2) return absl::OkStatus();
    uint64_t affected = 0;
    if (words.size() == 4 && words[2] == "affected" && absl::SimpleAtoi(words[3], &affected)) {
      record.affected = affected;
      return absl::OkStatus();
    }
  } else if (words.size() >= 2 && words[0] == "statement" && words[1] == "error") {
    record.kind = RecordKind::kStatementError;
    if (words.size() == 2) return absl::OkStatus();
    int code = 0;
    if (words.size() == 3 && absl::SimpleAtoi(words[2], &code)) {
      record.error_code = code;
      return absl::OkStatus();
    }
  } else if (!words.empty() && words[0] == "query") {
    record.kind = RecordKind::kQuery;
    if (words.size() == 1) return absl::OkStatus();
    if (words.size() == 2 && words[1] == "rowsort") {
      record.rowsort = true;
      return absl::OkStatus();
    }
  }
  return ScriptError(line, absl::StrCat("unknown record header '", header, "'"));
}

}  // namespace

absl::StatusOr<std::vector<Record>> ParseScript(std::string_view text) {
  std::vector<absl::string_view> lines =
      absl::StrSplit(absl::string_view(text.data(), text.size()), '\n');
  std::vector<Record> records;
  size_t i = 0;
  auto line_number = [&](size_t index) { return static_cast<int>(index + 1); };
  while (i < lines.size()) {
    if (IsBlank(lines[i]) || IsComment(lines[i])) {
      ++i;
      continue;
    }
    Record record;
    if (absl::Status s = ParseHeader(lines[i], line_number(i), record); !s.ok()) return s;
    ++i;
    std::vector<absl::string_view> sql;
    bool saw_separator = false;
    for (; i < lines.size() && !IsBlank(lines[i]); ++i) {
      if (record.kind == RecordKind::kQuery && absl::StripAsciiWhitespace(lines[i]) == "----") {
        saw_separator = true;
        ++i;
        break;
      }
      if (!IsComment(lines[i])) sql.push_back(absl::StripTrailingAsciiWhitespace(lines[i]));
    }
    if (sql.empty()) return ScriptError(record.line, "record without a statement");
    record.sql = absl::StrJoin(sql, "\n");
    if (record.kind == RecordKind::kQuery) {
      if (!saw_separator) return ScriptError(record.line, "query without '----'");
      for (; i < lines.size() && !lines[i].empty(); ++i) {
        absl::string_view row = lines[i];
        absl::ConsumeSuffix(&row, "\r");
        record.expected.emplace_back(row);
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace ordinal::sqltest
