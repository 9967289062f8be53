// Numeric functions: ABS SIGN CEIL CEILING FLOOR ROUND TRUNCATE POW POWER SQRT EXP LN LOG
// LOG2 LOG10 PI RAND SIN COS TAN COT ASIN ACOS ATAN ATAN2 DEGREES RADIANS. (MOD is the %
// operator; the parser turns MOD(a, b) into it. CONV is with the string functions.)
//
// Exact values stay exact where MySQL keeps an exact type (ABS, ROUND and TRUNCATE of an
// integer or decimal; CEIL and FLOOR of an integer); everything else is a double.
// Logarithms of non-positive numbers and SQRT of negative ones are NULL, with
// warning 3020 for the logarithms.
#include <cmath>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/args.h"
#include "engine/functions/registry.h"

namespace ordinal::engine::functions {
namespace {

absl::Status BigintOutOfRange(const FunctionArgs& args) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDataOutOfRange,
                  absl::StrCat("BIGINT value is out of range in '", args.call().text, "'"));
}


absl::StatusOr<Value> Abs(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args));
  if (!v) return Value::Null();
  if (v->is_int()) {
    if (v->int_value() == INT64_MIN) return BigintOutOfRange(args);
    return Value::Int(v->int_value() < 0 ? -v->int_value() : v->int_value());
  }
  if (v->is_uint()) return *v;
  if (v->is_decimal()) {
    const Decimal& d = v->decimal_value();
    return Value::FromDecimal(d.is_negative() ? d.Negated() : d);
  }
  return Value::Double(std::fabs(v->ToDouble()));
}

absl::StatusOr<Value> Sign(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args));
  if (!v) return Value::Null();
  const double d = v->is_int() ? static_cast<double>(v->int_value()) : v->ToDouble();
  return Value::Int(d > 0 ? 1 : (d < 0 ? -1 : 0));
}

Decimal TruncatedDecimal(const Decimal& x, int scale);

// CEIL/FLOOR: applies `F` to a double operand; integers pass through unchanged, decimals
// give exact whole decimals.
template <double (*F)(double)>
absl::StatusOr<Value> IntegralRounding(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args));
  if (!v) return Value::Null();
  if (v->is_integer()) return *v;
  if (v->is_decimal()) {
    const Decimal& x = v->decimal_value();
    const Decimal whole = TruncatedDecimal(x, 0);
    if (Decimal::Compare(whole, x) == 0) return Value::FromDecimal(whole);
    const bool up = F(0.5) == 1.0;
    if (up && !x.is_negative()) return Value::FromDecimal(Decimal::Add(whole, Decimal::FromInt(1)));
    if (!up && x.is_negative()) return Value::FromDecimal(Decimal::Sub(whole, Decimal::FromInt(1)));
    return Value::FromDecimal(whole);
  }
  return Value::Double(F(v->ToDouble()));
}

double Pow10(int64_t d) { return std::pow(10.0, static_cast<double>(d)); }

// `x` cut (not rounded) to `scale` digits after the point.
Decimal TruncatedDecimal(const Decimal& x, int scale) {
  Decimal r = x.Rounded(scale);
  const Decimal abs_r = r.is_negative() ? r.Negated() : r;
  const Decimal abs_x = x.is_negative() ? x.Negated() : x;
  if (Decimal::Compare(abs_r, abs_x) <= 0) return r;
  const Decimal unit =
      *Decimal::Parse(scale == 0 ? "1" : "0." + std::string(static_cast<size_t>(scale - 1), '0') + "1");
  return x.is_negative() ? Decimal::Add(r, unit) : Decimal::Sub(r, unit);
}

// ROUND/TRUNCATE of an integer to `digits` < 0 (a power of ten).
absl::StatusOr<Value> RoundInteger(FunctionArgs& args, int64_t x, int64_t digits, bool truncate) {
  const double scale = Pow10(-digits);
  if (scale > 1e18) return Value::Int(0);
  const int64_t unit = static_cast<int64_t>(scale);
  int64_t q = x / unit;
  if (!truncate && std::llabs(x % unit) * 2 >= unit) q += x < 0 ? -1 : 1;
  int64_t r = 0;
  if (__builtin_mul_overflow(q, unit, &r)) return BigintOutOfRange(args);
  return Value::Int(r);
}

// ROUND(x[, d]) and TRUNCATE(x, d) share the shape; `truncate` picks the rule. Exact
// values (integers, decimals) round half away from zero to d digits; doubles
// round half to even (rint), as MySQL's C library rule does.
absl::StatusOr<Value> RoundOrTruncate(FunctionArgs& args, bool truncate) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args));
  int64_t digits = 0;
  if (args.size() > 1) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<int64_t> d, IntArg(args, 1));
    if (!d) return Value::Null();
    digits = *d;
  }
  if (!v) return Value::Null();
  digits = std::clamp<int64_t>(digits, -30, 30);
  if (v->is_int()) {
    if (digits >= 0) return *v;
    return RoundInteger(args, v->int_value(), digits, truncate);
  }
  if (v->is_decimal()) {
    const Decimal& x = v->decimal_value();
    if (digits >= 0) {
      const int scale = static_cast<int>(digits);
      return Value::FromDecimal(truncate ? TruncatedDecimal(x, scale) : x.Rounded(scale));
    }
    const std::optional<int64_t> whole = TruncatedDecimal(x, 0).ToInt64();
    if (whole) return RoundInteger(args, *whole, digits, truncate);
  }
  const double x = v->ToDouble();
  const double scale = Pow10(std::llabs(digits));
  const double scaled = digits < 0 ? x / scale : x * scale;
  const double cut = truncate ? std::trunc(scaled) : std::rint(scaled);
  double r = digits < 0 ? cut * scale : cut / scale;
  if (!std::isfinite(r)) r = x;
  return Value::Double(r);
}

absl::StatusOr<Value> Round(FunctionArgs& args) { return RoundOrTruncate(args, false); }
absl::StatusOr<Value> Truncate(FunctionArgs& args) { return RoundOrTruncate(args, true); }

absl::StatusOr<Value> Pow(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> a, ArgOrNull(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> b, ArgOrNull(args, 1));
  if (!a || !b) return Value::Null();
  const double r = std::pow(a->ToDouble(), b->ToDouble());
  if (!std::isfinite(r)) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDataOutOfRange,
                    absl::StrCat("DOUBLE value is out of range in '", args.call().text, "'"));
  }
  return Value::Double(r);
}

// A function of one double that is NULL outside its domain (`valid`), with warning 3020
// for the logarithms.
template <double (*F)(double), bool (*Valid)(double), bool kLogarithm>
absl::StatusOr<Value> Unary(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, ArgOrNull(args));
  if (!v) return Value::Null();
  const double x = v->ToDouble();
  if (!Valid(x)) {
    if (kLogarithm && args.session() != nullptr) {
      args.session()->Warn(3020, "Invalid argument for logarithm");
    }
    return Value::Null();
  }
  const double r = F(x);
  if (!std::isfinite(r)) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDataOutOfRange,
                    absl::StrCat("DOUBLE value is out of range in '", args.call().text, "'"));
  }
  return Value::Double(r);
}

bool Positive(double x) { return x > 0; }
bool UnitRange(double x) { return x >= -1 && x <= 1; }
double Cot(double x) { return 1 / std::tan(x); }
double Degrees(double x) { return x * (180.0 / M_PI); }
double Radians(double x) { return x * (M_PI / 180.0); }

// ATAN(y, x) and ATAN2(y, x): the angle of the point (x, y).
absl::StatusOr<Value> Atan(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::vector<Value>> v, ArgsUnlessNull(args));
  if (!v) return Value::Null();
  if (v->size() == 1) return Value::Double(std::atan((*v)[0].ToDouble()));
  return Value::Double(std::atan2((*v)[0].ToDouble(), (*v)[1].ToDouble()));
}
bool NonNegative(double x) { return x >= 0; }
bool Any(double) { return true; }

// LOG(x) is LN(x); LOG(b, x) is the logarithm of x to base b.
absl::StatusOr<Value> Log(FunctionArgs& args) {
  if (args.size() == 1) return Unary<std::log, Positive, true>(args);
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> b, ArgOrNull(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> x, ArgOrNull(args, 1));
  if (!b || !x) return Value::Null();
  const double base = b->ToDouble(), value = x->ToDouble();
  if (base <= 0 || base == 1 || value <= 0) {
    if (args.session() != nullptr) args.session()->Warn(3020, "Invalid argument for logarithm");
    return Value::Null();
  }
  return Value::Double(std::log(value) / std::log(base));
}

absl::StatusOr<Value> Pi(FunctionArgs&) { return Value::Double(M_PI); }

// MySQL's random generator (my_rnd), seeded as RAND(N) seeds it.
struct RandState {
  static constexpr uint64_t kMax = 0x3FFFFFFF;
  explicit RandState(const Value& seed_value) {
    const uint64_t seed =
        seed_value.is_null() ? 0 : static_cast<uint64_t>(IntOf(seed_value));
    seed1 = static_cast<uint32_t>(seed * 0x10001 + 55555555) % kMax;
    seed2 = static_cast<uint32_t>(seed * 0x10000001) % kMax;
  }
  double Next() {
    seed1 = (seed1 * 3 + seed2) % kMax;
    seed2 = (seed1 + seed2 + 33) % kMax;
    return static_cast<double>(seed1) / static_cast<double>(kMax);
  }
  uint64_t seed1 = 0, seed2 = 0;
};

// The generators of RAND(constant) calls in the running statement: the sequence continues
// row by row within a statement and starts again in the next (the statement's start time
// tells statements apart on this thread).
RandState& StatementRandState(const sql::Expr& call, const Value& seed) {
  struct PerThread {
    absl::Time statement = absl::InfinitePast();
    absl::flat_hash_map<const sql::Expr*, RandState> states;
  };
  thread_local PerThread per_thread;
  const SessionContext* s = CurrentSessionContext();
  const absl::Time statement = s != nullptr ? s->statement_time : absl::InfinitePast();
  if (statement != per_thread.statement || s == nullptr) {
    per_thread.statement = statement;
    per_thread.states.clear();
  }
  return per_thread.states.try_emplace(&call, seed).first->second;
}

// RAND(): uniform in [0, 1). RAND(N): MySQL's generator seeded with N; with a constant N the
// sequence continues from row to row of the statement (RAND(3) gives 0.9057697559760601,
// 0.37307905813034536, ...), with a column N each row seeds its own, as in MySQL.
absl::StatusOr<Value> Rand(FunctionArgs& args) {
  if (args.size() == 0) {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return Value::Double(std::uniform_real_distribution<double>(0.0, 1.0)(engine));
  }
  ORDINAL_ASSIGN_OR_RETURN(Value seed_value, args.Arg(0));
  const sql::Expr& seed_expr = *args.call().children[0];
  const bool constant = seed_expr.kind == sql::ExprKind::kLiteral ||
                        (seed_expr.kind == sql::ExprKind::kUnary &&
                         seed_expr.children[0]->kind == sql::ExprKind::kLiteral);
  if (!constant) return Value::Double(RandState(seed_value).Next());
  return Value::Double(StatementRandState(args.call(), seed_value).Next());
}

ColumnType ExactOrDouble(const std::vector<ColumnType>& args) {
  if (!args.empty() && args[0] == ColumnType::kDecimal) return ColumnType::kDecimal;
  return !args.empty() && HoldsInteger(args[0]) ? ColumnType::kBigInt : ColumnType::kDouble;
}

}  // namespace

std::vector<FunctionDef> MathFunctions() {
  return {
      {"ABS", 1, 1, ExactOrDouble, Abs},
      {"ACOS", 1, 1, ReturnsDouble, Unary<std::acos, UnitRange, false>},
      {"ASIN", 1, 1, ReturnsDouble, Unary<std::asin, UnitRange, false>},
      {"ATAN", 1, 2, ReturnsDouble, Atan},
      {"ATAN2", 2, 2, ReturnsDouble, Atan},
      {"CEIL", 1, 1, ExactOrDouble, IntegralRounding<std::ceil>},
      {"CEILING", 1, 1, ExactOrDouble, IntegralRounding<std::ceil>},
      {"COS", 1, 1, ReturnsDouble, Unary<std::cos, Any, false>},
      {"COT", 1, 1, ReturnsDouble, Unary<Cot, Any, false>},
      {"DEGREES", 1, 1, ReturnsDouble, Unary<Degrees, Any, false>},
      {"EXP", 1, 1, ReturnsDouble, Unary<std::exp, Any, false>},
      {"FLOOR", 1, 1, ExactOrDouble, IntegralRounding<std::floor>},
      {"LN", 1, 1, ReturnsDouble, Unary<std::log, Positive, true>},
      {"LOG", 1, 2, ReturnsDouble, Log},
      {"LOG10", 1, 1, ReturnsDouble, Unary<std::log10, Positive, true>},
      {"LOG2", 1, 1, ReturnsDouble, Unary<std::log2, Positive, true>},
      {"PI", 0, 0, ReturnsDouble, Pi},
      {"POW", 2, 2, ReturnsDouble, Pow},
      {"POWER", 2, 2, ReturnsDouble, Pow},
      {"RAND", 0, 1, ReturnsDouble, Rand},
      {"RADIANS", 1, 1, ReturnsDouble, Unary<Radians, Any, false>},
      {"ROUND", 1, 2, ExactOrDouble, Round},
      {"SIGN", 1, 1, ReturnsInt, Sign},
      {"SIN", 1, 1, ReturnsDouble, Unary<std::sin, Any, false>},
      {"SQRT", 1, 1, ReturnsDouble, Unary<std::sqrt, NonNegative, false>},
      {"TAN", 1, 1, ReturnsDouble, Unary<std::tan, Any, false>},
      {"TRUNCATE", 2, 2, ExactOrDouble, Truncate},
  };
}

}  // namespace ordinal::engine::functions
