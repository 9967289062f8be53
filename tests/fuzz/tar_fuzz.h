// Shared by tar_fuzzer (libFuzzer) and tar_corpus_replay_test (ctest): reads `bytes` as a
// streamed backup's tar archive (backup/tar_format.h) entry by entry, data included.
// Returns the reader's final status: OK at the archive's end, DATA_LOSS otherwise; it must
// never crash, hang or read past the input.
#ifndef ORDINAL_TESTS_FUZZ_TAR_FUZZ_H_
#define ORDINAL_TESTS_FUZZ_TAR_FUZZ_H_

#include <string_view>

#include "absl/status/status.h"

namespace ordinal::backup {

absl::Status ReadTarForFuzzing(std::string_view bytes);

}  // namespace ordinal::backup

#endif  // ORDINAL_TESTS_FUZZ_TAR_FUZZ_H_
