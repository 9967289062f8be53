#include "replication/clone_source.h"

#include <fcntl.h>
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
#include "replication/clone_files.h"
#include "spdlog/spdlog.h"
#include "xxhash.h"

namespace ordinal::replication {
namespace fs = std::filesystem;
namespace v1 = ordinal::v1;

namespace {

constexpr char kCheckpointPrefix[] = "checkpoint-";
constexpr size_t kMaxChunkBytes = 1 << 20;

double Megabytes(uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

// Reads exactly `size` bytes at `offset` (a checkpoint file does not change while served).
absl::Status ReadFully(int fd, char* out, size_t size, uint64_t offset, const std::string& path) {
  for (size_t done = 0; done < size;) {
    const ssize_t n = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::InternalError(absl::StrCat("read ", path, ": ", strerror(errno)));
    if (n == 0) return absl::InternalError(absl::StrCat("short read of ", path, " at ", offset));
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

// Asks the kernel to read the whole file into the page cache in the background (advice only).
void ReadAhead(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;  // SendFile reports the error when it gets there
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
  ::close(fd);
}

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
                                const Cancelled& cancelled) {
  for (const v1::VerifiedFile& file : request.verified_files()) {
    if (!IsSafeRelativeName(file.name())) {
      return absl::InvalidArgumentError(absl::StrCat("unsafe file name: ", file.name()));
    }
  }
  ORDINAL_RETURN_IF_ERROR(Admit(request));
  Transfer transfer{request, send, cancelled};
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
  std::vector<uint32_t> sent;
  for (uint32_t index = 0; index < static_cast<uint32_t>(manifest.files_size()); ++index) {
    if (!manifest.files(index).skipped()) sent.push_back(index);
  }
  for (size_t i = 0; i < sent.size(); ++i) {
    // The next file is read ahead while this one is on the wire, so the stream does not
    // stop at the file boundary to wait for the disk.
    if (i + 1 < sent.size()) ReadAhead(dir + "/" + manifest.files(sent[i + 1]).name());
    ORDINAL_RETURN_IF_ERROR(SendFile(transfer, dir, sent[i]));
  }
  v1::SnapshotChunk done;
  done.mutable_done()->set_files_sent(transfer.files_sent);
  done.mutable_done()->set_bytes_sent(transfer.bytes_sent);
  if (!transfer.send(done)) return absl::CancelledError("the receiver went away");
  return absl::OkStatus();
}

absl::Status CloneSource::SendFile(Transfer& transfer, const std::string& dir, uint32_t index) {
  const v1::ManifestFile& file = transfer.manifest.files(index);
  const std::string path = dir + "/" + file.name();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::InternalError(absl::StrCat("open ", path, ": ", strerror(errno)));
  absl::Cleanup closer = [fd] { ::close(fd); };
  // Read-ahead of the whole file while earlier chunks are on the wire (advice only).
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
  XXH3_state_t* state = XXH3_createState();
  absl::Cleanup freer = [state] { XXH3_freeState(state); };
  XXH3_64bits_reset(state);
  const size_t chunk_bytes = std::clamp<size_t>(options_.chunk_bytes, 1, kMaxChunkBytes);
  v1::SnapshotChunk message;
  uint64_t offset = 0;
  do {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(chunk_bytes, file.size() - offset));
    v1::FileChunk* chunk = message.mutable_chunk();
    chunk->set_file_index(index);
    chunk->set_offset(offset);
    std::string* data = chunk->mutable_data();
    data->resize(want);  // the string's buffer is reused from chunk to chunk
    ORDINAL_RETURN_IF_ERROR(ReadFully(fd, data->data(), want, offset, path));
    XXH3_64bits_update(state, data->data(), want);
    ORDINAL_RETURN_IF_ERROR(SendChunk(transfer, message));
    offset += want;
  } while (offset < file.size());
  v1::SnapshotChunk end;
  end.mutable_file_end()->set_file_index(index);
  end.mutable_file_end()->set_checksum(XXH3_64bits_digest(state));
  if (!transfer.send(end)) return absl::CancelledError("the receiver went away");
  ++transfer.files_sent;
  return absl::OkStatus();
}

absl::Status CloneSource::SendChunk(Transfer& transfer, v1::SnapshotChunk& message) {
  const uint64_t bytes = message.chunk().data().size();
  if (!Throttle(transfer, bucket_.Take(bytes))) return CheckContinue(transfer);
  ORDINAL_RETURN_IF_ERROR(CheckContinue(transfer));
  if (options_.test_only_mutate_chunk) options_.test_only_mutate_chunk(*message.mutable_chunk());
  if (!transfer.send(message)) return absl::CancelledError("the receiver went away");
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
