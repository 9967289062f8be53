// Reading and writing the MySQL protocol's basic data types: fixed-length little-endian
// integers, length-encoded integers and strings, NUL-terminated strings, and the rest of a
// packet.
//
// WireReader reads from a borrowed byte view and never reads past its end: every read
// returns nullopt (and leaves the reader failed) when the bytes run out or a length-encoded
// value is malformed, so a parser of untrusted packets checks once per field. WireWriter
// appends to a std::string it owns.
//
// Thread safety: none; each is used by one thread.
#ifndef ORDINAL_SERVER_MYSQL_WIRE_H_
#define ORDINAL_SERVER_MYSQL_WIRE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ordinal::server::mysql {

class WireReader {
 public:
  explicit WireReader(std::string_view bytes) : bytes_(bytes) {}

  std::optional<uint64_t> FixedInt(size_t width);  // 1..8 bytes, little-endian
  std::optional<uint8_t> Int1();
  std::optional<uint16_t> Int2();
  std::optional<uint32_t> Int4();
  std::optional<uint64_t> Int8();
  // A length-encoded integer (0xfb, NULL in rows, and 0xff are not integers: nullopt).
  std::optional<uint64_t> LenencInt();
  std::optional<std::string_view> Bytes(size_t n);
  std::optional<std::string_view> LenencString();
  // Up to the next NUL, which is consumed; nullopt when there is none.
  std::optional<std::string_view> NulString();
  // Up to the next NUL (consumed) or, when there is none, to the end.
  std::string_view NulOrRestString();
  // Everything left.
  std::string_view Rest();
  bool Skip(size_t n) { return Bytes(n).has_value(); }

  std::optional<uint8_t> PeekByte() const;
  size_t remaining() const { return bytes_.size() - pos_; }
  bool empty() const { return remaining() == 0; }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

class WireWriter {
 public:
  WireWriter() = default;
  explicit WireWriter(std::string initial) : out_(std::move(initial)) {}

  void FixedInt(uint64_t value, size_t width);
  void Int1(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void Int2(uint16_t v) { FixedInt(v, 2); }
  void Int4(uint32_t v) { FixedInt(v, 4); }
  void Int8(uint64_t v) { FixedInt(v, 8); }
  void LenencInt(uint64_t value);
  void LenencString(std::string_view s);
  void NulString(std::string_view s);
  void Bytes(std::string_view s) { out_.append(s); }
  void Zeros(size_t n) { out_.append(n, '\0'); }

  const std::string& data() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// The bytes of a length-encoded integer for `value` (1, 3, 4 or 9 bytes).
size_t LenencIntSize(uint64_t value);

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_WIRE_H_
