#include "replication/log_archive_format.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "replication/clone_files.h"

namespace ordinal::replication {
namespace fs = std::filesystem;
namespace {

constexpr size_t kSegmentDigits = 20;
constexpr char kSegmentSuffix[] = ".log";
constexpr uint32_t kMaxPayload = 1u << 30;

void PutFixed(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t GetFixed(std::string_view in, size_t offset, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) {
    value |= static_cast<uint64_t>(static_cast<unsigned char>(in[offset + i])) << (8 * i);
  }
  return value;
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InternalError(absl::StrCat("cannot read ", path));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::InternalError(absl::StrCat("error reading ", path));
  return bytes;
}

absl::Status Corrupt(size_t offset, std::string_view what) {
  return absl::DataLossError(absl::StrCat("log archive record at byte ", offset, ": ",
                                          absl::string_view(what.data(), what.size())));
}

}  // namespace

std::string SegmentName(uint64_t first_sequence) {
  return absl::StrFormat("%020u%s", first_sequence, kSegmentSuffix);
}

absl::StatusOr<std::vector<ArchiveSegment>> ListSegments(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    return absl::NotFoundError(absl::StrCat("no log archive directory ", dir));
  }
  std::vector<ArchiveSegment> segments;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() != kSegmentDigits + strlen(kSegmentSuffix) ||
        !absl::EndsWith(name, kSegmentSuffix)) {
      continue;
    }
    uint64_t first = 0;
    if (!absl::SimpleAtoi(name.substr(0, kSegmentDigits), &first)) continue;
    segments.push_back({entry.path().string(), first});
  }
  if (error) return absl::InternalError(absl::StrCat("listing ", dir, ": ", error.message()));
  std::sort(segments.begin(), segments.end(),
            [](const ArchiveSegment& a, const ArchiveSegment& b) {
              return a.first_sequence < b.first_sequence;
            });
  return segments;
}

absl::StatusOr<std::string> ReadArchiveClusterId(const std::string& dir) {
  const std::string path = (fs::path(dir) / kArchiveClusterIdFile).string();
  std::error_code error;
  if (!fs::exists(path, error)) {
    return absl::NotFoundError(absl::StrCat("no ", kArchiveClusterIdFile, " in ", dir,
                                            ": not a log archive"));
  }
  ORDINAL_ASSIGN_OR_RETURN(std::string id, ReadWholeFile(path));
  id = std::string(absl::StripAsciiWhitespace(id));
  if (id.empty()) return absl::DataLossError(absl::StrCat(path, " is empty"));
  return id;
}

void EncodeArchiveRecord(const ArchivedBatch& batch, std::string& out) {
  std::string payload;
  payload.reserve(kArchivePayloadHeader + batch.batch.data.size());
  PutFixed(payload, batch.batch.first_sequence, 8);
  PutFixed(payload, batch.batch.last_sequence, 8);
  PutFixed(payload, static_cast<uint64_t>(batch.archived_micros), 8);
  payload += batch.batch.data;
  PutFixed(out, payload.size(), 4);
  PutFixed(out, BytesChecksum(payload), 8);
  out += payload;
}

absl::StatusOr<std::vector<ArchivedBatch>> DecodeArchiveSegment(std::string_view bytes,
                                                               bool tail_may_be_torn,
                                                               size_t* valid_size) {
  std::vector<ArchivedBatch> records;
  size_t offset = 0;
  while (offset < bytes.size()) {
    const size_t left = bytes.size() - offset;
    const uint64_t size = left >= 4 ? GetFixed(bytes, offset, 4) : 0;
    if (left >= 4 && (size < kArchivePayloadHeader || size > kMaxPayload)) {
      return Corrupt(offset, "bad payload size");
    }
    if (left < kArchiveRecordHeader || left - kArchiveRecordHeader < size) {
      if (tail_may_be_torn) break;
      return Corrupt(offset, "truncated record");
    }
    const std::string_view payload = bytes.substr(offset + kArchiveRecordHeader, size);
    if (BytesChecksum(payload) != GetFixed(bytes, offset + 4, 8)) {
      return Corrupt(offset, "checksum mismatch");
    }
    ArchivedBatch record;
    record.batch.first_sequence = GetFixed(payload, 0, 8);
    record.batch.last_sequence = GetFixed(payload, 8, 8);
    record.archived_micros = static_cast<int64_t>(GetFixed(payload, 16, 8));
    record.batch.data = std::string(payload.substr(kArchivePayloadHeader));
    if (record.batch.first_sequence == 0 ||
        record.batch.first_sequence > record.batch.last_sequence) {
      return Corrupt(offset, "bad positions");
    }
    if (!records.empty() &&
        record.batch.first_sequence <= records.back().batch.last_sequence) {
      return Corrupt(offset, "positions out of order");
    }
    records.push_back(std::move(record));
    offset += kArchiveRecordHeader + size;
  }
  if (valid_size != nullptr) *valid_size = offset;
  return records;
}

absl::StatusOr<ArchiveReader> ArchiveReader::Open(const std::string& dir) {
  ArchiveReader reader;
  ORDINAL_ASSIGN_OR_RETURN(reader.segments_, ListSegments(dir));
  ORDINAL_ASSIGN_OR_RETURN(reader.cluster_id_, ReadArchiveClusterId(dir));
  return reader;
}

absl::StatusOr<std::optional<ArchivedBatch>> ArchiveReader::Next() {
  while (next_record_ >= loaded_.size()) {
    if (next_segment_ >= segments_.size()) return std::nullopt;
    const ArchiveSegment& segment = segments_[next_segment_++];
    ORDINAL_ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(segment.path));
    absl::StatusOr<std::vector<ArchivedBatch>> records =
        DecodeArchiveSegment(bytes, next_segment_ == segments_.size());
    if (!records.ok()) {
      return absl::DataLossError(
          absl::StrCat(segment.path, ": ", records.status().message()));
    }
    loaded_ = std::move(*records);
    next_record_ = 0;
  }
  return std::move(loaded_[next_record_++]);
}

}  // namespace ordinal::replication
