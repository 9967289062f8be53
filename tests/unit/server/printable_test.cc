// Peer- and client-supplied strings in logs and errors: escaped and bounded.
#include "common/printable.h"

#include <string>

#include "gtest/gtest.h"

namespace ordinal {
namespace {

TEST(PrintableTest, ShortPrintableTextIsUnchanged) {
  EXPECT_EQ(Printable("10.0.0.1:7000"), "10.0.0.1:7000");
}

TEST(PrintableTest, ControlCharactersAreEscaped) {
  EXPECT_EQ(Printable("a\nb\x01"), "a\\nb\\x01");
}

TEST(PrintableTest, LongTextKeepsABoundedPrefixAndNamesItsLength) {
  const std::string printable = Printable(std::string(1 << 20, 'x'), 16);
  EXPECT_EQ(printable, std::string(16, 'x') + "...(1048576 bytes)");
}

}  // namespace
}  // namespace ordinal
