// Traffic figures of one front end (the MySQL protocol listener), counted where the traffic
// happens and read by the metrics at scrape time: connections, commands and bytes.
//
// Shared (std::shared_ptr) between the front end that counts and the metrics that read, so
// that either may go first at shutdown. Thread safety: relaxed atomics; a scrape sees each
// figure as of some recent moment, not all of them at one instant.
#ifndef ORDINAL_SERVER_FRONTEND_COUNTERS_H_
#define ORDINAL_SERVER_FRONTEND_COUNTERS_H_

#include <atomic>
#include <cstdint>

namespace ordinal::server {

struct FrontendCounters {
  std::atomic<int64_t> connections_open{0};
  std::atomic<uint64_t> connections_total{0};    // accepted and served (past the limit check)
  std::atomic<uint64_t> connections_refused{0};  // turned away at max_connections
  std::atomic<uint64_t> commands_total{0};
  std::atomic<uint64_t> commands_blocking{0};  // run on the blocking pool, off the I/O thread
  // Ended on the I/O thread and run again on the blocking pool (server/mysql/inline_budget.h)
  std::atomic<uint64_t> statements_rerun{0};
  std::atomic<uint64_t> bytes_received{0};
  std::atomic<uint64_t> bytes_sent{0};

  static void Add(std::atomic<uint64_t>& counter, uint64_t n) {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_FRONTEND_COUNTERS_H_
