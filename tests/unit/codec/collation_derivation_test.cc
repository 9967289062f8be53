// MySQL's collation aggregation (engine/types/collation_derivation.h): which collation two
// string operands share, and when MySQL refuses the mix with error 1267.
#include "engine/types/collation_derivation.h"

#include <optional>
#include <string>
#include <string_view>

#include "common/sql_error.h"
#include "engine/types/collation.h"
#include "gtest/gtest.h"

namespace ordinal::engine {
namespace {

constexpr CollationDerivation kExplicit = CollationDerivation::kExplicit;
constexpr CollationDerivation kNone = CollationDerivation::kNone;
constexpr CollationDerivation kImplicit = CollationDerivation::kImplicit;
constexpr CollationDerivation kCoercible = CollationDerivation::kCoercible;

DerivedCollation Of(std::string_view name, CollationDerivation derivation) {
  const Collation* c = FindCollation(name);
  EXPECT_NE(c, nullptr) << name;
  return {c == nullptr ? uint16_t{0} : c->id(), derivation};
}

// "name,DERIVATION" of the aggregation, or "illegal".
std::string Aggregate(DerivedCollation a, DerivedCollation b) {
  std::optional<DerivedCollation> c = AggregateCollations(a, b);
  if (!c.has_value()) return "illegal";
  const Collation* collation = FindCollationById(c->id);
  std::string text = collation == nullptr ? "?" : collation->name();
  switch (c->derivation) {
    case kExplicit: return text + ",EXPLICIT";
    case kNone: return text + ",NONE";
    case kImplicit: return text + ",IMPLICIT";
    case kCoercible: return text + ",COERCIBLE";
  }
  return text;
}

Value String(std::string_view text, std::string_view collation,
             CollationDerivation derivation) {
  Value v = Value::String(std::string(text));
  v.set_collation(FindCollation(collation)->id(), derivation);
  return v;
}

TEST(AggregateCollationsTest, SameCollationKeepsTheStrongerDerivation) {
  EXPECT_EQ(Aggregate(Of("utf8mb4_bin", kCoercible), Of("utf8mb4_bin", kImplicit)),
            "utf8mb4_bin,IMPLICIT");
}

TEST(AggregateCollationsTest, StrongerDerivationWins) {
  EXPECT_EQ(Aggregate(Of("utf8mb4_general_ci", kImplicit), Of("utf8mb4_0900_ai_ci", kCoercible)),
            "utf8mb4_general_ci,IMPLICIT");
  EXPECT_EQ(Aggregate(Of("utf8mb4_general_ci", kImplicit), Of("utf8mb4_bin", kExplicit)),
            "utf8mb4_bin,EXPLICIT");
}

TEST(AggregateCollationsTest, BinCollationWinsATieOfTheSameCharacterSet) {
  EXPECT_EQ(Aggregate(Of("utf8mb4_0900_ai_ci", kImplicit), Of("utf8mb4_bin", kImplicit)),
            "utf8mb4_bin,IMPLICIT");
  EXPECT_EQ(Aggregate(Of("utf8mb4_bin", kImplicit), Of("utf8mb4_general_ci", kImplicit)),
            "utf8mb4_bin,IMPLICIT");
}

TEST(AggregateCollationsTest, TieOfTwoNonBinCollationsHasNoCollation) {
  EXPECT_EQ(Aggregate(Of("utf8mb4_0900_ai_ci", kImplicit), Of("utf8mb4_general_ci", kImplicit)),
            "utf8mb4_bin,NONE");
  // NONE is stronger than implicit: it carries on through further aggregation.
  EXPECT_EQ(Aggregate(Of("utf8mb4_bin", kNone), Of("utf8mb4_0900_ai_ci", kImplicit)),
            "utf8mb4_bin,NONE");
}

TEST(AggregateCollationsTest, TwoExplicitCollationsAreIllegal) {
  EXPECT_EQ(Aggregate(Of("utf8mb4_bin", kExplicit), Of("utf8mb4_general_ci", kExplicit)),
            "illegal");
}

TEST(AggregateCollationsTest, UnicodeWinsOverOtherCharacterSets) {
  EXPECT_EQ(Aggregate(Of("latin1_swedish_ci", kImplicit), Of("utf8mb4_0900_ai_ci", kImplicit)),
            "utf8mb4_0900_ai_ci,IMPLICIT");
  EXPECT_EQ(Aggregate(Of("utf8mb3_general_ci", kImplicit), Of("utf8mb4_bin", kImplicit)),
            "utf8mb4_bin,IMPLICIT");
  EXPECT_EQ(Aggregate(Of("latin1_bin", kImplicit), Of("ascii_general_ci", kImplicit)),
            "latin1_bin,IMPLICIT");
  // A literal converts to a column's character set, whichever it is.
  EXPECT_EQ(Aggregate(Of("latin1_swedish_ci", kImplicit), Of("utf8mb4_0900_ai_ci", kCoercible)),
            "latin1_swedish_ci,IMPLICIT");
}

TEST(AggregateCollationsTest, BinaryWinsUnlessTheOtherSideIsStronger) {
  EXPECT_EQ(Aggregate(Of("binary", kImplicit), Of("utf8mb4_0900_ai_ci", kImplicit)),
            "binary,IMPLICIT");
  EXPECT_EQ(Aggregate(Of("binary", kCoercible), Of("utf8mb4_general_ci", kImplicit)),
            "utf8mb4_general_ci,IMPLICIT");
}

TEST(ComparisonCollationTest, IllegalMixIsError1267NamingBothSides) {
  absl::StatusOr<uint16_t> c =
      ComparisonCollation(String("a", "utf8mb4_0900_ai_ci", kImplicit),
                          String("a", "utf8mb4_general_ci", kImplicit), "=");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(GetMysqlErrno(c.status()), MysqlErrno::kCantAggregate2Collations);
  EXPECT_EQ(c.status().message(),
            "Illegal mix of collations (utf8mb4_0900_ai_ci,IMPLICIT) and "
            "(utf8mb4_general_ci,IMPLICIT) for operation '='");
}

TEST(ComparisonCollationTest, NoCollationCannotBeCompared) {
  absl::StatusOr<uint16_t> c = ComparisonCollation(String("a", "utf8mb4_bin", kNone),
                                                   Value::String("a"), "like");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(GetMysqlErrno(c.status()), MysqlErrno::kCantAggregate2Collations);
}

TEST(ComparisonCollationTest, LegalMixesPickTheAggregatedCollation) {
  EXPECT_EQ(ComparisonCollation(String("a", "utf8mb4_0900_ai_ci", kImplicit),
                                String("A", "utf8mb4_bin", kImplicit), "=")
                .value(),
            FindCollation("utf8mb4_bin")->id());
  EXPECT_EQ(ComparisonCollation(Value::String("a"), Value::String("A"), "=").value(),
            ConnectionCollationId());
}

}  // namespace
}  // namespace ordinal::engine
