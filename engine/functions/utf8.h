// UTF-8 character handling for the string functions: MySQL's positions and lengths count
// characters of utf8mb4, not bytes. A byte that does not start a valid sequence counts as
// one character, so malformed input never reads out of bounds. Private to engine/functions.
#ifndef ORDINAL_ENGINE_FUNCTIONS_UTF8_H_
#define ORDINAL_ENGINE_FUNCTIONS_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ordinal::engine::functions::utf8 {

// The byte length of the character starting at s[i] (1..4; 1 for a malformed byte).
size_t CharLengthAt(std::string_view s, size_t i);

// The number of characters in `s`.
size_t CharCount(std::string_view s);

// The byte offset where character `n` (0-based) starts; s.size() when `s` has n characters
// or fewer.
size_t ByteOffsetOf(std::string_view s, size_t n);

// The byte offsets of the starts of all characters, plus s.size() at the end.
std::vector<size_t> CharStarts(std::string_view s);

// The first `n` characters, and all but the first `n`.
std::string_view FirstChars(std::string_view s, size_t n);
std::string_view SkipChars(std::string_view s, size_t n);

// The code point of the character at s[i] (the byte itself when malformed).
uint32_t CodePointAt(std::string_view s, size_t i);

// Appends the UTF-8 encoding of `cp`.
void AppendCodePoint(uint32_t cp, std::string* out);

// `s` with every character case-folded (Unicode simple folding), for the comparisons that
// MySQL's default collation makes case-insensitive (LOCATE, INSTR, FIELD, FIND_IN_SET,
// STRCMP). Folding keeps character counts, so positions found in the folded text are
// positions in the original.
std::string Fold(std::string_view s);

// UPPER and LOWER of every character (Unicode simple case mapping).
std::string ToUpper(std::string_view s);
std::string ToLower(std::string_view s);

}  // namespace ordinal::engine::functions::utf8

#endif  // ORDINAL_ENGINE_FUNCTIONS_UTF8_H_
