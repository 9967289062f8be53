// One subscriber's view of the primary's log: yields the batches after the subscriber's
// position, in order, packed into groups of about `max_message_bytes`
// (docs/replication-protocol.md, "Sources").
//
// While the subscriber is behind the Backlog's ring it reads the log file through an engine
// LogCursor (batches read back this way have commit time 0: unknown); as soon as the ring
// covers its position it switches to the ring, which hands over each batch the moment it
// commits. When caught up, Next() blocks until something commits or the deadline passes,
// so the caller can send heartbeats in between.
//
// Ownership: references the Database and Backlog, which must outlive the LogSource.
// Thread safety: one thread at a time.
#ifndef ORDINAL_REPLICATION_LOG_SOURCE_H_
#define ORDINAL_REPLICATION_LOG_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/roles.h"
#include "engine/log.h"
#include "replication/backlog.h"

namespace ordinal::replication {

class LogSource {
 public:
  struct Config {
    // A group stops growing once it holds this many bytes of batch data (a single larger
    // batch is still sent whole).
    size_t max_message_bytes = 1ull << 20;
  };

  LogSource(engine::CommitLog& db, Backlog& backlog, uint64_t after_position, Config config);

  // Checks, before anything is sent, that the batch right after the position is still
  // retained (or still to come). OUT_OF_RANGE when it was purged (the subscriber needs a
  // clone); other engine errors as they are. A batch read by the check is kept for Next().
  absl::Status CheckRetained();

  // The next consecutive batches after position(), oldest first, advancing position().
  // Empty when nothing new arrived before `deadline` (or the backlog was interrupted).
  // OUT_OF_RANGE when the log after position() was purged; UNAVAILABLE when the backlog
  // stopped; other errors are storage failures.
  absl::StatusOr<std::vector<ShippedBatchPtr>> Next(absl::Time deadline);

  // The last position handed out (the subscriber's position before the first call).
  uint64_t position() const { return position_; }

  // True while batches come from the log file rather than the backlog.
  bool reading_log_file() const { return cursor_ != nullptr; }

 private:
  // Batches from the file cursor (opened on demand), up to the byte budget; empty when the
  // cursor caught up with the log.
  absl::StatusOr<std::vector<ShippedBatchPtr>> ReadFile();
  absl::Status OpenCursor();

  engine::CommitLog& db_;
  Backlog& backlog_;
  const Config config_;
  uint64_t position_;
  std::unique_ptr<engine::LogCursor> cursor_;
  std::optional<engine::LogBatch> pending_;  // read by CheckRetained, not yet handed out
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_LOG_SOURCE_H_
