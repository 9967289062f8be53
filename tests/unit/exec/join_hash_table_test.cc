// JoinHashTable against std::unordered_multimap: random keys with many duplicates, keys
// that are prefixes of one another, empty keys, and the order matches come back in.
#include "engine/exec/join_hash_table.h"

#include <algorithm>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "gtest/gtest.h"

namespace ordinal::engine::exec {
namespace {

// The entries under `key`, in the order the table gives them.
std::vector<uint32_t> Matches(const JoinHashTable& table, const std::string& key) {
  std::vector<uint32_t> found;
  for (uint32_t i = table.Find(key); i != JoinHashTable::kNone; i = table.Next(i)) {
    found.push_back(i);
  }
  return found;
}

// Entries under `key` per the reference, in the order added.
std::vector<uint32_t> Expected(const std::unordered_multimap<std::string, uint32_t>& reference,
                               const std::string& key) {
  std::vector<uint32_t> expected;
  auto [begin, end] = reference.equal_range(key);
  for (auto it = begin; it != end; ++it) expected.push_back(it->second);
  std::sort(expected.begin(), expected.end());
  return expected;
}

std::string RandomKey(std::mt19937_64& random, int distinct) {
  const int n = static_cast<int>(random() % distinct);
  // Lengths 0..4 of a repeated letter ("", "a", "aa" share prefixes), then numbered keys.
  std::string key(n % 5, static_cast<char>('a' + n / 5 % 26));
  if (n >= 130) key += "#" + std::to_string(n);
  return key;
}

TEST(JoinHashTableTest, EmptyTableFindsNothing) {
  JoinHashTable table;
  EXPECT_EQ(table.Find("x"), JoinHashTable::kNone);
  table.Build();
  EXPECT_EQ(table.Find(""), JoinHashTable::kNone);
  EXPECT_EQ(table.size(), 0u);
}

TEST(JoinHashTableTest, FindsEveryEntryOfAKeyInTheOrderAdded) {
  JoinHashTable table;
  table.Add("k");
  table.Add("other");
  table.Add("k");
  table.Add(std::string("k\0", 2));
  table.Add("k");
  table.Build();
  EXPECT_EQ(Matches(table, "k"), (std::vector<uint32_t>{0, 2, 4}));
  EXPECT_EQ(Matches(table, std::string("k\0", 2)), (std::vector<uint32_t>{3}));
  EXPECT_EQ(Matches(table, "other"), (std::vector<uint32_t>{1}));
  EXPECT_TRUE(Matches(table, "kk").empty());
}

TEST(JoinHashTableTest, AgreesWithUnorderedMultimapOnRandomKeys) {
  std::mt19937_64 random(12);
  for (int distinct : {1, 7, 200, 5000}) {
    for (int rows : {0, 1, 100, 20000}) {
      JoinHashTable table;
      std::unordered_multimap<std::string, uint32_t> reference;
      for (int i = 0; i < rows; ++i) {
        const std::string key = RandomKey(random, distinct);
        table.Add(key);
        reference.emplace(key, static_cast<uint32_t>(i));
      }
      table.Build();
      ASSERT_EQ(table.size(), static_cast<size_t>(rows));
      // Every key added, and as many that may not have been.
      for (int probe = 0; probe < 2 * distinct + 10; ++probe) {
        const std::string key = RandomKey(random, 2 * distinct);
        // Matches come back in the order added, so sorted they equal the reference's.
        ASSERT_EQ(Matches(table, key), Expected(reference, key))
            << "distinct " << distinct << " rows " << rows << " key " << key;
      }
    }
  }
}

TEST(JoinHashTableTest, KeysAroundTheInlineSizeAreToldApart) {
  // Keys of 15-17 bytes (kept in the slot or in the arena) that differ only in their last
  // byte or in their length, each added twice.
  std::mt19937_64 random(5);
  JoinHashTable table;
  std::unordered_multimap<std::string, uint32_t> reference;
  std::vector<std::string> keys;
  for (size_t size : {15, 16, 17, 40}) {
    for (char last : {'x', 'y', '\0'}) keys.push_back(std::string(size - 1, 'k') + last);
  }
  for (uint32_t i = 0; i < 2 * keys.size(); ++i) {
    const std::string& key = keys[random() % keys.size()];
    table.Add(key);
    reference.emplace(key, i);
  }
  table.Build();
  for (const std::string& key : keys) {
    EXPECT_EQ(Matches(table, key), Expected(reference, key)) << key.size();
  }
  EXPECT_TRUE(Matches(table, std::string(18, 'k')).empty());
  EXPECT_TRUE(Matches(table, std::string(16, 'k')).empty());
}

TEST(JoinHashTableTest, ProbesInBuildOrderFindEveryMatch) {
  // Build keys in order with duplicates and gaps; probes in the same order, some of keys
  // never added, some matches not read to the end, then probes in random order.
  std::mt19937_64 random(7);
  JoinHashTable table;
  std::unordered_multimap<std::string, uint32_t> reference;
  auto key_of = [](int n) {
    std::string key = "n";
    for (int shift = 24; shift >= 0; shift -= 8) key.push_back(static_cast<char>(n >> shift));
    return key;
  };
  uint32_t entry = 0;
  for (int n = 0; n < 3000; ++n) {
    if (random() % 4 == 0) continue;  // a gap
    for (int copies = 1 + static_cast<int>(random() % 3); copies > 0; --copies) {
      table.Add(key_of(n));
      reference.emplace(key_of(n), entry++);
    }
  }
  table.Build();
  for (int n = 0; n < 3100; ++n) {
    if (random() % 5 == 0) {
      table.Find(key_of(n));  // only the first match read
      continue;
    }
    ASSERT_EQ(Matches(table, key_of(n)), Expected(reference, key_of(n))) << n;
  }
  for (int probe = 0; probe < 3000; ++probe) {
    const int n = static_cast<int>(random() % 3100);
    ASSERT_EQ(Matches(table, key_of(n)), Expected(reference, key_of(n))) << n;
  }
}

TEST(JoinHashTableTest, ClearedTableIsReusable) {
  JoinHashTable table;
  table.Add("a");
  table.Build();
  table.Clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.Find("a"), JoinHashTable::kNone);
  table.Add("b");
  table.Add("a");
  table.Build();
  EXPECT_EQ(Matches(table, "a"), (std::vector<uint32_t>{1}));
}

}  // namespace
}  // namespace ordinal::engine::exec
