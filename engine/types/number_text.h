// Reading numbers out of strings as MySQL does (internal to engine/types).
#ifndef ORDINAL_ENGINE_TYPES_NUMBER_TEXT_H_
#define ORDINAL_ENGINE_TYPES_NUMBER_TEXT_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace ordinal::engine::number_text {

bool IsSpace(char c);
std::string_view TrimSpaces(std::string_view s);

// The length of the longest prefix of `s` (which starts at a non-space) that reads as a
// decimal number: [+-] digits [. digits] [e [+-] digits], with at least one digit in the
// mantissa. `*integral` tells whether that prefix has neither a point nor an exponent.
size_t NumericPrefixLength(std::string_view s, bool* integral);

// Parses a numeric prefix found by NumericPrefixLength. Out-of-range magnitudes saturate
// to +-infinity (callers decide whether that is an error) and underflow to zero.
double ParseDouble(std::string_view number);

// A string that is wholly a number (surrounding spaces allowed), as strict mode wants it.
struct StrictNumber {
  std::string_view text;  // the number without surrounding spaces
  bool integral = false;
};
std::optional<StrictNumber> ParseStrictNumber(std::string_view s);

}  // namespace ordinal::engine::number_text

#endif  // ORDINAL_ENGINE_TYPES_NUMBER_TEXT_H_
