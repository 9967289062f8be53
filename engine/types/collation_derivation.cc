#include "engine/types/collation_derivation.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/types/collation.h"

namespace ordinal::engine {
namespace {

bool IsUnicode(std::string_view charset) {
  return charset == "utf8mb4" || charset == "utf8mb3";
}

// Whether MySQL converts `right` into `left`'s character set (left_is_superset): into
// Unicode from anything not Unicode, into utf8mb4 from utf8mb3, into anything from ascii,
// when `left`'s derivation is at least as strong.
bool LeftIsSuperset(const Collation& left, CollationDerivation left_derivation,
                    const Collation& right, CollationDerivation right_derivation) {
  if (left_derivation > right_derivation) return false;
  const bool tie = left_derivation == right_derivation;
  if (IsUnicode(left.charset())) {
    if (!tie || !IsUnicode(right.charset())) return true;
    return left.charset() == "utf8mb4" && right.charset() == "utf8mb3";
  }
  return right.charset() == "ascii" && (!tie || left.charset() != "ascii");
}

// The character set's _bin collation (utf8mb4_bin, latin1_bin, ...).
uint16_t BinCollationOf(const Collation& c) {
  const Collation* bin = FindCollation(absl::StrCat(c.charset(), "_bin"));
  return bin != nullptr ? bin->id() : kBinaryCollationId;
}

std::optional<DerivedCollation> AggregateCharsets(DerivedCollation a, const Collation& ca,
                                                  DerivedCollation b, const Collation& cb) {
  if (a.id == kBinaryCollationId) return a.derivation <= b.derivation ? a : b;
  if (b.id == kBinaryCollationId) return b.derivation <= a.derivation ? b : a;
  if (LeftIsSuperset(ca, a.derivation, cb, b.derivation)) return a;
  if (LeftIsSuperset(cb, b.derivation, ca, a.derivation)) return b;
  // A literal converts to the character set of a column or COLLATE.
  if (a.derivation <= CollationDerivation::kImplicit &&
      b.derivation == CollationDerivation::kCoercible) {
    return a;
  }
  if (b.derivation <= CollationDerivation::kImplicit &&
      a.derivation == CollationDerivation::kCoercible) {
    return b;
  }
  return std::nullopt;
}

const char* DerivationName(CollationDerivation d) {
  switch (d) {
    case CollationDerivation::kExplicit: return "EXPLICIT";
    case CollationDerivation::kNone: return "NONE";
    case CollationDerivation::kImplicit: return "IMPLICIT";
    case CollationDerivation::kCoercible: return "COERCIBLE";
  }
  return "COERCIBLE";
}

std::string CollationName(uint16_t id) {
  const Collation* c = FindCollationById(id);
  return c != nullptr ? c->name() : std::string("binary");
}

}  // namespace

DerivedCollation DerivedCollationOf(const Value& v) {
  return {v.collation_id() != 0 ? v.collation_id() : ConnectionCollationId(), v.derivation()};
}

std::optional<DerivedCollation> AggregateCollations(DerivedCollation a, DerivedCollation b) {
  if (a.id == b.id) return DerivedCollation{a.id, std::min(a.derivation, b.derivation)};
  const Collation* ca = FindCollationById(a.id);
  const Collation* cb = FindCollationById(b.id);
  if (ca == nullptr || cb == nullptr) return a;  // unknown ids: not from this server
  if (ca->charset() != cb->charset()) return AggregateCharsets(a, *ca, b, *cb);
  if (a.derivation != b.derivation) return a.derivation < b.derivation ? a : b;
  if (a.derivation == CollationDerivation::kExplicit) return std::nullopt;
  if (ca->is_binary_order()) return a;
  if (cb->is_binary_order()) return b;
  return DerivedCollation{BinCollationOf(*ca), CollationDerivation::kNone};
}

absl::StatusOr<uint16_t> ComparisonCollation(const Value& a, const Value& b,
                                             std::string_view operation) {
  const DerivedCollation x = DerivedCollationOf(a);
  const DerivedCollation y = DerivedCollationOf(b);
  if (x.id == y.id && x.derivation != CollationDerivation::kNone) return x.id;
  const std::optional<DerivedCollation> common = AggregateCollations(x, y);
  if (!common.has_value() || common->derivation == CollationDerivation::kNone) {
    return IllegalCollationMix(x, y, operation);
  }
  return common->id;
}

absl::Status IllegalCollationMix(DerivedCollation a, DerivedCollation b,
                                 std::string_view operation) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kCantAggregate2Collations,
                  absl::StrCat("Illegal mix of collations (", CollationName(a.id), ",",
                               DerivationName(a.derivation), ") and (", CollationName(b.id),
                               ",", DerivationName(b.derivation), ") for operation '",
                               absl::string_view(operation.data(), operation.size()), "'"));
}

}  // namespace ordinal::engine
