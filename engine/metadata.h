// The engine's own metadata records ('m' keys, docs/key-encoding.md) used by replication:
//   'm' "cluster_id"        -> 32 lowercase hex characters: the history this store belongs to
//   'm' "applied_position"  -> u64be: on a replica, the primary's position applied last
//   'm' "history"           -> the epochs of the history (engine/history.h), written by the
//                              primary when it opens an epoch and replicated like any write
// Internal to engine/.
#ifndef ORDINAL_ENGINE_METADATA_H_
#define ORDINAL_ENGINE_METADATA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/history.h"
#include "engine/kv/store.h"

namespace ordinal::engine::metadata {

std::string ClusterIdKey();
std::string AppliedPositionKey();
std::string HistoryKey();

std::string EncodeU64(uint64_t value);  // big-endian, 8 bytes
// DATA_LOSS when `bytes` is not 8 bytes long.
absl::StatusOr<uint64_t> DecodeU64(std::string_view bytes);

// 128 bits from the system's random source, as 32 lowercase hex characters.
std::string NewClusterId();

// Reads `key` outside any transaction of the caller (a fresh snapshot).
absl::StatusOr<std::optional<std::string>> Read(kv::Store& store, std::string_view key);

// The stored applied position (0 when absent).
absl::StatusOr<uint64_t> ReadAppliedPosition(kv::Store& store);

// The history stored with `cluster_id`'s data: the record when present, History::Legacy()
// for a store written before epochs existed (a cluster id, no record), empty for a store
// without a cluster id. DATA_LOSS for a malformed record.
absl::StatusOr<History> HistoryFromRecord(const std::optional<std::string>& record,
                                          std::string_view cluster_id);

}  // namespace ordinal::engine::metadata

#endif  // ORDINAL_ENGINE_METADATA_H_
