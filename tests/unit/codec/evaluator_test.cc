#include "engine/exec/evaluator.h"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "common/sql_error.h"
#include "gtest/gtest.h"

namespace ordinal::engine::exec {
namespace {

using sql::BinaryOp;
using sql::Expr;
using sql::ExprKind;
using sql::ExprPtr;
using sql::UnaryOp;

// ---- tree builders ----

ExprPtr Node(ExprKind kind, std::vector<ExprPtr> children = {}) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->children = std::move(children);
  return e;
}

template <typename... E>
std::vector<ExprPtr> Exprs(E... e) {
  std::vector<ExprPtr> v;
  (v.push_back(std::move(e)), ...);
  return v;
}

std::vector<ExprPtr> List(ExprPtr a) {
  std::vector<ExprPtr> v;
  v.push_back(std::move(a));
  return v;
}

std::vector<ExprPtr> List(ExprPtr a, ExprPtr b) {
  std::vector<ExprPtr> v = List(std::move(a));
  v.push_back(std::move(b));
  return v;
}

std::vector<ExprPtr> List(ExprPtr a, ExprPtr b, ExprPtr c) {
  std::vector<ExprPtr> v = List(std::move(a), std::move(b));
  v.push_back(std::move(c));
  return v;
}

ExprPtr Lit(Value v) {
  ExprPtr e = Node(ExprKind::kLiteral);
  e->literal = std::move(v);
  return e;
}
ExprPtr Int(int64_t v) { return Lit(Value::Int(v)); }
ExprPtr Dbl(double v) { return Lit(Value::Double(v)); }
ExprPtr Str(std::string v) { return Lit(Value::String(std::move(v))); }
ExprPtr Null() { return Lit(Value::Null()); }

ExprPtr Column(int slot) {
  ExprPtr e = Node(ExprKind::kColumn);
  e->column_name = "c" + std::to_string(slot);
  e->slot = slot;
  return e;
}

ExprPtr Bin(BinaryOp op, ExprPtr a, ExprPtr b) {
  ExprPtr e = Node(ExprKind::kBinary, List(std::move(a), std::move(b)));
  e->binary_op = op;
  e->text = "expr";
  return e;
}

ExprPtr Un(UnaryOp op, ExprPtr a) {
  ExprPtr e = Node(ExprKind::kUnary, List(std::move(a)));
  e->unary_op = op;
  return e;
}

ExprPtr In(ExprPtr x, std::vector<ExprPtr> items, bool negated = false) {
  std::vector<ExprPtr> children = List(std::move(x));
  for (ExprPtr& item : items) children.push_back(std::move(item));
  ExprPtr e = Node(ExprKind::kIn, std::move(children));
  e->negated = negated;
  return e;
}

ExprPtr Between(ExprPtr x, ExprPtr lo, ExprPtr hi, bool negated = false) {
  ExprPtr e = Node(ExprKind::kBetween, List(std::move(x), std::move(lo), std::move(hi)));
  e->negated = negated;
  return e;
}

ExprPtr Like(ExprPtr x, ExprPtr pattern, bool negated = false) {
  ExprPtr e = Node(ExprKind::kLike, List(std::move(x), std::move(pattern)));
  e->negated = negated;
  return e;
}

ExprPtr IsNull(ExprPtr x, bool negated = false) {
  ExprPtr e = Node(ExprKind::kIsNull, List(std::move(x)));
  e->negated = negated;
  return e;
}

Value Eval(const ExprPtr& e, const std::vector<Value>& row = {}) {
  absl::StatusOr<Value> v = Evaluate(*e, row);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : Value::String("<error>");
}

absl::Status EvalError(const ExprPtr& e, const std::vector<Value>& row = {}) {
  absl::StatusOr<Value> v = Evaluate(*e, row);
  EXPECT_FALSE(v.ok()) << "evaluated to " << v->ToString();
  return v.ok() ? absl::OkStatus() : v.status();
}

const Value kTrue = Value::Int(1);
const Value kFalse = Value::Int(0);

// ---- arithmetic ----

TEST(EvaluatorArithmeticTest, IntOperandsStayInt) {
  EXPECT_EQ(Eval(Bin(BinaryOp::kAdd, Int(2), Int(3))), Value::Int(5));
  EXPECT_EQ(Eval(Bin(BinaryOp::kSub, Int(2), Int(3))), Value::Int(-1));
  EXPECT_EQ(Eval(Bin(BinaryOp::kMul, Int(-4), Int(3))), Value::Int(-12));
  EXPECT_EQ(Eval(Bin(BinaryOp::kMod, Int(-7), Int(3))), Value::Int(-1));
}

TEST(EvaluatorArithmeticTest, DivisionOfIntegersYieldsDecimal) {
  EXPECT_EQ(Eval(Bin(BinaryOp::kDiv, Int(7), Int(2))).ToString(), "3.5000");
  EXPECT_EQ(Eval(Bin(BinaryOp::kDiv, Int(6), Int(3))).ToString(), "2.0000");
  EXPECT_EQ(Eval(Bin(BinaryOp::kDiv, Dbl(7), Int(2))), Value::Double(3.5));
}

TEST(EvaluatorArithmeticTest, MixedOperandsUseDoubles) {
  EXPECT_EQ(Eval(Bin(BinaryOp::kAdd, Int(1), Dbl(0.5))), Value::Double(1.5));
  EXPECT_EQ(Eval(Bin(BinaryOp::kAdd, Str("2abc"), Int(1))), Value::Double(3));
  EXPECT_EQ(Eval(Bin(BinaryOp::kMod, Dbl(7.5), Int(2))), Value::Double(1.5));
}

TEST(EvaluatorArithmeticTest, NullPropagates) {
  EXPECT_TRUE(Eval(Bin(BinaryOp::kAdd, Int(1), Null())).is_null());
  EXPECT_TRUE(Eval(Bin(BinaryOp::kDiv, Null(), Int(0))).is_null());
  EXPECT_TRUE(Eval(Un(UnaryOp::kNegate, Null())).is_null());
}

TEST(EvaluatorArithmeticTest, IntOverflowIsError1690) {
  for (const ExprPtr& e : Exprs(Bin(BinaryOp::kAdd, Int(INT64_MAX), Int(1)),
                    Bin(BinaryOp::kSub, Int(INT64_MIN), Int(1)),
                    Bin(BinaryOp::kMul, Int(INT64_MAX / 2 + 1), Int(2)),
                    Un(UnaryOp::kNegate, Int(INT64_MIN)))) {
    absl::Status s = EvalError(e);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(static_cast<int>(GetMysqlErrno(s)), 1690);
  }
}

TEST(EvaluatorArithmeticTest, OverflowMessageQuotesTheExpression) {
  absl::Status s = EvalError(Bin(BinaryOp::kAdd, Int(INT64_MAX), Int(1)));
  EXPECT_EQ(s.message(), "BIGINT value is out of range in 'expr'");
}

TEST(EvaluatorArithmeticTest, ModuloOfMinByMinusOneIsZero) {
  EXPECT_EQ(Eval(Bin(BinaryOp::kMod, Int(INT64_MIN), Int(-1))), Value::Int(0));
}

TEST(EvaluatorArithmeticTest, DivisionByZeroIsError1365) {
  for (const ExprPtr& e : Exprs(Bin(BinaryOp::kDiv, Int(1), Int(0)), Bin(BinaryOp::kMod, Int(1), Int(0)),
                    Bin(BinaryOp::kDiv, Dbl(1), Dbl(0)), Bin(BinaryOp::kDiv, Int(1), Str("x")))) {
    absl::Status s = EvalError(e);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(GetMysqlErrno(s), MysqlErrno::kDivisionByZero);
    EXPECT_EQ(s.message(), "Division by 0");
  }
}

TEST(EvaluatorArithmeticTest, UnaryMinusAndPlus) {
  EXPECT_EQ(Eval(Un(UnaryOp::kNegate, Int(5))), Value::Int(-5));
  EXPECT_EQ(Eval(Un(UnaryOp::kNegate, Dbl(2.5))), Value::Double(-2.5));
  EXPECT_EQ(Eval(Un(UnaryOp::kPlus, Str("x"))), Value::String("x"));
}

// ---- comparisons ----

TEST(EvaluatorComparisonTest, YieldsOneZeroOrNull) {
  EXPECT_EQ(Eval(Bin(BinaryOp::kLt, Int(1), Int(2))), kTrue);
  EXPECT_EQ(Eval(Bin(BinaryOp::kGtEq, Int(1), Int(2))), kFalse);
  EXPECT_EQ(Eval(Bin(BinaryOp::kNotEq, Str("a"), Str("b"))), kTrue);
  EXPECT_TRUE(Eval(Bin(BinaryOp::kEq, Null(), Null())).is_null());
}

TEST(EvaluatorComparisonTest, StringAgainstNumberComparesAsDoubles) {
  EXPECT_EQ(Eval(Bin(BinaryOp::kEq, Str("1.0"), Int(1))), kTrue);
  EXPECT_EQ(Eval(Bin(BinaryOp::kGt, Str("10"), Int(9))), kTrue);
  EXPECT_EQ(Eval(Bin(BinaryOp::kEq, Str("abc"), Int(0))), kTrue);
  EXPECT_EQ(Eval(Bin(BinaryOp::kLt, Str("10"), Str("9"))), kTrue);  // both strings: bytes
}

// ---- logic ----

TEST(EvaluatorLogicTest, AndUsesThreeValuedLogic) {
  EXPECT_EQ(Eval(Bin(BinaryOp::kAnd, Int(0), Null())), kFalse);
  EXPECT_EQ(Eval(Bin(BinaryOp::kAnd, Null(), Int(0))), kFalse);
  EXPECT_TRUE(Eval(Bin(BinaryOp::kAnd, Int(1), Null())).is_null());
  EXPECT_EQ(Eval(Bin(BinaryOp::kAnd, Int(2), Dbl(0.5))), kTrue);
}

TEST(EvaluatorLogicTest, OrUsesThreeValuedLogic) {
  EXPECT_EQ(Eval(Bin(BinaryOp::kOr, Int(1), Null())), kTrue);
  EXPECT_EQ(Eval(Bin(BinaryOp::kOr, Null(), Int(1))), kTrue);
  EXPECT_TRUE(Eval(Bin(BinaryOp::kOr, Int(0), Null())).is_null());
  EXPECT_EQ(Eval(Bin(BinaryOp::kOr, Int(0), Str("0"))), kFalse);
}

TEST(EvaluatorLogicTest, NotOfNullIsNull) {
  EXPECT_TRUE(Eval(Un(UnaryOp::kNot, Null())).is_null());
  EXPECT_EQ(Eval(Un(UnaryOp::kNot, Int(0))), kTrue);
  EXPECT_EQ(Eval(Un(UnaryOp::kNot, Str("abc"))), kTrue);
}

TEST(EvaluatorLogicTest, AndShortCircuitsPastErrors) {
  EXPECT_EQ(Eval(Bin(BinaryOp::kAnd, Int(0), Bin(BinaryOp::kDiv, Int(1), Int(0)))), kFalse);
}

// ---- IN / BETWEEN / IS NULL ----

std::vector<ExprPtr> Items(ExprPtr a, ExprPtr b) { return List(std::move(a), std::move(b)); }

TEST(EvaluatorInTest, MatchWinsOverNullItems) {
  EXPECT_EQ(Eval(In(Int(2), Items(Null(), Int(2)))), kTrue);
}

TEST(EvaluatorInTest, NoMatchWithNullItemIsNull) {
  EXPECT_TRUE(Eval(In(Int(3), Items(Int(1), Null()))).is_null());
  EXPECT_TRUE(Eval(In(Int(3), Items(Int(1), Null()), /*negated=*/true)).is_null());
}

TEST(EvaluatorInTest, NullNeedleIsNull) {
  EXPECT_TRUE(Eval(In(Null(), Items(Int(1), Int(2)))).is_null());
}

TEST(EvaluatorInTest, NoMatchIsFalseAndNotInTrue) {
  EXPECT_EQ(Eval(In(Int(3), Items(Int(1), Int(2)))), kFalse);
  EXPECT_EQ(Eval(In(Int(3), Items(Int(1), Int(2)), /*negated=*/true)), kTrue);
  EXPECT_EQ(Eval(In(Str("1"), Items(Int(1), Int(2)))), kTrue);
}

TEST(EvaluatorBetweenTest, IncludesBothEnds) {
  EXPECT_EQ(Eval(Between(Int(1), Int(1), Int(3))), kTrue);
  EXPECT_EQ(Eval(Between(Int(3), Int(1), Int(3))), kTrue);
  EXPECT_EQ(Eval(Between(Int(4), Int(1), Int(3))), kFalse);
  EXPECT_EQ(Eval(Between(Int(4), Int(1), Int(3), /*negated=*/true)), kTrue);
  EXPECT_EQ(Eval(Between(Str("b"), Str("a"), Str("c"))), kTrue);
}

TEST(EvaluatorBetweenTest, NullBoundIsNullUnlessTheOtherBoundFails) {
  EXPECT_TRUE(Eval(Between(Int(2), Null(), Int(3))).is_null());
  EXPECT_EQ(Eval(Between(Int(5), Null(), Int(3))), kFalse);
}

TEST(EvaluatorIsNullTest, NeverNull) {
  EXPECT_EQ(Eval(IsNull(Null())), kTrue);
  EXPECT_EQ(Eval(IsNull(Int(0))), kFalse);
  EXPECT_EQ(Eval(IsNull(Int(0), /*negated=*/true)), kTrue);
}

// ---- LIKE ----

TEST(LikeMatchTest, PercentMatchesAnyRun) {
  EXPECT_TRUE(LikeMatch("hello", "h%"));
  EXPECT_TRUE(LikeMatch("hello", "%llo"));
  EXPECT_TRUE(LikeMatch("hello", "%"));
  EXPECT_TRUE(LikeMatch("", "%"));
  EXPECT_TRUE(LikeMatch("abcabd", "%ab%d"));
  EXPECT_TRUE(LikeMatch("aaab", "%%a%b"));
  EXPECT_FALSE(LikeMatch("hello", "%x%"));
  EXPECT_FALSE(LikeMatch("abc", "a%bd"));
}

TEST(LikeMatchTest, UnderscoreMatchesExactlyOneCharacter) {
  EXPECT_TRUE(LikeMatch("cat", "c_t"));
  EXPECT_FALSE(LikeMatch("ct", "c_t"));
  EXPECT_FALSE(LikeMatch("", "_"));
  EXPECT_FALSE(LikeMatch("cart", "c_t"));
}

TEST(LikeMatchTest, UnderscoreMatchesOneUtf8Character) {
  EXPECT_TRUE(LikeMatch("caf\xc3\xa9", "caf_"));
  EXPECT_TRUE(LikeMatch("\xe2\x82\xac" "1", "_1"));
  EXPECT_FALSE(LikeMatch("caf\xc3\xa9", "caf__"));
  EXPECT_TRUE(LikeMatch("x\xf0\x9f\x98\x80y", "%_y"));
}

TEST(LikeMatchTest, BackslashEscapesWildcards) {
  EXPECT_TRUE(LikeMatch("50%", "50\\%"));
  EXPECT_FALSE(LikeMatch("500", "50\\%"));
  EXPECT_TRUE(LikeMatch("a_b", "a\\_b"));
  EXPECT_FALSE(LikeMatch("axb", "a\\_b"));
  EXPECT_TRUE(LikeMatch("a\\b", "a\\\\b"));
  EXPECT_TRUE(LikeMatch("a\\", "a\\"));  // a trailing backslash is itself
}

TEST(LikeMatchTest, IsCaseSensitiveBytewise) {
  EXPECT_FALSE(LikeMatch("Hello", "hello"));
  EXPECT_TRUE(LikeMatch("Hello", "H%"));
}

TEST(LikeMatchTest, PathologicalPatternFinishes) {
  std::string text(2000, 'a');
  EXPECT_FALSE(LikeMatch(text, "%a%a%a%a%a%a%a%b"));
}

TEST(EvaluatorLikeTest, NullOperandIsNullAndNumbersUseTheirText) {
  EXPECT_TRUE(Eval(Like(Null(), Str("%"))).is_null());
  EXPECT_TRUE(Eval(Like(Str("a"), Null())).is_null());
  EXPECT_EQ(Eval(Like(Int(123), Str("1%"))), kTrue);
  EXPECT_EQ(Eval(Like(Str("abc"), Str("a%"), /*negated=*/true)), kFalse);
}

// ---- slots ----

TEST(EvaluatorSlotTest, ReadsBoundSlots) {
  std::vector<Value> row = {Value::Int(10), Value::String("x")};
  EXPECT_EQ(Eval(Bin(BinaryOp::kAdd, Column(0), Int(1)), row), Value::Int(11));
  EXPECT_EQ(Eval(Column(1), row), Value::String("x"));
}

TEST(EvaluatorSlotTest, BoundAggregateReadsItsSlot) {
  ExprPtr count = Node(ExprKind::kFunction);
  count->function_name = "COUNT";
  count->star = true;
  count->slot = 0;
  EXPECT_EQ(Eval(count, {Value::Int(3)}), Value::Int(3));
}

TEST(EvaluatorSlotTest, UnboundColumnOrAggregateIsInternal) {
  ExprPtr column = Node(ExprKind::kColumn);
  column->column_name = "a";
  EXPECT_EQ(EvalError(column).code(), absl::StatusCode::kInternal);
  ExprPtr sum = Node(ExprKind::kFunction, List(Int(1)));
  sum->function_name = "SUM";
  EXPECT_EQ(EvalError(sum).code(), absl::StatusCode::kInternal);
}

TEST(EvaluatorSlotTest, SlotOutsideRowIsInternal) {
  EXPECT_EQ(EvalError(Column(2), {Value::Int(1)}).code(), absl::StatusCode::kInternal);
}

TEST(EvaluatePredicateTest, OnlyTrueIsTrue) {
  std::vector<Value> row = {Value::Null(), Value::Int(2)};
  EXPECT_EQ(EvaluatePredicate(*Bin(BinaryOp::kEq, Column(1), Int(2)), row).value(), true);
  EXPECT_EQ(EvaluatePredicate(*Bin(BinaryOp::kEq, Column(0), Int(2)), row).value(), false);
  EXPECT_EQ(EvaluatePredicate(*Str("0.0"), row).value(), false);
  EXPECT_FALSE(EvaluatePredicate(*Bin(BinaryOp::kDiv, Column(1), Int(0)), row).ok());
}

}  // namespace
}  // namespace ordinal::engine::exec
