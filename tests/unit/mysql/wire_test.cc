#include "server/mysql/wire.h"

#include "gtest/gtest.h"

namespace ordinal::server::mysql {
namespace {

TEST(WireTest, LenencIntRoundTripsAtEveryWidthBoundary) {
  for (uint64_t v : {0ull, 250ull, 251ull, 0xffffull, 0x10000ull, 0xffffffull, 0x1000000ull,
                     ~0ull}) {
    WireWriter w;
    w.LenencInt(v);
    EXPECT_EQ(w.data().size(), LenencIntSize(v)) << v;
    WireReader r(w.data());
    EXPECT_EQ(r.LenencInt(), v);
    EXPECT_TRUE(r.empty());
  }
}

TEST(WireTest, TruncatedLenencIntIsAnError) {
  WireWriter w;
  w.LenencInt(0x123456789ull);
  for (size_t n = 0; n < w.data().size(); ++n) {
    WireReader r(std::string_view(w.data()).substr(0, n));
    EXPECT_FALSE(r.LenencInt().has_value()) << n;
  }
}

TEST(WireTest, NullMarkerAndErrorByteAreNotIntegers) {
  WireReader null_marker("\xfb");
  EXPECT_FALSE(null_marker.LenencInt().has_value());
  WireReader error_byte("\xff\x01\x02");
  EXPECT_FALSE(error_byte.LenencInt().has_value());
}

TEST(WireTest, LenencStringLongerThanThePacketIsAnError) {
  WireReader r(std::string_view("\x05" "abc", 4));
  EXPECT_FALSE(r.LenencString().has_value());
  EXPECT_TRUE(r.empty());
}

TEST(WireTest, NulStringNeedsItsTerminator) {
  WireReader good(std::string_view("root\0rest", 9));
  EXPECT_EQ(good.NulString(), "root");
  EXPECT_EQ(good.Rest(), "rest");
  WireReader bad("root");
  EXPECT_FALSE(bad.NulString().has_value());
}

TEST(WireTest, FixedIntsAreLittleEndian) {
  WireWriter w;
  w.Int2(0x0102);
  w.Int4(0x03040506);
  EXPECT_EQ(w.data(), std::string("\x02\x01\x06\x05\x04\x03", 6));
  WireReader r(w.data());
  EXPECT_EQ(r.Int2(), 0x0102);
  EXPECT_EQ(r.Int4(), 0x03040506u);
}

}  // namespace
}  // namespace ordinal::server::mysql
