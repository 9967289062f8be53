// How the client library reaches a server: the gRPC channel every Client and SessionGroup
// talks over. Internal to the client library.
#ifndef ORDINAL_CLIENT_CHANNEL_H_
#define ORDINAL_CLIENT_CHANNEL_H_

#include <grpcpp/channel.h>

#include <memory>

#include "absl/status/statusor.h"
#include "client/client.h"

namespace ordinal::client_internal {

// A channel to options.address on which a first call (Admin.GetStatus) succeeded: over TLS
// or, when options.tls allows it (PREFERRED) and no TLS connection could be made, in
// plaintext. The call's error otherwise, as CallStatus words it (with a hint when TLS was
// required and failed).
absl::StatusOr<std::shared_ptr<grpc::Channel>> ReachServer(const ClientOptions& options);

}  // namespace ordinal::client_internal

#endif  // ORDINAL_CLIENT_CHANNEL_H_
