#include "server/primary_recovery.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <tuple>
#include <utility>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "proto/status_mapping.h"
#include "replication/clone_install.h"
#include "replication/history_proto.h"
#include "server/node_state.h"
#include "server/role.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {
namespace {

constexpr absl::Duration kProbeTimeout = absl::Seconds(2);
constexpr absl::Duration kInitialBackoff = absl::Milliseconds(200);
constexpr absl::Duration kMaxBackoff = absl::Seconds(2);
// Without --peers, at most this many ordinals are probed.
constexpr int kMaxProbedOrdinals = 256;

enum class Resolution { kNone, kLoopback, kRemote };

// How the host part of "host:port" resolves.
Resolution Resolve(const std::string& address) {
  const size_t colon = address.rfind(':');
  const std::string host = colon == std::string::npos ? address : address.substr(0, colon);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return Resolution::kNone;
  }
  Resolution result = Resolution::kLoopback;
  for (addrinfo* it = found; it != nullptr; it = it->ai_next) {
    if (it->ai_family == AF_INET) {
      const uint32_t ip = ntohl(reinterpret_cast<sockaddr_in*>(it->ai_addr)->sin_addr.s_addr);
      if ((ip >> 24) != 127) result = Resolution::kRemote;
    } else if (it->ai_family == AF_INET6) {
      const in6_addr& ip = reinterpret_cast<sockaddr_in6*>(it->ai_addr)->sin6_addr;
      if (!IN6_IS_ADDR_LOOPBACK(&ip)) result = Resolution::kRemote;
    }
  }
  freeaddrinfo(found);
  return result;
}

// Orders candidates: the latest epoch first, then the highest position, then the lowest
// ordinal.
bool MoreAdvanced(const PeerProbe& a, const PeerProbe& b) {
  const uint64_t epoch_a = a.history.empty() ? 0 : a.history.last().number;
  const uint64_t epoch_b = b.history.empty() ? 0 : b.history.last().number;
  return std::make_tuple(epoch_a, a.position, -static_cast<int64_t>(a.ordinal)) >
         std::make_tuple(epoch_b, b.position, -static_cast<int64_t>(b.ordinal));
}

std::string Describe(const PeerProbe& peer) {
  return absl::StrCat("ordinal ", peer.ordinal, " (", peer.address, ")");
}

}  // namespace

std::vector<std::pair<uint32_t, std::string>> ListPeers(const std::string& peer_template,
                                                        int peers) {
  std::vector<std::pair<uint32_t, std::string>> out;
  const int limit = peers > 0 ? peers : kMaxProbedOrdinals;
  for (int ordinal = 1; ordinal < limit; ++ordinal) {
    std::string address = PeerAddress(peer_template, ordinal);
    if (peers == 0 && Resolve(address) != Resolution::kRemote) break;
    out.emplace_back(static_cast<uint32_t>(ordinal), std::move(address));
  }
  return out;
}

RecoveryDecision DecideRecovery(const std::vector<PeerProbe>& probes) {
  RecoveryDecision decision;
  const PeerProbe* best = nullptr;
  for (const PeerProbe& probe : probes) {
    if (probe.answer == PeerProbe::Answer::kSilent) {
      decision.kind = RecoveryDecision::Kind::kWait;
      decision.why = absl::StrCat(Describe(probe), " exists but does not answer (", probe.detail,
                                  "): waiting for it, since it may hold the newest data; "
                                  "ordinal 0 never starts a new history while a replica may "
                                  "hold the old one (--force_bootstrap discards it)");
      return decision;
    }
    if (probe.answer == PeerProbe::Answer::kHasData && (best == nullptr || MoreAdvanced(probe, *best))) {
      best = &probe;
    }
  }
  if (best == nullptr) {
    decision.kind = RecoveryDecision::Kind::kBootstrap;
    decision.why = probes.empty() ? "no replica exists: a new cluster"
                                  : "no replica holds data: a new cluster";
    return decision;
  }
  decision.kind = RecoveryDecision::Kind::kClone;
  decision.source = *best;
  decision.why = absl::StrCat("recovering from the most advanced replica, ", Describe(*best),
                              ", at position ", best->position, " of history ",
                              best->history.ToString(), " (cluster ", best->cluster_id, ")");
  return decision;
}

PrimaryRecovery::PrimaryRecovery(CloneSettings settings, std::string peer_template, int peers)
    : settings_(std::move(settings)), peer_template_(std::move(peer_template)), peers_(peers) {
  state_.set_state("probing");
}

PeerProbe PrimaryRecovery::Probe(uint32_t ordinal, const std::string& address) const {
  PeerProbe probe;
  probe.ordinal = ordinal;
  probe.address = address;
  auto stub = ordinal::v1::Admin::NewStub(
      grpc::CreateChannel(address, settings_.peer_credentials));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + kProbeTimeout));
  context.AddMetadata(kUserMetadataKey, "root");
  context.AddMetadata(kUserMetadataKey, settings_.user);
  context.AddMetadata(kPasswordMetadataKey, settings_.password);
  ordinal::v1::GetStatusResponse status;
  const grpc::Status call = stub->GetStatus(&context, ordinal::v1::GetStatusRequest(), &status);
  if (!call.ok()) {
    probe.detail = call.error_message();
    return probe;
  }
  if (status.node_state() == NodeStateName(NodeState::kSwapping)) {
    // Between its old store and a re-clone it shows no store: it holds data, so ask again.
    probe.detail = "it is swapping in a re-clone";
    return probe;
  }
  absl::StatusOr<engine::History> history = replication::HistoryFromProto(status.history());
  if (!history.ok()) {
    probe.detail = absl::StrCat("malformed history: ", history.status().message());
    return probe;
  }
  probe.cluster_id = status.cluster_id();
  probe.position = status.latest_position();
  probe.history = history->empty() && !probe.cluster_id.empty() ? engine::History::Legacy()
                                                                 : *std::move(history);
  probe.answer = probe.cluster_id.empty() || probe.position == 0 ? PeerProbe::Answer::kEmpty
                                                                 : PeerProbe::Answer::kHasData;
  return probe;
}

void PrimaryRecovery::SetState(const std::string& state, const std::string& detail,
                               const std::optional<PeerProbe>& source) {
  if (detail != last_logged_) {
    spdlog::info("recovery of ordinal 0: {}: {}", state, detail);
    last_logged_ = detail;
  }
  absl::MutexLock lock(&mu_);
  state_.set_state(state);
  state_.set_detail(detail);
  if (source.has_value()) {
    state_.set_source_ordinal(source->ordinal);
    state_.set_source_position(source->position);
  }
}

bool PrimaryRecovery::Sleep(absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  auto cancelled = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return cancelled_; };
  mu_.AwaitWithTimeout(absl::Condition(&cancelled), delay);
  return !cancelled_;
}

absl::StatusOr<std::optional<replication::CloneResult>> PrimaryRecovery::Run() {
  absl::BitGen random;
  absl::Duration backoff = kInitialBackoff;
  for (;;) {
    std::vector<PeerProbe> probes;
    for (const auto& [ordinal, address] : ListPeers(peer_template_, peers_)) {
      probes.push_back(Probe(ordinal, address));
    }
    const RecoveryDecision decision = DecideRecovery(probes);
    if (decision.kind == RecoveryDecision::Kind::kBootstrap) {
      SetState("done", decision.why, std::nullopt);
      return std::optional<replication::CloneResult>();
    }
    if (decision.kind == RecoveryDecision::Kind::kClone) {
      SetState("cloning", decision.why, decision.source);
      replication::CloneSinkOptions options;
      options.source_address = decision.source->address;
      options.user = settings_.user;
      options.password = settings_.password;
      options.data_dir = settings_.data_dir;
      options.requester_ordinal = 0;
      options.requester_address = settings_.own_address;
      options.channel_credentials = settings_.peer_credentials;
      options.max_attempts = 1;  // a failure probes again: the source may have gone
      replication::CloneSink sink(std::move(options));
      {
        absl::MutexLock lock(&mu_);
        if (cancelled_) return absl::CancelledError("recovery cancelled");
        sink_ = &sink;
      }
      absl::StatusOr<replication::CloneResult> result = sink.Run();
      {
        absl::MutexLock lock(&mu_);
        sink_ = nullptr;
        if (cancelled_) return absl::CancelledError("recovery cancelled");
      }
      if (result.ok()) {
        SetState("done", absl::StrCat("cloned ", Describe(*decision.source), " at position ",
                                      result->position),
                 decision.source);
        return std::optional<replication::CloneResult>(*std::move(result));
      }
      SetState("probing", absl::StrCat("the clone from ", Describe(*decision.source),
                                       " failed (", result.status().ToString(), "); probing again"),
               decision.source);
    } else {
      SetState("waiting", decision.why, std::nullopt);
    }
    if (!Sleep(backoff * absl::Uniform(random, 0.5, 1.0))) {
      return absl::CancelledError("recovery cancelled");
    }
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

void PrimaryRecovery::Cancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  if (sink_ != nullptr) sink_->Cancel();
}

ordinal::v1::RecoveryState PrimaryRecovery::State() const {
  absl::MutexLock lock(&mu_);
  return state_;
}

replication::CloneProgress PrimaryRecovery::Progress() const {
  absl::MutexLock lock(&mu_);
  return sink_ != nullptr ? sink_->Progress() : replication::CloneProgress();
}

}  // namespace ordinal::server
