#include "server/peer_identity.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/printable.h"
#include "server/role.h"

namespace ordinal::server {
namespace {

// At most this many names are quoted back in an error.
constexpr size_t kMaxNamesQuoted = 8;

}  // namespace

std::string PeerHost(const std::string& peer_template, uint32_t ordinal) {
  std::string address = PeerAddress(peer_template, static_cast<int>(ordinal));
  if (!address.empty() && address.front() == '[') {  // [v6]:port
    const size_t close = address.find(']');
    return address.substr(1, close == std::string::npos ? std::string::npos : close - 1);
  }
  const size_t colon = address.rfind(':');
  return colon == std::string::npos ? address : address.substr(0, colon);
}

bool NamesHost(const std::vector<std::string>& subject_alt_names, std::string_view host_view) {
  const absl::string_view host(host_view.data(), host_view.size());
  if (host.empty()) return false;
  for (const std::string& name : subject_alt_names) {
    if (absl::EqualsIgnoreCase(name, host)) return true;
    if (name.size() > host.size() + 1 && name[host.size()] == '.' &&
        absl::StartsWithIgnoreCase(name, host)) {
      return true;
    }
  }
  return false;
}

absl::Status CheckPeerOrdinal(const grpc::ServerContext& context,
                              const std::string& peer_template, uint32_t ordinal) {
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return absl::UnauthenticatedError(absl::StrCat(
        "mutual TLS: ordinal ", ordinal, " presented no client certificate; pods must connect "
        "with their own certificate (--tls_cert_file) signed by the CA in --tls_ca_file"));
  }
  std::vector<std::string> names;
  for (const grpc::string_ref& value : auth->FindPropertyValues(GRPC_X509_SAN_PROPERTY_NAME)) {
    names.emplace_back(value.data(), value.size());
  }
  const std::string host = PeerHost(peer_template, ordinal);
  if (NamesHost(names, host)) return absl::OkStatus();
  if (names.size() > kMaxNamesQuoted) names.resize(kMaxNamesQuoted);
  return absl::PermissionDeniedError(absl::StrCat(
      "mutual TLS: the client certificate does not name ordinal ", ordinal, " (expected '",
      Printable(host, 256), "' among its subject alternative names, got [",
      Printable(absl::StrJoin(names, ", "), 512), "])"));
}

}  // namespace ordinal::server
