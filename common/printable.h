// Strings that a peer or a client supplied, made safe to put in a log line, a status row or
// an error message: at most a bounded prefix, with every control character and every byte
// outside printable ASCII escaped (C-style, e.g. "\n", "\x01"), so that a newline cannot
// forge a log line and a megabyte cannot fill an error.
//
// Thread safety: pure functions.
#ifndef ORDINAL_COMMON_PRINTABLE_H_
#define ORDINAL_COMMON_PRINTABLE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ordinal {

// The default bound: enough for a host:port, an identifier or a cluster id.
inline constexpr size_t kPrintablePrefixBytes = 128;

// `text` escaped, its first `max_bytes` bytes only; a longer `text` ends in
// "...(<n> bytes)" naming its full length.
std::string Printable(std::string_view text, size_t max_bytes = kPrintablePrefixBytes);

}  // namespace ordinal

#endif  // ORDINAL_COMMON_PRINTABLE_H_
