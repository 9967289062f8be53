#include "backup/transport.h"

#include <chrono>

#include <grpcpp/channel.h>
#include <grpcpp/create_channel.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "spdlog/spdlog.h"

namespace ordinal::backup {
namespace {

// Whether a fresh channel with `credentials` becomes READY before `deadline`. A handshake
// the server refuses (TLS against a plaintext port, or the reverse) shows as
// TRANSIENT_FAILURE and answers false at once rather than at the deadline.
bool Connects(const std::string& address,
              const std::shared_ptr<grpc::ChannelCredentials>& credentials,
              absl::Time deadline) {
  std::shared_ptr<grpc::Channel> channel = grpc::CreateChannel(address, credentials);
  grpc_connectivity_state state = channel->GetState(/*try_to_connect=*/true);
  while (state != GRPC_CHANNEL_READY) {
    if (state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_SHUTDOWN) return false;
    if (!channel->WaitForStateChange(state, absl::ToChronoTime(deadline))) return false;
    state = channel->GetState(/*try_to_connect=*/true);
  }
  return true;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ResolveTransport(
    const std::string& address, const TlsOptions& tls, absl::Duration probe_timeout) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      ChannelCredentialsFor(tls);
  if (!credentials.ok() || tls.mode != SslMode::kPreferred) return credentials;
  const absl::Time deadline = absl::Now() + probe_timeout;
  if (Connects(address, *credentials, deadline)) return credentials;
  std::shared_ptr<grpc::ChannelCredentials> plaintext = grpc::InsecureChannelCredentials();
  if (Connects(address, plaintext, deadline)) {
    spdlog::info("backup: {} does not speak TLS; copying over plaintext (--ssl-mode=PREFERRED)",
                 address);
    return plaintext;
  }
  return absl::UnavailableError(
      absl::StrCat("cannot connect to ", address, " over TLS or plaintext within ",
                   absl::FormatDuration(probe_timeout)));
}

}  // namespace ordinal::backup
