// Runs every SQL script listed in tests/sql/CMakeLists.txt in-process ("engine"), and the
// scripts of ORDINAL_SQL_SERVER_TEST_FILES also against a real server ("server"): one test
// per (backend, script), named like `engine_ddl`. A script starts on a fresh backend.
#include <fstream>
#include <functional>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/sql/engine_backend.h"
#include "tests/sql/script.h"
#include "tests/sql/script_runner.h"
#include "tests/sql/server_backend.h"

namespace ordinal::sqltest {
namespace {

using BackendFactory = std::function<absl::StatusOr<std::unique_ptr<SqlBackend>>()>;

struct Backend {
  std::string name;
  BackendFactory create;
  const char* files;  // the scripts it runs, comma-separated
};

// The backends scripts run against. A server or cluster backend (the client library against
// ordinald processes from tests/testing) is added here.
std::vector<Backend> Backends() {
  return {{"engine",
           []() -> absl::StatusOr<std::unique_ptr<SqlBackend>> {
             return EngineBackend::Create();
           },
           ORDINAL_SQL_TEST_FILES},
          {"server",
           []() -> absl::StatusOr<std::unique_ptr<SqlBackend>> {
             return ServerBackend::Create();
           },
           ORDINAL_SQL_SERVER_TEST_FILES}};
}

struct ScriptCase {
  Backend backend;
  std::string file;  // e.g. "ddl.test"
};

// Names the case in gtest's messages instead of dumping its bytes.
void PrintTo(const ScriptCase& c, std::ostream* os) { *os << c.backend.name << ":" << c.file; }

std::vector<ScriptCase> AllCases() {
  std::vector<ScriptCase> cases;
  for (const Backend& backend : Backends()) {
    for (absl::string_view file : absl::StrSplit(backend.files, ',', absl::SkipEmpty())) {
      cases.push_back({backend, std::string(file)});
    }
  }
  return cases;
}

std::string CaseName(const ::testing::TestParamInfo<ScriptCase>& info) {
  std::string file = info.param.file;
  file = file.substr(0, file.rfind('.'));
  return info.param.backend.name + "_" + file;
}

class SqlScriptTest : public ::testing::TestWithParam<ScriptCase> {
 protected:
  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

TEST_P(SqlScriptTest, MatchesExpectedOutput) {
  const std::string path = std::string(ORDINAL_SQL_TEST_DIR) + "/" + GetParam().file;
  const std::string text = ReadFile(path);
  ASSERT_FALSE(text.empty()) << "cannot read " << path;
  absl::StatusOr<std::vector<Record>> records = ParseScript(text);
  ASSERT_TRUE(records.ok()) << path << ": " << records.status();

  absl::StatusOr<std::unique_ptr<SqlBackend>> backend = GetParam().backend.create();
  ASSERT_TRUE(backend.ok()) << backend.status();
  for (const Mismatch& m : RunScript(*records, **backend)) {
    ADD_FAILURE_AT(path.c_str(), m.line)
        << "[" << (*backend)->name() << "] " << m.sql << "\n--- expected:\n"
        << m.expected << "\n--- actual:\n"
        << m.actual;
  }
}

INSTANTIATE_TEST_SUITE_P(Scripts, SqlScriptTest, ::testing::ValuesIn(AllCases()), CaseName);

}  // namespace
}  // namespace ordinal::sqltest
