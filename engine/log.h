// The replication log as the engine shows it: committed batches and positions, as plain
// bytes and integers (docs/replication-log.md). No rocksdb:: type appears here, so the
// replication layer can ship batches without knowing how they are stored.
//
// A *position* is the sequence number of the LAST record of a committed batch in the
// primary's numbering. Positions only grow, also across restarts. A batch holding `count`
// records occupies sequences [first_sequence, first_sequence + count - 1].
#ifndef ORDINAL_ENGINE_LOG_H_
#define ORDINAL_ENGINE_LOG_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace ordinal::engine {

// One committed transaction of the primary.
struct LogBatch {
  uint64_t first_sequence = 0;  // sequence of the batch's first record
  uint64_t last_sequence = 0;   // first_sequence + count - 1: the batch's position
  // The WriteBatch bytes exactly as the primary stored them: a 12-byte header
  // (u64le sequence, u32le record count) followed by the records.
  std::string data;

  friend bool operator==(const LogBatch&, const LogBatch&) = default;
};

// Reads the primary's committed batches in order, starting after a position.
//
// Thread safety: one thread at a time. The cursor must not outlive its Database.
class LogCursor {
 public:
  virtual ~LogCursor() = default;

  // The next committed batch after position(), or nullopt when the cursor has caught up
  // (a later call sees later commits; Database::WaitForCommitAfter says when to call).
  // OUT_OF_RANGE when the batch right after position() was purged from the retained log
  // (the message names the oldest retained position): the reader cannot continue from
  // here and needs a clone. Other errors are storage failures.
  virtual absl::StatusOr<std::optional<LogBatch>> Next() = 0;

  // The position of the last batch returned (the starting position before the first).
  virtual uint64_t position() const = 0;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_LOG_H_
