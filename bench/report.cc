#include "bench/report.h"

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace ordinal::bench {
namespace {

double Ms(uint64_t nanos) { return nanos / 1e6; }

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppendFormat(&out, "\\u%04x", c);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string LatencyJson(const LatencyHistogram& h) {
  return absl::StrFormat(
      "{\"count\": %d, \"min\": %.3f, \"avg\": %.3f, \"p50\": %.3f, \"p95\": %.3f, "
      "\"p99\": %.3f, \"p99_9\": %.3f, \"max\": %.3f}",
      h.count(), Ms(h.min()), h.mean() / 1e6, Ms(h.Percentile(0.5)), Ms(h.Percentile(0.95)),
      Ms(h.Percentile(0.99)), Ms(h.Percentile(0.999)), Ms(h.max()));
}

}  // namespace

void PrintSummary(const ReportContext& ctx, const RunResult& r) {
  const Counters& c = r.counters;
  double s = r.elapsed_seconds > 0 ? r.elapsed_seconds : 1;
  std::printf("\nSQL statistics (%s on %s, %s):\n", ctx.workload.c_str(), ctx.system.c_str(),
              ctx.target.c_str());
  std::printf("    queries performed:\n        read:  %llu\n        write: %llu\n"
              "        other: %llu\n        total: %llu\n",
              (unsigned long long)c.reads, (unsigned long long)c.writes,
              (unsigned long long)c.other, (unsigned long long)c.queries());
  std::printf("    transactions:   %llu (%.2f per sec.)\n", (unsigned long long)c.transactions,
              c.transactions / s);
  std::printf("    queries:        %llu (%.2f per sec.)\n", (unsigned long long)c.queries(),
              c.queries() / s);
  std::printf("    errors:         %llu (%.2f per sec.)\n", (unsigned long long)c.errors,
              c.errors / s);
  std::printf("    retries:        %llu (%.2f per sec.)\n", (unsigned long long)c.retries,
              c.retries / s);
  for (const std::string& e : r.error_samples) std::printf("    error sample:   %s\n", e.c_str());
  std::printf("\nGeneral statistics:\n    total time:     %.4fs\n    threads:        %d\n",
              r.elapsed_seconds, ctx.threads);
  const LatencyHistogram& h = r.latency;
  std::printf("\nLatency (ms):\n         min: %10.2f\n         avg: %10.2f\n"
              "         p50: %10.2f\n         p95: %10.2f\n         p99: %10.2f\n"
              "       p99.9: %10.2f\n         max: %10.2f\n",
              Ms(h.min()), h.mean() / 1e6, Ms(h.Percentile(0.5)), Ms(h.Percentile(0.95)),
              Ms(h.Percentile(0.99)), Ms(h.Percentile(0.999)), Ms(h.max()));
  for (const ReplicaLag& l : r.replicas) {
    std::printf("\nReplica lag (ms), %s: p50: %.2f p99: %.2f max: %.2f (%llu heartbeats, "
                "%llu never seen, %llu read errors)\n",
                l.endpoint.c_str(), Ms(l.lag.Percentile(0.5)), Ms(l.lag.Percentile(0.99)),
                Ms(l.lag.max()), (unsigned long long)l.lag.count(),
                (unsigned long long)l.unseen, (unsigned long long)l.read_errors);
  }
  if (!r.positions.empty()) {
    std::printf("\nPositions: %s\n", absl::StrJoin(r.positions, ", ").c_str());
  }
  std::fflush(stdout);
}

std::string ToJson(const ReportContext& ctx, const RunResult& r) {
  const Counters& c = r.counters;
  double s = r.elapsed_seconds > 0 ? r.elapsed_seconds : 1;
  std::string out = absl::StrFormat(
      "{\n  \"workload\": %s,\n  \"system\": %s,\n  \"target\": %s,\n  \"threads\": %d,\n"
      "  \"rate\": %.3f,\n  \"read_from\": %s,\n  \"elapsed_s\": %.3f,\n"
      "  \"transactions\": %d,\n  \"queries\": %d,\n  \"reads\": %d,\n  \"writes\": %d,\n"
      "  \"other\": %d,\n  \"errors\": %d,\n  \"retries\": %d,\n  \"tps\": %.3f,\n"
      "  \"qps\": %.3f,\n  \"latency_ms\": %s,\n  \"replicas\": [",
      JsonString(ctx.workload), JsonString(ctx.system), JsonString(ctx.target), ctx.threads,
      ctx.rate, JsonString(ctx.read_from), r.elapsed_seconds, c.transactions, c.queries(),
      c.reads, c.writes, c.other, c.errors, c.retries, c.transactions / s, c.queries() / s,
      LatencyJson(r.latency));
  for (size_t i = 0; i < r.replicas.size(); ++i) {
    const ReplicaLag& l = r.replicas[i];
    absl::StrAppendFormat(&out,
                          "%s\n    {\"endpoint\": %s, \"lag_ms\": %s, \"unseen\": %d, "
                          "\"read_errors\": %d}",
                          i == 0 ? "" : ",", JsonString(l.endpoint), LatencyJson(l.lag),
                          l.unseen, l.read_errors);
  }
  absl::StrAppend(&out, r.replicas.empty() ? "]" : "\n  ]", ",\n  \"positions\": [");
  for (size_t i = 0; i < r.positions.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ", ", JsonString(r.positions[i]));
  }
  absl::StrAppend(&out, "]\n}\n");
  return out;
}

absl::Status WriteJson(const std::string& path, const ReportContext& ctx, const RunResult& r) {
  std::ofstream f(path, std::ios::trunc);
  f << ToJson(ctx, r);
  f.close();
  if (!f) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace ordinal::bench
