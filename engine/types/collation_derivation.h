// Which collation an operation over several strings uses: MySQL's collation aggregation
// (its coercibility rules, "Collation Coercibility in Expressions" in the MySQL 8.0 manual;
// docs/collations.md). A comparison of two strings, and the result of a string function
// over several (CONCAT, IF, COALESCE, ...), aggregate their operands' (collation,
// derivation) pairs:
//   - the same collation: it, with the stronger derivation;
//   - a binary string (BLOB, VARBINARY, temporal text) with a character string: binary,
//     unless the character string's derivation is stronger;
//   - different character sets: the Unicode one (utf8mb4 over utf8mb3, either over latin1
//     and ascii) when its derivation is not weaker, any character set over ascii, any
//     explicit or implicit side over a coercible one (a literal converts); else illegal;
//   - the same character set, different derivations: the stronger one;
//   - the same character set and derivation: illegal when both are explicit; else a _bin
//     collation if either side has one; else no collation (derivation kNone, carrying the
//     character set's _bin collation): a string function may return such a value, a
//     comparison refuses it.
// "Illegal" and "no collation in a comparison" are MySQL's error 1267.
#ifndef ORDINAL_ENGINE_TYPES_COLLATION_DERIVATION_H_
#define ORDINAL_ENGINE_TYPES_COLLATION_DERIVATION_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/types/value.h"

namespace ordinal::engine {

// A string operand's collation id (never 0) and derivation.
struct DerivedCollation {
  uint16_t id = 0;
  CollationDerivation derivation = CollationDerivation::kCoercible;
};

// The collation a string value carries: its own, else the connection's (coercible).
DerivedCollation DerivedCollationOf(const Value& v);

// The aggregation of two operands (above); nullopt when MySQL calls the mix illegal.
std::optional<DerivedCollation> AggregateCollations(DerivedCollation a, DerivedCollation b);

// The collation comparing strings `a` and `b` for `operation` ("=", "like", ...), or
// INVALID_ARGUMENT errno 1267 "Illegal mix of collations (x,IMPLICIT) and (y,IMPLICIT) for
// operation '='" when the operands have no common collation.
absl::StatusOr<uint16_t> ComparisonCollation(const Value& a, const Value& b,
                                             std::string_view operation);

// The 1267 error for operands `a` and `b` of `operation`.
absl::Status IllegalCollationMix(DerivedCollation a, DerivedCollation b,
                                 std::string_view operation);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_COLLATION_DERIVATION_H_
