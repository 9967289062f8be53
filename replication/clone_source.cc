#include "replication/clone_source.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "replication/history_proto.h"
#include "replication/clone_chunk_reader.h"
#include "replication/clone_files.h"
#include "spdlog/spdlog.h"

namespace ordinal::replication {
namespace fs = std::filesystem;
namespace v1 = ordinal::v1;

namespace {

constexpr char kCheckpointPrefix[] = "checkpoint-";
constexpr size_t kMaxChunkBytes = 16 << 20;
constexpr size_t kLegacyChunkBytes = 1 << 20;  // a request without max_chunk_bytes
constexpr int kMaxFilesInFlight = 16;
// Read ahead of the sender, per transfer. Small on purpose: the buffers are reused while
// they are still in the caches (measured: 32 MiB cost a third more CPU per byte).
constexpr size_t kQueuedBytes = 4 << 20;

double Megabytes(uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

// Removes a checkpoint directory at scope exit, however the transfer ended.
class CheckpointRemover {
 public:
  explicit CheckpointRemover(std::string dir) : dir_(std::move(dir)) {}
  ~CheckpointRemover() {
    std::error_code error;
    fs::remove_all(dir_, error);
    if (error) spdlog::error("clone: cannot remove checkpoint {}: {}", dir_, error.message());
  }

 private:
  std::string dir_;
};

}  // namespace

struct CloneSource::Transfer {
  const v1::SnapshotRequest& request;
  const Send& send;
  const Cancelled& cancelled;
  const SendChunk& send_chunk;
  v1::Manifest manifest;
  uint64_t bytes_sent = 0;
  uint64_t files_sent = 0;
  absl::Time started = absl::Now();
  absl::Time last_log = absl::Now();
};

CloneSource::CloneSource(engine::Snapshotter& db, CloneSourceOptions options)
    : db_(db),
      options_(std::move(options)),
      bucket_(options_.rate_limit_bytes_per_second,
              std::clamp<size_t>(options_.chunk_bytes, 1, kMaxChunkBytes)) {
  RemoveStaleCheckpoints();
}

CloneSource::~CloneSource() {
  Shutdown();
  WaitUntilIdle(absl::InfiniteFuture());
}

void CloneSource::RemoveStaleCheckpoints() {
  std::error_code error;
  for (fs::directory_iterator it(options_.scratch_dir, error), end; !error && it != end;
       it.increment(error)) {
    if (!absl::StartsWith(it->path().filename().string(), kCheckpointPrefix)) continue;
    spdlog::info("clone: removing checkpoint {} left by an earlier process", it->path().string());
    std::error_code ignored;  // a failure here leaves disk space, not a wrong answer
    fs::remove_all(it->path(), ignored);
  }
}

void CloneSource::Shutdown() {
  absl::MutexLock lock(&mu_);
  shutting_down_ = true;
}

bool CloneSource::WaitUntilIdle(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return counters_.active == 0; };
  return mu_.AwaitWithDeadline(absl::Condition(&idle), deadline);
}

CloneSourceCounters CloneSource::counters() const {
  absl::MutexLock lock(&mu_);
  return counters_;
}

absl::Status CloneSource::Admit(const v1::SnapshotRequest& request) {
  absl::MutexLock lock(&mu_);
  if (shutting_down_) return absl::UnavailableError("the clone source is shutting down");
  if (counters_.active >= options_.max_concurrent_clones) {
    ++counters_.clones_refused;
    return absl::ResourceExhaustedError(absl::StrCat(
        "this server already serves ", counters_.active, " clones (its maximum); retry later"));
  }
  ++counters_.active;
  return absl::OkStatus();
}

void CloneSource::Release(bool served) {
  absl::MutexLock lock(&mu_);
  --counters_.active;
  ++(served ? counters_.clones_served : counters_.clones_failed);
}

std::string CloneSource::NewCheckpointDir() {
  absl::MutexLock lock(&mu_);
  return absl::StrCat(options_.scratch_dir, "/", kCheckpointPrefix, getpid(), "-", next_id_++);
}

absl::Status CloneSource::Serve(const v1::SnapshotRequest& request, const Send& send,
                                const Cancelled& cancelled, const SendChunk& send_chunk) {
  for (const v1::VerifiedFile& file : request.verified_files()) {
    if (!IsSafeRelativeName(file.name())) {
      return absl::InvalidArgumentError(absl::StrCat("unsafe file name: ", file.name()));
    }
  }
  ORDINAL_RETURN_IF_ERROR(Admit(request));
  Transfer transfer{request, send, cancelled, send_chunk};
  spdlog::info("clone: serving a snapshot to ordinal {} ({}), {} files already verified there",
               request.requester_ordinal(), request.requester_address(),
               request.verified_files_size());
  absl::Status status;
  {
    std::error_code error;
    fs::create_directories(options_.scratch_dir, error);
    const std::string dir = NewCheckpointDir();
    CheckpointRemover remover(dir);
    status = error ? absl::InternalError(absl::StrCat("create ", options_.scratch_dir, ": ",
                                                      error.message()))
                   : ServeCheckpoint(transfer, dir);
  }
  Release(status.ok());
  if (status.ok()) {
    LogProgress(transfer, /*force=*/true);
  } else {
    spdlog::warn("clone: snapshot to ordinal {} ended after {:.1f} MB: {}",
                 request.requester_ordinal(), Megabytes(transfer.bytes_sent), status.ToString());
  }
  return status;
}

absl::Status CloneSource::ServeCheckpoint(Transfer& transfer, const std::string& dir) {
  const absl::Time checkpoint_started = absl::Now();
  absl::StatusOr<engine::CheckpointInfo> info = db_.CreateCheckpoint(dir);
  if (absl::IsFailedPrecondition(info.status())) {
    return absl::UnavailableError(info.status().message());
  }
  ORDINAL_RETURN_IF_ERROR(info.status());
  std::map<std::string, const v1::VerifiedFile*> verified;
  for (const v1::VerifiedFile& file : transfer.request.verified_files()) {
    verified[file.name()] = &file;
  }
  v1::Manifest& manifest = transfer.manifest;
  manifest.set_cluster_id(info->cluster_id);
  manifest.set_position(info->position);
  HistoryToProto(info->history, manifest.mutable_history());
  for (const std::string& name : info->files) {
    const std::string path = dir + "/" + name;
    std::error_code error;
    const uint64_t size = fs::file_size(path, error);
    if (error) return absl::InternalError(absl::StrCat("stat ", path, ": ", error.message()));
    v1::ManifestFile* file = manifest.add_files();
    file->set_name(name);
    file->set_size(size);
    // Table files are immutable and uniquely named: same name, size and checksum is the same
    // file. Other files (MANIFEST, CURRENT, WAL) are always sent. Only such a candidate is
    // read here; every sent file is hashed while it is read for sending (FileEnd).
    auto it = verified.find(name);
    if (absl::EndsWith(name, ".sst") && it != verified.end() && it->second->size() == size) {
      ORDINAL_ASSIGN_OR_RETURN(uint64_t checksum, FileChecksum(path));
      if (checksum == it->second->checksum()) {
        file->set_checksum(checksum);
        file->set_skipped(true);
      }
    }
    manifest.set_total_bytes(manifest.total_bytes() + size);
    if (!file->skipped()) manifest.set_bytes_to_send(manifest.bytes_to_send() + size);
  }
  spdlog::info(
      "clone: checkpoint at position {} ({} files, {:.1f} MB, {:.1f} MB to send) in {:.3f} s",
      manifest.position(), manifest.files_size(), Megabytes(manifest.total_bytes()),
      Megabytes(manifest.bytes_to_send()),
      absl::ToDoubleSeconds(absl::Now() - checkpoint_started));
  v1::SnapshotChunk first;
  *first.mutable_manifest() = manifest;
  if (!transfer.send(first)) return absl::CancelledError("the receiver went away");
  ORDINAL_RETURN_IF_ERROR(SendFiles(transfer, dir));
  v1::SnapshotChunk done;
  done.mutable_done()->set_files_sent(transfer.files_sent);
  done.mutable_done()->set_bytes_sent(transfer.bytes_sent);
  if (!transfer.send(done)) return absl::CancelledError("the receiver went away");
  return absl::OkStatus();
}

absl::Status CloneSource::SendFiles(Transfer& transfer, const std::string& dir) {
  const v1::SnapshotRequest& request = transfer.request;
  const size_t wanted = request.max_chunk_bytes() == 0
                            ? kLegacyChunkBytes
                            : std::min<size_t>(request.max_chunk_bytes(), kMaxChunkBytes);
  const size_t chunk_bytes = std::clamp<size_t>(options_.chunk_bytes, 1, wanted);
  const int in_flight = std::clamp<int>(
      std::min<uint32_t>(request.files_in_flight(), kMaxFilesInFlight), 1,
      std::max(1, options_.max_files_in_flight));
  std::vector<CloneChunkReader::File> files;
  for (uint32_t index = 0; index < static_cast<uint32_t>(transfer.manifest.files_size());
       ++index) {
    const v1::ManifestFile& file = transfer.manifest.files(index);
    if (!file.skipped()) files.push_back({index, dir + "/" + file.name(), file.size()});
  }
  CloneChunkReader reader(std::move(files), chunk_bytes, in_flight,
                          std::max<size_t>(2, kQueuedBytes / chunk_bytes), options_.direct_reads);
  v1::SnapshotChunk message;
  CloneChunkReader::Item item;
  while (true) {
    ORDINAL_ASSIGN_OR_RETURN(bool more, reader.Next(item));
    if (!more) return absl::OkStatus();
    if (item.end) {
      v1::SnapshotChunk end;
      end.mutable_file_end()->set_file_index(item.file_index);
      end.mutable_file_end()->set_checksum(item.checksum);
      if (!transfer.send(end)) return absl::CancelledError("the receiver went away");
      ++transfer.files_sent;
      continue;
    }
    ORDINAL_RETURN_IF_ERROR(SendOneChunk(transfer, reader, item, message));
  }
}

absl::Status CloneSource::SendOneChunk(Transfer& transfer, CloneChunkReader& reader,
                                       CloneChunkReader::Item& item, v1::SnapshotChunk& message) {
  const uint64_t bytes = item.data.size;
  if (!Throttle(transfer, bucket_.Take(bytes))) return CheckContinue(transfer);
  ORDINAL_RETURN_IF_ERROR(CheckContinue(transfer));
  bool sent = false;
  if (transfer.send_chunk && !options_.test_only_mutate_chunk) {
    // The buffer goes to the transport as it is and comes back to the reader's pool.
    sent = transfer.send_chunk(item.file_index, item.offset, std::move(item.data),
                               reader.Recycler());
  } else {
    v1::FileChunk* chunk = message.mutable_chunk();
    chunk->set_file_index(item.file_index);
    chunk->set_offset(item.offset);
    // The bytes move into the message: no copy when they fill their buffer.
    std::string& data = item.data.storage;
    data.resize(item.data.begin + item.data.size);
    data.erase(0, item.data.begin);
    chunk->mutable_data()->swap(data);
    if (options_.test_only_mutate_chunk) options_.test_only_mutate_chunk(*chunk);
    sent = transfer.send(message);
    reader.Recycle(std::move(*chunk->mutable_data()));
    chunk->mutable_data()->clear();
  }
  if (!sent) return absl::CancelledError("the receiver went away");
  transfer.bytes_sent += bytes;
  {
    absl::MutexLock lock(&mu_);
    counters_.bytes_sent += bytes;
  }
  LogProgress(transfer, /*force=*/false);
  return absl::OkStatus();
}

absl::Status CloneSource::CheckContinue(const Transfer& transfer) const {
  {
    absl::MutexLock lock(&mu_);
    if (shutting_down_) return absl::UnavailableError("the clone source is shutting down");
  }
  if (transfer.cancelled && transfer.cancelled()) {
    return absl::CancelledError("the receiver cancelled the clone");
  }
  return absl::OkStatus();
}

bool CloneSource::Throttle(Transfer& transfer, absl::Duration delay) {
  // The sync gRPC API has no cancellation callback: look at the call every 50 ms.
  const absl::Time until = absl::Now() + delay;
  while (true) {
    if (!CheckContinue(transfer).ok()) return false;
    const absl::Time now = absl::Now();
    if (now >= until) return true;
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithDeadline(absl::Condition(&shutting_down_),
                          std::min(until, now + absl::Milliseconds(50)));
  }
}

void CloneSource::LogProgress(Transfer& transfer, bool force) {
  const absl::Time now = absl::Now();
  if (!force && now - transfer.last_log < options_.progress_log_interval) return;
  transfer.last_log = now;
  const double seconds = std::max(1e-3, absl::ToDoubleSeconds(now - transfer.started));
  spdlog::info("clone: to ordinal {}: sent {:.1f} of {:.1f} MB, {} files, {:.1f} MB/s",
               transfer.request.requester_ordinal(), Megabytes(transfer.bytes_sent),
               Megabytes(transfer.manifest.bytes_to_send()), transfer.files_sent,
               Megabytes(transfer.bytes_sent) / seconds);
}

}  // namespace ordinal::replication
