#include "replication/batch_checksum.h"

#include <xxhash.h>

#include "absl/strings/str_format.h"

namespace ordinal::replication {

uint64_t BatchChecksum(std::string_view data) { return XXH3_64bits(data.data(), data.size()); }

absl::Status VerifyBatch(const ordinal::v1::LogBatch& batch) {
  if (batch.first_position() == 0 || batch.first_position() > batch.last_position()) {
    return absl::DataLossError(absl::StrFormat("batch with malformed positions %d..%d",
                                               batch.first_position(), batch.last_position()));
  }
  const uint64_t actual = BatchChecksum(batch.data());
  if (actual != batch.checksum()) {
    return absl::DataLossError(absl::StrFormat(
        "checksum mismatch in batch %d..%d: expected %016x, computed %016x",
        batch.first_position(), batch.last_position(), batch.checksum(), actual));
  }
  return absl::OkStatus();
}

}  // namespace ordinal::replication
