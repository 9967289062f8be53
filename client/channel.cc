#include "client/channel.h"

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "client/call_status.h"
#include "client/tls_options.h"
#include "common/status_macros.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "proto/status_mapping.h"

namespace ordinal::client_internal {
namespace {

std::shared_ptr<grpc::Channel> MakeChannel(
    const std::string& address, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args;
  // The server bounds result sizes (RESOURCE_EXHAUSTED); the client takes what it is sent.
  args.SetMaxReceiveMessageSize(-1);
  // Clients of one process to one server share a TCP connection (gRPC's global subchannel
  // pool). A connection per Client was measured too: with 16 threads it cost the server
  // more CPU per statement (each message its own read and write) than it saved the client.
  return grpc::CreateCustomChannel(address, credentials, args);
}

// A failed first call over TLS, with what the user can check.
absl::Status TlsConnectError(const absl::Status& status, const TlsOptions& tls) {
  std::string hint =
      tls.mode == SslMode::kRequired
          ? "the server may not speak TLS (start it with --tls_cert_file and --tls_key_file)"
          : "the server may not speak TLS, or its certificate does not verify against --ssl-ca"
            " (VERIFY_IDENTITY also needs the host name among its names)";
  absl::Status out(status.code(), absl::StrCat(status.message(), "; no TLS connection with ",
                                              "--ssl-mode=", SslModeName(tls.mode), ": ", hint));
  status.ForEachPayload([&out](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  return out;
}

// Admin.GetStatus on `channel`, as the first call of a connection.
absl::Status FirstCall(const std::shared_ptr<grpc::Channel>& channel,
                       const ClientOptions& options) {
  std::unique_ptr<ordinal::v1::Admin::Stub> admin = ordinal::v1::Admin::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + options.timeout);
  context.AddMetadata(kUserMetadataKey, options.user);
  context.AddMetadata(kPasswordMetadataKey, options.password);
  ordinal::v1::GetStatusResponse response;
  grpc::Status status = admin->GetStatus(&context, {}, &response);
  return CallStatus(status, context, CallInfo{options.address, options.timeout, false});
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> ReachServer(const ClientOptions& options) {
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ChannelCredentials> credentials,
                           ChannelCredentialsFor(options.tls));
  std::shared_ptr<grpc::Channel> channel = MakeChannel(options.address, credentials);
  absl::Status first = FirstCall(channel, options);
  if (first.ok()) return channel;
  if (first.code() != absl::StatusCode::kUnavailable || options.tls.mode == SslMode::kDisabled) {
    return first;
  }
  if (options.tls.mode != SslMode::kPreferred) return TlsConnectError(first, options.tls);
  // PREFERRED: a server without TLS closes the TLS attempt; try once more in plaintext.
  channel = MakeChannel(options.address, grpc::InsecureChannelCredentials());
  ORDINAL_RETURN_IF_ERROR(FirstCall(channel, options));
  return channel;
}

}  // namespace ordinal::client_internal
