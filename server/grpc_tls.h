// gRPC credentials from the server's TLS files (server/tls_files.h), for the gRPC port and
// for the channels this server opens to other pods (replication, clone, admin probes).
//
// Both sides read the files through gRPC's FileWatcherCertificateProvider, which re-reads
// them every TlsFiles::reload_interval: a certificate rotated in place (cert-manager,
// a projected Secret) is served to new connections without a restart; connections already
// open keep the certificate they started with. A rotated file that does not parse is
// ignored and the last good certificate stays in use (gRPC logs it).
//
// Server side: TLS only on the gRPC port when a certificate is configured (gRPC cannot
// offer plaintext and TLS on one port). With a CA the server asks every client for a
// certificate and verifies any it gets; whether a call needs one is decided per service
// (server/peer_identity.h): replication and clone do, SQL and admin clients do not.
//
// Client side (pod to pod): verifies the peer's certificate against the CA (the system's
// roots when there is none) and its name against the host of the address dialled, and
// presents our own certificate as the client certificate.
//
// Thread safety: free functions; the credentials they return are shareable.
#ifndef ORDINAL_SERVER_GRPC_TLS_H_
#define ORDINAL_SERVER_GRPC_TLS_H_

#include <memory>

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include "server/tls_files.h"

namespace ordinal::server {

// Insecure credentials when `files` is disabled.
std::shared_ptr<grpc::ServerCredentials> GrpcServerCredentials(const TlsFiles& files);

// Credentials for a channel to another pod; insecure when `files` is disabled.
std::shared_ptr<grpc::ChannelCredentials> PeerChannelCredentials(const TlsFiles& files);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_GRPC_TLS_H_
