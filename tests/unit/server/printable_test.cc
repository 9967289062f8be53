// Peer- and client-supplied strings in logs and errors: escaped and bounded.
#include "common/printable.h"
#include "common/utf8.h"

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

TEST(Utf8Test, CountsCharactersNotBytes) {
  EXPECT_EQ(Utf8CharCount("abc"), 3u);
  EXPECT_EQ(Utf8CharCount("\xc3\xa9t\xc3\xa9"), 3u);  // "été"
}

TEST(Utf8Test, PrefixNeverSplitsACharacter) {
  EXPECT_EQ(Utf8Prefix("\xc3\xa9\xc3\xa9", 3), "\xc3\xa9");
  EXPECT_EQ(Utf8Prefix("abc", 10), "abc");
}

TEST(Utf8Test, ErrorMessagesAreBoundedLikeMysqls) {
  EXPECT_EQ(BoundedErrorMessage("short"), "short");
  const std::string bounded = BoundedErrorMessage(std::string(1 << 20, 'x'));
  EXPECT_EQ(bounded.size(), kMaxErrorMessageBytes);
  EXPECT_EQ(bounded.substr(bounded.size() - 3), "...");
}

}  // namespace
}  // namespace ordinal
