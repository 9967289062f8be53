#include "engine/metadata.h"

#include <random>

#include "absl/strings/escaping.h"
#include "common/status_macros.h"

namespace ordinal::engine::metadata {

std::string ClusterIdKey() { return "mcluster_id"; }
std::string AppliedPositionKey() { return "mapplied_position"; }
std::string HistoryKey() { return "mhistory"; }

std::string EncodeU64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

absl::StatusOr<uint64_t> DecodeU64(std::string_view bytes) {
  if (bytes.size() != 8) return absl::DataLossError("corrupt u64 metadata record");
  uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<uint8_t>(c);
  return value;
}

std::string NewClusterId() {
  std::random_device random;  // the system's entropy source (/dev/urandom or the CPU's)
  std::string bytes;
  for (int i = 0; i < 4; ++i) {
    const uint32_t word = random();
    for (int b = 0; b < 4; ++b) bytes.push_back(static_cast<char>((word >> (8 * b)) & 0xff));
  }
  return absl::BytesToHexString(bytes);
}

absl::StatusOr<std::optional<std::string>> Read(kv::Store& store, std::string_view key) {
  std::unique_ptr<kv::Transaction> txn = store.BeginTransaction();
  absl::StatusOr<std::optional<std::string>> value = txn->Get(key);
  txn->Rollback();
  return value;
}

absl::StatusOr<uint64_t> ReadAppliedPosition(kv::Store& store) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> stored, Read(store, AppliedPositionKey()));
  if (!stored.has_value()) return uint64_t{0};
  return DecodeU64(*stored);
}

absl::StatusOr<History> HistoryFromRecord(const std::optional<std::string>& record,
                                          std::string_view cluster_id) {
  if (record.has_value()) return DecodeHistory(*record);
  if (cluster_id.empty()) return History();
  return History::Legacy();
}

}  // namespace ordinal::engine::metadata
