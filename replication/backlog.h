// The primary's in-memory backlog of recently committed batches: the low-latency path of
// log shipping (docs/replication-protocol.md, "Sources").
//
// One tailer thread reads the engine's log from the position the primary had when Start()
// ran, blocking on Database::WaitForCommitAfter between commits (it wakes on commit; no
// polling tick). Each batch is stamped with the time the tailer saw it (its commit time for
// lag) and its XXH3-64 checksum, appended to a ring bounded by bytes, and every waiting
// subscriber is woken. Old batches fall off the front when the ring is over its byte
// budget (the newest batch always stays, however large).
//
// A subscriber at position p is served from the ring when p >= base_position(): the
// position right before the ring's oldest batch. Older positions must be read from the log
// file (LogSource does that).
//
// Ownership: holds a reference to the Database, which must outlive the Backlog.
// Thread safety: thread-safe. Start/Stop from the owner's thread.
#ifndef ORDINAL_REPLICATION_BACKLOG_H_
#define ORDINAL_REPLICATION_BACKLOG_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/roles.h"
#include "engine/log.h"

namespace ordinal::replication {

// A committed batch as it is shipped: the engine's bytes plus transport fields.
struct ShippedBatch {
  engine::LogBatch batch;
  uint64_t checksum = 0;            // XXH3-64 of batch.data
  int64_t commit_time_micros = 0;   // when the primary saw the commit; 0 when unknown
};
using ShippedBatchPtr = std::shared_ptr<const ShippedBatch>;

// Wraps `batch` for shipping (computes its checksum).
ShippedBatchPtr MakeShippedBatch(engine::LogBatch batch, int64_t commit_time_micros);

class Backlog {
 public:
  struct Config {
    // Byte budget of the ring (sum of the batches' data sizes).
    size_t capacity_bytes = 64ull << 20;
    // How long the tailer sleeps in one WaitForCommitAfter call: bounds how quickly Stop()
    // is noticed. Commits wake it at once regardless.
    absl::Duration tailer_wait = absl::Milliseconds(200);
  };

  enum class Outcome {
    kBatches,   // `batches` holds one or more consecutive batches after the position
    kTimedOut,  // nothing after the position before the deadline (or Interrupt() was called)
    kTooOld,    // the position is before base_position(): read the log file instead
    kStopped,   // the backlog was stopped
  };
  struct ReadResult {
    Outcome outcome = Outcome::kTimedOut;
    std::vector<ShippedBatchPtr> batches;
  };

  Backlog(engine::CommitLog& db, Config config);
  ~Backlog();  // Stop()s

  Backlog(const Backlog&) = delete;
  Backlog& operator=(const Backlog&) = delete;

  // Opens the log at the database's latest position and starts the tailer thread.
  // FAILED_PRECONDITION when already started; the engine's error when OpenLog fails.
  absl::Status Start();

  // Stops and joins the tailer; waiting readers return kStopped. Idempotent.
  void Stop();

  // Consecutive batches after `position`, up to about `max_bytes` (always at least one
  // when any is there). Blocks until a batch after `position` is in the ring, `deadline`
  // passes, Interrupt() or Stop() is called.
  ReadResult ReadAfter(uint64_t position, size_t max_bytes, absl::Time deadline);

  // True when ReadAfter(position, ...) would not answer kTooOld.
  bool Covers(uint64_t position) const;

  // Wakes every blocked ReadAfter (they answer kTimedOut) so callers re-check their own
  // stop conditions.
  void Interrupt();

  // The position before the oldest batch in the ring.
  uint64_t base_position() const;
  // The newest position the tailer has seen, and when it saw it (micros, 0 if never).
  uint64_t newest_position() const;
  int64_t newest_commit_time_micros() const;

 private:
  void TailLoop();
  // Reads every batch the cursor has now into the ring. False when the cursor failed.
  bool DrainCursor();
  void Append(ShippedBatchPtr batch);
  void Reopen();

  engine::CommitLog& db_;
  const Config config_;
  std::unique_ptr<engine::LogCursor> cursor_;  // tailer thread only
  std::thread tailer_;

  mutable absl::Mutex mu_;
  absl::CondVar changed_;
  std::deque<ShippedBatchPtr> ring_ ABSL_GUARDED_BY(mu_);
  size_t ring_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t base_position_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t newest_position_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t newest_commit_micros_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t interrupts_ ABSL_GUARDED_BY(mu_) = 0;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_BACKLOG_H_
