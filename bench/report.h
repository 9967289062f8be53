// The end-of-run report: a sysbench-like summary on stdout and the same figures as JSON.
#ifndef ORDINAL_BENCH_REPORT_H_
#define ORDINAL_BENCH_REPORT_H_

#include <string>

#include "absl/status/status.h"
#include "bench/runner.h"

namespace ordinal::bench {

struct ReportContext {
  std::string workload;
  std::string system;  // "ordinal" or "mysql"
  std::string target;  // the endpoints, without credentials
  int threads = 0;
  double rate = 0;
  std::string read_from;
};

void PrintSummary(const ReportContext& context, const RunResult& result);
std::string ToJson(const ReportContext& context, const RunResult& result);
absl::Status WriteJson(const std::string& path, const ReportContext& context,
                       const RunResult& result);

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_REPORT_H_
