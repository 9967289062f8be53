#include "backup/tar_format.h"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"

namespace ordinal::backup {
namespace {

// Field offsets and widths of the ustar header (POSIX.1-2001, "pax Header Block").
constexpr size_t kNameAt = 0, kNameLen = 100;
constexpr size_t kModeAt = 100, kUidAt = 108, kGidAt = 116;
constexpr size_t kSizeAt = 124, kSizeLen = 12;
constexpr size_t kMtimeAt = 136;
constexpr size_t kChecksumAt = 148, kChecksumLen = 8;
constexpr size_t kTypeAt = 156;
constexpr size_t kMagicAt = 257;
constexpr size_t kPrefixAt = 345, kPrefixLen = 155;
constexpr uint64_t kMaxOctalSize = (1ull << 33) - 1;  // 11 octal digits
constexpr uint64_t kMaxPaxBytes = 1 << 20;

void PutOctal(std::string& block, size_t at, size_t width, uint64_t value) {
  // width - 1 digits, then NUL.
  const std::string digits = absl::StrFormat("%0*o", static_cast<int>(width - 1), value);
  std::memcpy(block.data() + at, digits.data(), width - 1);
}

void PutChecksum(std::string& block) {
  std::memset(block.data() + kChecksumAt, ' ', kChecksumLen);
  unsigned sum = 0;
  for (unsigned char c : block) sum += c;
  const std::string digits = absl::StrFormat("%06o", sum);
  std::memcpy(block.data() + kChecksumAt, digits.data(), 6);
  block[kChecksumAt + 6] = '\0';
  block[kChecksumAt + 7] = ' ';
}

std::string UstarBlock(std::string_view name, std::string_view prefix, uint64_t size,
                       int64_t mtime, char type) {
  std::string block(kTarBlock, '\0');
  std::memcpy(block.data() + kNameAt, name.data(), std::min(name.size(), kNameLen));
  std::memcpy(block.data() + kPrefixAt, prefix.data(), std::min(prefix.size(), kPrefixLen));
  PutOctal(block, kModeAt, 8, 0644);
  PutOctal(block, kUidAt, 8, 0);
  PutOctal(block, kGidAt, 8, 0);
  PutOctal(block, kSizeAt, kSizeLen, std::min(size, kMaxOctalSize));
  PutOctal(block, kMtimeAt, 12, static_cast<uint64_t>(std::max<int64_t>(mtime, 0)));
  block[kTypeAt] = type;
  std::memcpy(block.data() + kMagicAt, "ustar\0" "00", 8);
  PutChecksum(block);
  return block;
}

// One pax record: "<length> <key>=<value>\n", the length counting itself.
std::string PaxRecord(std::string_view key, std::string_view value) {
  const size_t body = key.size() + value.size() + 3;  // ' ', '=', '\n'
  size_t length = body + 1;
  while (std::to_string(length).size() + body != length) ++length;
  return std::to_string(length) + " " + std::string(key) + "=" + std::string(value) + "\n";
}

// Splits `name` into ustar's prefix and name fields; false when it cannot.
bool SplitUstarName(std::string_view name, std::string_view& prefix, std::string_view& rest) {
  if (name.size() <= kNameLen) {
    prefix = {};
    rest = name;
    return true;
  }
  for (size_t slash = name.find('/'); slash != std::string_view::npos;
       slash = name.find('/', slash + 1)) {
    if (slash <= kPrefixLen && name.size() - slash - 1 <= kNameLen && slash + 1 < name.size()) {
      prefix = name.substr(0, slash);
      rest = name.substr(slash + 1);
      return true;
    }
  }
  return false;
}

absl::StatusOr<uint64_t> ParseSize(const char* field) {
  if (static_cast<unsigned char>(field[0]) & 0x80) {  // GNU base-256
    if (field[0] != '\x80') return absl::DataLossError("tar: negative or huge entry size");
    uint64_t value = 0;
    for (size_t i = 1; i < kSizeLen; ++i) {
      if (value >> 56) return absl::DataLossError("tar: entry size out of range");
      value = (value << 8) | static_cast<unsigned char>(field[i]);
    }
    return value;
  }
  uint64_t value = 0;
  size_t i = 0;
  while (i < kSizeLen && field[i] == ' ') ++i;
  bool digits = false;
  for (; i < kSizeLen && field[i] >= '0' && field[i] <= '7'; ++i) {
    value = value * 8 + static_cast<uint64_t>(field[i] - '0');
    digits = true;
  }
  if (!digits || (i < kSizeLen && field[i] != ' ' && field[i] != '\0')) {
    return absl::DataLossError("tar: malformed entry size");
  }
  return value;
}

bool ChecksumMatches(const char* block) {
  unsigned sum = 0;
  for (size_t i = 0; i < kTarBlock; ++i) {
    const bool in_field = i >= kChecksumAt && i < kChecksumAt + kChecksumLen;
    sum += in_field ? ' ' : static_cast<unsigned char>(block[i]);
  }
  unsigned stored = 0;
  size_t i = kChecksumAt;
  while (i < kChecksumAt + kChecksumLen && block[i] == ' ') ++i;
  bool digits = false;
  for (; i < kChecksumAt + kChecksumLen && block[i] >= '0' && block[i] <= '7'; ++i) {
    stored = stored * 8 + static_cast<unsigned>(block[i] - '0');
    digits = true;
  }
  return digits && stored == sum;
}

std::string Field(const char* block, size_t at, size_t len) {
  const char* begin = block + at;
  return std::string(begin, strnlen(begin, len));
}

}  // namespace

std::string TarFileHeader(std::string_view name, uint64_t size, int64_t mtime) {
  std::string_view prefix, rest;
  const bool fits = SplitUstarName(name, prefix, rest);
  std::string out;
  if (!fits || size > kMaxOctalSize) {
    std::string records;
    if (!fits) records += PaxRecord("path", name);
    if (size > kMaxOctalSize) records += PaxRecord("size", std::to_string(size));
    out += UstarBlock("PaxHeader", {}, records.size(), mtime, 'x');
    out += records;
    out.append(TarPadding(records.size()), '\0');
    if (!fits) {
      prefix = {};
      rest = name.substr(name.size() - std::min(name.size(), kNameLen));
    }
  }
  out += UstarBlock(rest, prefix, size, mtime, '0');
  return out;
}

size_t TarPadding(uint64_t size) {
  return static_cast<size_t>((kTarBlock - size % kTarBlock) % kTarBlock);
}

std::string TarEnd() { return std::string(2 * kTarBlock, '\0'); }

TarReader::TarReader(Read read) : read_(std::move(read)) {}

absl::Status TarReader::ReadExactly(char* out, size_t n) {
  for (size_t done = 0; done < n;) {
    ORDINAL_ASSIGN_OR_RETURN(size_t got, read_(out + done, n - done));
    if (got == 0) return absl::DataLossError("tar: the stream ends in the middle of an entry");
    done += got;
  }
  return absl::OkStatus();
}

absl::Status TarReader::Skip(uint64_t n) {
  char buffer[4096];
  while (n > 0) {
    const size_t step = static_cast<size_t>(std::min<uint64_t>(n, sizeof(buffer)));
    ORDINAL_RETURN_IF_ERROR(ReadExactly(buffer, step));
    n -= step;
  }
  return absl::OkStatus();
}

absl::Status TarReader::ReadPax(uint64_t size, bool global) {
  if (size > kMaxPaxBytes) return absl::DataLossError("tar: pax header too large");
  std::string records(static_cast<size_t>(size), '\0');
  ORDINAL_RETURN_IF_ERROR(ReadExactly(records.data(), records.size()));
  ORDINAL_RETURN_IF_ERROR(Skip(TarPadding(size)));
  if (global) return absl::OkStatus();
  for (std::string_view rest = records; !rest.empty();) {
    const size_t space = rest.find(' ');
    size_t length = 0;
    if (space == std::string_view::npos ||
        !absl::SimpleAtoi(absl::string_view(rest.data(), space), &length) ||
        length <= space + 1 || length > rest.size() || rest[length - 1] != '\n') {
      return absl::DataLossError("tar: malformed pax record");
    }
    const std::string_view record = rest.substr(space + 1, length - space - 2);
    rest.remove_prefix(length);
    const size_t equals = record.find('=');
    if (equals == std::string_view::npos) return absl::DataLossError("tar: malformed pax record");
    const std::string_view key = record.substr(0, equals);
    const std::string_view value = record.substr(equals + 1);
    if (key == "path") {
      pax_path_ = std::string(value);
    } else if (key == "size") {
      uint64_t parsed = 0;
      if (!absl::SimpleAtoi(absl::string_view(value.data(), value.size()), &parsed)) {
        return absl::DataLossError("tar: malformed pax size");
      }
      pax_size_ = parsed;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<TarEntry>> TarReader::Next() {
  if (ended_) return std::optional<TarEntry>();
  ORDINAL_RETURN_IF_ERROR(Skip(remaining_ + padding_));
  remaining_ = padding_ = 0;
  for (;;) {
    char block[kTarBlock];
    ORDINAL_RETURN_IF_ERROR(ReadExactly(block, kTarBlock));
    if (std::all_of(block, block + kTarBlock, [](char c) { return c == '\0'; })) {
      ended_ = true;  // the second zero block and anything after are not read
      return std::optional<TarEntry>();
    }
    if (!ChecksumMatches(block)) return absl::DataLossError("tar: bad header checksum");
    if (std::memcmp(block + kMagicAt, "ustar", 5) != 0) {
      return absl::DataLossError("tar: not a ustar header");
    }
    ORDINAL_ASSIGN_OR_RETURN(uint64_t size, ParseSize(block + kSizeAt));
    const char type = block[kTypeAt];
    if (type == 'x' || type == 'g') {
      ORDINAL_RETURN_IF_ERROR(ReadPax(size, type == 'g'));
      continue;
    }
    if (type == 'L') {  // GNU long name: the next entry's path, NUL-terminated
      if (size > kMaxPaxBytes) return absl::DataLossError("tar: long name too large");
      std::string path(static_cast<size_t>(size), '\0');
      ORDINAL_RETURN_IF_ERROR(ReadExactly(path.data(), path.size()));
      ORDINAL_RETURN_IF_ERROR(Skip(TarPadding(size)));
      pax_path_ = path.substr(0, strnlen(path.data(), path.size()));
      continue;
    }
    if (pax_size_) size = *pax_size_;
    std::string name = Field(block, kNameAt, kNameLen);
    const std::string prefix = Field(block, kPrefixAt, kPrefixLen);
    if (!prefix.empty()) name = absl::StrCat(prefix, "/", name);
    if (pax_path_) name = *pax_path_;
    pax_path_.reset();
    pax_size_.reset();
    if (type == '5') {  // a directory: no data of its own
      continue;
    }
    if (type != '0' && type != '\0') {
      return absl::DataLossError(absl::StrCat("tar: entry ", name, " is not a regular file (type '",
                                              std::string(1, type), "')"));
    }
    remaining_ = size;
    padding_ = TarPadding(size);
    return std::optional<TarEntry>(TarEntry{std::move(name), size});
  }
}

absl::StatusOr<size_t> TarReader::ReadData(char* out, size_t n) {
  const size_t want = static_cast<size_t>(std::min<uint64_t>(n, remaining_));
  if (want == 0) return 0;
  ORDINAL_ASSIGN_OR_RETURN(size_t got, read_(out, want));
  if (got == 0) return absl::DataLossError("tar: the stream ends in the middle of an entry");
  remaining_ -= got;
  return got;
}

}  // namespace ordinal::backup
