// The engine's own metadata records ('m' keys, docs/key-encoding.md) used by replication:
//   'm' "cluster_id"        -> 32 lowercase hex characters: the history this store belongs to
//   'm' "applied_position"  -> u64be: on a replica, the primary's position applied last
// Internal to engine/.
#ifndef ORDINAL_ENGINE_METADATA_H_
#define ORDINAL_ENGINE_METADATA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/kv/store.h"

namespace ordinal::engine::metadata {

std::string ClusterIdKey();
std::string AppliedPositionKey();

std::string EncodeU64(uint64_t value);  // big-endian, 8 bytes
// DATA_LOSS when `bytes` is not 8 bytes long.
absl::StatusOr<uint64_t> DecodeU64(std::string_view bytes);

// 128 bits from the system's random source, as 32 lowercase hex characters.
std::string NewClusterId();

// Reads `key` outside any transaction of the caller (a fresh snapshot).
absl::StatusOr<std::optional<std::string>> Read(kv::Store& store, std::string_view key);

// The stored applied position (0 when absent).
absl::StatusOr<uint64_t> ReadAppliedPosition(kv::Store& store);

}  // namespace ordinal::engine::metadata

#endif  // ORDINAL_ENGINE_METADATA_H_
