#include "replication/history_proto.h"

#include <vector>

namespace ordinal::replication {

void HistoryToProto(const engine::History& history, EpochList* out) {
  out->Clear();
  for (const engine::Epoch& epoch : history.epochs()) {
    ordinal::v1::Epoch* entry = out->Add();
    entry->set_number(epoch.number);
    entry->set_first_position(epoch.first_position);
    entry->set_previous_end(epoch.previous_end);
    entry->set_id(epoch.id);
  }
}

absl::StatusOr<engine::History> HistoryFromProto(const EpochList& epochs) {
  std::vector<engine::Epoch> out;
  out.reserve(epochs.size());
  for (const ordinal::v1::Epoch& epoch : epochs) {
    out.push_back(
        engine::Epoch{epoch.number(), epoch.first_position(), epoch.previous_end(), epoch.id()});
  }
  engine::History history(std::move(out));
  if (absl::Status valid = engine::ValidateHistory(history); !valid.ok()) {
    return absl::InvalidArgumentError(valid.message());
  }
  return history;
}

}  // namespace ordinal::replication
