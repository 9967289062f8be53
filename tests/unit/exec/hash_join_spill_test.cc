// The grace hash join over temporary files (engine/exec/hash_join_spill.h): over random
// keys, with one key holding many rows, it finds exactly the pairs a nested loop finds, as
// multisets, in one chunk per partition or in several; with `outer` it hands back exactly
// the probe rows that matched nothing; it stops when asked; its files leave nothing behind.
#include "engine/exec/hash_join_spill.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/exec/query_memory.h"
#include "engine/exec/spill_file.h"
#include "gtest/gtest.h"

namespace ordinal::engine::exec {
namespace {

namespace fs = std::filesystem;
using Row = std::vector<Value>;

// A row (id, key, payload) and the pair a join produces: (probe id, build id or -1).
struct Keyed {
  std::string key;
  Row row;
};
using Pair = std::pair<int64_t, int64_t>;

class HashJoinSpillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "ordinal_hjspill_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    ASSERT_TRUE(PrepareSpillDirectory(dir_ + "/tmp").ok());
    pool_.SetLimits(/*per_statement_bytes=*/256 << 10, /*total_bytes=*/0);
    pool_.SetSpill(dir_ + "/tmp", /*per_statement_disk_bytes=*/0);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  bool SpillDirectoryIsEmpty() const { return fs::is_empty(dir_ + "/tmp"); }

  // n rows with keys in [1, 40], a quarter of them under key 0.
  static std::vector<Keyed> Rows(int n, unsigned seed) {
    std::mt19937 random(seed);
    std::vector<Keyed> rows;
    for (int i = 0; i < n; ++i) {
      const int key = random() % 4 == 0 ? 0 : 1 + static_cast<int>(random() % 40);
      rows.push_back({absl::StrCat("k", key),
                      {Value::Int(i), Value::Int(key), Value::String(absl::StrCat("p", i))}});
    }
    return rows;
  }

  // The condition beyond the key: some candidates match, some do not.
  static bool Matches(const Row& probe, const Row& build) {
    return (probe[0].int_value() + build[0].int_value()) % 3 != 0;
  }

  // The reference: a nested loop over every pair.
  static std::vector<Pair> NestedLoop(const std::vector<Keyed>& probes,
                                      const std::vector<Keyed>& builds, bool outer) {
    std::vector<Pair> pairs;
    for (const Keyed& p : probes) {
      bool matched = false;
      for (const Keyed& b : builds) {
        if (p.key != b.key || !Matches(p.row, b.row)) continue;
        matched = true;
        pairs.emplace_back(p.row[0].int_value(), b.row[0].int_value());
      }
      if (outer && !matched) pairs.emplace_back(p.row[0].int_value(), -1);
    }
    std::sort(pairs.begin(), pairs.end());
    return pairs;
  }

  // Joins through a HashJoinSpill holding at most `chunk_bytes` of build rows at once.
  std::vector<Pair> Spilled(const std::vector<Keyed>& probes, const std::vector<Keyed>& builds,
                            bool outer, uint64_t chunk_bytes, uint64_t* chunked = nullptr) {
    QueryMemory memory(pool_);
    HashJoinSpill spill(memory, outer, chunk_bytes);
    for (const Keyed& b : builds) EXPECT_TRUE(spill.AddBuild(b.key, b.row).ok());
    for (const Keyed& p : probes) EXPECT_TRUE(spill.AddProbe(p.key, p.row).ok());
    EXPECT_GT(spill.bytes_written(), 0u);
    std::vector<Pair> pairs;
    absl::StatusOr<bool> done = spill.Join(
        [&](const Row& probe, const std::vector<const Row*>& candidates,
            bool* matched) -> absl::StatusOr<bool> {
          for (const Row* build : candidates) {
            if (!Matches(probe, *build)) continue;
            *matched = true;
            pairs.emplace_back(probe[0].int_value(), (*build)[0].int_value());
          }
          return true;
        },
        [&](const Row& probe) -> absl::StatusOr<bool> {
          pairs.emplace_back(probe[0].int_value(), -1);
          return true;
        });
    EXPECT_TRUE(done.ok()) << done.status();
    EXPECT_TRUE(done.value_or(false));
    if (chunked != nullptr) *chunked = spill.chunked_partitions();
    std::sort(pairs.begin(), pairs.end());
    return pairs;
  }

  std::string dir_;
  QueryMemoryPool pool_;
};

TEST_F(HashJoinSpillTest, InnerJoinFindsTheNestedLoopsPairs) {
  const std::vector<Keyed> probes = Rows(600, 1);
  const std::vector<Keyed> builds = Rows(500, 2);
  uint64_t chunked = 0;
  EXPECT_EQ(Spilled(probes, builds, /*outer=*/false, /*chunk_bytes=*/0, &chunked),
            NestedLoop(probes, builds, false));
  EXPECT_EQ(chunked, 0u);
  EXPECT_TRUE(SpillDirectoryIsEmpty());
}

TEST_F(HashJoinSpillTest, PartitionTooBigForMemoryIsJoinedInChunks) {
  const std::vector<Keyed> probes = Rows(600, 3);
  const std::vector<Keyed> builds = Rows(500, 4);
  for (bool outer : {false, true}) {
    uint64_t chunked = 0;
    EXPECT_EQ(Spilled(probes, builds, outer, /*chunk_bytes=*/2 << 10, &chunked),
              NestedLoop(probes, builds, outer))
        << outer;
    EXPECT_GT(chunked, 0u);
  }
  EXPECT_TRUE(SpillDirectoryIsEmpty());
}

TEST_F(HashJoinSpillTest, OuterJoinHandsBackEveryUnmatchedProbeRowOnce) {
  const std::vector<Keyed> probes = Rows(700, 5);
  std::vector<Keyed> builds = Rows(300, 6);
  // Keys only the probe side has: whole partitions without build rows.
  builds.erase(std::remove_if(builds.begin(), builds.end(),
                              [](const Keyed& b) { return b.row[1].int_value() > 20; }),
               builds.end());
  EXPECT_EQ(Spilled(probes, builds, /*outer=*/true, /*chunk_bytes=*/0),
            NestedLoop(probes, builds, true));
  EXPECT_EQ(Spilled(probes, {}, /*outer=*/true, /*chunk_bytes=*/0),
            NestedLoop(probes, {}, true));
}

TEST_F(HashJoinSpillTest, StopsWhenTheConsumerSaysSoAndLeavesNoFiles) {
  const std::vector<Keyed> rows = Rows(300, 7);
  {
    QueryMemory memory(pool_);
    HashJoinSpill spill(memory, /*outer=*/false, /*chunk_bytes=*/0);
    for (const Keyed& r : rows) ASSERT_TRUE(spill.AddBuild(r.key, r.row).ok());
    for (const Keyed& r : rows) ASSERT_TRUE(spill.AddProbe(r.key, r.row).ok());
    int calls = 0;
    absl::StatusOr<bool> done = spill.Join(
        [&](const Row&, const std::vector<const Row*>&, bool*) -> absl::StatusOr<bool> {
          return ++calls < 3;
        },
        [&](const Row&) -> absl::StatusOr<bool> { return true; });
    ASSERT_TRUE(done.ok());
    EXPECT_FALSE(*done);
    EXPECT_EQ(calls, 3);
  }
  EXPECT_TRUE(SpillDirectoryIsEmpty());
}

}  // namespace
}  // namespace ordinal::engine::exec
