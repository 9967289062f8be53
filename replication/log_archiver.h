// The primary's continuous log archiving (--log_archive_dir; docs/operations.md): one thread
// reads the committed log (engine::CommitLog, waking on commit) from where the archive ends
// and appends every batch to a LogArchiveWriter, syncing whenever it has caught up, so an
// archived batch is durable within moments of its commit. After a restart it resumes after
// the archive's newest position. An empty archive starts at the oldest position the log
// still holds.
//
// Gaps are never silent: when the log no longer holds the batch after the archive's end
// (OUT_OF_RANGE: it was purged while archiving was off or too slow), the archiver logs an
// error, counts the gap, and continues at the oldest retained batch in a new segment;
// restores that would cross the gap fail and name it.
//
// Ownership: references the CommitLog, which must outlive the archiver.
// Thread safety: Figures() from any thread; Start/Stop from the owner's thread.
#ifndef ORDINAL_REPLICATION_LOG_ARCHIVER_H_
#define ORDINAL_REPLICATION_LOG_ARCHIVER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "engine/roles.h"
#include "replication/log_archive_writer.h"

namespace ordinal::replication {

struct LogArchiverFigures {
  uint64_t archived_position = 0;  // newest durable position in the archive
  uint64_t batches = 0;            // archived since start
  uint64_t bytes = 0;              // record bytes archived since start
  uint64_t gaps = 0;               // times positions were missing from the log
  std::string last_error;          // "" while healthy
};

class LogArchiver {
 public:
  // Opens the archive (LogArchiveWriter::Open: FAILED_PRECONDITION for another cluster's
  // directory) and starts the thread. `options.cluster_id` is filled from the log.
  static absl::StatusOr<std::unique_ptr<LogArchiver>> Start(engine::CommitLog& log,
                                                            LogArchiveWriterOptions options);
  ~LogArchiver();  // Stop()

  // Ends the thread after syncing what it appended. Idempotent.
  void Stop();

  LogArchiverFigures Figures() const;

 private:
  LogArchiver(engine::CommitLog& log, std::unique_ptr<LogArchiveWriter> writer)
      : log_(log), writer_(std::move(writer)) {}
  void Run();
  // Archives everything committed after the archive's end; returns when caught up, on an
  // error, or at Stop.
  absl::Status CatchUp(bool& after_gap);
  void Fail(const absl::Status& status);

  engine::CommitLog& log_;
  std::unique_ptr<LogArchiveWriter> writer_;  // the thread's only
  std::atomic<bool> stop_{false};
  std::thread thread_;

  mutable absl::Mutex mu_;
  LogArchiverFigures figures_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_LOG_ARCHIVER_H_
