// Numeric functions: ABS SIGN CEIL CEILING FLOOR ROUND TRUNCATE POW POWER SQRT EXP LN LOG
// LOG2 LOG10 PI RAND. (MOD is the % operator; the parser turns MOD(a, b) into it.)
//
// Integers stay integers where MySQL keeps an exact type (ABS, SIGN, CEIL, FLOOR, ROUND and
// TRUNCATE of an integer); everything else is a double. Without a DECIMAL type, a literal
// such as 2.5 is a double here, so ROUND rounds half away from zero as MySQL does for exact
// values. Logarithms of non-positive numbers and SQRT of negative ones are NULL, with
// warning 3020 for the logarithms.
#include <cmath>
#include <random>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/functions/registry.h"

namespace ordinal::engine::functions {
namespace {

absl::Status BigintOutOfRange(const FunctionArgs& args) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDataOutOfRange,
                  absl::StrCat("BIGINT value is out of range in '", args.call().text, "'"));
}

// Evaluates the single argument; nullopt (and the NULL result in `out`) when it is NULL.
absl::StatusOr<std::optional<Value>> Operand(FunctionArgs& args, size_t i = 0) {
  ORDINAL_ASSIGN_OR_RETURN(Value v, args.Arg(i));
  if (v.is_null()) return std::optional<Value>();
  return std::optional<Value>(std::move(v));
}

absl::StatusOr<Value> Abs(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, Operand(args));
  if (!v) return Value::Null();
  if (v->is_int()) {
    if (v->int_value() == INT64_MIN) return BigintOutOfRange(args);
    return Value::Int(v->int_value() < 0 ? -v->int_value() : v->int_value());
  }
  return Value::Double(std::fabs(v->ToDouble()));
}

absl::StatusOr<Value> Sign(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, Operand(args));
  if (!v) return Value::Null();
  const double d = v->is_int() ? static_cast<double>(v->int_value()) : v->ToDouble();
  return Value::Int(d > 0 ? 1 : (d < 0 ? -1 : 0));
}

// Applies `f` to a double operand; integers pass through unchanged.
template <double (*F)(double)>
absl::StatusOr<Value> IntegralRounding(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, Operand(args));
  if (!v) return Value::Null();
  if (v->is_int()) return *v;
  return Value::Double(F(v->ToDouble()));
}

double Pow10(int64_t d) { return std::pow(10.0, static_cast<double>(d)); }

// ROUND(x[, d]) and TRUNCATE(x, d) share the shape; `truncate` picks the rule.
absl::StatusOr<Value> RoundOrTruncate(FunctionArgs& args, bool truncate) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, Operand(args));
  int64_t digits = 0;
  if (args.size() > 1) {
    ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> d, Operand(args, 1));
    if (!d) return Value::Null();
    digits = d->is_int() ? d->int_value() : static_cast<int64_t>(std::llround(d->ToDouble()));
  }
  if (!v) return Value::Null();
  digits = std::clamp<int64_t>(digits, -30, 30);
  if (v->is_int()) {
    if (digits >= 0) return *v;
    const int64_t x = v->int_value();
    const double scale = Pow10(-digits);
    if (scale > 1e18) return Value::Int(0);
    const int64_t unit = static_cast<int64_t>(scale);
    int64_t q = x / unit;
    if (!truncate && std::llabs(x % unit) * 2 >= unit) q += x < 0 ? -1 : 1;
    int64_t r = 0;
    if (__builtin_mul_overflow(q, unit, &r)) return BigintOutOfRange(args);
    return Value::Int(r);
  }
  const double x = v->ToDouble();
  const double scale = Pow10(digits);
  double r = truncate ? std::trunc(x * scale) / scale : std::round(x * scale) / scale;
  if (!std::isfinite(r)) r = x;
  return Value::Double(r);
}

absl::StatusOr<Value> Round(FunctionArgs& args) { return RoundOrTruncate(args, false); }
absl::StatusOr<Value> Truncate(FunctionArgs& args) { return RoundOrTruncate(args, true); }

absl::StatusOr<Value> Pow(FunctionArgs& args) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> a, Operand(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> b, Operand(args, 1));
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
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> v, Operand(args));
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
bool NonNegative(double x) { return x >= 0; }
bool Any(double) { return true; }

// LOG(x) is LN(x); LOG(b, x) is the logarithm of x to base b.
absl::StatusOr<Value> Log(FunctionArgs& args) {
  if (args.size() == 1) return Unary<std::log, Positive, true>(args);
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> b, Operand(args, 0));
  ORDINAL_ASSIGN_OR_RETURN(std::optional<Value> x, Operand(args, 1));
  if (!b || !x) return Value::Null();
  const double base = b->ToDouble(), value = x->ToDouble();
  if (base <= 0 || base == 1 || value <= 0) {
    if (args.session() != nullptr) args.session()->Warn(3020, "Invalid argument for logarithm");
    return Value::Null();
  }
  return Value::Double(std::log(value) / std::log(base));
}

absl::StatusOr<Value> Pi(FunctionArgs&) { return Value::Double(M_PI); }

// RAND(): uniform in [0, 1). RAND(N): the first value of MySQL's generator seeded with N
// (MySQL continues the sequence row by row; here every row gets the first value).
absl::StatusOr<Value> Rand(FunctionArgs& args) {
  if (args.size() == 0) {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return Value::Double(std::uniform_real_distribution<double>(0.0, 1.0)(engine));
  }
  ORDINAL_ASSIGN_OR_RETURN(Value seed_value, args.Arg(0));
  constexpr uint64_t kMax = 0x3FFFFFFF;
  const uint64_t seed = seed_value.is_null() ? 0 : static_cast<uint64_t>(seed_value.ToDouble());
  uint64_t seed1 = static_cast<uint32_t>(seed * 0x10001 + 55555555) % kMax;
  uint64_t seed2 = static_cast<uint32_t>(seed * 0x10000001) % kMax;
  seed1 = (seed1 * 3 + seed2) % kMax;
  return Value::Double(static_cast<double>(seed1) / static_cast<double>(kMax));
}

ColumnType ExactOrDouble(const std::vector<ColumnType>& args) {
  return !args.empty() && HoldsInteger(args[0]) ? ColumnType::kBigInt : ColumnType::kDouble;
}

}  // namespace

std::vector<FunctionDef> MathFunctions() {
  return {
      {"ABS", 1, 1, ExactOrDouble, Abs},
      {"CEIL", 1, 1, ExactOrDouble, IntegralRounding<std::ceil>},
      {"CEILING", 1, 1, ExactOrDouble, IntegralRounding<std::ceil>},
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
      {"ROUND", 1, 2, ExactOrDouble, Round},
      {"SIGN", 1, 1, ReturnsInt, Sign},
      {"SQRT", 1, 1, ReturnsDouble, Unary<std::sqrt, NonNegative, false>},
      {"TRUNCATE", 2, 2, ExactOrDouble, Truncate},
  };
}

}  // namespace ordinal::engine::functions
