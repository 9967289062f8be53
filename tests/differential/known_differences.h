// Known differences between MySQL 8.0 (OrdinalDB's reference) and MariaDB (the differential
// test's oracle), and between OrdinalDB and MySQL 8.0 where OrdinalDB documents a gap. The
// differential test tolerates a disagreement only when the expression matches one of these;
// docs/differential-testing.md explains each, under the same id.
#ifndef ORDINAL_TESTS_DIFFERENTIAL_KNOWN_DIFFERENCES_H_
#define ORDINAL_TESTS_DIFFERENTIAL_KNOWN_DIFFERENCES_H_

#include <string_view>
#include <vector>

namespace ordinal::differential {

struct KnownDifference {
  std::string_view id;       // as in docs/differential-testing.md
  // Tolerated when this ECMAScript regular expression matches part of the expression.
  std::string_view pattern;
};

const std::vector<KnownDifference>& KnownDifferences();

// The first known difference whose pattern `expression` contains, or nullptr.
const KnownDifference* FindKnownDifference(std::string_view expression);

}  // namespace ordinal::differential

#endif  // ORDINAL_TESTS_DIFFERENTIAL_KNOWN_DIFFERENCES_H_
