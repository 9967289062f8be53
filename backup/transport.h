// How `ordinal backup` reaches the server it copies: the client library's TLS options
// (--ssl-mode, --ssl-ca, --ssl-cert, --ssl-key, as the `ordinal` CLI spells them;
// client/tls_options.h, docs/tls.md) turned into gRPC channel credentials.
//
// PREFERRED (the default) makes one probe connection over TLS first: when the server
// completes a TLS handshake the backup runs over TLS, otherwise over plaintext. The other
// modes decide alone; a server that cannot satisfy them fails the backup's first call with
// the transport's error.
//
// Thread safety: a free function; safe from any thread.
#ifndef ORDINAL_BACKUP_TRANSPORT_H_
#define ORDINAL_BACKUP_TRANSPORT_H_

#include <memory>
#include <string>

#include <grpcpp/security/credentials.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/tls_options.h"

namespace ordinal::backup {

// The credentials to use for `address` (host:port). INVALID_ARGUMENT from the options'
// files (ChannelCredentialsFor); UNAVAILABLE when PREFERRED cannot reach the server at all
// within `probe_timeout`, over TLS or plaintext.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ResolveTransport(
    const std::string& address, const TlsOptions& tls,
    absl::Duration probe_timeout = absl::Seconds(5));

}  // namespace ordinal::backup

#endif  // ORDINAL_BACKUP_TRANSPORT_H_
