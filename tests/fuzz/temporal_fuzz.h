// One input of the temporal fuzzer (temporal_fuzzer.cc, replayed by
// temporal_corpus_replay_test.cc): the first byte picks the type and precision, the rest is
// the text CoerceToTemporal reads. Traps (__builtin_trap) when a promise breaks: an error
// that is not 1292, a result that does not read back as itself, a key that does not decode
// to the value.
#ifndef ORDINAL_TESTS_FUZZ_TEMPORAL_FUZZ_H_
#define ORDINAL_TESTS_FUZZ_TEMPORAL_FUZZ_H_

#include <string_view>

namespace ordinal::engine {

void FuzzTemporalInput(std::string_view data);

}  // namespace ordinal::engine

#endif  // ORDINAL_TESTS_FUZZ_TEMPORAL_FUZZ_H_
