// StableSortRows (engine/exec/sort_prefix.h) puts rows in exactly the order std::stable_sort
// gives with the full comparison: prefixes only decide pairs the comparison decides the
// same way.
#include "engine/exec/sort_prefix.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "engine/types/collation.h"
#include "gtest/gtest.h"

namespace ordinal::engine::exec {
namespace {

// Sort keys compared one after another, the first in `first_descending` direction.
ExternalSorter::Less KeysLess(bool first_descending) {
  return [first_descending](const SortRow& a, const SortRow& b) {
    for (size_t i = 0; i < a.keys.size(); ++i) {
      const int c = CompareForSort(a.keys[i], b.keys[i]);
      if (c != 0) return i == 0 && first_descending ? c > 0 : c < 0;
    }
    return false;
  };
}

Value Collated(std::string s, uint16_t collation) {
  Value v = Value::String(std::move(s));
  v.set_collation(collation, CollationDerivation::kImplicit);
  return v;
}

// Rows whose first key is of `kind`: 0 integers, 1 utf8mb4_0900_ai_ci strings (some with
// non-ASCII characters), 2 binary strings, 3 a mix of those with NULLs and doubles. The
// second key is small, so that many rows tie on both; values[0] is the row's position.
std::vector<SortRow> RandomRows(int kind, std::mt19937_64& rng) {
  static const std::string kAlphabet = "aAbB09- \x01";
  static const std::vector<std::string> kTails = {"", "\xC3\xA9", "\xE4\xB8\xAD"};
  std::uniform_int_distribution<size_t> letter(0, kAlphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 11);
  std::uniform_int_distribution<int64_t> number(-3, 3);
  std::vector<SortRow> rows(300);
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string s(static_cast<size_t>(length(rng)), 'a');
    for (char& c : s) c = kAlphabet[letter(rng)];
    if (i % 5 == 0) s.insert(s.size() / 2, kTails[i % kTails.size()]);
    const int k = kind == 3 ? static_cast<int>(i % 5) : kind;
    Value first;
    switch (k) {
      case 0: first = Value::Int(number(rng) * (i % 2 == 0 ? 1 : INT64_MAX / 4)); break;
      case 1: first = Collated(s, kUtf8mb4DefaultCollationId); break;
      case 2: first = Collated(s, kBinaryCollationId); break;
      case 3: first = Value::Null(); break;
      default: first = Value::Double(static_cast<double>(number(rng)) / 2); break;
    }
    rows[i].values = {Value::Int(static_cast<int64_t>(i))};
    rows[i].keys = {first, Value::Int(number(rng))};
  }
  return rows;
}

std::vector<int64_t> Positions(const std::vector<SortRow>& rows) {
  std::vector<int64_t> out;
  for (const SortRow& row : rows) out.push_back(row.values[0].int_value());
  return out;
}

TEST(SortPrefixTest, RowsComeOutInTheFullComparisonsStableOrder) {
  std::mt19937_64 rng(17);
  for (int kind = 0; kind < 4; ++kind) {
    for (bool descending : {false, true}) {
      for (int round = 0; round < 20; ++round) {
        std::vector<SortRow> rows = RandomRows(kind, rng);
        std::vector<SortRow> expected = rows;
        const ExternalSorter::Less less = KeysLess(descending);
        std::stable_sort(expected.begin(), expected.end(), less);
        StableSortRows(rows, less,
                       {[](const SortRow& r) -> const Value& { return r.keys[0]; }, descending});
        ASSERT_EQ(Positions(rows), Positions(expected))
            << "kind " << kind << (descending ? " descending" : "");
      }
    }
  }
}

TEST(SortPrefixTest, PrefixesOrderIntegersAndStringsOfOneCollation) {
  EXPECT_LT(SortPrefixOf(Value::Int(-5)).bits, SortPrefixOf(Value::Int(3)).bits);
  EXPECT_LT(SortPrefixOf(Value::Int(INT64_MIN)).bits, SortPrefixOf(Value::Int(INT64_MAX)).bits);
  const SortPrefix apple = SortPrefixOf(Collated("Apple", kUtf8mb4DefaultCollationId));
  const SortPrefix banana = SortPrefixOf(Collated("banana", kUtf8mb4DefaultCollationId));
  EXPECT_EQ(apple.kind, banana.kind);
  EXPECT_LT(apple.bits, banana.bits);
  // Another collation, a JSON value, NULL, a double: not comparable by prefix with these.
  EXPECT_NE(SortPrefixOf(Collated("Apple", kBinaryCollationId)).kind, apple.kind);
  EXPECT_EQ(SortPrefixOf(Value::Json("\"a\"")).kind, 0u);
  EXPECT_EQ(SortPrefixOf(Value::Null()).kind, 0u);
  EXPECT_EQ(SortPrefixOf(Value::Double(1.5)).kind, 0u);
}

}  // namespace
}  // namespace ordinal::engine::exec
