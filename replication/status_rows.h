// SHOW REPLICA STATUS and SHOW REPLICAS as result sets, so the server can return them like
// any other statement's result. One row per replica stream state / per replica.
//
// Columns of SHOW REPLICA STATUS: Primary_address, State, Applied_position,
// Primary_position, Lag_positions, Lag_ms, Last_error.
// Columns of SHOW REPLICAS: Ordinal, Address, Connected, Acked_position, Lag_positions,
// Positions_above_retention_edge, Warning ("" or a sentence saying the replica is near the
// edge of the retained log).
#ifndef ORDINAL_REPLICATION_STATUS_ROWS_H_
#define ORDINAL_REPLICATION_STATUS_ROWS_H_

#include <vector>

#include "engine/database.h"
#include "ordinal/v1/admin.pb.h"

namespace ordinal::replication {

engine::ResultSet ReplicaStatusRows(const ordinal::v1::ReplicationState& state);

engine::ResultSet ReplicasRows(const std::vector<ordinal::v1::ReplicaInfo>& replicas);

}  // namespace ordinal::replication

#endif  // ORDINAL_REPLICATION_STATUS_ROWS_H_
