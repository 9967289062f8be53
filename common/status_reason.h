// Structured reasons beside an absl::Status, for code that must decide what to do next on a
// failure: the decision reads the reason, never the message text (which is for people and
// may change). The reason travels as a payload of the Status and, over gRPC, as the
// trailing metadata entry `x-ordinal-reason` (proto/status_mapping.h) holding its name.
#ifndef ORDINAL_COMMON_STATUS_REASON_H_
#define ORDINAL_COMMON_STATUS_REASON_H_

#include <string_view>

#include "absl/status/status.h"

namespace ordinal {

enum class StatusReason {
  kNone,
  // The peer belongs to another cluster (cluster id mismatch). The replica must be
  // re-cloned to follow this primary.
  kOtherHistory,
  // The replica's (history, position) does not lie on the primary's history
  // (docs/history.md): it holds positions the primary never had on this history.
  kDiverged,
  // The session a call named is unknown to the server: it was closed, expired after being
  // idle, or ended when its store was replaced. The client opens a new session.
  kUnknownSession,
  // Every slot of the server's wait budget (--max_parked_waits) holds a parked wait (a
  // min_position read, WAIT_FOR_EXECUTED_GTID_SET, SLEEP): the statement was not started.
  // Retry later or elsewhere, with a shorter wait.
  kTooManyWaits,
  // The server is shutting down: the wait (or call) ended before its condition held.
  kShuttingDown,
  // The data volume has no space left (ENOSPC): the write was not applied, and the store
  // accepts writes again once space is freed (docs/memory-and-disk.md). Reads continue.
  kDiskFull,
  // A MySQL statement running on an I/O thread was ended to run again, from the start, on
  // the blocking pool (docs/mysql-protocol.md "Where a command runs"): it went over its
  // budget there, or its result would have waited for the client. Never reaches a client.
  kRerunOffEventLoop,
};

// "other-history", ...; "" for kNone.
std::string_view StatusReasonName(StatusReason reason);

// The reason named `name`; kNone for an unknown or empty name.
StatusReason StatusReasonFromName(std::string_view name);

// `status` with `reason` attached (an OK status stays OK, with no reason).
absl::Status WithReason(absl::Status status, StatusReason reason);

// The reason attached to `status`; kNone when there is none.
StatusReason GetStatusReason(const absl::Status& status);

}  // namespace ordinal

#endif  // ORDINAL_COMMON_STATUS_REASON_H_
