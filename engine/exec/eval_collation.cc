// The evaluator's collation checks: comparisons of strings without a common collation, and
// the collation a string function's result carries (engine/types/collation_derivation.h).
#include <string>

#include "absl/strings/ascii.h"
#include "engine/exec/eval_internal.h"
#include "engine/types/collation.h"

namespace ordinal::engine::exec::internal {

absl::Status CheckCollationMix(const Value& a, const Value& b, std::string_view operation) {
  if (!a.is_string() || !b.is_string() || a.is_json() || b.is_json()) {
    return absl::OkStatus();
  }
  if (a.collation_id() == b.collation_id() && a.derivation() != CollationDerivation::kNone &&
      b.derivation() != CollationDerivation::kNone) {
    return absl::OkStatus();
  }
  return ComparisonCollation(a, b, operation).status();
}

void ArgumentCollations::Add(const Value& argument) {
  if (!argument.is_string() || argument.is_json() || illegal_.has_value()) return;
  const DerivedCollation next = DerivedCollationOf(argument);
  if (!common_.has_value()) {
    common_ = next;
    return;
  }
  std::optional<DerivedCollation> merged = AggregateCollations(*common_, next);
  if (!merged.has_value()) {
    illegal_.emplace(*common_, next);
    return;
  }
  common_ = *merged;
}

absl::Status ArgumentCollations::Apply(std::string_view function, Value* result) const {
  if (illegal_.has_value()) {
    return IllegalCollationMix(illegal_->first, illegal_->second,
                               absl::AsciiStrToLower(absl::string_view(function.data(), function.size())));
  }
  if (!common_.has_value() || !result->is_string() || result->is_json()) {
    return absl::OkStatus();
  }
  // Literals only: the connection's collation, which an untagged value already means.
  if (common_->derivation == CollationDerivation::kCoercible &&
      common_->id == ConnectionCollationId() && result->collation_id() == 0) {
    return absl::OkStatus();
  }
  {
    result->set_collation(common_->id, common_->derivation);
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::exec::internal
