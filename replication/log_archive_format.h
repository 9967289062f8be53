// The log archive's on-disk format (docs/operations.md, "Log archive"): the primary's
// committed batches, copied continuously into a directory of segment files, so that a
// backup can be rolled forward to a later position or time (point-in-time restore).
//
//   <dir>/CLUSTER_ID                        the cluster id of the history archived here
//   <dir>/<first position, 20 digits>.log   segments, in position order
//
// A segment is a sequence of records, each
//   u32le payload size | u64le XXH3-64 of the payload | payload
//   payload := u64le first_sequence | u64le last_sequence | i64le archived_micros | batch bytes
// `archived_micros` is the wall-clock time (Unix microseconds) at which the archiver read
// the batch, at most a moment after its commit. Consecutive records normally continue one
// another (first_sequence = previous last_sequence + 1); a gap is allowed only where the
// primary lost the log before the archiver read it, and readers report it when they must
// cross it (nothing is ever skipped silently).
//
// Only the newest segment may end in a torn record (a crash during an append): readers stop
// before it and the writer cuts it off when it resumes. Anything else malformed is DATA_LOSS.
//
// Thread safety: stateless functions; an ArchiveReader is used by one thread at a time.
#ifndef ORDINAL_REPLICATION_LOG_ARCHIVE_FORMAT_H_
#define ORDINAL_REPLICATION_LOG_ARCHIVE_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/log.h"

namespace ordinal::replication {

inline constexpr char kArchiveClusterIdFile[] = "CLUSTER_ID";
inline constexpr size_t kArchiveRecordHeader = 12;   // size + checksum
inline constexpr size_t kArchivePayloadHeader = 24;  // first, last, micros

struct ArchivedBatch {
  engine::LogBatch batch;
  int64_t archived_micros = 0;
};

struct ArchiveSegment {
  std::string path;
  uint64_t first_sequence = 0;  // from the name
};

// The file name of the segment starting at `first_sequence`.
std::string SegmentName(uint64_t first_sequence);

// The segments of `dir`, in position order (files that are not segments are ignored).
// NOT_FOUND when `dir` does not exist.
absl::StatusOr<std::vector<ArchiveSegment>> ListSegments(const std::string& dir);

// The cluster id stored in `dir` (NOT_FOUND when the archive has none yet).
absl::StatusOr<std::string> ReadArchiveClusterId(const std::string& dir);

// Appends the encoded record of `batch` to `out`.
void EncodeArchiveRecord(const ArchivedBatch& batch, std::string& out);

// Decodes the records of one segment's bytes. Stops at a torn tail (an incomplete last
// record) when `tail_may_be_torn`, and reports in `valid_size` how many leading bytes hold
// whole records. DATA_LOSS for a bad checksum, a malformed payload, a torn record that may
// not be torn, or records out of order.
absl::StatusOr<std::vector<ArchivedBatch>> DecodeArchiveSegment(std::string_view bytes,
                                                               bool tail_may_be_torn,
                                                               size_t* valid_size = nullptr);

// Reads an archive in position order, one segment in memory at a time.
class ArchiveReader {
 public:
  // NOT_FOUND when `dir` does not exist or holds no CLUSTER_ID.
  static absl::StatusOr<ArchiveReader> Open(const std::string& dir);

  const std::string& cluster_id() const { return cluster_id_; }
  const std::vector<ArchiveSegment>& segments() const { return segments_; }

  // The next record, or nullopt after the last. Errors as DecodeArchiveSegment, or INTERNAL
  // when a segment cannot be read.
  absl::StatusOr<std::optional<ArchivedBatch>> Next();

 private:
  std::string cluster_id_;
  std::vector<ArchiveSegment> segments_;
  size_t next_segment_ = 0;
  std::vector<ArchivedBatch> loaded_;
  size_t next_record_ = 0;
};

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_LOG_ARCHIVE_FORMAT_H_
