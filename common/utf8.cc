#include "common/utf8.h"

namespace ordinal {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

size_t Utf8CharCount(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += !IsContinuation(c);
  return n;
}

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && IsContinuation(text[end])) --end;
  return text.substr(0, end);
}

std::string BoundedErrorMessage(std::string_view message) {
  if (message.size() <= kMaxErrorMessageBytes) return std::string(message);
  constexpr std::string_view kEllipsis = "...";
  std::string bounded(Utf8Prefix(message, kMaxErrorMessageBytes - kEllipsis.size()));
  bounded += kEllipsis;
  return bounded;
}

}  // namespace ordinal
