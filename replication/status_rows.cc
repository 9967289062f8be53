#include "replication/status_rows.h"

#include <cstdint>
#include <string>

#include "replication/history_proto.h"

namespace ordinal::replication {

namespace {

using engine::ColumnType;
using engine::Value;

Value Position(uint64_t position) { return Value::Int(static_cast<int64_t>(position)); }

// "1@1 2@57 ..." (engine::History::ToString), or the error for a malformed list.
std::string HistoryText(const EpochList& epochs) {
  absl::StatusOr<engine::History> history = HistoryFromProto(epochs);
  return history.ok() ? history->ToString() : std::string(history.status().message());
}

engine::ResultSet WithColumns(std::vector<engine::ResultColumn> columns) {
  engine::ResultSet result;
  result.has_rows = true;
  result.columns = std::move(columns);
  return result;
}

}  // namespace

engine::ResultSet ReplicaStatusRows(const ordinal::v1::ReplicationState& state) {
  engine::ResultSet result = WithColumns({
      {"Primary_address", ColumnType::kText},
      {"State", ColumnType::kText},
      {"Applied_position", ColumnType::kInt},
      {"Primary_position", ColumnType::kInt},
      {"Lag_positions", ColumnType::kInt},
      {"Lag_ms", ColumnType::kDouble},
      {"Last_error", ColumnType::kText},
      {"History", ColumnType::kText},
      {"Primary_history", ColumnType::kText},
  });
  result.rows.push_back({
      Value::String(state.primary_address()),
      Value::String(state.state()),
      Position(state.applied_position()),
      Position(state.primary_position()),
      Position(state.lag_positions()),
      Value::Double(state.lag_ms()),
      Value::String(state.last_error()),
      Value::String(HistoryText(state.history())),
      Value::String(HistoryText(state.primary_history())),
  });
  return result;
}

engine::ResultSet ReplicasRows(const std::vector<ordinal::v1::ReplicaInfo>& replicas) {
  engine::ResultSet result = WithColumns({
      {"Ordinal", ColumnType::kInt},
      {"Address", ColumnType::kText},
      {"Connected", ColumnType::kBool},
      {"Acked_position", ColumnType::kInt},
      {"Lag_positions", ColumnType::kInt},
      {"Positions_above_retention_edge", ColumnType::kInt},
      {"Warning", ColumnType::kText},
  });
  for (const ordinal::v1::ReplicaInfo& replica : replicas) {
    std::string warning;
    if (replica.near_retention_edge()) {
      warning = "near the edge of the retained log: it will need a clone if it falls behind";
    }
    result.rows.push_back({
        Value::Int(replica.ordinal()),
        Value::String(replica.address()),
        Value::Bool(replica.connected()),
        Position(replica.acked_position()),
        Position(replica.lag_positions()),
        Position(replica.positions_above_retention_edge()),
        Value::String(std::move(warning)),
    });
  }
  return result;
}

}  // namespace ordinal::replication
