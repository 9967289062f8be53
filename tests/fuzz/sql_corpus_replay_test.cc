// Replays every file of the parser's seed corpus (tests/fuzz/corpus/sql) through
// ParseStatement. Whatever the bytes, the parser must return, OK or with an error status.
// Files named valid_* must parse; files named bad_* must fail; any other file (an input a
// fuzzing run found) only has to return.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/sql/parser.h"
#include "gtest/gtest.h"

namespace ordinal::engine::sql {
namespace {

struct CorpusFile {
  std::string name;
  std::string bytes;
};

std::vector<CorpusFile> ReadCorpus() {
  std::vector<CorpusFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(ORDINAL_SQL_CORPUS_DIR)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    files.push_back({entry.path().filename().string(),
                     std::string(std::istreambuf_iterator<char>(in), {})});
  }
  return files;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

TEST(SqlCorpusReplayTest, CorpusHasSeedsForEveryStatementForm) {
  EXPECT_GE(ReadCorpus().size(), 60u);
}

TEST(SqlCorpusReplayTest, EveryFileParsesOrFailsWithAStatus) {
  for (const CorpusFile& file : ReadCorpus()) {
    absl::StatusOr<Statement> parsed = ParseStatement(file.bytes);
    if (StartsWith(file.name, "valid_")) {
      EXPECT_TRUE(parsed.ok()) << file.name << ": " << parsed.status();
    } else if (StartsWith(file.name, "bad_")) {
      EXPECT_FALSE(parsed.ok()) << file.name;
    }
    absl::StatusOr<ParameterizedStatement> with_markers = ParseWithParameters(file.bytes);
    if (StartsWith(file.name, "param_")) {
      // `?` markers: only a prepared statement's parse takes them, one node per marker.
      EXPECT_FALSE(parsed.ok()) << file.name;
      ASSERT_TRUE(with_markers.ok()) << file.name << ": " << with_markers.status();
      EXPECT_EQ(with_markers->parameters.size(),
                static_cast<size_t>(std::count(file.bytes.begin(), file.bytes.end(), '?')))
          << file.name;
      for (Expr* marker : with_markers->parameters) marker->literal = Value::Int(1);
    } else if (parsed.ok()) {
      EXPECT_TRUE(with_markers.ok()) << file.name;  // markers allowed changes nothing else
    }
  }
}

}  // namespace
}  // namespace ordinal::engine::sql
