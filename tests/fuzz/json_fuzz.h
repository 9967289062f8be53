// One input of the JSON fuzzer (json_fuzzer.cc, replayed by json_corpus_replay_test.cc): the
// first byte picks the parser (even: JSON text, odd: a path expression), the rest is the
// text. Traps (__builtin_trap) when a promise breaks: a text error that is not 3140/3157, a
// path error that is not 3143, a parsed document whose canonical text or binary form does
// not read back as itself.
#ifndef ORDINAL_TESTS_FUZZ_JSON_FUZZ_H_
#define ORDINAL_TESTS_FUZZ_JSON_FUZZ_H_

#include <string_view>

namespace ordinal::engine {

void FuzzJsonInput(std::string_view data);

}  // namespace ordinal::engine

#endif  // ORDINAL_TESTS_FUZZ_JSON_FUZZ_H_
