// Unit tests of ordinal-bench's pieces that need no server: the latency histogram, the target
// URL parser, the zipfian chooser and the sysbench value templates.
#include <map>

#include "bench/histogram.h"
#include "bench/random.h"
#include "bench/target.h"
#include "gtest/gtest.h"

namespace ordinal::bench {
namespace {

const char* NoEnv(const char*) { return nullptr; }
const char* PasswordEnv(const char* name) {
  return std::string_view(name) == "MYSQL_PWD" ? "from-env" : nullptr;
}

TEST(LatencyHistogramTest, PercentilesAreWithinOneBucketOfTheTruth) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 100000; ++v) h.Record(v * 1000);  // 1 µs .. 100 ms
  EXPECT_NEAR(h.Percentile(0.5), 50000000.0, 50000000.0 / 60);
  EXPECT_NEAR(h.Percentile(0.99), 99000000.0, 99000000.0 / 60);
  EXPECT_EQ(h.Percentile(1.0), 100000000u);
  EXPECT_EQ(h.max(), 100000000u);
  EXPECT_EQ(h.min(), 1000u);
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram h;
  h.Record(7);
  h.Record(9);
  EXPECT_EQ(h.Percentile(0.5), 7u);
  EXPECT_EQ(h.Percentile(1.0), 9u);
}

TEST(LatencyHistogramTest, MergeAddsCounts) {
  LatencyHistogram a, b;
  a.Record(1000);
  b.Record(3000000);
  a.Merge(b);
  EXPECT_EQ(a.count(), 2u);
  EXPECT_EQ(a.max(), 3000000u);
  EXPECT_EQ(a.min(), 1000u);
}

TEST(LatencyHistogramTest, EmptyHistogramReportsZero) {
  EXPECT_EQ(LatencyHistogram().Percentile(0.99), 0u);
}

TEST(TargetTest, OrdinalUrlListsEndpointsInOrdinalOrder) {
  auto t = ParseTarget("ordinal://127.0.1.0:7306,127.0.1.1:7306", NoEnv);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->system, System::kOrdinal);
  ASSERT_EQ(t->endpoints.size(), 2u);
  EXPECT_EQ(t->endpoints[1].address(), "127.0.1.1:7306");
  EXPECT_EQ(t->replica_count(), 1);
}

TEST(TargetTest, MysqlUrlCarriesCredentialsAndDatabase) {
  auto t = ParseTarget("mysql://bench:secret@127.0.0.1:3306,127.0.0.1:3307/sbtest", NoEnv);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->user, "bench");
  EXPECT_EQ(t->password, "secret");
  EXPECT_EQ(t->database, "sbtest");
  EXPECT_EQ(t->endpoints[0].port, 3306);
}

TEST(TargetTest, MysqlPasswordMayComeFromMysqlPwd) {
  auto t = ParseTarget("mysql://root@localhost:3306/db", PasswordEnv);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->password, "from-env");
}

TEST(TargetTest, UnknownSchemeIsRejected) {
  EXPECT_FALSE(ParseTarget("postgres://h:1", NoEnv).ok());
  EXPECT_FALSE(ParseTarget("ordinal://nohostport", NoEnv).ok());
}

TEST(RandomTest, SysbenchTemplatesFitTheirColumns) {
  Rng rng(1);
  std::string c = RandomString(rng, CValueTemplate());
  std::string pad = RandomString(rng, PadValueTemplate());
  EXPECT_EQ(c.size(), 119u);  // CHAR(120)
  EXPECT_EQ(pad.size(), 59u);  // CHAR(60)
  EXPECT_EQ(c.find('#'), std::string::npos);
  EXPECT_EQ(c[11], '-');
}

TEST(ZipfianChooserTest, StaysInRangeAndFavoursFewKeys) {
  ZipfianChooser zipf(1000);
  Rng rng(42);
  std::map<int64_t, int> counts;
  for (int i = 0; i < 100000; ++i) {
    int64_t id = zipf.Next(rng);
    ASSERT_GE(id, 1);
    ASSERT_LE(id, 1000);
    ++counts[id];
  }
  int hottest = 0;
  for (const auto& [id, n] : counts) hottest = std::max(hottest, n);
  // Under theta 0.99 over 1000 keys the most popular key draws about 13% of the choices;
  // a uniform choice would give 0.1%.
  EXPECT_GT(hottest, 5000);
}

}  // namespace
}  // namespace ordinal::bench
