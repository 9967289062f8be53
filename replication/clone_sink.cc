#include "replication/clone_sink.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/database.h"
#include "replication/backoff.h"
#include "replication/clone_receiver.h"
#include "replication/snapshot_reader.h"
#include "spdlog/spdlog.h"

namespace ordinal::replication {
namespace v1 = ordinal::v1;
namespace {

double Megabytes(uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

bool Retryable(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kCancelled:  // the source cancelled (our own Cancel is checked first)
    case absl::StatusCode::kUnknown:
      return true;
    default:
      return false;
  }
}

}  // namespace

CloneSink::CloneSink(CloneSinkOptions options)
    : options_(std::move(options)), paths_(options_.data_dir) {
  absl::MutexLock lock(&mu_);
  progress_.source_address = options_.source_address;
}

void CloneSink::Cancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  if (context_ != nullptr) context_->TryCancel();
}

bool CloneSink::cancelled() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

CloneProgress CloneSink::Progress() const {
  absl::MutexLock lock(&mu_);
  return progress_;
}

void CloneSink::SetState(const char* state) {
  {
    absl::MutexLock lock(&mu_);
    progress_.state = state;
  }
  if (options_.on_progress) options_.on_progress();
}

absl::StatusOr<CloneResult> CloneSink::Run() {
  const absl::Time started = absl::Now();
  ORDINAL_RETURN_IF_ERROR(FinishInterruptedInstall(options_.data_dir));
  Backoff backoff(options_.initial_backoff, options_.max_backoff);
  CloneResult result;
  for (int attempt = 1;; ++attempt) {
    {
      absl::MutexLock lock(&mu_);
      progress_.attempt = attempt;
    }
    result.attempts = attempt;
    absl::Status status = cancelled() ? absl::CancelledError("clone cancelled")
                                      : RunAttempt(result);
    if (status.ok()) break;
    {
      absl::MutexLock lock(&mu_);
      progress_.last_error = status.ToString();
    }
    if (cancelled() || simulated_crash_ || !Retryable(status) ||
        attempt >= options_.max_attempts) {
      spdlog::error("clone: from {} failed after {} attempt(s): {}", options_.source_address,
                    attempt, status.ToString());
      SetState("failed");
      return status;
    }
    const absl::Duration delay = backoff.Next();
    spdlog::warn("clone: attempt {} from {} failed ({}); retrying in {}", attempt,
                 options_.source_address, status.ToString(), absl::FormatDuration(delay));
    SetState("retrying");
    if (!WaitBackoff(delay)) {
      SetState("failed");
      return absl::CancelledError("clone cancelled");
    }
  }
  {
    absl::MutexLock lock(&mu_);
    result.bytes = total_received_;
  }
  result.seconds = absl::ToDoubleSeconds(absl::Now() - started);
  spdlog::info("clone: installed {} at position {} ({:.1f} MB received in {:.1f} s, {} attempts)",
               options_.data_dir, result.position, Megabytes(result.bytes), result.seconds,
               result.attempts);
  SetState("done");
  return result;
}

bool CloneSink::WaitBackoff(absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&cancelled_), delay);
  return !cancelled_;
}

absl::Status CloneSink::RunAttempt(CloneResult& result) {
  SetState("connecting");
  CloneReceiver receiver(
      paths_, [this](uint64_t bytes, bool verified) { OnWritten(bytes, verified); },
      FilesInFlight());
  ORDINAL_ASSIGN_OR_RETURN(std::vector<StagedFile> kept, receiver.Resume());
  grpc::ClientContext context;
  {
    absl::MutexLock lock(&mu_);
    if (cancelled_) return absl::CancelledError("clone cancelled");
    context_ = &context;
  }
  const absl::Time attempt_started = absl::Now();
  absl::Status status = ReceiveStream(receiver, context, kept);
  absl::Time transfer_started;
  uint64_t bytes = 0;
  {
    absl::MutexLock lock(&mu_);
    context_ = nullptr;
    transfer_started = attempt_started_;
    bytes = progress_.bytes_received;
  }
  if (cancelled()) return absl::CancelledError("clone cancelled");
  ORDINAL_RETURN_IF_ERROR(status);
  ORDINAL_RETURN_IF_ERROR(receiver.OnDone());
  const absl::Time transfer_ended = absl::Now();
  ORDINAL_RETURN_IF_ERROR(Install(receiver.manifest(), result.files));
  result.manifest = receiver.manifest();
  result.position = receiver.manifest().position();
  result.cluster_id = receiver.manifest().cluster_id();
  result.transfer_seconds = absl::ToDoubleSeconds(transfer_ended - transfer_started);
  const double transfer = std::max(1e-6, result.transfer_seconds);
  spdlog::info("clone: timings: connect and checkpoint {:.3f} s, transfer {:.3f} s "
               "({:.1f} MB verified and synced, {:.1f} MB/s), install {:.3f} s",
               absl::ToDoubleSeconds(transfer_started - attempt_started), transfer,
               Megabytes(bytes), Megabytes(bytes) / transfer,
               absl::ToDoubleSeconds(absl::Now() - transfer_ended));
  return absl::OkStatus();
}

// Feeds the stream to the receiver: checks the manifest first (accept_manifest) and starts
// the attempt's progress when it arrives.
class CloneSink::Consumer final : public SnapshotConsumer {
 public:
  Consumer(CloneSink& sink, CloneReceiver& receiver, size_t kept)
      : sink_(sink), receiver_(receiver), kept_(kept) {}

  absl::Status OnManifest(const v1::Manifest& manifest) override {
    if (sink_.options_.accept_manifest) {
      ORDINAL_RETURN_IF_ERROR(sink_.options_.accept_manifest(manifest));
    }
    ORDINAL_RETURN_IF_ERROR(receiver_.OnManifest(manifest));
    absl::MutexLock lock(&sink_.mu_);
    CloneProgress fresh;
    fresh.state = "receiving";
    fresh.source_address = sink_.options_.source_address;
    fresh.attempt = sink_.progress_.attempt;
    fresh.position = manifest.position();
    fresh.cluster_id = manifest.cluster_id();
    fresh.files_total = static_cast<uint64_t>(manifest.files_size());
    fresh.files_verified = kept_;
    fresh.bytes_total = manifest.bytes_to_send();
    fresh.bytes_kept = manifest.total_bytes() - manifest.bytes_to_send();
    sink_.progress_ = std::move(fresh);
    sink_.attempt_started_ = sink_.last_log_ = absl::Now();
    return absl::OkStatus();
  }
  absl::Status OnChunk(const ReceivedChunk& chunk) override { return receiver_.OnChunk(chunk); }
  absl::Status OnFileEnd(const v1::FileEnd& end) override { return receiver_.OnFileEnd(end); }

 private:
  CloneSink& sink_;
  CloneReceiver& receiver_;
  const size_t kept_;
};

absl::Status CloneSink::ReceiveStream(CloneReceiver& receiver, grpc::ClientContext& context,
                                      const std::vector<StagedFile>& kept) {
  SnapshotCall call;
  call.source_address = options_.source_address;
  call.user = options_.user;
  call.password = options_.password;
  call.channel_credentials = options_.channel_credentials;
  call.request.set_requester_ordinal(options_.requester_ordinal);
  call.request.set_requester_address(options_.requester_address);
  call.request.set_for_backup(options_.for_backup);
  call.request.set_files_in_flight(FilesInFlight());
  call.request.set_max_chunk_bytes(options_.max_chunk_bytes);
  for (const StagedFile& file : kept) {
    v1::VerifiedFile* verified = call.request.add_verified_files();
    verified->set_name(file.name);
    verified->set_size(file.size);
    verified->set_checksum(file.checksum);
  }
  Consumer consumer(*this, receiver, kept.size());
  return ReadSnapshot(call, context, consumer);
}

void CloneSink::OnWritten(uint64_t bytes, bool file_verified) {
  {
    absl::MutexLock lock(&mu_);
    progress_.bytes_received += bytes;
    total_received_ += bytes;
    if (file_verified) ++progress_.files_verified;
    const absl::Time now = absl::Now();
    const double seconds = absl::ToDoubleSeconds(now - attempt_started_);
    if (seconds > 0) progress_.bytes_per_second = progress_.bytes_received / seconds;
    const uint64_t remaining =
        progress_.bytes_total - std::min(progress_.bytes_total, progress_.bytes_received);
    progress_.eta_seconds =
        progress_.bytes_per_second > 0 ? remaining / progress_.bytes_per_second : 0;
    if (now - last_log_ >= options_.progress_log_interval) {
      last_log_ = now;
      spdlog::info("clone: from {}: {:.1f} of {:.1f} MB, {} of {} files, {:.1f} MB/s, ETA {:.0f} s",
                   options_.source_address, Megabytes(progress_.bytes_received),
                   Megabytes(progress_.bytes_total), progress_.files_verified,
                   progress_.files_total, Megabytes(progress_.bytes_per_second),
                   progress_.eta_seconds);
    }
  }
  if (options_.on_progress) options_.on_progress();
}

absl::Status CloneSink::Step(std::string_view step) {
  if (!options_.test_only_step_hook) return absl::OkStatus();
  absl::Status status = options_.test_only_step_hook(step);
  simulated_crash_ = !status.ok();
  return status;
}

absl::Status CloneSink::Install(const v1::Manifest& manifest, std::vector<StagedFile>& files) {
  SetState("installing");
  ORDINAL_RETURN_IF_ERROR(Step("received"));
  ORDINAL_ASSIGN_OR_RETURN(files, ReadStagedFiles(paths_));
  if (options_.prepare_store) {
    ORDINAL_RETURN_IF_ERROR(engine::Database::PrepareClonedDirectory(
        paths_.staging, manifest.position(), manifest.cluster_id()));
  }
  ORDINAL_RETURN_IF_ERROR(Step("prepared"));
  ORDINAL_RETURN_IF_ERROR(CompleteStaging(paths_));
  ORDINAL_RETURN_IF_ERROR(Step("completed"));
  return InstallStaging(paths_);
}

}  // namespace ordinal::replication
