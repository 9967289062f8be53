// slt_runner: runs sqllogictest files against the engine in process (one fresh database per
// file) or against a real ordinald (--server: one server for the run, its database `slt`
// dropped and created again per file), and reports pass counts per file, in total, and the
// most common failure causes.
//
//   slt_runner --corpus DIR [FILE|DIR ...]       run these (default: every *.test in DIR)
//   slt_runner --corpus DIR --baseline FILE      run the files the baseline lists, with its
//                                                record caps; exit 1 when any file passes
//                                                fewer records than its baseline
//   ... --write-baseline FILE                    write the counts of this run as a baseline
//   ... --max-records N                          run at most N records per file
//   ... --failures N                             print the first N failures of each file
//   ... --top N                                  list N failure causes (default 15)
//   ... --server                                 run on a real ordinald over gRPC
//   ... --sql-mode MODE                          SET SESSION sql_mode = 'MODE' per file
//   ... --require-all                            exit 1 unless every record run passes
//
// Exit codes: 0 pass, 1 regression against the baseline (or any failure with --require-all),
// 2 bad usage or unreadable input, 77 when the corpus directory does not exist (ctest counts
// that as skipped).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "tests/sql/engine_backend.h"
#include "tests/sql/server_backend.h"
#include "tests/sqllogictest/slt_runner.h"
#include "tests/sqllogictest/slt_script.h"

namespace fs = std::filesystem;

namespace ordinal::slt {
namespace {

constexpr int kSkipped = 77;

struct Options {
  std::string corpus;
  std::string baseline;
  std::string write_baseline;
  std::vector<std::string> paths;
  int64_t max_records = 0;
  int failures_per_file = 0;
  int top = 15;
  bool server = false;
  std::string sql_mode;  // set per file when not empty
  bool sql_mode_given = false;
  bool require_all = false;
};

// One line of a baseline: a file (relative to the corpus), its record cap (0: none), and
// the records that passed when the baseline was written.
struct BaselineEntry {
  std::string file;
  int64_t max_records = 0;
  int64_t passed = 0;
  int64_t total = 0;
};

bool ParseArgs(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string number;
    if (arg == "--corpus") {
      if (!value(options.corpus)) return false;
    } else if (arg == "--baseline") {
      if (!value(options.baseline)) return false;
    } else if (arg == "--write-baseline") {
      if (!value(options.write_baseline)) return false;
    } else if (arg == "--max-records") {
      if (!value(number) || !absl::SimpleAtoi(number, &options.max_records)) return false;
    } else if (arg == "--failures") {
      if (!value(number) || !absl::SimpleAtoi(number, &options.failures_per_file)) return false;
    } else if (arg == "--top") {
      if (!value(number) || !absl::SimpleAtoi(number, &options.top)) return false;
    } else if (arg == "--require-all") {
      options.require_all = true;
    } else if (arg == "--server") {
      options.server = true;
    } else if (arg == "--sql-mode") {
      if (!value(options.sql_mode) || options.sql_mode.find('\'') != std::string::npos) {
        return false;
      }
      options.sql_mode_given = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return false;
    } else {
      options.paths.push_back(arg);
    }
  }
  return !options.corpus.empty();
}

std::optional<std::vector<BaselineEntry>> ReadBaseline(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::vector<BaselineEntry> entries;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> w = absl::StrSplit(line, ' ', absl::SkipEmpty());
    BaselineEntry e;
    if (w.size() != 4 || !absl::SimpleAtoi(w[1], &e.max_records) ||
        !absl::SimpleAtoi(w[2], &e.passed) || !absl::SimpleAtoi(w[3], &e.total)) {
      std::cerr << path << ": bad line: " << line << "\n";
      return std::nullopt;
    }
    e.file = w[0];
    entries.push_back(std::move(e));
  }
  return entries;
}

// Every *.test under `dir`, relative to `corpus`, sorted.
std::vector<std::string> TestFilesUnder(const fs::path& corpus, const fs::path& dir) {
  std::vector<std::string> files;
  if (fs::is_regular_file(dir)) return {fs::relative(dir, corpus).generic_string()};
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test") {
      files.push_back(fs::relative(entry.path(), corpus).generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Gives each file a backend with an empty database `slt` selected (the scripts expect one,
// as SQLite always has one): a fresh engine in process, or the one server of the run with
// `slt` dropped and created again.
class BackendSource {
 public:
  explicit BackendSource(const Options& options) : options_(options) {}

  absl::StatusOr<sqltest::SqlBackend*> ForNextFile() {
    std::vector<std::string> setup;
    if (options_.server) {
      if (backend_ == nullptr) {
        ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<sqltest::ServerBackend> server,
                                 sqltest::ServerBackend::Create());
        backend_ = std::move(server);
      }
      setup.push_back("DROP DATABASE IF EXISTS slt");
    } else {
      ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<sqltest::EngineBackend> engine,
                               sqltest::EngineBackend::Create());
      backend_ = std::move(engine);
    }
    setup.push_back("CREATE DATABASE slt");
    setup.push_back("USE slt");
    if (options_.sql_mode_given) {
      setup.push_back(absl::StrCat("SET SESSION sql_mode = '", options_.sql_mode, "'"));
    }
    for (const std::string& statement : setup) {
      if (absl::StatusOr<sqltest::SqlResult> r = backend_->Execute(statement); !r.ok()) {
        return absl::Status(r.status().code(),
                            absl::StrCat(statement, ": ", r.status().message()));
      }
    }
    return backend_.get();
  }

 private:
  const Options& options_;
  std::unique_ptr<sqltest::SqlBackend> backend_;
};

std::optional<FileReport> RunFile(const fs::path& path, int64_t max_records,
                                  BackendSource& backends) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    std::cerr << path << ": cannot read\n";
    return std::nullopt;
  }
  absl::StatusOr<std::vector<Record>> records = ParseSltScript(text.str());
  if (!records.ok()) {
    std::cerr << path << ": " << records.status().message() << "\n";
    return std::nullopt;
  }
  absl::StatusOr<sqltest::SqlBackend*> backend = backends.ForNextFile();
  if (!backend.ok()) {
    std::cerr << "cannot prepare a database: " << backend.status() << "\n";
    return std::nullopt;
  }
  return RunRecords(*records, **backend, RunOptions{max_records});
}

std::string Percent(int64_t part, int64_t whole) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f%%", whole == 0 ? 100.0 : 100.0 * part / whole);
  return buffer;
}

void PrintTopCauses(const std::map<std::string, int64_t>& causes, int top) {
  std::vector<std::pair<int64_t, std::string>> ranked;
  for (const auto& [cause, n] : causes) ranked.emplace_back(-n, cause);
  std::sort(ranked.begin(), ranked.end());
  std::cout << "top failure causes:\n";
  for (int i = 0; i < top && i < static_cast<int>(ranked.size()); ++i) {
    std::printf("  %8lld  %s\n", static_cast<long long>(-ranked[i].first),
                ranked[i].second.c_str());
  }
}

bool WriteBaseline(const std::string& path, const std::vector<BaselineEntry>& entries) {
  std::ofstream out(path);
  out << "# sqllogictest records each file must keep passing (tests/sqllogictest/README.md).\n"
         "# file max_records(0: all) passed total\n";
  for (const BaselineEntry& e : entries) {
    out << e.file << " " << e.max_records << " " << e.passed << " " << e.total << "\n";
  }
  return static_cast<bool>(out);
}

int Main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, options)) {
    std::cerr << "usage: slt_runner --corpus DIR [--baseline FILE] [--write-baseline FILE] "
                 "[--max-records N] [--failures N] [--top N] [--server] [--sql-mode MODE] [--require-all] "
                 "[FILE|DIR ...]\n";
    return 2;
  }
  const fs::path corpus(options.corpus);
  if (!fs::is_directory(corpus)) {
    std::cout << "sqllogictest corpus " << options.corpus
              << " is absent: nothing to run (skipped)\n";
    return kSkipped;
  }
  std::vector<BaselineEntry> plan;  // what to run; passed/total filled from the baseline
  if (!options.baseline.empty()) {
    std::optional<std::vector<BaselineEntry>> baseline = ReadBaseline(options.baseline);
    if (!baseline) return 2;
    plan = *std::move(baseline);
  }
  if (!options.paths.empty() || plan.empty()) {
    std::vector<BaselineEntry> listed;
    std::vector<std::string> roots = options.paths;
    if (roots.empty()) roots.push_back(".");
    for (const std::string& root : roots) {
      const fs::path p = fs::path(root).is_absolute() ? fs::path(root) : corpus / root;
      if (!fs::exists(p)) {
        std::cerr << p << ": no such file or directory\n";
        return 2;
      }
      for (std::string& f : TestFilesUnder(corpus, p)) {
        BaselineEntry e{f, options.max_records, -1, -1};
        for (const BaselineEntry& b : plan) {
          if (b.file == f) e.passed = b.passed, e.total = b.total;
        }
        listed.push_back(std::move(e));
      }
    }
    plan = std::move(listed);
  } else if (options.max_records > 0) {
    for (BaselineEntry& e : plan) e.max_records = options.max_records;
  }

  int64_t total = 0, passed = 0;
  std::map<std::string, int64_t> causes;
  std::vector<BaselineEntry> results;
  std::vector<std::string> regressions, improvements;
  BackendSource backends(options);
  for (const BaselineEntry& entry : plan) {
    const auto start = std::chrono::steady_clock::now();
    std::optional<FileReport> report = RunFile(corpus / entry.file, entry.max_records, backends);
    if (!report) return 2;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-45s %7lld / %-7lld %6s  (%lld skipped, %.1f s)\n", entry.file.c_str(),
                static_cast<long long>(report->passed), static_cast<long long>(report->total),
                Percent(report->passed, report->total).c_str(),
                static_cast<long long>(report->skipped), seconds);
    for (int i = 0; i < options.failures_per_file &&
                    i < static_cast<int>(report->failures.size());
         ++i) {
      const Failure& f = report->failures[i];
      std::printf("    %s:%d: %s: %s\n", entry.file.c_str(), f.line, f.cause.c_str(),
                  f.detail.c_str());
    }
    for (const Failure& f : report->failures) ++causes[f.cause];
    total += report->total;
    passed += report->passed;
    results.push_back({entry.file, entry.max_records, report->passed, report->total});
    if (entry.passed >= 0 && report->passed < entry.passed) {
      regressions.push_back(absl::StrCat(entry.file, ": ", report->passed,
                                         " records passed, the baseline says ", entry.passed));
    } else if (entry.passed >= 0 && report->passed > entry.passed) {
      improvements.push_back(
          absl::StrCat(entry.file, ": ", report->passed, " > ", entry.passed));
    }
  }
  std::printf("TOTAL %lld / %lld records passed (%s) in %zu files\n",
              static_cast<long long>(passed), static_cast<long long>(total),
              Percent(passed, total).c_str(), plan.size());
  PrintTopCauses(causes, options.top);

  if (!options.write_baseline.empty()) {
    if (!WriteBaseline(options.write_baseline, results)) {
      std::cerr << "cannot write " << options.write_baseline << "\n";
      return 2;
    }
    std::cout << "wrote " << options.write_baseline << "\n";
  }
  if (!improvements.empty()) {
    std::cout << "\nMore records pass than the baseline records; raise it so they stay "
                 "passing:\n  slt_runner --corpus "
              << options.corpus << " --baseline " << options.baseline << " --write-baseline "
              << options.baseline << "\n";
    for (const std::string& s : improvements) std::cout << "  " << s << "\n";
  }
  if (!regressions.empty()) {
    std::cout << "\nREGRESSION: fewer records pass than the baseline:\n";
    for (const std::string& s : regressions) std::cout << "  " << s << "\n";
    std::cout << "Run the file with --failures 50 to see which records broke.\n";
    return 1;
  }
  if (options.require_all && passed < total) {
    std::cout << "\nFAILED: " << total - passed
              << " records did not pass (--require-all); rerun with --failures 50\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace ordinal::slt

int main(int argc, char** argv) { return ordinal::slt::Main(argc, argv); }
