// One fuzz input through every parser of the MySQL protocol codec (server/mysql): the first
// byte chooses the parser, the rest is its input. Shared by the libFuzzer target
// (mysql_packet_fuzzer) and the corpus replay test, so that both exercise the same code.
#ifndef ORDINAL_TESTS_FUZZ_MYSQL_PACKET_FUZZ_H_
#define ORDINAL_TESTS_FUZZ_MYSQL_PACKET_FUZZ_H_

#include <string_view>

namespace ordinal::fuzz {

// Runs `input` through the chosen parser; must return for any bytes.
void FuzzMysqlPacket(std::string_view input);

}  // namespace ordinal::fuzz

#endif  // ORDINAL_TESTS_FUZZ_MYSQL_PACKET_FUZZ_H_
