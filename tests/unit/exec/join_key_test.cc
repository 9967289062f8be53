// Hash join keys: values equal in SQL share a key, others do not, and remembered weight
// strings give the same keys as computed ones.
#include "engine/exec/join_key.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "engine/types/collation.h"
#include "gtest/gtest.h"

namespace ordinal::engine::exec {
namespace {

Value Str(const std::string& s, const char* collation) {
  Value v = Value::String(s);
  v.set_collation(FindCollation(collation)->id(), CollationDerivation::kImplicit);
  return v;
}

std::string KeyOf(JoinKeys& keys, const Value& v) {
  std::string key;
  EXPECT_TRUE(keys.Append(v, &key));
  return key;
}

TEST(JoinKeysTest, StringsEqualUnderTheirCollationShareAKey) {
  JoinKeys keys;
  EXPECT_EQ(KeyOf(keys, Str("d001", "utf8mb4_0900_ai_ci")),
            KeyOf(keys, Str("D001", "utf8mb4_0900_ai_ci")));
  EXPECT_NE(KeyOf(keys, Str("d001", "utf8mb4_bin")), KeyOf(keys, Str("D001", "utf8mb4_bin")));
  EXPECT_NE(KeyOf(keys, Str("d001", "utf8mb4_0900_ai_ci")),
            KeyOf(keys, Str("d002", "utf8mb4_0900_ai_ci")));
}

TEST(JoinKeysTest, NumbersAreKeyedByValue) {
  JoinKeys keys;
  EXPECT_EQ(KeyOf(keys, Value::Int(1)), KeyOf(keys, Value::Double(1.0)));
  EXPECT_EQ(KeyOf(keys, Value::Double(-0.0)), KeyOf(keys, Value::Int(0)));
  EXPECT_NE(KeyOf(keys, Value::Int(1)), KeyOf(keys, Value::Int(2)));
  EXPECT_EQ(KeyOf(keys, Value::FromDecimal(*Decimal::Parse("1.50"))),
            KeyOf(keys, Value::FromDecimal(*Decimal::Parse("1.5"))));
  EXPECT_EQ(KeyOf(keys, Value::FromDecimal(*Decimal::Parse("2.00"))), KeyOf(keys, Value::Int(2)));
  EXPECT_EQ(KeyOf(keys, Value::UInt(UINT64_MAX)), KeyOf(keys, Value::UInt(UINT64_MAX)));
  EXPECT_NE(KeyOf(keys, Value::UInt(UINT64_MAX)), KeyOf(keys, Value::Int(5)));
  std::string key;
  EXPECT_FALSE(keys.Append(Value::Null(), &key));
}

TEST(JoinKeysTest, RememberedWeightsGiveTheComputedKeys) {
  // More distinct values than are remembered, each asked twice, against a fresh JoinKeys
  // for every value (which computes its weights).
  JoinKeys remembering;
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < JoinKeys::kMaxRemembered + 100; ++i) {
      const Value v = Str(absl::StrCat("Name ", i), "utf8mb4_0900_ai_ci");
      JoinKeys fresh;
      ASSERT_EQ(KeyOf(remembering, v), KeyOf(fresh, v)) << i;
    }
  }
  // Two collations keep their weights apart.
  EXPECT_NE(KeyOf(remembering, Str("a", "utf8mb4_0900_ai_ci")),
            KeyOf(remembering, Str("a", "utf8mb4_general_ci")));
}

TEST(JoinKeysTest, KeyPartsAreDelimited) {
  // ("ab", "c") and ("a", "bc") differ: each string part carries its length.
  JoinKeys keys;
  std::string first, second;
  ASSERT_TRUE(keys.Append(Str("ab", "utf8mb4_bin"), &first));
  ASSERT_TRUE(keys.Append(Str("c", "utf8mb4_bin"), &first));
  ASSERT_TRUE(keys.Append(Str("a", "utf8mb4_bin"), &second));
  ASSERT_TRUE(keys.Append(Str("bc", "utf8mb4_bin"), &second));
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace ordinal::engine::exec
