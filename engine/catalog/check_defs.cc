#include "engine/catalog/check_defs.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace ordinal::engine::catalog {

std::vector<const ordinal::v1::CheckDef*> ChecksByName(const ordinal::v1::TableDef& def) {
  std::vector<const ordinal::v1::CheckDef*> checks;
  for (const ordinal::v1::CheckDef& check : def.checks()) checks.push_back(&check);
  std::stable_sort(checks.begin(), checks.end(), [](const auto* a, const auto* b) {
    return absl::AsciiStrToLower(a->name()) < absl::AsciiStrToLower(b->name());
  });
  return checks;
}

std::string CheckConstraintClause(const ordinal::v1::CheckDef& check) {
  std::string name = "`";
  for (char c : check.name()) {
    if (c == '`') name.push_back('`');
    name.push_back(c);
  }
  name.push_back('`');
  return absl::StrCat("CONSTRAINT ", name, " CHECK (", check.expression(), ")",
                      check.enforced() ? "" : " /*!80016 NOT ENFORCED */");
}

}  // namespace ordinal::engine::catalog
