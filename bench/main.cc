// ordinal-bench: sysbench-shaped benchmarks against OrdinalDB or MySQL/MariaDB.
//
//   ordinal-bench WORKLOAD prepare|run|cleanup --target=URL [options]
//
// See bench/README.md for the workloads, options and output.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "bench/drivers/driver.h"
#include "bench/report.h"
#include "bench/runner.h"
#include "bench/schema.h"
#include "bench/target.h"
#include "bench/workloads/workload.h"

ABSL_FLAG(std::string, target, "",
          "ordinal://host:port[,host:port...] or mysql://user:pass@host:port[,host:port]/db; "
          "the first endpoint is the primary");
ABSL_FLAG(std::string, db, "sbtest", "database (a database in a mysql:// URL wins)");
ABSL_FLAG(int, tables, 1, "number of tables sbtest1..N");
ABSL_FLAG(int64_t, table_size, 10000, "rows per table");
ABSL_FLAG(int, range_size, 100, "rows per range select");
ABSL_FLAG(int, threads, 1,
          "sessions (connections), each running one transaction at a time as sysbench's "
          "threads (prepare: loading connections)");
ABSL_FLAG(int, client_threads, 0,
          "OS threads that drive the --threads sessions: 0 gives each session its own thread "
          "(blocking calls); N > 0 drives them from N threads (OrdinalDB session streams only)");
ABSL_FLAG(double, time, 10, "run duration in seconds");
ABSL_FLAG(double, rate, 0, "transactions per second over all threads; 0: unlimited");
ABSL_FLAG(std::string, read_from, "primary", "where read-only transactions go: primary|replicas|any");
ABSL_FLAG(double, report_interval, 10, "seconds between progress lines; 0: none");
ABSL_FLAG(std::string, json, "", "also write the summary as JSON to this file");
ABSL_FLAG(bool, lag, true, "measure replica lag with a heartbeat when the target has replicas");
ABSL_FLAG(uint64_t, seed, 1, "random seed");
ABSL_FLAG(std::string, ordinal_calls, "stream",
          "OrdinalDB targets: how statements travel: stream (one Sql.Session stream per "
          "connection) or unary (one Sql.Execute call per statement)");

ABSL_FLAG(std::string, ordinal_statements, "prepared",
          "OrdinalDB targets on session streams: how a workload's statement travels: prepared "
          "(its text with ? markers, the values apart: the server keeps its parse and plan) "
          "or text (the values written into the text, parsed at every run)");

namespace ordinal::bench {
namespace {

absl::StatusOr<ReadFrom> ParseReadFrom(const std::string& s) {
  if (s == "primary") return ReadFrom::kPrimary;
  if (s == "replicas") return ReadFrom::kReplicas;
  if (s == "any") return ReadFrom::kAny;
  return absl::InvalidArgumentError(absl::StrCat("--read_from must be primary, replicas or any, not '", s, "'"));
}

std::string DescribeTarget(const Target& t) {
  std::vector<std::string> parts;
  for (const Endpoint& e : t.endpoints) parts.push_back(e.address());
  return absl::StrCat(t.system == System::kOrdinal ? "ordinal://" : "mysql://",
                      absl::StrJoin(parts, ","));
}

absl::Status RunCommand(const std::string& workload_name, const std::string& command) {
  auto target = ParseTarget(absl::GetFlag(FLAGS_target));
  if (!target.ok()) return target.status();
  const std::string calls = absl::GetFlag(FLAGS_ordinal_calls);
  if (calls != "stream" && calls != "unary") {
    return absl::InvalidArgumentError(
        absl::StrCat("--ordinal_calls must be stream or unary, not '", calls, "'"));
  }
  target->unary_calls = calls == "unary";
  const std::string statements = absl::GetFlag(FLAGS_ordinal_statements);
  if (statements != "prepared" && statements != "text") {
    return absl::InvalidArgumentError(absl::StrCat(
        "--ordinal_statements must be prepared or text, not '", statements, "'"));
  }
  target->text_statements = statements == "text";
  std::string database = target->database.empty() ? absl::GetFlag(FLAGS_db) : target->database;
  WorkloadOptions wo{absl::GetFlag(FLAGS_tables), absl::GetFlag(FLAGS_table_size),
                     absl::GetFlag(FLAGS_range_size)};
  auto workload = MakeWorkload(workload_name, wo);
  if (!workload.ok()) return workload.status();
  if (command == "prepare") return Prepare(*target, database, wo, absl::GetFlag(FLAGS_threads));
  if (command == "cleanup") return Cleanup(*target, database, wo);
  if (command != "run") {
    return absl::InvalidArgumentError(
        absl::StrCat("command must be prepare, run or cleanup, not '", command, "'"));
  }
  RunOptions ro;
  ro.threads = absl::GetFlag(FLAGS_threads);
  ro.client_threads = absl::GetFlag(FLAGS_client_threads);
  ro.time_seconds = absl::GetFlag(FLAGS_time);
  ro.rate = absl::GetFlag(FLAGS_rate);
  ro.report_interval = absl::GetFlag(FLAGS_report_interval);
  ro.measure_lag = absl::GetFlag(FLAGS_lag);
  ro.seed = absl::GetFlag(FLAGS_seed);
  auto read_from = ParseReadFrom(absl::GetFlag(FLAGS_read_from));
  if (!read_from.ok()) return read_from.status();
  ro.read_from = *read_from;
  if (ro.threads < 1) return absl::InvalidArgumentError("--threads must be at least 1");
  if (ro.client_threads < 0) {
    return absl::InvalidArgumentError("--client_threads must be 0 or more");
  }
  const std::string drivers =
      ro.client_threads == 0
          ? ""
          : absl::StrCat(" (driven by ", std::min(ro.client_threads, ro.threads),
                         " client threads)");
  std::printf("ordinal-bench: %s on %s, %d threads%s, %.0f s, rate %.0f, read_from %s%s\n",
              workload_name.c_str(), DescribeTarget(*target).c_str(), ro.threads,
              drivers.c_str(), ro.time_seconds, ro.rate, absl::GetFlag(FLAGS_read_from).c_str(),
              target->system != System::kOrdinal ? ""
              : target->unary_calls               ? ", unary calls"
              : target->text_statements           ? ", session streams, text statements"
                                                  : ", session streams, prepared statements");
  std::fflush(stdout);
  auto result = Run(*target, database, **workload, ro);
  if (!result.ok()) return result.status();
  ReportContext ctx{workload_name, target->system == System::kOrdinal ? "ordinal" : "mysql",
                    DescribeTarget(*target), ro.threads, ro.rate,
                    absl::GetFlag(FLAGS_read_from)};
  PrintSummary(ctx, *result);
  if (!absl::GetFlag(FLAGS_json).empty()) {
    return WriteJson(absl::GetFlag(FLAGS_json), ctx, *result);
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace ordinal::bench

int main(int argc, char** argv) {
  // Debian's abseil checks lock order on every contended mutex (gRPC's included): pure
  // overhead in a benchmark client, as the server also turns it off.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(absl::StrCat(
      "ordinal-bench WORKLOAD prepare|run|cleanup --target=URL [options]\nworkloads: ",
      absl::StrJoin(ordinal::bench::WorkloadNames(), " ")));
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() != 3) {
    std::fprintf(stderr, "usage: %s\n", absl::ProgramUsageMessage().data());
    return 2;
  }
  ordinal::bench::InitDrivers();
  absl::Status s = ordinal::bench::RunCommand(args[1], args[2]);
  if (!s.ok()) {
    std::fprintf(stderr, "ordinal-bench: %s\n", std::string(s.ToString()).c_str());
    return 1;
  }
  return 0;
}
