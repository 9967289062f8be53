// Which ordinal a pod's client certificate names (mutual TLS between pods, docs/tls.md).
//
// A pod's certificate names the pod by the host part of its address in --peer_template:
// with `ordinal-{ordinal}.ordinal:7306`, ordinal 2's certificate carries the DNS name
// `ordinal-2.ordinal` or any longer name under it (`ordinal-2.ordinal.db.svc.cluster.local`);
// with `127.0.1.{ordinal}:7306` (one machine), the IP address 127.0.1.2. A replication
// stream claiming replica_ordinal N, and a clone asked for by requester_ordinal N, are
// served only when the verified client certificate names N.
//
// Thread safety: free functions; safe from any thread.
#ifndef ORDINAL_SERVER_PEER_IDENTITY_H_
#define ORDINAL_SERVER_PEER_IDENTITY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <grpcpp/server_context.h>

#include "absl/status/status.h"

namespace ordinal::server {

// The host (DNS name or IP address) that names `ordinal` under `peer_template`.
std::string PeerHost(const std::string& peer_template, uint32_t ordinal);

// Whether one of the certificate's subject alternative names names `host`: equal to it
// (case-insensitive), or a DNS name under it (`host.` followed by more labels).
bool NamesHost(const std::vector<std::string>& subject_alt_names, std::string_view host);

// OK when the call's peer presented a verified certificate naming `ordinal`;
// UNAUTHENTICATED when it presented none; PERMISSION_DENIED naming the expected host and
// the names it has otherwise.
absl::Status CheckPeerOrdinal(const grpc::ServerContext& context,
                              const std::string& peer_template, uint32_t ordinal);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_PEER_IDENTITY_H_
