// The defensive WriteBatch reader: every malformed input is DATA_LOSS, never a crash.
#include "engine/kv/write_batch_format.h"

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace ordinal::engine::kv {
namespace {

// Builds batch bytes by hand, in RocksDB's format.
class BatchBuilder {
 public:
  explicit BatchBuilder(uint64_t sequence) {
    for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<char>((sequence >> (8 * i)) & 0xff));
    bytes_.append(4, '\0');
  }
  BatchBuilder& Put(const std::string& key, const std::string& value) {
    bytes_.push_back(0x1);
    Slice(key);
    Slice(value);
    return Counted();
  }
  BatchBuilder& Delete(const std::string& key) {
    bytes_.push_back(0x0);
    Slice(key);
    return Counted();
  }
  BatchBuilder& DeleteRange(const std::string& begin, const std::string& end) {
    bytes_.push_back(0xF);
    Slice(begin);
    Slice(end);
    return Counted();
  }
  BatchBuilder& PutInFamily(uint8_t family, const std::string& key) {
    bytes_.push_back(0x5);
    bytes_.push_back(static_cast<char>(family));
    Slice(key);
    Slice("v");
    return Counted();
  }
  BatchBuilder& Noop() {
    bytes_.push_back(0xD);
    return *this;
  }
  BatchBuilder& SetCount(uint32_t count) {
    count_ = count;
    return *this;
  }
  std::string Build() const {
    std::string bytes = bytes_;
    for (int i = 0; i < 4; ++i) bytes[8 + i] = static_cast<char>((count_ >> (8 * i)) & 0xff);
    return bytes;
  }

 private:
  void Slice(const std::string& s) {
    bytes_.push_back(static_cast<char>(s.size()));  // tests use short slices: one-byte varint
    bytes_ += s;
  }
  BatchBuilder& Counted() {
    ++count_;
    return *this;
  }

  std::string bytes_;
  uint32_t count_ = 0;
};

TEST(WriteBatchFormatTest, WellFormedBatchIsSummarized) {
  std::string bytes = BatchBuilder(7).Put("ta", "1").Delete("tb").Noop().Build();
  absl::StatusOr<WriteBatchSummary> summary = ParseWriteBatch(bytes, "c");
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->sequence, 7u);
  EXPECT_EQ(summary->count, 2u);
  EXPECT_FALSE(summary->touches_prefix);
}

TEST(WriteBatchFormatTest, CatalogKeyIsNoticed) {
  std::string bytes = BatchBuilder(1).Put("ta", "1").Put("ctd\0x", "def").Build();
  absl::StatusOr<WriteBatchSummary> summary = ParseWriteBatch(bytes, "c");
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_TRUE(summary->touches_prefix);
}

TEST(WriteBatchFormatTest, RangeOverTheCatalogIsNoticed) {
  EXPECT_TRUE(ParseWriteBatch(BatchBuilder(1).DeleteRange("a", "z").Build(), "c")->touches_prefix);
  EXPECT_FALSE(
      ParseWriteBatch(BatchBuilder(1).DeleteRange("t1", "t2").Build(), "c")->touches_prefix);
}

TEST(WriteBatchFormatTest, EveryTruncationIsDataLoss) {
  std::string bytes = BatchBuilder(3).Put("key", "value").Delete("other").Build();
  for (size_t length = 0; length < bytes.size(); ++length) {
    absl::StatusOr<WriteBatchSummary> summary = ParseWriteBatch(bytes.substr(0, length), "c");
    EXPECT_EQ(summary.status().code(), absl::StatusCode::kDataLoss) << "length " << length;
  }
}

TEST(WriteBatchFormatTest, WrongCountIsDataLoss) {
  EXPECT_EQ(ParseWriteBatch(BatchBuilder(1).Put("a", "1").SetCount(2).Build(), "c").status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(ParseWriteBatch(BatchBuilder(1).Put("a", "1").Put("b", "2").SetCount(1).Build(), "c")
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
}

TEST(WriteBatchFormatTest, TrailingBytesAreDataLoss) {
  std::string bytes = BatchBuilder(1).Put("a", "1").Build() + "\x01";
  EXPECT_EQ(ParseWriteBatch(bytes, "c").status().code(), absl::StatusCode::kDataLoss);
}

TEST(WriteBatchFormatTest, OtherColumnFamilyIsDataLoss) {
  EXPECT_TRUE(ParseWriteBatch(BatchBuilder(1).PutInFamily(0, "a").Build(), "c").ok());
  EXPECT_EQ(ParseWriteBatch(BatchBuilder(1).PutInFamily(3, "a").Build(), "c").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(WriteBatchFormatTest, UnknownRecordKindIsDataLoss) {
  std::string bytes = BatchBuilder(1).SetCount(1).Build() + "\x42";
  EXPECT_EQ(ParseWriteBatch(bytes, "c").status().code(), absl::StatusCode::kDataLoss);
}

TEST(WriteBatchFormatTest, OverlongVarintIsDataLoss) {
  std::string bytes = BatchBuilder(1).SetCount(1).Build() + "\x01\xff\xff\xff\xff\xff\x01";
  EXPECT_EQ(ParseWriteBatch(bytes, "c").status().code(), absl::StatusCode::kDataLoss);
}

TEST(WriteBatchFormatTest, RandomBytesNeverCrash) {
  std::mt19937 random(12345);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(random() % 64, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    absl::StatusOr<WriteBatchSummary> summary = ParseWriteBatch(bytes, "c");
    if (!summary.ok()) EXPECT_EQ(summary.status().code(), absl::StatusCode::kDataLoss);
  }
}

}  // namespace
}  // namespace ordinal::engine::kv
