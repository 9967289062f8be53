// Appends the primary's batches to a log archive directory (replication/log_archive_format.h)
// durably, resuming where an earlier process stopped, and deletes old segments by age.
//
// Open() adopts the directory: it writes CLUSTER_ID into a new (empty or missing) directory,
// refuses one that holds another cluster's archive (FAILED_PRECONDITION: nothing is
// written), and cuts a torn record off the newest segment. Append() adds one batch to the
// newest segment (a new segment starts once the newest one passes `segment_bytes`, and at a
// gap); Sync() makes everything appended durable (fdatasync; a new segment's name is made
// durable when it is created).
//
// Ownership: owns its file descriptor. Thread safety: one thread at a time.
#ifndef ORDINAL_REPLICATION_LOG_ARCHIVE_WRITER_H_
#define ORDINAL_REPLICATION_LOG_ARCHIVE_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "replication/log_archive_format.h"

namespace ordinal::replication {

struct LogArchiveWriterOptions {
  std::string dir;
  std::string cluster_id;
  uint64_t segment_bytes = 64ull << 20;
  // Segments (other than the newest) last written longer ago than this are deleted by
  // ApplyRetention; zero keeps everything.
  absl::Duration retention = absl::Hours(24 * 7);
};

class LogArchiveWriter {
 public:
  static absl::StatusOr<std::unique_ptr<LogArchiveWriter>> Open(LogArchiveWriterOptions options);
  ~LogArchiveWriter();

  LogArchiveWriter(const LogArchiveWriter&) = delete;
  LogArchiveWriter& operator=(const LogArchiveWriter&) = delete;

  // The position of the newest archived batch; 0 for an empty archive.
  uint64_t last_position() const { return last_position_; }

  // Appends `batch`. It must continue the archive (first_sequence = last_position() + 1)
  // unless the archive is empty or `after_gap` says the caller knows positions are
  // missing (the batch then starts a new segment). FAILED_PRECONDITION otherwise.
  absl::Status Append(const ArchivedBatch& batch, bool after_gap = false);

  // Makes every appended byte durable.
  absl::Status Sync();
  bool dirty() const { return dirty_; }

  // Deletes segments older than the retention (never the newest). Returns how many.
  absl::StatusOr<int> ApplyRetention();

 private:
  explicit LogArchiveWriter(LogArchiveWriterOptions options) : options_(std::move(options)) {}
  absl::Status Resume();
  absl::Status StartSegment(uint64_t first_sequence);

  const LogArchiveWriterOptions options_;
  int fd_ = -1;
  uint64_t segment_size_ = 0;
  uint64_t last_position_ = 0;
  bool dirty_ = false;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_LOG_ARCHIVE_WRITER_H_
