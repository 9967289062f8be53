// A hash join whose build side passed its share of the statement's memory bound
// (docs/memory-and-disk.md, "Spilling to disk"): a grace hash join over temporary files.
//
// The build rows (the joined source's rows, filtered by its local conditions, with a
// non-NULL key) and then the probe rows (the rows of the join before the step, with a
// non-NULL key) go, by a hash of their join key, to one of kPartitions pairs of spill files
// (spill_file.h). Rows with equal keys land in the same partition, so the join is the union
// of the partitions' joins. Join then takes the partitions one at a time: it loads the build
// rows of one into a hash table and streams its probe rows past it. A partition whose build
// rows do not fit at once (many rows under one key) is joined in chunks, each held as a hash
// table while every probe row of the partition passes it; a probe row's `matched` flag is
// kept across the chunks, and with `outer` the rows never matched are handed back at the
// end of the partition, to be NULL-extended. The caller decides what a match is: the key
// only finds the candidates (the step's other conditions still apply).
//
// Rows come back partition by partition, not in the order they were added: the join's
// result is the same multiset as in memory, in another order.
//
// Memory: a chunk charges its rows (and keys) to the statement, up to `chunk_bytes`; the
// files' write buffers (64 KiB each, at most 2 * kPartitions) and one read buffer per side
// are not charged, as for the other spills. Disk: every byte written counts against the
// statement's disk bound (1114 past it; 1021 when the volume runs short). The files are
// unlinked temporary files: they vanish when the HashJoinSpill is destroyed, whatever
// ended the statement.
//
// Thread safety: one statement's, on one thread.
#ifndef ORDINAL_ENGINE_EXEC_HASH_JOIN_SPILL_H_
#define ORDINAL_ENGINE_EXEC_HASH_JOIN_SPILL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/exec/query_memory.h"
#include "engine/exec/spill_file.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

class HashJoinSpill {
 public:
  using Row = std::vector<Value>;
  // A probe row and the build rows of the current chunk under its key (at least one); sets
  // *matched when one of them matched. False stops the join.
  using MatchFn = absl::FunctionRef<absl::StatusOr<bool>(
      const Row& probe, const std::vector<const Row*>& builds, bool* matched)>;
  // A probe row that matched no build row (only with `outer`). False stops the join.
  using UnmatchedFn = absl::FunctionRef<absl::StatusOr<bool>(const Row& probe)>;

  static constexpr size_t kPartitions = 16;

  // `memory` must have a spill directory (QueryMemory::spill_dir). `chunk_bytes` bounds the
  // build rows held at once (0: whatever the statement's bound lets it charge).
  HashJoinSpill(QueryMemory& memory, bool outer, uint64_t chunk_bytes);
  HashJoinSpill(const HashJoinSpill&) = delete;
  HashJoinSpill& operator=(const HashJoinSpill&) = delete;

  // Adds a build row with its join key (the key's bytes: equal keys, equal bytes). Every
  // build row comes before the first probe row.
  absl::Status AddBuild(std::string key, Row row);
  // Adds a probe row with its join key.
  absl::Status AddProbe(std::string key, Row row);

  uint64_t build_rows() const { return build_rows_; }
  uint64_t probe_rows() const { return probe_rows_; }
  // Bytes written to the temporary files so far.
  uint64_t bytes_written() const;
  // Partitions joined in more than one chunk.
  uint64_t chunked_partitions() const { return chunked_partitions_; }

  // Joins every partition (above); false when a callback stopped it. Call once, after the
  // last AddProbe.
  absl::StatusOr<bool> Join(MatchFn match, UnmatchedFn unmatched);

 private:
  struct Partition {
    std::unique_ptr<SpillFile> build;
    std::unique_ptr<SpillFile> probe;
    uint64_t probe_rows = 0;
  };
  class Chunk;

  absl::Status Append(std::unique_ptr<SpillFile>* file, std::string key, Row row);
  absl::StatusOr<bool> JoinPartition(Partition& partition, MatchFn match,
                                     UnmatchedFn unmatched);
  // Streams the probe rows of `partition` past one chunk; `matched` holds a flag per probe
  // row when the partition has several chunks (empty: one chunk, unmatched rows are handed
  // back at once).
  absl::StatusOr<bool> ProbeChunk(Partition& partition, const Chunk& chunk,
                                  std::vector<bool>* matched, MatchFn match,
                                  UnmatchedFn unmatched);
  // Hands back the probe rows of `partition` not flagged in `matched` (null: every one).
  absl::StatusOr<bool> EmitUnmatched(Partition& partition, const std::vector<bool>* matched,
                                     UnmatchedFn unmatched);

  QueryMemory& memory_;
  const bool outer_;
  const uint64_t chunk_bytes_;
  std::array<Partition, kPartitions> partitions_;
  uint64_t build_rows_ = 0;
  uint64_t probe_rows_ = 0;
  uint64_t chunked_partitions_ = 0;
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_HASH_JOIN_SPILL_H_
