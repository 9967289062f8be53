// The generated corpus of the differential test: scalar SQL expressions over literals
// (numbers at their edges, strings with multibyte characters, NULLs, dates), built from a
// table of MySQL functions and operators with the argument kinds each takes, nested up to a
// small depth. Deterministic: the same seed gives the same expressions on every platform
// (the generator uses the raw output of std::mt19937_64, whose sequence the standard fixes,
// and no std distributions, whose results are implementation-defined).
#ifndef ORDINAL_TESTS_DIFFERENTIAL_EXPRESSION_CORPUS_H_
#define ORDINAL_TESTS_DIFFERENTIAL_EXPRESSION_CORPUS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ordinal::differential {

// `count` expressions (SQL text, without SELECT), from `seed`.
std::vector<std::string> GenerateExpressions(uint64_t seed, size_t count);

}  // namespace ordinal::differential

#endif  // ORDINAL_TESTS_DIFFERENTIAL_EXPRESSION_CORPUS_H_
