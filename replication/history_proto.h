// Histories on the wire: engine::History <-> repeated ordinal.v1.Epoch (history.proto).
#ifndef ORDINAL_REPLICATION_HISTORY_PROTO_H_
#define ORDINAL_REPLICATION_HISTORY_PROTO_H_

#include <google/protobuf/repeated_field.h>

#include "absl/status/statusor.h"
#include "engine/history.h"
#include "ordinal/v1/history.pb.h"

namespace ordinal::replication {

using EpochList = google::protobuf::RepeatedPtrField<ordinal::v1::Epoch>;

void HistoryToProto(const engine::History& history, EpochList* out);
// INVALID_ARGUMENT when the epochs break the rules of engine::ValidateHistory.
absl::StatusOr<engine::History> HistoryFromProto(const EpochList& epochs);

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_HISTORY_PROTO_H_
