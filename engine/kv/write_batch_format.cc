#include "engine/kv/write_batch_format.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace ordinal::engine::kv {
namespace {

// Record tags of RocksDB's ValueType (db/dbformat.h) that OrdinalDB's batches contain.
enum Tag : uint8_t {
  kDeletion = 0x0,
  kValue = 0x1,
  kMerge = 0x2,
  kLogData = 0x3,
  kColumnFamilyDeletion = 0x4,
  kColumnFamilyValue = 0x5,
  kColumnFamilyMerge = 0x6,
  kSingleDeletion = 0x7,
  kColumnFamilySingleDeletion = 0x8,
  kNoop = 0xD,
  kColumnFamilyRangeDeletion = 0xE,
  kRangeDeletion = 0xF,
};

absl::Status Malformed(std::string_view what, size_t offset) {
  return absl::DataLossError(absl::StrCat(
      "malformed log batch: ", absl::string_view(what.data(), what.size()), " at byte ", offset));
}

// A bounds-checked reader over the batch bytes.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  size_t offset() const { return offset_; }
  bool done() const { return offset_ == data_.size(); }

  std::optional<uint8_t> Byte() {
    if (offset_ >= data_.size()) return std::nullopt;
    return static_cast<uint8_t>(data_[offset_++]);
  }

  std::optional<uint32_t> Varint32() {
    uint32_t result = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
      std::optional<uint8_t> byte = Byte();
      if (!byte.has_value()) return std::nullopt;
      if (shift == 28 && (*byte & 0xf0) != 0) return std::nullopt;  // over 32 bits
      result |= static_cast<uint32_t>(*byte & 0x7f) << shift;
      if ((*byte & 0x80) == 0) return result;
    }
    return std::nullopt;
  }

  std::optional<std::string_view> Slice() {
    std::optional<uint32_t> length = Varint32();
    if (!length.has_value() || *length > data_.size() - offset_) return std::nullopt;
    std::string_view slice = data_.substr(offset_, *length);
    offset_ += *length;
    return slice;
  }

 private:
  std::string_view data_;
  size_t offset_ = 0;
};

uint64_t LoadLittleEndian(std::string_view bytes) {
  uint64_t v = 0;
  for (size_t i = bytes.size(); i > 0; --i) v = (v << 8) | static_cast<uint8_t>(bytes[i - 1]);
  return v;
}

// The exclusive upper bound of the keys starting with `prefix` ("" when unbounded).
std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<uint8_t>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
  return end;
}

bool KeyUnder(std::string_view key, std::string_view prefix) {
  return key.substr(0, prefix.size()) == prefix;
}

// Whether [begin, end) meets [prefix, PrefixEnd(prefix)).
bool RangeMeets(std::string_view begin, std::string_view end, std::string_view prefix) {
  const std::string prefix_end = PrefixEnd(prefix);
  const bool begins_before_prefix_end = prefix_end.empty() || begin < prefix_end;
  return begins_before_prefix_end && prefix < end;
}

// Reads one record's payload after its tag; adds to `summary`.
absl::Status ReadRecord(uint8_t tag, size_t tag_offset, Reader& reader,
                        std::string_view watch_prefix, WriteBatchSummary& summary) {
  switch (tag) {
    case kColumnFamilyDeletion:
    case kColumnFamilyValue:
    case kColumnFamilyMerge:
    case kColumnFamilySingleDeletion:
    case kColumnFamilyRangeDeletion: {
      std::optional<uint32_t> family = reader.Varint32();
      if (!family.has_value()) return Malformed("truncated column family", tag_offset);
      if (*family != 0) return Malformed("record outside the default column family", tag_offset);
      break;
    }
    default:
      break;
  }
  switch (tag) {
    case kNoop:
      return absl::OkStatus();
    case kLogData:
      if (!reader.Slice().has_value()) return Malformed("truncated log data", tag_offset);
      return absl::OkStatus();
    case kDeletion:
    case kColumnFamilyDeletion:
    case kSingleDeletion:
    case kColumnFamilySingleDeletion: {
      std::optional<std::string_view> key = reader.Slice();
      if (!key.has_value()) return Malformed("truncated key", tag_offset);
      summary.touches_prefix |= KeyUnder(*key, watch_prefix);
      break;
    }
    case kValue:
    case kColumnFamilyValue:
    case kMerge:
    case kColumnFamilyMerge: {
      std::optional<std::string_view> key = reader.Slice();
      if (!key.has_value() || !reader.Slice().has_value()) {
        return Malformed("truncated key or value", tag_offset);
      }
      summary.touches_prefix |= KeyUnder(*key, watch_prefix);
      break;
    }
    case kRangeDeletion:
    case kColumnFamilyRangeDeletion: {
      std::optional<std::string_view> begin = reader.Slice();
      std::optional<std::string_view> end = reader.Slice();
      if (!begin.has_value() || !end.has_value()) return Malformed("truncated range", tag_offset);
      summary.touches_prefix |= RangeMeets(*begin, *end, watch_prefix);
      break;
    }
    default:
      return Malformed(absl::StrCat("unknown record kind ", static_cast<int>(tag)), tag_offset);
  }
  ++summary.count;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<WriteBatchSummary> ParseWriteBatch(std::string_view data,
                                                  std::string_view watch_prefix) {
  if (data.size() < kWriteBatchHeaderSize) {
    return Malformed(absl::StrCat("batch shorter than its ", kWriteBatchHeaderSize, "-byte header"),
                     0);
  }
  WriteBatchSummary summary;
  summary.sequence = LoadLittleEndian(data.substr(0, 8));
  const uint64_t declared_count = LoadLittleEndian(data.substr(8, 4));
  Reader reader(data.substr(kWriteBatchHeaderSize));
  while (!reader.done()) {
    const size_t tag_offset = kWriteBatchHeaderSize + reader.offset();
    const uint8_t tag = *reader.Byte();
    absl::Status status = ReadRecord(tag, tag_offset, reader, watch_prefix, summary);
    if (!status.ok()) return status;
    if (summary.count > declared_count) break;
  }
  if (summary.count != declared_count) {
    return absl::DataLossError(absl::StrCat("malformed log batch: the header counts ",
                                            declared_count, " records, the batch holds ",
                                            summary.count, reader.done() ? "" : " or more"));
  }
  return summary;
}

}  // namespace ordinal::engine::kv
