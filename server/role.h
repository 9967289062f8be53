// A server's role follows from its ordinal, as in a Kubernetes StatefulSet: ordinal 0 is the
// primary, every higher ordinal a replica. The ordinal comes from --ordinal, else from the
// number after the last '-' of POD_NAME ("ordinal-2" -> 2), else of the hostname.
#ifndef ORDINAL_SERVER_ROLE_H_
#define ORDINAL_SERVER_ROLE_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ordinal::server {

enum class Role { kPrimary, kReplica };

// "primary" or "replica".
std::string_view RoleName(Role role);

inline Role RoleForOrdinal(int ordinal) { return ordinal == 0 ? Role::kPrimary : Role::kReplica; }

// The number after the last '-' of `name`, or nullopt when there is none or it is not a
// plain decimal number in 0..65535.
std::optional<int> OrdinalFromName(std::string_view name);

// The ordinal to run as: `flag_ordinal` when it is >= 0; else derived from `pod_name`
// (when set and non-empty), else from `hostname`. INVALID_ARGUMENT naming the source when
// nothing yields a number.
absl::StatusOr<int> ResolveOrdinal(int flag_ordinal, const std::optional<std::string>& pod_name,
                                   const std::string& hostname);

// This machine's hostname ("" when it cannot be read).
std::string Hostname();

// `peer_template` with every "{ordinal}" replaced by `ordinal`.
std::string PeerAddress(const std::string& peer_template, int ordinal);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_ROLE_H_
