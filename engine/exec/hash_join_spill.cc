#include "engine/exec/hash_join_spill.h"

#include <functional>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "common/status_macros.h"

namespace ordinal::engine::exec {
namespace {

// Rows are stored with their key as one more (last) value.
std::string TakeKey(std::vector<Value>* row) {
  std::string key = row->back().string_value();
  row->pop_back();
  return key;
}

absl::Status OverCap() { return absl::ResourceExhaustedError("the chunk is full"); }

}  // namespace

// The build rows of one partition held in memory, or as many of them as fit.
class HashJoinSpill::Chunk {
 public:
  explicit Chunk(QueryMemory& memory) : charge_(&memory, MemoryUse::kTemporaryTable) {}

  // Loads rows from `reader`, `*pending` first when `*has_pending`, until the reader ends
  // (true) or the next row would pass `cap` bytes (0: the statement's bound) with at least
  // one row held (false; that row is left in `*pending`).
  absl::StatusOr<bool> Fill(SpillFile::Reader& reader, uint64_t cap, Row* pending,
                            bool* has_pending) {
    Row row;
    while (true) {
      if (*has_pending) {
        row = std::move(*pending);
        *has_pending = false;
      } else {
        ORDINAL_ASSIGN_OR_RETURN(bool more, reader.Next(&row));
        if (!more) return true;
      }
      const uint64_t bytes = RowBytes(row);
      // One row at least, whatever the cap: without it the statement cannot go on.
      const bool over_cap = cap != 0 && charge_.bytes() + bytes > cap;
      absl::Status charged = over_cap && !rows_.empty() ? OverCap() : charge_.Add(bytes);
      if (!charged.ok()) {
        if (rows_.empty()) return charged;
        *pending = std::move(row);
        *has_pending = true;
        return false;
      }
      std::string key = TakeKey(&row);
      hash_[std::move(key)].push_back(rows_.size());
      rows_.push_back(std::move(row));
    }
  }

  // The build rows under `key` into *out (cleared first); false when there are none.
  bool Find(const std::string& key, std::vector<const Row*>* out) const {
    out->clear();
    const auto it = hash_.find(key);
    if (it == hash_.end()) return false;
    for (size_t i : it->second) out->push_back(&rows_[i]);
    return true;
  }

  void Clear() {
    rows_.clear();
    hash_.clear();
    charge_.ReleaseAll();
  }

 private:
  MemoryCharge charge_;
  std::vector<Row> rows_;
  absl::flat_hash_map<std::string, std::vector<size_t>> hash_;
};

HashJoinSpill::HashJoinSpill(QueryMemory& memory, bool outer, uint64_t chunk_bytes)
    : memory_(memory), outer_(outer), chunk_bytes_(chunk_bytes) {}

absl::Status HashJoinSpill::Append(std::unique_ptr<SpillFile>* file, std::string key,
                                   Row row) {
  if (*file == nullptr) {
    ORDINAL_ASSIGN_OR_RETURN(*file, SpillFile::Create(memory_));
  }
  row.push_back(Value::String(std::move(key)));
  return (*file)->Append(row);
}

absl::Status HashJoinSpill::AddBuild(std::string key, Row row) {
  Partition& partition = partitions_[std::hash<std::string>{}(key) % kPartitions];
  ++build_rows_;
  return Append(&partition.build, std::move(key), std::move(row));
}

absl::Status HashJoinSpill::AddProbe(std::string key, Row row) {
  Partition& partition = partitions_[std::hash<std::string>{}(key) % kPartitions];
  ++probe_rows_;
  ++partition.probe_rows;
  return Append(&partition.probe, std::move(key), std::move(row));
}

uint64_t HashJoinSpill::bytes_written() const {
  uint64_t bytes = 0;
  for (const Partition& partition : partitions_) {
    if (partition.build != nullptr) bytes += partition.build->size();
    if (partition.probe != nullptr) bytes += partition.probe->size();
  }
  return bytes;
}

absl::StatusOr<bool> HashJoinSpill::Join(MatchFn match, UnmatchedFn unmatched) {
  for (Partition& partition : partitions_) {
    ORDINAL_ASSIGN_OR_RETURN(bool more, JoinPartition(partition, match, unmatched));
    // The partition's files are done with: give their disk back.
    partition.build.reset();
    partition.probe.reset();
    if (!more) return false;
  }
  return true;
}

absl::StatusOr<bool> HashJoinSpill::JoinPartition(Partition& partition, MatchFn match,
                                                  UnmatchedFn unmatched) {
  if (partition.probe == nullptr) return true;  // nothing to join: unmatched build rows
                                                // are never produced
  ORDINAL_RETURN_IF_ERROR(partition.probe->Flush());
  if (partition.build == nullptr) {
    if (!outer_) return true;
    return EmitUnmatched(partition, nullptr, unmatched);
  }
  ORDINAL_RETURN_IF_ERROR(partition.build->Flush());
  SpillFile::Reader reader(*partition.build, 0, partition.build->size());
  Chunk chunk(memory_);
  Row pending;
  bool has_pending = false;
  std::vector<bool> matched;
  for (bool first = true;; first = false) {
    ORDINAL_ASSIGN_OR_RETURN(bool last, chunk.Fill(reader, chunk_bytes_, &pending, &has_pending));
    if (first && !last) {
      ++chunked_partitions_;
      if (outer_) matched.assign(partition.probe_rows, false);
    }
    const bool several = !(first && last);
    ORDINAL_ASSIGN_OR_RETURN(
        bool more, ProbeChunk(partition, chunk, several ? &matched : nullptr, match, unmatched));
    if (!more) return false;
    chunk.Clear();
    if (last) break;
  }
  if (outer_ && !matched.empty()) return EmitUnmatched(partition, &matched, unmatched);
  return true;
}

absl::StatusOr<bool> HashJoinSpill::ProbeChunk(Partition& partition, const Chunk& chunk,
                                               std::vector<bool>* matched, MatchFn match,
                                               UnmatchedFn unmatched) {
  SpillFile::Reader reader(*partition.probe, 0, partition.probe->size());
  Row probe;
  std::vector<const Row*> builds;
  for (size_t i = 0;; ++i) {
    ORDINAL_ASSIGN_OR_RETURN(bool more, reader.Next(&probe));
    if (!more) return true;
    const std::string key = TakeKey(&probe);
    bool found = false;
    if (chunk.Find(key, &builds)) {
      ORDINAL_ASSIGN_OR_RETURN(more, match(probe, builds, &found));
      if (!more) return false;
    }
    if (matched != nullptr) {
      if (found && !matched->empty()) (*matched)[i] = true;
    } else if (outer_ && !found) {
      ORDINAL_ASSIGN_OR_RETURN(more, unmatched(probe));
      if (!more) return false;
    }
  }
}

absl::StatusOr<bool> HashJoinSpill::EmitUnmatched(Partition& partition,
                                                  const std::vector<bool>* matched,
                                                  UnmatchedFn unmatched) {
  SpillFile::Reader reader(*partition.probe, 0, partition.probe->size());
  Row probe;
  for (size_t i = 0;; ++i) {
    ORDINAL_ASSIGN_OR_RETURN(bool more, reader.Next(&probe));
    if (!more) return true;
    if (matched != nullptr && (*matched)[i]) continue;
    probe.pop_back();  // the key
    ORDINAL_ASSIGN_OR_RETURN(more, unmatched(probe));
    if (!more) return false;
  }
}

}  // namespace ordinal::engine::exec
