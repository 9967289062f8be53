// Small UTF-8 helpers for text that is already valid UTF-8 (the lexer checks SQL text).
//
// Thread safety: pure functions.
#ifndef ORDINAL_COMMON_UTF8_H_
#define ORDINAL_COMMON_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ordinal {

// Characters in `text` (bytes that do not continue a multibyte sequence).
size_t Utf8CharCount(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not split a character.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

// MySQL's bound on an error message (MYSQL_ERRMSG_SIZE is 512 bytes including the final
// NUL): `message` when it fits, else its UTF-8 prefix ending in "...".
inline constexpr size_t kMaxErrorMessageBytes = 511;
std::string BoundedErrorMessage(std::string_view message);

}  // namespace ordinal

#endif  // ORDINAL_COMMON_UTF8_H_
