#include "replication/log_archiver.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "spdlog/spdlog.h"

namespace ordinal::replication {
namespace {

constexpr absl::Duration kWakeInterval = absl::Milliseconds(200);
constexpr absl::Duration kRetentionInterval = absl::Minutes(1);
constexpr uint64_t kSyncEveryBytes = 4ull << 20;

}  // namespace

absl::StatusOr<std::unique_ptr<LogArchiver>> LogArchiver::Start(
    engine::CommitLog& log, LogArchiveWriterOptions options) {
  options.cluster_id = log.ClusterId();
  const std::string dir = options.dir;
  ORDINAL_ASSIGN_OR_RETURN(std::unique_ptr<LogArchiveWriter> writer,
                           LogArchiveWriter::Open(std::move(options)));
  std::unique_ptr<LogArchiver> archiver(new LogArchiver(log, std::move(writer)));
  {
    absl::MutexLock lock(&archiver->mu_);
    archiver->figures_.archived_position = archiver->writer_->last_position();
  }
  spdlog::info("log archive: archiving to {} after position {}", dir,
               archiver->writer_->last_position());
  archiver->thread_ = std::thread([a = archiver.get()] { a->Run(); });
  return archiver;
}

LogArchiver::~LogArchiver() { Stop(); }

void LogArchiver::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

LogArchiverFigures LogArchiver::Figures() const {
  absl::MutexLock lock(&mu_);
  return figures_;
}

void LogArchiver::Fail(const absl::Status& status) {
  spdlog::error("log archive: {}", status.ToString());
  absl::MutexLock lock(&mu_);
  figures_.last_error = status.ToString();
}

void LogArchiver::Run() {
  bool after_gap = false;
  absl::Time last_retention = absl::InfinitePast();
  while (!stop_) {
    absl::Status status = CatchUp(after_gap);
    if (status.ok()) status = writer_->Sync();
    if (!status.ok()) {
      Fail(status);
      for (int i = 0; i < 5 && !stop_; ++i) absl::SleepFor(kWakeInterval);  // then retry
      continue;
    }
    {
      absl::MutexLock lock(&mu_);
      figures_.archived_position = writer_->last_position();
      figures_.last_error.clear();
    }
    if (absl::Now() - last_retention >= kRetentionInterval) {
      last_retention = absl::Now();
      absl::StatusOr<int> removed = writer_->ApplyRetention();
      if (!removed.ok()) Fail(removed.status());
      if (removed.ok() && *removed > 0) spdlog::info("log archive: removed {} old segment(s)", *removed);
    }
    log_.WaitForCommitAfter(writer_->last_position(), absl::Now() + kWakeInterval);
  }
  if (absl::Status status = writer_->Sync(); !status.ok()) Fail(status);
}

absl::Status LogArchiver::CatchUp(bool& after_gap) {
  uint64_t start = writer_->last_position();
  if (start == 0) {
    ORDINAL_ASSIGN_OR_RETURN(start, log_.OldestRetainedPosition());
  }
  absl::StatusOr<std::unique_ptr<engine::LogCursor>> cursor = log_.OpenLog(start);
  uint64_t unsynced = 0;
  while (!stop_) {
    absl::StatusOr<std::optional<engine::LogBatch>> next =
        cursor.ok() ? (*cursor)->Next() : absl::StatusOr<std::optional<engine::LogBatch>>(
                                              cursor.status());
    if (absl::IsOutOfRange(next.status())) {
      ORDINAL_ASSIGN_OR_RETURN(const uint64_t oldest, log_.OldestRetainedPosition());
      spdlog::error("log archive: GAP: the log no longer holds the batch after position {} "
                    "(oldest retained: {}); archiving continues after {} in a new segment, and "
                    "no restore can cross positions {}..{}",
                    writer_->last_position(), oldest, oldest, writer_->last_position() + 1,
                    oldest);
      {
        absl::MutexLock lock(&mu_);
        ++figures_.gaps;
      }
      after_gap = true;
      cursor = log_.OpenLog(oldest);
      if (!cursor.ok()) return cursor.status();
      continue;
    }
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    ArchivedBatch record{std::move(**next), absl::ToUnixMicros(absl::Now())};
    ORDINAL_RETURN_IF_ERROR(writer_->Append(record, after_gap));
    after_gap = false;
    const uint64_t size = record.batch.data.size() + kArchiveRecordHeader + kArchivePayloadHeader;
    unsynced += size;
    {
      absl::MutexLock lock(&mu_);
      ++figures_.batches;
      figures_.bytes += size;
    }
    if (unsynced >= kSyncEveryBytes) {
      ORDINAL_RETURN_IF_ERROR(writer_->Sync());
      unsynced = 0;
      absl::MutexLock lock(&mu_);
      figures_.archived_position = writer_->last_position();
    }
  }
  return absl::OkStatus();
}

}  // namespace ordinal::replication
