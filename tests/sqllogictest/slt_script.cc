#include "tests/sqllogictest/slt_script.h"

#include <charconv>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace ordinal::slt {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  while (!s.empty() && absl::ascii_isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  return s;
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  for (absl::string_view w : absl::StrSplit(absl::string_view(line.data(), line.size()),
                                            absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
    words.emplace_back(w.data(), w.size());
  }
  return words;
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

absl::Status BadLine(int line, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("line ", line, ": ", absl::string_view(why.data(), why.size())));
}

// `N values hashing to H`.
std::optional<ExpectedHash> ParseHashLine(std::string_view line) {
  const std::vector<std::string_view> w = Words(line);
  if (w.size() != 5 || w[1] != "values" || w[2] != "hashing" || w[3] != "to") {
    return std::nullopt;
  }
  std::optional<int64_t> count = ParseInt(w[0]);
  if (!count) return std::nullopt;
  return ExpectedHash{*count, std::string(w[4])};
}

class ScriptParser {
 public:
  explicit ScriptParser(std::string_view text) {
    for (absl::string_view l : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
      std::string_view line(l.data(), l.size());
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines_.push_back(line);
    }
  }

  absl::StatusOr<std::vector<Record>> Run() {
    std::vector<Record> records;
    while (SkipBlankAndComments()) {
      absl::StatusOr<Record> record = ParseRecord();
      if (!record.ok()) return record.status();
      records.push_back(*std::move(record));
    }
    return records;
  }

 private:
  bool AtEnd() const { return next_ >= lines_.size(); }
  int LineNumber() const { return static_cast<int>(next_) + 1; }

  // Moves to the next line that starts a record; false at the end of the script.
  bool SkipBlankAndComments() {
    while (!AtEnd()) {
      const std::string_view line = Trim(lines_[next_]);
      if (!line.empty() && line[0] != '#') return true;
      ++next_;
    }
    return false;
  }

  // Lines up to a blank line (or `----` when `stop_at_dashes`), joined with '\n'.
  std::string TakeSql(bool stop_at_dashes) {
    std::string sql;
    while (!AtEnd() && !Trim(lines_[next_]).empty()) {
      if (stop_at_dashes && Trim(lines_[next_]) == "----") break;
      if (!sql.empty()) sql.push_back('\n');
      sql.append(lines_[next_]);
      ++next_;
    }
    return sql;
  }

  absl::StatusOr<Record> ParseRecord() {
    Record record;
    record.line = LineNumber();
    std::vector<std::string_view> words = Words(Trim(lines_[next_]));
    while ((words[0] == "skipif" || words[0] == "onlyif") && words.size() >= 2) {
      record.conditions.push_back({words[0] == "onlyif", std::string(words[1])});
      ++next_;
      if (!SkipBlankAndComments()) return BadLine(record.line, "condition without a record");
      words = Words(Trim(lines_[next_]));
    }
    const int line = LineNumber();
    ++next_;
    if (words[0] == "statement" && words.size() >= 2 &&
        (words[1] == "ok" || words[1] == "error")) {
      record.kind = RecordKind::kStatement;
      record.expect_error = words[1] == "error";
      record.sql = TakeSql(/*stop_at_dashes=*/false);
      return record;
    }
    if (words[0] == "query" && words.size() >= 2) return ParseQuery(std::move(record), words, line);
    if (words[0] == "hash-threshold" && words.size() == 2) {
      std::optional<int64_t> n = ParseInt(words[1]);
      if (!n) return BadLine(line, "hash-threshold needs a number");
      record.kind = RecordKind::kHashThreshold;
      record.threshold = *n;
      return record;
    }
    if (words[0] == "halt") {
      record.kind = RecordKind::kHalt;
      return record;
    }
    return BadLine(line, "unknown record type");
  }

  absl::StatusOr<Record> ParseQuery(Record record, const std::vector<std::string_view>& words,
                                    int line) {
    record.kind = RecordKind::kQuery;
    record.types = std::string(words[1]);
    for (char c : record.types) {
      if (c != 'I' && c != 'R' && c != 'T') return BadLine(line, "query types must be I, R or T");
    }
    if (words.size() >= 3) {
      if (words[2] == "rowsort") {
        record.sort = SortMode::kRowSort;
      } else if (words[2] == "valuesort") {
        record.sort = SortMode::kValueSort;
      } else if (words[2] != "nosort") {
        return BadLine(line, "unknown sort mode");
      }
    }
    if (words.size() >= 4) record.label = std::string(words[3]);
    record.sql = TakeSql(/*stop_at_dashes=*/true);
    if (AtEnd() || Trim(lines_[next_]) != "----") return record;  // no expected result given
    ++next_;
    while (!AtEnd() && !Trim(lines_[next_]).empty()) {
      record.expected_values.emplace_back(Trim(lines_[next_]));
      ++next_;
    }
    if (record.expected_values.size() == 1) {
      if (std::optional<ExpectedHash> hash = ParseHashLine(record.expected_values[0])) {
        record.expected_hash = std::move(hash);
        record.expected_values.clear();
      }
    }
    return record;
  }

  std::vector<std::string_view> lines_;
  size_t next_ = 0;
};

}  // namespace

bool AppliesTo(const Record& record, std::string_view engine) {
  bool has_only = false, only_matches = false;
  for (const Condition& c : record.conditions) {
    if (c.only) {
      has_only = true;
      only_matches = only_matches || c.engine == engine;
    } else if (c.engine == engine) {
      return false;
    }
  }
  return !has_only || only_matches;
}

absl::StatusOr<std::vector<Record>> ParseSltScript(std::string_view text) {
  return ScriptParser(text).Run();
}

}  // namespace ordinal::slt
