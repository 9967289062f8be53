#include "server/mysql/wire.h"

namespace ordinal::server::mysql {

std::optional<uint64_t> WireReader::FixedInt(size_t width) {
  std::optional<std::string_view> b = Bytes(width);
  if (!b.has_value()) return std::nullopt;
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    value |= static_cast<uint64_t>(static_cast<uint8_t>((*b)[i])) << (8 * i);
  }
  return value;
}

std::optional<uint8_t> WireReader::Int1() {
  std::optional<uint64_t> v = FixedInt(1);
  if (!v.has_value()) return std::nullopt;
  return static_cast<uint8_t>(*v);
}

std::optional<uint16_t> WireReader::Int2() {
  std::optional<uint64_t> v = FixedInt(2);
  if (!v.has_value()) return std::nullopt;
  return static_cast<uint16_t>(*v);
}

std::optional<uint32_t> WireReader::Int4() {
  std::optional<uint64_t> v = FixedInt(4);
  if (!v.has_value()) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

std::optional<uint64_t> WireReader::Int8() { return FixedInt(8); }

std::optional<uint64_t> WireReader::LenencInt() {
  std::optional<uint8_t> first = Int1();
  if (!first.has_value()) return std::nullopt;
  if (*first < 0xfb) return *first;
  switch (*first) {
    case 0xfc: return FixedInt(2);
    case 0xfd: return FixedInt(3);
    case 0xfe: return FixedInt(8);
    default: pos_ = bytes_.size(); return std::nullopt;  // 0xfb (NULL) or 0xff (error)
  }
}

std::optional<std::string_view> WireReader::Bytes(size_t n) {
  if (n > remaining()) {
    pos_ = bytes_.size();
    return std::nullopt;
  }
  std::string_view out = bytes_.substr(pos_, n);
  pos_ += n;
  return out;
}

std::optional<std::string_view> WireReader::LenencString() {
  std::optional<uint64_t> n = LenencInt();
  if (!n.has_value()) return std::nullopt;
  if (*n > remaining()) {
    pos_ = bytes_.size();
    return std::nullopt;
  }
  return Bytes(static_cast<size_t>(*n));
}

std::optional<std::string_view> WireReader::NulString() {
  const size_t end = bytes_.find('\0', pos_);
  if (end == std::string_view::npos) {
    pos_ = bytes_.size();
    return std::nullopt;
  }
  std::string_view out = bytes_.substr(pos_, end - pos_);
  pos_ = end + 1;
  return out;
}

std::string_view WireReader::NulOrRestString() {
  const size_t end = bytes_.find('\0', pos_);
  if (end == std::string_view::npos) return Rest();
  std::string_view out = bytes_.substr(pos_, end - pos_);
  pos_ = end + 1;
  return out;
}

std::string_view WireReader::Rest() {
  std::string_view out = bytes_.substr(pos_);
  pos_ = bytes_.size();
  return out;
}

std::optional<uint8_t> WireReader::PeekByte() const {
  if (empty()) return std::nullopt;
  return static_cast<uint8_t>(bytes_[pos_]);
}

void WireWriter::FixedInt(uint64_t value, size_t width) {
  for (size_t i = 0; i < width; ++i) out_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void WireWriter::LenencInt(uint64_t value) {
  if (value < 0xfb) {
    Int1(static_cast<uint8_t>(value));
  } else if (value <= 0xffff) {
    Int1(0xfc);
    FixedInt(value, 2);
  } else if (value <= 0xffffff) {
    Int1(0xfd);
    FixedInt(value, 3);
  } else {
    Int1(0xfe);
    FixedInt(value, 8);
  }
}

void WireWriter::LenencString(std::string_view s) {
  LenencInt(s.size());
  out_.append(s);
}

void WireWriter::NulString(std::string_view s) {
  out_.append(s);
  out_.push_back('\0');
}

size_t LenencIntSize(uint64_t value) {
  if (value < 0xfb) return 1;
  if (value <= 0xffff) return 3;
  if (value <= 0xffffff) return 4;
  return 9;
}

}  // namespace ordinal::server::mysql
