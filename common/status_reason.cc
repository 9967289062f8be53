#include "common/status_reason.h"

#include <string>

#include "absl/strings/cord.h"

namespace ordinal {
namespace {

constexpr char kReasonPayloadUrl[] = "type.ordinaldb.dev/status_reason";

struct Name {
  StatusReason reason;
  std::string_view name;
};

constexpr Name kNames[] = {
    {StatusReason::kOtherHistory, "other-history"},
    {StatusReason::kDiverged, "diverged"},
    {StatusReason::kUnknownSession, "unknown-session"},
    {StatusReason::kTooManyWaits, "too-many-waits"},
    {StatusReason::kShuttingDown, "shutting-down"},
    {StatusReason::kDiskFull, "disk-full"},
    {StatusReason::kRerunOffEventLoop, "rerun-off-event-loop"},
};

}  // namespace

std::string_view StatusReasonName(StatusReason reason) {
  for (const Name& n : kNames) {
    if (n.reason == reason) return n.name;
  }
  return "";
}

StatusReason StatusReasonFromName(std::string_view name) {
  for (const Name& n : kNames) {
    if (n.name == name) return n.reason;
  }
  return StatusReason::kNone;
}

absl::Status WithReason(absl::Status status, StatusReason reason) {
  const std::string_view name = StatusReasonName(reason);
  if (!status.ok() && !name.empty()) {
    status.SetPayload(kReasonPayloadUrl, absl::Cord(absl::string_view(name.data(), name.size())));
  }
  return status;
}

StatusReason GetStatusReason(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kReasonPayloadUrl);
  if (!payload.has_value()) return StatusReason::kNone;
  return StatusReasonFromName(std::string(*payload));
}

}  // namespace ordinal
