#include "server/clone_node.h"

#include <atomic>
#include <filesystem>
#include <system_error>
#include <utility>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "proto/status_mapping.h"
#include "ordinal/v1/admin.grpc.pb.h"
#include "replication/clone_install.h"
#include "server/grpc_tls.h"
#include "server/role.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {
namespace {

constexpr absl::Duration kInitialBackoff = absl::Milliseconds(200);
constexpr absl::Duration kMaxBackoff = absl::Seconds(5);
constexpr absl::Duration kWaitLogInterval = absl::Seconds(5);
constexpr absl::Duration kProgressLogInterval = absl::Seconds(2);
constexpr absl::Duration kProbeTimeout = absl::Seconds(3);

// TEST ONLY (--testonly_corrupt_clone_chunk): flips a byte of the n-th chunk, once.
std::function<void(ordinal::v1::FileChunk&)> CorruptNthChunk(int n) {
  if (n <= 0) return nullptr;
  auto seen = std::make_shared<std::atomic<int>>(0);
  return [n, seen](ordinal::v1::FileChunk& chunk) {
    if (seen->fetch_add(1) + 1 != n || chunk.data().empty()) return;
    spdlog::warn("clone: TEST ONLY: corrupting chunk {} (file {}, offset {})", n,
                 chunk.file_index(), chunk.offset());
    (*chunk.mutable_data())[0] ^= 0x5a;
  };
}

bool GotManifest(const replication::CloneProgress& progress) { return progress.position != 0; }

}  // namespace

CloneSettings CloneSettingsFor(const Config& config, int ordinal, const PeerCredentials& peer) {
  CloneSettings settings;
  std::string data_dir = config.data_dir;
  while (data_dir.size() > 1 && data_dir.back() == '/') data_dir.pop_back();
  settings.data_dir = data_dir;
  settings.scratch_dir = data_dir + ".clone-scratch";
  settings.ordinal = static_cast<uint32_t>(ordinal);
  settings.own_address = PeerAddress(config.peer_template, ordinal);
  if (ordinal > 0) settings.predecessor_address = PeerAddress(config.peer_template, ordinal - 1);
  settings.primary_address = PeerAddress(config.peer_template, 0);
  settings.user = peer.user;
  settings.password = peer.password;
  settings.rate_limit_bytes_per_second = config.clone_rate_limit_mb << 20;
  settings.max_concurrent = config.clone_max_concurrent;
  settings.direct_source_reads = config.clone_source_reads == "direct";
  settings.auto_reclone = config.auto_reclone;
  settings.reclone_on_divergence = config.on_divergence == "reclone";
  settings.testonly_corrupt_chunk = config.testonly_corrupt_clone_chunk;
  settings.peer_credentials = PeerChannelCredentials(TlsFilesFor(config, ordinal));
  return settings;
}

std::string RecloneDir(const std::string& data_dir) { return data_dir + ".reclone"; }

CloneServing::CloneServing(engine::Snapshotter& db, const CloneSettings& settings,
                           replication::CloneService::Authenticate authenticate) {
  replication::CloneSourceOptions options;
  options.scratch_dir = settings.scratch_dir;
  options.max_concurrent_clones = settings.max_concurrent;
  options.rate_limit_bytes_per_second = settings.rate_limit_bytes_per_second;
  options.direct_reads = settings.direct_source_reads;
  options.test_only_mutate_chunk = CorruptNthChunk(settings.testonly_corrupt_chunk);
  source_ = std::make_unique<replication::CloneSource>(db, std::move(options));
  service_ = std::make_unique<replication::CloneService>(*source_, std::move(authenticate));
  if (settings.rate_limit_bytes_per_second > 0) {
    spdlog::info("clone: serving snapshots at up to {} MiB/s, {} at once",
                 settings.rate_limit_bytes_per_second >> 20, settings.max_concurrent);
  }
}

CloneDriver::CloneDriver(CloneSettings settings, std::string target_dir)
    : settings_(std::move(settings)), target_dir_(std::move(target_dir)) {}

absl::Status CloneDriver::CheckRetained(const ordinal::v1::Manifest& manifest) {
  auto channel = grpc::CreateChannel(settings_.primary_address, settings_.peer_credentials);
  auto stub = ordinal::v1::Admin::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + kProbeTimeout));
  context.AddMetadata("x-ordinal-user", "root");
  context.AddMetadata(kUserMetadataKey, settings_.user);
  context.AddMetadata(kPasswordMetadataKey, settings_.password);
  ordinal::v1::GetStatusResponse status;
  grpc::Status call = stub->GetStatus(&context, ordinal::v1::GetStatusRequest(), &status);
  if (!call.ok()) {
    spdlog::warn("clone: cannot ask the primary {} for its retained log ({}); accepting the "
                 "snapshot at position {}", settings_.primary_address, call.error_message(),
                 manifest.position());
    return absl::OkStatus();
  }
  if (status.oldest_retained_position() > manifest.position()) {
    rejected_as_purged_ = true;
    return absl::FailedPreconditionError(absl::StrCat(
        "the snapshot of ordinal ", settings_.ordinal - 1, " is at position ",
        manifest.position(), ", older than the primary's retained log (oldest ",
        status.oldest_retained_position(), "): it could never catch up"));
  }
  return absl::OkStatus();
}

void CloneDriver::NoteFailure(const std::string& source, const absl::Status& status,
                              bool got_manifest) {
  if (rejected_as_purged_) {
    rejected_as_purged_ = false;
    use_primary_ = true;
    spdlog::warn("clone: {}; cloning from the primary {} instead", std::string(status.message()),
                 settings_.primary_address);
    return;
  }
  if (got_manifest) {
    spdlog::warn("clone: transfer from {} broke ({}); retrying", source, status.ToString());
    return;
  }
  const absl::Time now = absl::Now();
  if (now - last_wait_log_ < kWaitLogInterval) return;
  last_wait_log_ = now;
  const uint32_t from = use_primary_ ? 0 : settings_.ordinal - 1;
  spdlog::info("waiting for ordinal {} ({}) to serve: {}", from, source, std::string(status.message()));
}

absl::StatusOr<replication::CloneResult> CloneDriver::Run() {
  absl::BitGen random;
  absl::Duration backoff = kInitialBackoff;
  for (;;) {
    const std::string source = use_primary_ || settings_.ordinal == 1
                                   ? settings_.primary_address
                                   : settings_.predecessor_address;
    replication::CloneSinkOptions options;
    options.source_address = source;
    options.user = settings_.user;
    options.password = settings_.password;
    options.data_dir = target_dir_;
    options.requester_ordinal = settings_.ordinal;
    options.requester_address = settings_.own_address;
    options.channel_credentials = settings_.peer_credentials;
    options.max_attempts = 1;  // retried here, with the waiting log and the source choice
    options.progress_log_interval = kProgressLogInterval;
    if (source != settings_.primary_address) {
      options.accept_manifest = [this](const ordinal::v1::Manifest& manifest) {
        return CheckRetained(manifest);
      };
    }
    replication::CloneSink sink(std::move(options));
    {
      absl::MutexLock lock(&mu_);
      if (cancelled_) return absl::CancelledError("clone cancelled");
      sink_ = &sink;
    }
    absl::StatusOr<replication::CloneResult> result = sink.Run();
    const replication::CloneProgress progress = sink.Progress();
    {
      absl::MutexLock lock(&mu_);
      sink_ = nullptr;
      last_progress_ = progress;
      bytes_before_ += result.ok() ? result->bytes : progress.bytes_received;
      if (cancelled_) return absl::CancelledError("clone cancelled");
    }
    if (result.ok()) return result;
    NoteFailure(source, result.status(), GotManifest(progress));
    if (GotManifest(progress)) backoff = kInitialBackoff;
    if (!Sleep(backoff * absl::Uniform(random, 0.5, 1.0))) {
      return absl::CancelledError("clone cancelled");
    }
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

bool CloneDriver::Sleep(absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  auto cancelled = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return cancelled_; };
  mu_.AwaitWithTimeout(absl::Condition(&cancelled), delay);
  return !cancelled_;
}

void CloneDriver::Cancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  if (sink_ != nullptr) sink_->Cancel();
}

replication::CloneProgress CloneDriver::Progress() const {
  absl::MutexLock lock(&mu_);
  if (sink_ != nullptr) return sink_->Progress();
  return last_progress_;
}

uint64_t CloneDriver::BytesReceived() const {
  absl::MutexLock lock(&mu_);
  return bytes_before_ + (sink_ != nullptr ? sink_->Progress().bytes_received : 0);
}

void FillCloningState(const replication::CloneProgress& progress,
                      ordinal::v1::ReplicationState& state) {
  state.set_state("cloning");
  state.set_clone_bytes_done(progress.bytes_received + progress.bytes_kept);
  state.set_clone_bytes_total(progress.bytes_total + progress.bytes_kept);
  state.set_clone_bytes_per_second(progress.bytes_per_second);
  state.set_clone_eta_seconds(progress.eta_seconds);
  state.set_clone_source(progress.source_address);
  if (!progress.last_error.empty()) state.set_last_error(progress.last_error);
}

void FillTargetFigures(const CloneDriver* driver, uint64_t bytes_received_before,
                       CloneFigures& figures) {
  figures.target = true;
  figures.bytes_received = bytes_received_before;
  figures.progress_ratio = 1;
  if (driver == nullptr) return;
  figures.bytes_received += driver->BytesReceived();
  const replication::CloneProgress progress = driver->Progress();
  const uint64_t total = progress.bytes_total + progress.bytes_kept;
  figures.progress_ratio =
      total == 0 ? 0
                 : static_cast<double>(progress.bytes_received + progress.bytes_kept) /
                       static_cast<double>(total);
}

absl::Status SwapInReclone(const std::string& data_dir) {
  const std::string reclone = RecloneDir(data_dir);
  if (replication::NeedsClone(reclone)) {
    return absl::FailedPreconditionError(absl::StrCat("no complete re-clone in ", reclone));
  }
  const replication::ClonePaths paths(data_dir);
  std::error_code error;
  std::filesystem::remove_all(paths.staging, error);  // an older, unfinished staging copy
  if (error) return absl::InternalError(absl::StrCat("cannot remove ", paths.staging, ": ",
                                                     error.message()));
  std::filesystem::rename(reclone, paths.staging, error);
  if (error) {
    return absl::InternalError(absl::StrCat("cannot move ", reclone, " to ", paths.staging,
                                            ": ", error.message()));
  }
  // A staging directory without the marker is complete: this installs it durably.
  return replication::FinishInterruptedInstall(data_dir);
}

}  // namespace ordinal::server
