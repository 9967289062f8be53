// Checksums and shared wire constants of the replication stream
// (docs/replication-protocol.md).
#ifndef ORDINAL_REPLICATION_BATCH_CHECKSUM_H_
#define ORDINAL_REPLICATION_BATCH_CHECKSUM_H_

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "ordinal/v1/replication.pb.h"

namespace ordinal::replication {

// Prefix of the FAILED_PRECONDITION message the primary sends when a replica belongs to
// another history (other cluster id, or a position the primary never had). The replica
// stops following on it instead of retrying: re-cloning is an explicit choice.
inline constexpr char kHistoryMismatch[] = "history mismatch";

// XXH3-64 of `data`: LogBatch.checksum.
uint64_t BatchChecksum(std::string_view data);

// OK when `batch`'s checksum matches its bytes and its positions are well formed
// (first <= last); DATA_LOSS naming the batch otherwise. Called before any byte of the
// batch reaches the engine.
absl::Status VerifyBatch(const ordinal::v1::LogBatch& batch);

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_BATCH_CHECKSUM_H_
