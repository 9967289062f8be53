#include "common/printable.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace ordinal {

std::string Printable(std::string_view text, size_t max_bytes) {
  // Debian's abseil has its own string_view type.
  const absl::string_view prefix(text.data(), std::min(text.size(), max_bytes));
  if (text.size() <= max_bytes) return absl::CHexEscape(prefix);
  return absl::StrCat(absl::CHexEscape(prefix), "...(", text.size(), " bytes)");
}

}  // namespace ordinal
