#include "engine/exec/spill_file.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/disk_full.h"
#include "common/status_macros.h"
#include "engine/kv/disk_full_guard.h"

namespace ordinal::engine::exec {
namespace {

constexpr size_t kWriteBuffer = 64 << 10;
constexpr size_t kReadBuffer = 16 << 10;

// kCollatedString: a string with a collation (Value::collation_id), written as the id, the
// derivation and the bytes, so spilled strings sort and group as they did in memory.
enum Tag : uint8_t { kNull, kInt, kUInt, kDouble, kDecimal, kString, kJson, kCollatedString };

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

void PutBytes(std::string_view bytes, std::string* out) {
  PutVarint(bytes.size(), out);
  out->append(bytes);
}

bool GetBytes(std::string_view* in, std::string_view* bytes) {
  uint64_t n = 0;
  if (!GetVarint(in, &n) || n > in->size()) return false;
  *bytes = in->substr(0, n);
  in->remove_prefix(n);
  return true;
}

// Temporary files leave the store its reserve of free space (kv::DiskFullGuard): a spilling
// statement fails with 1021 before the store's own writes would.
absl::Status CheckFreeSpace(const std::string& dir, uint64_t bytes) {
  struct statvfs fs;
  if (statvfs(dir.c_str(), &fs) != 0) return absl::OkStatus();  // the write will tell
  const uint64_t total = static_cast<uint64_t>(fs.f_blocks) * fs.f_frsize;
  const uint64_t free = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
  if (free >= bytes + kv::DiskFullGuard::ReserveBytes(total)) return absl::OkStatus();
  return DiskFullError(absl::StrCat("temporary file of a statement in ", dir));
}

absl::Status Corrupt() { return absl::DataLossError("spill file: corrupt row"); }

absl::StatusOr<Value> DecodeValue(std::string_view* in) {
  if (in->empty()) return Corrupt();
  const uint8_t tag = static_cast<uint8_t>(in->front());
  in->remove_prefix(1);
  uint64_t n = 0;
  std::string_view bytes;
  switch (tag) {
    case kNull:
      return Value::Null();
    case kInt:
      if (!GetVarint(in, &n)) return Corrupt();
      return Value::Int(static_cast<int64_t>((n >> 1) ^ (~(n & 1) + 1)));
    case kUInt:
      if (!GetVarint(in, &n)) return Corrupt();
      return Value::UInt(n);
    case kDouble: {
      if (in->size() < sizeof(double)) return Corrupt();
      double d;
      std::memcpy(&d, in->data(), sizeof d);
      in->remove_prefix(sizeof d);
      return Value::Double(d);
    }
    case kDecimal: {
      if (!GetBytes(in, &bytes)) return Corrupt();
      std::optional<Decimal> d = Decimal::Parse(bytes);
      if (!d.has_value()) return Corrupt();
      return Value::FromDecimal(*std::move(d));
    }
    case kString:
    case kJson:
      if (!GetBytes(in, &bytes)) return Corrupt();
      return tag == kJson ? Value::Json(std::string(bytes)) : Value::String(std::string(bytes));
    case kCollatedString: {
      uint64_t id = 0;
      if (!GetVarint(in, &id) || id > UINT16_MAX || in->empty()) return Corrupt();
      const auto derivation = static_cast<CollationDerivation>(in->front());
      in->remove_prefix(1);
      if (!GetBytes(in, &bytes)) return Corrupt();
      Value v = Value::String(std::string(bytes));
      v.set_collation(static_cast<uint16_t>(id), derivation);
      return v;
    }
    default:
      return Corrupt();
  }
}

}  // namespace

absl::Status PrepareSpillDirectory(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return ErrnoStatus(error.value(), "creating the spill directory", dir);
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    std::filesystem::remove_all(entry.path(), error);
    if (error) return ErrnoStatus(error.value(), "emptying the spill directory", dir);
  }
  if (error) return ErrnoStatus(error.value(), "reading the spill directory", dir);
  return absl::OkStatus();
}

void EncodeSpillRow(const std::vector<Value>& row, std::string* out) {
  PutVarint(row.size(), out);
  for (const Value& v : row) {
    if (v.is_null()) {
      out->push_back(static_cast<char>(kNull));
    } else if (v.is_int()) {
      out->push_back(static_cast<char>(kInt));
      const int64_t i = v.int_value();
      PutVarint((static_cast<uint64_t>(i) << 1) ^ static_cast<uint64_t>(i >> 63), out);
    } else if (v.is_uint()) {
      out->push_back(static_cast<char>(kUInt));
      PutVarint(v.uint_value(), out);
    } else if (v.is_double()) {
      out->push_back(static_cast<char>(kDouble));
      const double d = v.double_value();
      out->append(reinterpret_cast<const char*>(&d), sizeof d);
    } else if (v.is_decimal()) {
      out->push_back(static_cast<char>(kDecimal));
      PutBytes(v.decimal_value().ToString(), out);
    } else if (!v.is_json() && v.collation_id() != 0) {
      out->push_back(static_cast<char>(kCollatedString));
      PutVarint(v.collation_id(), out);
      out->push_back(static_cast<char>(v.derivation()));
      PutBytes(v.string_value(), out);
    } else {
      out->push_back(static_cast<char>(v.is_json() ? kJson : kString));
      PutBytes(v.string_value(), out);
    }
  }
}

absl::Status DecodeSpillRow(std::string_view* in, std::vector<Value>* row) {
  uint64_t count = 0;
  if (!GetVarint(in, &count) || count > in->size()) return Corrupt();
  row->clear();
  row->reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    ORDINAL_ASSIGN_OR_RETURN(Value v, DecodeValue(in));
    row->push_back(std::move(v));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<SpillFile>> SpillFile::Create(QueryMemory& memory) {
  const std::string& dir = memory.spill_dir();
  if (dir.empty()) return absl::FailedPreconditionError("no spill directory");
  std::string path = dir + "/spill-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) return ErrnoStatus(errno, "creating a temporary file in", dir);
  // Unlinked at once: the file lives as long as the descriptor, whatever happens next.
  if (unlink(path.c_str()) != 0) {
    const int error = errno;
    close(fd);
    return ErrnoStatus(error, "unlinking temporary file", path);
  }
  return std::unique_ptr<SpillFile>(new SpillFile(fd, dir, memory));
}

SpillFile::~SpillFile() {
  close(fd_);
  memory_.ReleaseDisk(written_);
}

absl::Status SpillFile::Append(const std::vector<Value>& row) {
  std::string record;
  EncodeSpillRow(row, &record);
  PutVarint(record.size(), &buffer_);
  buffer_.append(record);
  if (buffer_.size() >= kWriteBuffer) return WriteBuffer();
  return absl::OkStatus();
}

absl::Status SpillFile::Flush() { return WriteBuffer(); }

absl::Status SpillFile::WriteBuffer() {
  if (failed_) return absl::FailedPreconditionError("spill file: an earlier write failed");
  if (buffer_.empty()) return absl::OkStatus();
  if (absl::Status s = CheckFreeSpace(dir_, buffer_.size()); !s.ok()) {
    failed_ = true;
    return s;
  }
  if (absl::Status s = memory_.ChargeDisk(buffer_.size()); !s.ok()) {
    failed_ = true;
    return s;
  }
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = pwrite(fd_, buffer_.data() + done, buffer_.size() - done,
                             static_cast<off_t>(written_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failed_ = true;
      memory_.ReleaseDisk(buffer_.size());
      return ErrnoStatus(n < 0 ? errno : ENOSPC, "writing a temporary file in", dir_);
    }
    done += static_cast<size_t>(n);
  }
  written_ += buffer_.size();
  buffer_.clear();
  return absl::OkStatus();
}

absl::Status SpillFile::Reader::Fill() {
  buffer_.erase(0, used_);
  used_ = 0;
  const size_t want = static_cast<size_t>(std::min<uint64_t>(kReadBuffer, end_ - next_));
  const size_t have = buffer_.size();
  buffer_.resize(have + want);
  size_t done = 0;
  while (done < want) {
    const ssize_t n =
        pread(file_->fd_, buffer_.data() + have + done, want - done,
              static_cast<off_t>(next_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus(errno, "reading a temporary file in", file_->dir_);
    if (n == 0) return absl::DataLossError("spill file: shorter than written");
    done += static_cast<size_t>(n);
  }
  next_ += want;
  return absl::OkStatus();
}

absl::StatusOr<bool> SpillFile::Reader::Next(std::vector<Value>* row) {
  for (;;) {
    std::string_view in(buffer_.data() + used_, buffer_.size() - used_);
    uint64_t length = 0;
    std::string_view rest = in;
    if (GetVarint(&rest, &length) && length <= rest.size()) {
      std::string_view record = rest.substr(0, length);
      ORDINAL_RETURN_IF_ERROR(DecodeSpillRow(&record, row));
      if (!record.empty()) return Corrupt();
      used_ += (in.size() - rest.size()) + length;
      return true;
    }
    if (next_ >= end_) {
      if (in.empty()) return false;
      return Corrupt();
    }
    ORDINAL_RETURN_IF_ERROR(Fill());
  }
}

}  // namespace ordinal::engine::exec
