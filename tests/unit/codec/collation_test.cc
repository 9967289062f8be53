// The collations of engine/types/collation.h: what each one equates and orders, and the
// property the key codec relies on: weight-string order is Compare order, for every
// collation, and keys built with a collation order and match the same way.
#include "engine/types/collation.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codec/key_codec.h"
#include "engine/types/charsets.h"
#include "gtest/gtest.h"

namespace ordinal::engine {
namespace {

int Sign(int c) { return (c > 0) - (c < 0); }

const Collation& Named(std::string_view name) {
  const Collation* c = FindCollation(name);
  EXPECT_NE(c, nullptr) << name;
  return *c;
}

int Compare(std::string_view collation, std::string_view a, std::string_view b) {
  return Sign(Named(collation).Compare(a, b));
}

std::string Weights(const Collation& c, std::string_view s) {
  std::string out;
  c.AppendWeights(s, &out);
  return out;
}

TEST(CollationTest, RegistryKnowsMysqlNamesAndIds) {
  EXPECT_EQ(DefaultCollation().name(), "utf8mb4_0900_ai_ci");
  EXPECT_EQ(DefaultCollation().id(), 255);
  EXPECT_EQ(BinaryCollation().id(), 63);
  EXPECT_EQ(Named("UTF8MB4_GENERAL_CI").id(), 45);
  EXPECT_EQ(Named("utf8_general_ci").name(), "utf8mb3_general_ci");  // MySQL's alias
  EXPECT_EQ(DefaultCollationOf("latin1")->name(), "latin1_swedish_ci");
  EXPECT_EQ(FindCollation("no_such_collation"), nullptr);
  EXPECT_EQ(DefaultCollationOf("klingon"), nullptr);
  for (const CollationInfo& info : Collations()) {
    EXPECT_EQ(FindCollationById(static_cast<uint16_t>(info.id))->name(), info.name);
  }
}

TEST(CollationTest, AiCiIgnoresCaseAndAccentsButNotTrailingSpace) {
  EXPECT_EQ(Compare("utf8mb4_0900_ai_ci", "alice", "ALICE"), 0);
  EXPECT_EQ(Compare("utf8mb4_0900_ai_ci", "cafe", "Café"), 0);
  EXPECT_EQ(Compare("utf8mb4_0900_ai_ci", "strasse", "straße"), 0);
  EXPECT_LT(Compare("utf8mb4_0900_ai_ci", "a", "B"), 0);
  EXPECT_LT(Compare("utf8mb4_0900_ai_ci", "a", "a "), 0);  // NO PAD
}

TEST(CollationTest, AsCsDistinguishesCaseAndAccents) {
  EXPECT_NE(Compare("utf8mb4_0900_as_cs", "a", "A"), 0);
  EXPECT_NE(Compare("utf8mb4_0900_as_cs", "e", "é"), 0);
  EXPECT_LT(Compare("utf8mb4_0900_as_cs", "A", "b"), 0);
  EXPECT_EQ(Compare("utf8mb4_0900_as_ci", "a", "A"), 0);
  EXPECT_NE(Compare("utf8mb4_0900_as_ci", "e", "é"), 0);
}

TEST(CollationTest, GeneralCiFoldsCaseAndLatinAccentsAndPadsSpace) {
  EXPECT_EQ(Compare("utf8mb4_general_ci", "alice", "ALICE"), 0);
  EXPECT_EQ(Compare("utf8mb4_general_ci", "e", "É"), 0);
  EXPECT_EQ(Compare("utf8mb4_general_ci", "ß", "s"), 0);
  EXPECT_EQ(Compare("utf8mb4_general_ci", "a", "a  "), 0);
  EXPECT_LT(Compare("utf8mb4_general_ci", "a", "B"), 0);
  // Characters beyond the BMP all weigh as U+FFFD.
  EXPECT_EQ(Compare("utf8mb4_general_ci", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x81"), 0);
}

TEST(CollationTest, BinComparesBytesAndPadsSpace) {
  EXPECT_LT(Compare("utf8mb4_bin", "B", "a"), 0);
  EXPECT_NE(Compare("utf8mb4_bin", "a", "A"), 0);
  EXPECT_EQ(Compare("utf8mb4_bin", "a", "a "), 0);
  EXPECT_LT(Compare("utf8mb4_0900_bin", "a", "a "), 0);
  EXPECT_LT(Compare("binary", "a", "a "), 0);
}

// Strings from a small alphabet of what collations treat specially: case pairs, accents,
// sharp s, spaces and control characters at the end, NUL, multibyte and 4-byte
// characters, and bytes that are not UTF-8.
std::vector<std::string> SampleStrings(uint64_t seed, int count) {
  static const std::vector<std::string> kAlphabet = {
      "a", "A", "b", "B", "e", "E", "\xC3\xA9", "\xC3\x89", "s", "\xC3\x9F", " ", "\t",
      std::string(1, '\0'), "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xC3\x85", "z", "0", "-",
      "\xFF"};
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> length(0, 5);
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::vector<std::string> out = {"", " ", "a", "a ", "A", "a\t"};
  for (int i = 0; i < count; ++i) {
    std::string s;
    for (int n = length(rng); n > 0; --n) s += kAlphabet[pick(rng)];
    out.push_back(std::move(s));
  }
  return out;
}

class EveryCollationTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(EveryCollationTest, WeightOrderIsCompareOrder) {
  const Collation& c = Named(GetParam());
  const std::vector<std::string> strings = SampleStrings(7, 150);
  std::vector<std::string> weights;
  for (const std::string& s : strings) weights.push_back(Weights(c, s));
  for (size_t i = 0; i < strings.size(); ++i) {
    for (size_t j = 0; j < strings.size(); ++j) {
      ASSERT_EQ(Sign(weights[i].compare(weights[j])), Sign(c.Compare(strings[i], strings[j])))
          << c.name() << ": '" << strings[i] << "' vs '" << strings[j] << "'";
    }
  }
}

TEST_P(EveryCollationTest, KeysOrderAndMatchAsTheCollationCompares) {
  const Collation& c = Named(GetParam());
  const std::vector<std::string> strings = SampleStrings(11, 100);
  std::vector<std::string> keys;
  for (const std::string& s : strings) {
    std::string key;
    codec::AppendKey(&key, Value::String(s), ColumnType::kVarchar, &c);
    key += "tail";  // a following key part must not change the order
    keys.push_back(std::move(key));
  }
  for (size_t i = 0; i < strings.size(); ++i) {
    for (size_t j = 0; j < strings.size(); ++j) {
      ASSERT_EQ(Sign(keys[i].compare(keys[j])), Sign(c.Compare(strings[i], strings[j])))
          << c.name() << ": '" << strings[i] << "' vs '" << strings[j] << "'";
    }
  }
}

// utf8mb4_0900_ai_ci compares ASCII strings from a table of ICU's primary weights of ASCII
// characters, and falls back to ICU where a non-ASCII character may change the answer: the
// order is ICU's (its weights' order) on long strings with long common prefixes too.
TEST(CollationTest, AsciiStringsCompareAsIcuWeighsThem) {
  static const std::string kAlphabet =
      std::string("aAbBzZ09-_ .,;'\"!~\x7f\x01\t") + std::string(1, '\0');
  static const std::vector<std::string> kTails = {"", "\xC3\xA9", "\xCC\x81", "\xC2\xB7",
                                                  "\xE4\xB8\xAD", "\xFF"};
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::uniform_int_distribution<size_t> tail(0, kTails.size() - 1);
  std::uniform_int_distribution<int> length(0, 6);
  for (std::string_view name : {"utf8mb4_0900_ai_ci", "utf8mb4_unicode_ci"}) {
    const Collation& c = Named(name);
    for (int round = 0; round < 20000; ++round) {
      std::string prefix(static_cast<size_t>(length(rng)) * 10, 'x');
      for (char& ch : prefix) ch = kAlphabet[pick(rng)];
      std::string a = prefix, b = prefix;
      for (int n = length(rng); n > 0; --n) a += kAlphabet[pick(rng)];
      for (int n = length(rng); n > 0; --n) b += kAlphabet[pick(rng)];
      if (round % 4 == 0) a += kTails[tail(rng)];
      if (round % 4 == 1) b.insert(b.size() / 2, kTails[tail(rng)]);
      ASSERT_EQ(Sign(c.Compare(a, b)), Sign(Weights(c, a).compare(Weights(c, b))))
          << name << ": '" << a << "' vs '" << b << "'";
    }
  }
  EXPECT_EQ(Compare("utf8mb4_0900_ai_ci", "abc", "ABC"), 0);
  EXPECT_LT(Compare("utf8mb4_0900_ai_ci", "a-b", "a0"), 0);
  EXPECT_LT(Compare("utf8mb4_0900_ai_ci", "ab", "ab "), 0);
}

// OrderPrefix may only tell apart what Compare orders the same way: a smaller prefix means
// a smaller string. Strings that share long runs and differ within or just past the first 8
// weighed characters, with ignorable characters, case, PAD SPACE tails and non-ASCII ones.
TEST(CollationTest, OrderPrefixesNeverDisagreeWithCompare) {
  static const std::string kAlphabet =
      std::string("aAbBzZ09-_ .,;'\"!~\x7f\x01\t") + std::string(1, '\0');
  static const std::vector<std::string> kTails = {"", "  ", "\xC3\xA9", "\xCC\x81",
                                                  "\xE4\xB8\xAD", "\xFF"};
  std::mt19937_64 rng(9);
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::uniform_int_distribution<size_t> tail(0, kTails.size() - 1);
  std::uniform_int_distribution<int> length(0, 12);
  for (const CollationInfo& info : Collations()) {
    const Collation& c = Named(info.name);
    int told = 0;
    for (int round = 0; round < 4000; ++round) {
      std::string shared(static_cast<size_t>(length(rng)) / 2, 'x');
      for (char& ch : shared) ch = kAlphabet[pick(rng)];
      std::string a = shared, b = shared;
      for (int n = length(rng); n > 0; --n) a += kAlphabet[pick(rng)];
      for (int n = length(rng); n > 0; --n) b += kAlphabet[pick(rng)];
      if (round % 3 == 0) a.insert(static_cast<size_t>(length(rng)) % (a.size() + 1), kTails[tail(rng)]);
      if (round % 3 == 1) b += kTails[tail(rng)];
      uint64_t pa = 0, pb = 0;
      if (!c.OrderPrefix(a, &pa) || !c.OrderPrefix(b, &pb) || pa == pb) continue;
      ++told;
      ASSERT_EQ(pa < pb ? -1 : 1, Sign(c.Compare(a, b)))
          << info.name << ": '" << a << "' vs '" << b << "'";
    }
    if (c.is_binary_order() || c.name() == "utf8mb4_0900_ai_ci") {
      EXPECT_GT(told, 1000) << info.name;
    }
  }
}

TEST(CollationTest, OrderPrefixesOfAiCiFollowPrimaryWeights) {
  const Collation& c = Named("utf8mb4_0900_ai_ci");
  uint64_t lower = 0, upper = 0, longer = 0, accented = 0;
  ASSERT_TRUE(c.OrderPrefix("abc", &lower));
  ASSERT_TRUE(c.OrderPrefix("ABC", &upper));
  ASSERT_TRUE(c.OrderPrefix("abcd", &longer));
  EXPECT_EQ(lower, upper);
  EXPECT_LT(lower, longer);
  // A non-ASCII character where the prefix is read, or right after it: no prefix.
  EXPECT_FALSE(c.OrderPrefix("ab\xC3\xA9", &accented));
  EXPECT_FALSE(c.OrderPrefix("abcdefgh\xCC\x81", &accented));
  EXPECT_TRUE(c.OrderPrefix("abcdefghi\xCC\x81", &accented));
  EXPECT_FALSE(Named("utf8mb4_0900_as_cs").OrderPrefix("abc", &lower));
}

std::vector<std::string_view> AllCollationNames() {
  std::vector<std::string_view> names;
  for (const CollationInfo& info : Collations()) names.push_back(info.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(AllCollations, EveryCollationTest,
                         ::testing::ValuesIn(AllCollationNames()),
                         [](const ::testing::TestParamInfo<std::string_view>& info) {
                           return std::string(info.param);
                         });

}  // namespace
}  // namespace ordinal::engine
