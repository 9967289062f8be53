#include "server/role.h"

#include <unistd.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace ordinal::server {

std::string_view RoleName(Role role) {
  return role == Role::kPrimary ? "primary" : "replica";
}

std::optional<int> OrdinalFromName(std::string_view name) {
  size_t dash = name.rfind('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view digits = name.substr(dash + 1);
  if (digits.empty() || digits.size() > 5) return std::nullopt;
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > 65535) return std::nullopt;
  return value;
}

absl::StatusOr<int> ResolveOrdinal(int flag_ordinal, const std::optional<std::string>& pod_name,
                                   const std::string& hostname) {
  if (flag_ordinal >= 0) return flag_ordinal;
  if (pod_name.has_value() && !pod_name->empty()) {
    if (std::optional<int> ordinal = OrdinalFromName(*pod_name)) return *ordinal;
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot derive the ordinal from POD_NAME '", *pod_name,
        "': expected a name ending in -<number> (or pass --ordinal)"));
  }
  if (std::optional<int> ordinal = OrdinalFromName(hostname)) return *ordinal;
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot derive the ordinal from the hostname '", hostname,
      "': expected a name ending in -<number>; pass --ordinal (0 for the primary)"));
}

std::string Hostname() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof(buffer) - 1) != 0) return "";
  return std::string(buffer);
}

std::string PeerAddress(const std::string& peer_template, int ordinal) {
  return absl::StrReplaceAll(peer_template, {{"{ordinal}", absl::StrCat(ordinal)}});
}

}  // namespace ordinal::server
