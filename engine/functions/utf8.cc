#include "engine/functions/utf8.h"

#include <unicode/uchar.h>

namespace ordinal::engine::functions::utf8 {
namespace {

bool IsContinuation(std::string_view s, size_t i) {
  return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

template <UChar32 (*Map)(UChar32)>
std::string MapChars(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = CharLengthAt(s, i);
    if (n == 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
      out += s[i];  // a malformed byte stays as it is
    } else {
      AppendCodePoint(static_cast<uint32_t>(Map(static_cast<UChar32>(CodePointAt(s, i)))), &out);
    }
    i += n;
  }
  return out;
}

UChar32 FoldOne(UChar32 c) { return u_foldCase(c, U_FOLD_CASE_DEFAULT); }

}  // namespace

size_t CharLengthAt(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 1;
  if (b >= 0xF5) n = 1;
  for (size_t k = 1; k < n; ++k) {
    if (!IsContinuation(s, i + k)) return 1;
  }
  return n;
}

size_t CharCount(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); i += CharLengthAt(s, i)) ++count;
  return count;
}

size_t ByteOffsetOf(std::string_view s, size_t n) {
  size_t i = 0;
  for (; i < s.size() && n > 0; --n) i += CharLengthAt(s, i);
  return i;
}

std::vector<size_t> CharStarts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); i += CharLengthAt(s, i)) starts.push_back(i);
  starts.push_back(s.size());
  return starts;
}

std::string_view FirstChars(std::string_view s, size_t n) {
  return s.substr(0, ByteOffsetOf(s, n));
}

std::string_view SkipChars(std::string_view s, size_t n) { return s.substr(ByteOffsetOf(s, n)); }

uint32_t CodePointAt(std::string_view s, size_t i) {
  const size_t n = CharLengthAt(s, i);
  const auto b = static_cast<unsigned char>(s[i]);
  if (n == 1) return b;
  uint32_t cp = b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string Fold(std::string_view s) { return MapChars<FoldOne>(s); }
std::string ToUpper(std::string_view s) { return MapChars<u_toupper>(s); }
std::string ToLower(std::string_view s) { return MapChars<u_tolower>(s); }

}  // namespace ordinal::engine::functions::utf8
