#include "tests/sqllogictest/slt_runner.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql_error.h"

namespace ordinal::slt {
namespace {

using sqltest::Cell;

std::string_view SkipSpace(std::string_view s) {
  while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  return s;
}

// The leading number of `s` as a double (0 when there is none), as SQLite reads text.
double LeadingNumber(std::string_view s) {
  const std::string text(SkipSpace(s));
  return std::strtod(text.c_str(), nullptr);
}

std::string FormatInteger(std::string_view s) {
  int64_t i = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
  if (ec == std::errc() && ptr == s.data() + s.size()) return std::string(s);
  const double d = LeadingNumber(s);
  if (std::isnan(d)) return "0";
  if (d >= 9.2233720368547758e18) return std::to_string(INT64_MAX);
  if (d <= -9.2233720368547758e18) return std::to_string(INT64_MIN);
  return std::to_string(static_cast<int64_t>(d));
}

std::string FormatReal(std::string_view s) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.3f", LeadingNumber(s));
  return buffer;
}

std::string FormatText(std::string_view s) {
  if (s.empty()) return "(empty)";
  std::string out(s);
  for (char& c : out) {
    if (c < ' ' || c > '~') c = '@';
  }
  return out;
}

std::string FormatCell(const Cell& cell, char type) {
  if (!cell.has_value()) return "NULL";
  switch (type) {
    case 'I': return FormatInteger(*cell);
    case 'R': return FormatReal(*cell);
    default: return FormatText(*cell);
  }
}

// ---- failure causes ----

std::string Upper(std::string_view s) { return absl::AsciiStrToUpper(absl::string_view(s.data(), s.size())); }

std::vector<std::string> FirstWords(std::string_view sql, size_t n) {
  std::vector<std::string> words;
  size_t i = 0;
  while (words.size() < n && i < sql.size()) {
    while (i < sql.size() && !absl::ascii_isalpha(static_cast<unsigned char>(sql[i]))) ++i;
    const size_t start = i;
    while (i < sql.size() && (absl::ascii_isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_')) ++i;
    if (i > start) words.push_back(Upper(sql.substr(start, i - start)));
  }
  return words;
}

// "select", "insert", "insert select", "create table", "create index", "create view", ...
std::string StatementKind(std::string_view sql) {
  std::vector<std::string> w = FirstWords(sql, 4);
  if (w.empty()) return "empty";
  std::string kind = absl::AsciiStrToLower(w[0]);
  if ((w[0] == "CREATE" || w[0] == "DROP") && w.size() >= 2) {
    size_t k = 1;
    while (k + 1 < w.size() && (w[k] == "UNIQUE" || w[k] == "TEMP" || w[k] == "TEMPORARY")) ++k;
    absl::StrAppend(&kind, " ", absl::AsciiStrToLower(w[k]));
  } else if ((w[0] == "INSERT" || w[0] == "REPLACE") &&
             Upper(sql).find("SELECT") != std::string::npos) {
    absl::StrAppend(&kind, " select");
  }
  return kind;
}

// The first token of the text a syntax error points at: "JOIN", "(", "end of statement".
std::string SyntaxErrorToken(std::string_view message) {
  const size_t open = message.find("near '");
  if (open == std::string_view::npos) return "?";
  std::string_view rest = message.substr(open + 6);
  if (rest.empty() || rest[0] == '\'') return "end of statement";
  size_t n = 0;
  while (n < rest.size() && (absl::ascii_isalnum(static_cast<unsigned char>(rest[n])) || rest[n] == '_')) ++n;
  if (n == 0) n = 1;
  return Upper(rest.substr(0, n));
}

// The error message with digits folded and the first quoted name hidden, so that errors of
// one kind share a bucket ("Unknown column '?' in 'field list'").
std::string NormalizeMessage(std::string_view message) {
  std::string out;
  bool hid_quote = false;
  for (size_t i = 0; i < message.size() && out.size() < 60; ++i) {
    const char c = message[i];
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      if (out.empty() || out.back() != 'N') out.push_back('N');
      continue;
    }
    if (c == '\'' && !hid_quote) {
      const size_t close = message.find('\'', i + 1);
      if (close != std::string_view::npos) {
        out.append("'?'");
        i = close;
        hid_quote = true;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::string ErrorCause(const absl::Status& status) {
  const int errno_value = static_cast<int>(GetMysqlErrno(status));
  const std::string_view message(status.message().data(), status.message().size());
  if (errno_value == static_cast<int>(MysqlErrno::kParse)) {
    return absl::StrCat("syntax error near ", SyntaxErrorToken(message));
  }
  return absl::StrCat("error ", errno_value, " ", NormalizeMessage(message));
}

// ---- comparing results ----

// Rows of `values` (ncols per row) joined by spaces: the one-row-per-line expected form.
std::vector<std::string> AsRowLines(const std::vector<std::string>& values, size_t ncols) {
  std::vector<std::string> lines;
  for (size_t i = 0; ncols > 0 && i + ncols <= values.size(); i += ncols) {
    std::vector<std::string> row(values.begin() + i, values.begin() + i + ncols);
    lines.push_back(absl::StrJoin(row, " "));
  }
  return lines;
}

// "" when `values` match the record's expectation, else what differs.
std::string CompareQuery(const Record& record, const std::vector<std::string>& values) {
  if (record.expected_hash) {
    const std::string hash = HashValues(values);
    if (static_cast<int64_t>(values.size()) == record.expected_hash->count &&
        hash == record.expected_hash->md5) {
      return "";
    }
    return absl::StrCat("expected ", record.expected_hash->count, " values hashing to ",
                        record.expected_hash->md5, ", got ", values.size(), " hashing to ",
                        hash);
  }
  const std::vector<std::string>& expected = record.expected_values;
  if (values == expected) return "";
  if (record.sort != SortMode::kValueSort && AsRowLines(values, record.types.size()) == expected) {
    return "";
  }
  for (size_t i = 0; i < std::max(values.size(), expected.size()); ++i) {
    const std::string got = i < values.size() ? values[i] : "<none>";
    const std::string want = i < expected.size() ? expected[i] : "<none>";
    if (got != want) {
      return absl::StrCat("value ", i + 1, ": expected '", want, "', got '", got, "' (",
                          values.size(), " values, ", expected.size(), " expected)");
    }
  }
  return "values differ";
}

class FileRun {
 public:
  FileRun(sqltest::SqlBackend& backend, const RunOptions& options)
      : backend_(backend), options_(options) {}

  FileReport Run(const std::vector<Record>& records) {
    for (const Record& record : records) {
      if (record.kind == RecordKind::kHashThreshold) continue;
      if (!AppliesTo(record, kEngineName)) {
        ++report_.skipped;
        continue;
      }
      if (record.kind == RecordKind::kHalt) break;
      if (options_.max_records > 0 && report_.total >= options_.max_records) break;
      ++report_.total;
      if (record.kind == RecordKind::kStatement) {
        RunStatement(record);
      } else {
        RunQuery(record);
      }
    }
    return std::move(report_);
  }

 private:
  void Pass() { ++report_.passed; }
  void Fail(const Record& record, std::string cause, std::string detail) {
    report_.failures.push_back(
        {record.line, absl::StrCat(StatementKind(record.sql), ": ", cause), std::move(detail)});
  }

  void RunStatement(const Record& record) {
    absl::StatusOr<sqltest::SqlResult> result = backend_.Execute(record.sql);
    if (result.ok() != record.expect_error) return Pass();
    if (result.ok()) return Fail(record, "succeeded, error expected", "");
    if (StatementKind(record.sql) != "select") setup_failed_ = true;
    Fail(record, ErrorCause(result.status()), std::string(result.status().message()));
  }

  void RunQuery(const Record& record) {
    absl::StatusOr<sqltest::SqlResult> result = backend_.Execute(record.sql);
    if (!result.ok()) {
      return Fail(record, ErrorCause(result.status()), std::string(result.status().message()));
    }
    for (const std::vector<Cell>& row : result->rows) {
      if (row.size() != record.types.size()) {
        return Fail(record, "wrong column count",
                    absl::StrCat(row.size(), " columns, ", record.types.size(), " expected"));
      }
    }
    if (!record.expected_hash && record.expected_values.empty() && result->rows.empty()) {
      return Pass();
    }
    std::string diff = CompareQuery(record, FormatResult(result->rows, record.types, record.sort));
    if (diff.empty()) return Pass();
    // A wrong answer after a failed `statement ok` (an INSERT ... SELECT, a CREATE VIEW) is
    // most likely that statement's fault; count it apart.
    Fail(record, setup_failed_ ? "wrong result after a failed statement" : "wrong result",
         std::move(diff));
  }

  sqltest::SqlBackend& backend_;
  const RunOptions& options_;
  FileReport report_;
  bool setup_failed_ = false;  // a `statement ok` record failed earlier in the file
};

}  // namespace

std::vector<std::string> FormatResult(const std::vector<std::vector<Cell>>& rows,
                                      std::string_view types, SortMode sort) {
  std::vector<std::vector<std::string>> formatted;
  formatted.reserve(rows.size());
  for (const std::vector<Cell>& row : rows) {
    std::vector<std::string> out;
    out.reserve(row.size());
    for (size_t i = 0; i < row.size(); ++i) {
      out.push_back(FormatCell(row[i], i < types.size() ? types[i] : 'T'));
    }
    formatted.push_back(std::move(out));
  }
  if (sort == SortMode::kRowSort) std::sort(formatted.begin(), formatted.end());
  std::vector<std::string> values;
  for (std::vector<std::string>& row : formatted) {
    for (std::string& v : row) values.push_back(std::move(v));
  }
  if (sort == SortMode::kValueSort) std::sort(values.begin(), values.end());
  return values;
}

std::string HashValues(const std::vector<std::string>& values) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
  for (const std::string& v : values) {
    EVP_DigestUpdate(ctx, v.data(), v.size());
    EVP_DigestUpdate(ctx, "\n", 1);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  return hex;
}

FileReport RunRecords(const std::vector<Record>& records, sqltest::SqlBackend& backend,
                      const RunOptions& options) {
  return FileRun(backend, options).Run(records);
}

}  // namespace ordinal::slt
