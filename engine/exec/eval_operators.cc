// Operators beyond arithmetic and comparison: the bit operators (& | ^ << >> ~, on unsigned
// 64-bit integers as in MySQL), DIV, XOR, <=>, IS [NOT] TRUE|FALSE, CASE and REGEXP.
#include <cmath>
#include <memory>
#include <string>

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/exec/eval_internal.h"

namespace ordinal::engine::exec::internal {

uint64_t AsBits(const Value& v) {
  if (v.is_int()) return static_cast<uint64_t>(v.int_value());
  if (v.is_uint()) return v.uint_value();
  const double d = std::round(v.ToDouble());
  if (d >= 18446744073709551615.0) return UINT64_MAX;
  if (d <= -9223372036854775808.0) return static_cast<uint64_t>(INT64_MIN);
  return d < 0 ? static_cast<uint64_t>(static_cast<int64_t>(d)) : static_cast<uint64_t>(d);
}

namespace {

using sql::BinaryOp;

// A BIGINT UNSIGNED result.
Value FromUnsigned(uint64_t v) { return Value::UInt(v); }

// Compiled REGEXP patterns of this thread, by pattern text (bounded; cleared when full).
constexpr size_t kRegexCacheSize = 64;

absl::StatusOr<const icu::RegexPattern*> CompiledPattern(const std::string& pattern) {
  thread_local absl::flat_hash_map<std::string, std::unique_ptr<icu::RegexPattern>> cache;
  auto it = cache.find(pattern);
  if (it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  std::unique_ptr<icu::RegexPattern> compiled(icu::RegexPattern::compile(
      icu::UnicodeString::fromUTF8(pattern), UREGEX_CASE_INSENSITIVE, parse_error, status));
  if (U_FAILURE(status) || compiled == nullptr) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kRegexpError,
                    absl::StrCat("Illegal argument to a regular expression: ",
                                 u_errorName(status)));
  }
  if (cache.size() >= kRegexCacheSize) cache.clear();
  const icu::RegexPattern* raw = compiled.get();
  cache.emplace(pattern, std::move(compiled));
  return raw;
}

}  // namespace

absl::Status EvalBitwise(const sql::Expr& e, const Value& a, const Value& b, Operand* out) {
  if (a.is_null() || b.is_null()) {
    out->Set(Value::Null());
    return absl::OkStatus();
  }
  const uint64_t x = AsBits(a), y = AsBits(b);
  uint64_t r = 0;
  switch (e.binary_op) {
    case BinaryOp::kBitAnd: r = x & y; break;
    case BinaryOp::kBitOr: r = x | y; break;
    case BinaryOp::kBitXor: r = x ^ y; break;
    case BinaryOp::kShiftLeft: r = y >= 64 ? 0 : x << y; break;
    case BinaryOp::kShiftRight: r = y >= 64 ? 0 : x >> y; break;
    default: return absl::InternalError("not a bit operator");
  }
  out->Set(FromUnsigned(r));
  return absl::OkStatus();
}

absl::Status EvalBitNot(const Value& v, Operand* out) {
  out->Set(v.is_null() ? Value::Null() : FromUnsigned(~AsBits(v)));
  return absl::OkStatus();
}

// a DIV b: integer division, truncating toward zero.
absl::Status EvalIntDiv(const sql::Expr& e, const Value& a, const Value& b, Operand* out) {
  if (a.is_null() || b.is_null()) {
    out->Set(Value::Null());
    return absl::OkStatus();
  }
  if (a.is_int() && b.is_int()) {
    if (b.int_value() == 0) return DivisionByZero();
    if (a.int_value() == INT64_MIN && b.int_value() == -1) return OutOfRange("BIGINT", e);
    out->Set(Value::Int(a.int_value() / b.int_value()));
    return absl::OkStatus();
  }
  if (a.is_integer() && b.is_integer()) {  // a value above INT64_MAX: exact in 128 bits
    if (b.integer_value() == 0) return DivisionByZero();
    const __int128 q = a.integer_value() / b.integer_value();
    // An operand above INT64_MAX is UNSIGNED, and so is the quotient, as in MySQL.
    if (q < INT64_MIN || q > static_cast<__int128>(UINT64_MAX) || q < 0) {
      return OutOfRange("BIGINT UNSIGNED", e);
    }
    out->Set(q < 0 ? Value::Int(static_cast<int64_t>(q)) : Value::UInt(static_cast<uint64_t>(q)));
    return absl::OkStatus();
  }
  std::optional<Decimal> x = a.ToDecimal(), y = b.ToDecimal();
  if (x && y) {  // exact numbers: (x - x MOD y) / y is a whole number, exactly
    if (y->is_zero()) return DivisionByZero();
    std::optional<Decimal> remainder = Decimal::Mod(*x, *y);
    std::optional<Decimal> q =
        remainder ? Decimal::Div(Decimal::Sub(*x, *remainder), *y) : std::nullopt;
    std::optional<int64_t> whole = q ? q->ToInt64() : std::nullopt;
    if (whole) {
      out->Set(Value::Int(*whole));
      return absl::OkStatus();
    }
  }
  const double divisor = b.ToDouble();
  if (divisor == 0) return DivisionByZero();
  const double q = std::trunc(a.ToDouble() / divisor);
  if (!(q >= -9223372036854775808.0 && q < 9223372036854775808.0)) {
    return OutOfRange("BIGINT", e);
  }
  out->Set(Value::Int(static_cast<int64_t>(q)));
  return absl::OkStatus();
}

Value NullSafeEqual(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value::Bool(a.is_null() && b.is_null());
  return Value::Bool(CompareValues(a, b).value_or(1) == 0);
}

Value Xor(const Value& a, const Value& b) {
  std::optional<bool> x = a.ToBool(), y = b.ToBool();
  if (!x || !y) return Value::Null();
  return Value::Bool(*x != *y);
}

// x IS [NOT] TRUE|FALSE: never NULL (NULL is neither true nor false).
absl::Status EvalIsTruth(const sql::Expr& e, const Row& row, Operand* out) {
  if (e.children.size() != 1) return absl::InternalError("IS TRUE needs 1 operand");
  Operand x;
  if (absl::Status s = Eval(*e.children[0], row, &x); !s.ok()) return s;
  std::optional<bool> b = x.get().ToBool();
  const bool is = b.has_value() && *b == e.truth;
  out->Set(Value::Bool(is != e.negated));
  return absl::OkStatus();
}

// CASE [operand] WHEN w THEN t ... [ELSE e] END: the first THEN whose WHEN holds (equals the
// operand, or is true); else the ELSE, else NULL. Later branches are not evaluated.
absl::Status EvalCase(const sql::Expr& e, const Row& row, Operand* out) {
  const size_t n = e.children.size();
  size_t i = 0;
  Operand operand;
  if (e.case_operand) {
    if (n == 0) return absl::InternalError("CASE without operand");
    if (absl::Status s = Eval(*e.children[0], row, &operand); !s.ok()) return s;
    i = 1;
  }
  const size_t pairs_end = e.case_else ? n - 1 : n;  // WHEN/THEN pairs: [i, pairs_end)
  for (; i + 1 < pairs_end; i += 2) {
    Operand when;
    if (absl::Status s = Eval(*e.children[i], row, &when); !s.ok()) return s;
    if (e.case_operand) {
      if (absl::Status s = CheckCollationMix(operand.get(), when.get(), "case"); !s.ok()) {
        return s;
      }
    }
    const bool holds = e.case_operand
                           ? CompareValues(operand.get(), when.get()).value_or(1) == 0
                           : when.get().ToBool().value_or(false);
    if (holds) return Eval(*e.children[i + 1], row, out);
  }
  if (e.case_else) return Eval(*e.children[n - 1], row, out);
  out->Set(Value::Null());
  return absl::OkStatus();
}

// x [NOT] REGEXP p: whether ICU's regular expression p finds a match in x (case-insensitive,
// as with MySQL's default collation). NULL when either side is NULL.
absl::Status EvalRegexp(const sql::Expr& e, const Row& row, Operand* out) {
  if (e.children.size() != 2) return absl::InternalError("REGEXP needs 2 operands");
  Operand text, pattern;
  if (absl::Status s = Eval(*e.children[0], row, &text); !s.ok()) return s;
  if (absl::Status s = Eval(*e.children[1], row, &pattern); !s.ok()) return s;
  if (text.get().is_null() || pattern.get().is_null()) {
    out->Set(Value::Null());
    return absl::OkStatus();
  }
  absl::StatusOr<const icu::RegexPattern*> compiled = CompiledPattern(pattern.get().ToString());
  if (!compiled.ok()) return compiled.status();
  const icu::UnicodeString subject = icu::UnicodeString::fromUTF8(text.get().ToString());
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> matcher((*compiled)->matcher(subject, status));
  if (U_FAILURE(status) || matcher == nullptr) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kRegexpError,
                    "Illegal argument to a regular expression.");
  }
  const bool found = matcher->find(status);
  out->Set(Value::Bool(found != e.negated));
  return absl::OkStatus();
}

}  // namespace ordinal::engine::exec::internal
