#include "engine/plan/derived_type.h"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/catalog/catalog_records.h"
#include "engine/plan/aggregate_calls.h"
#include "engine/plan/binder.h"
#include "engine/plan/select_plan.h"
#include "engine/types/decimal.h"

namespace ordinal::engine::plan {
namespace {

constexpr uint32_t kMaxPrecision = Decimal::kMaxPrecision;
constexpr uint32_t kMaxScale = Decimal::kMaxScale;
constexpr uint32_t kSumExtraDigits = 22;       // MySQL's DECIMAL_LONGLONG_DIGITS
constexpr uint32_t kInt32Digits = 10;          // a display length from here on is BIGINT
constexpr uint32_t kLongestVarchar = 512;      // MySQL's CONVERT_IF_BIGGER_TO_BLOB
constexpr uint32_t kBytesPerChar = 4;          // utf8mb4
constexpr uint32_t kDoubleLength = 22;
constexpr uint32_t kFloatLength = 12;

enum class Family { kNull, kInteger, kDecimal, kReal, kString, kTemporal, kOther };

// What the rules need of a sub-expression: its family, digits (numbers) or characters
// (strings), and whether it may be NULL.
struct Info {
  Family family = Family::kOther;
  SqlType type;
  uint32_t precision = 0;  // numbers: digits in all (integers: without the sign)
  uint32_t scale = 0;      // DECIMAL: digits after the point
  uint32_t chars = 0;      // strings: the longest value in characters
  bool binary = false;     // a binary string
  bool nullable = true;
  bool declared = false;   // `type` is a column's declared type, kept as it is
  bool unknown = false;    // digits or characters unknown: the rows decide
  const ordinal::v1::ColumnDef* column = nullptr;  // a selected table column
  const DerivedColumn* derived = nullptr;          // a derived table's column
};

uint32_t IntegerDigits(const SqlType& type) {
  switch (type.type) {
    case ColumnType::kTinyInt: return 3;
    case ColumnType::kSmallInt: return 5;
    case ColumnType::kMediumInt: return type.is_unsigned ? 8 : 7;
    case ColumnType::kInt: return 10;
    case ColumnType::kBool: return 1;
    case ColumnType::kYear: return 4;
    default: return type.is_unsigned ? 20 : 19;
  }
}

// The characters a value of `info` takes as a string (CONCAT of a number, CASE of mixed
// types).
uint32_t CharLength(const Info& info) {
  switch (info.family) {
    case Family::kInteger: return info.precision + (info.type.is_unsigned ? 0 : 1);
    case Family::kDecimal:
      return info.precision + (info.scale > 0 ? 1 : 0) + (info.type.is_unsigned ? 0 : 1);
    case Family::kReal:
      return info.type.type == ColumnType::kFloat ? kFloatLength : kDoubleLength;
    case Family::kTemporal: {
      const uint32_t fsp = info.type.scale > 0 ? info.type.scale + 1 : 0;
      if (info.type.type == ColumnType::kDate) return 10;
      if (info.type.type == ColumnType::kTime) return 10 + fsp;
      return 19 + fsp;
    }
    case Family::kString: return info.chars;
    default: return static_cast<uint32_t>(MaxByteLength(ColumnType::kLongText) / kBytesPerChar);
  }
}

Info OfType(const SqlType& type) {
  Info info;
  info.type = type;
  const ColumnType t = type.type;
  if (IsIntegerType(t) || t == ColumnType::kYear) {
    info.family = Family::kInteger;
    info.precision = IntegerDigits(type);
  } else if (t == ColumnType::kDecimal) {
    info.family = Family::kDecimal;
    info.precision = type.length;
    info.scale = type.scale;
  } else if (t == ColumnType::kFloat || t == ColumnType::kDouble) {
    info.family = Family::kReal;
  } else if (IsTemporalType(t)) {
    info.family = Family::kTemporal;
  } else if (t == ColumnType::kChar || t == ColumnType::kVarchar || t == ColumnType::kBinary ||
             t == ColumnType::kVarBinary) {
    info.family = Family::kString;
    info.chars = type.length;
    info.binary = IsBinaryType(t);
  } else if (IsStringType(t) && t != ColumnType::kEnum && t != ColumnType::kSet) {
    info.family = Family::kString;
    info.binary = IsBinaryType(t);
    info.chars = static_cast<uint32_t>(MaxByteLength(t) / (info.binary ? 1 : kBytesPerChar));
  } else if (t == ColumnType::kEnum || t == ColumnType::kSet) {
    info.family = Family::kString;
    size_t longest = 0;
    size_t all = 0;
    for (const std::string& e : type.elements) {
      longest = std::max(longest, e.size());
      all += e.size() + 1;
    }
    info.chars = static_cast<uint32_t>(t == ColumnType::kEnum ? longest : all > 0 ? all - 1 : 0);
  }
  return info;
}

// The type of a computed value of `family` (the table column types MySQL gives them).
SqlType ComputedType(const Info& info) {
  SqlType type;
  if (info.declared) {
    type = info.type;
    if (type.type == ColumnType::kBool) {  // a legacy BOOLEAN column
      type.type = ColumnType::kTinyInt;
      type.length = 1;
    }
    return type;
  }
  if (info.unknown && (info.family == Family::kString || info.family == Family::kDecimal)) {
    type.type = info.family == Family::kString ? ColumnType::kVarchar : ColumnType::kDecimal;
    return type;  // length 0: measured on the rows
  }
  switch (info.family) {
    case Family::kInteger:
      type.type = info.precision + (info.type.is_unsigned ? 0 : 1) >= kInt32Digits
                      ? ColumnType::kBigInt
                      : ColumnType::kInt;
      type.is_unsigned = info.type.is_unsigned;
      return type;
    case Family::kDecimal:
      type.type = ColumnType::kDecimal;
      type.scale = std::min(info.scale, kMaxScale);
      type.length = std::clamp(info.precision, std::max(type.scale, 1u), kMaxPrecision);
      type.is_unsigned = info.type.is_unsigned;
      return type;
    case Family::kReal: type.type = ColumnType::kDouble; return type;
    case Family::kString: {
      if (info.chars == 0) {
        type.type = info.binary ? ColumnType::kBinary : ColumnType::kChar;
        return type;
      }
      if (info.chars <= kLongestVarchar) {
        type.type = info.binary ? ColumnType::kVarBinary : ColumnType::kVarchar;
        type.length = info.chars;
        return type;
      }
      const uint64_t bytes = uint64_t{info.chars} * (info.binary ? 1 : kBytesPerChar);
      const ColumnType by_size[4][2] = {{ColumnType::kTinyText, ColumnType::kTinyBlob},
                                        {ColumnType::kText, ColumnType::kBlob},
                                        {ColumnType::kMediumText, ColumnType::kMediumBlob},
                                        {ColumnType::kLongText, ColumnType::kLongBlob}};
      const int size = bytes <= 255 ? 0 : bytes <= 65535 ? 1 : bytes <= 16777215 ? 2 : 3;
      type.type = by_size[size][info.binary ? 1 : 0];
      return type;
    }
    case Family::kNull:
      type.type = ColumnType::kBinary;
      return type;
    default: return info.type;
  }
}

Info FromColumnType(ColumnType t) {
  SqlType type;
  type.type = t == ColumnType::kBool ? ColumnType::kTinyInt : t;
  if (t == ColumnType::kChar || t == ColumnType::kVarchar) {
    type.type = ColumnType::kVarchar;
    type.length = 0;  // unknown: CREATE TABLE ... SELECT measures the rows
  }
  Info info = OfType(type);
  info.unknown = t == ColumnType::kDecimal || type.type == ColumnType::kVarchar;
  return info;
}

// ---- expressions ----

struct Context {
  const Scope& scope;
  const std::vector<bool>& outer_joined;
};

Info Derive(const sql::Expr& expr, ColumnType type, const Context& ctx);

Info DeriveChild(const sql::Expr& expr, const Context& ctx) {
  return Derive(expr, InferSlotType(expr, [&](int slot) { return ctx.scope.TypeOf(slot); }), ctx);
}

bool AnyNullable(const std::vector<Info>& infos) {
  return std::any_of(infos.begin(), infos.end(), [](const Info& i) { return i.nullable; });
}

bool OuterJoined(const Context& ctx, int source) {
  return source < static_cast<int>(ctx.outer_joined.size()) && ctx.outer_joined[source];
}

Info Column(const sql::Expr& expr, ColumnType type, const Context& ctx) {
  const int source = ctx.scope.SourceOf(expr.slot);
  if (source < 0) return FromColumnType(type);
  const Source& s = ctx.scope.sources()[source];
  const int c = expr.slot - s.offset;
  if (s.table != nullptr && c < static_cast<int>(s.table->sql_types.size()) &&
      c < s.table->def.columns_size()) {
    Info info = OfType(s.table->sql_types[c]);
    info.declared = true;
    info.column = &s.table->def.columns(c);
    info.nullable = info.column->nullable() || OuterJoined(ctx, source);
    return info;
  }
  if (s.derived != nullptr && c < static_cast<int>(s.derived->columns.size()) &&
      s.derived->columns[c].derived.has_value()) {
    const DerivedColumn& derived = *s.derived->columns[c].derived;
    Info info = OfType(derived.type);
    info.declared = true;
    info.unknown = derived.type.length == 0 && (derived.type.type == ColumnType::kVarchar ||
                                                derived.type.type == ColumnType::kDecimal);
    info.nullable = derived.nullable || OuterJoined(ctx, source);
    info.derived = &derived;
    return info;
  }
  return FromColumnType(type);
}

Info Literal(const Value& v) {
  Info info;
  info.nullable = false;
  if (v.is_null()) {
    info.family = Family::kNull;
    info.nullable = true;
  } else if (v.is_integer()) {
    info.family = Family::kInteger;
    info.type.is_unsigned = v.is_uint();
    info.precision = static_cast<uint32_t>(v.ToString().size());  // MySQL: the literal's length
  } else if (v.is_decimal()) {
    info.family = Family::kDecimal;
    info.precision = static_cast<uint32_t>(v.decimal_value().Precision());
    info.scale = static_cast<uint32_t>(v.decimal_value().scale());
  } else if (v.is_double()) {
    info.family = Family::kReal;
  } else {
    info.family = Family::kString;
    const std::string s = v.ToString();
    for (char ch : s) info.chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  }
  return info;
}

// Precision and scale of `info` read as a DECIMAL.
void AsDecimal(Info* info) {
  if (info->family == Family::kInteger) info->scale = 0;
  info->family = Family::kDecimal;
}

bool IsExact(const Info& info) {
  return info.family == Family::kInteger || info.family == Family::kDecimal;
}

bool IsNumber(Family family) {
  return family == Family::kInteger || family == Family::kDecimal || family == Family::kReal;
}

Info Arithmetic(sql::BinaryOp op, Info a, Info b) {
  Info out;
  out.nullable = a.nullable || b.nullable || op == sql::BinaryOp::kDiv ||
                 op == sql::BinaryOp::kMod || op == sql::BinaryOp::kIntDiv;
  out.unknown = a.unknown || b.unknown;
  const bool numeric = IsExact(a) && IsExact(b);
  if (op == sql::BinaryOp::kIntDiv) {
    out.family = Family::kInteger;
    out.precision = a.family == Family::kInteger ? a.precision : a.precision - a.scale;
    out.type.is_unsigned = a.type.is_unsigned || b.type.is_unsigned;
    return out;
  }
  if (!numeric) {
    out.family = Family::kReal;
    return out;
  }
  const bool integers = a.family == Family::kInteger && b.family == Family::kInteger;
  if (integers && op != sql::BinaryOp::kDiv) {
    out.family = Family::kInteger;
    out.type.is_unsigned = a.type.is_unsigned || b.type.is_unsigned;
    if (op == sql::BinaryOp::kMul) out.precision = a.precision + b.precision;
    else if (op == sql::BinaryOp::kMod) out.precision = std::max(a.precision, b.precision);
    else out.precision = std::max(a.precision, b.precision) + 1;
    return out;
  }
  AsDecimal(&a);
  AsDecimal(&b);
  out.family = Family::kDecimal;
  out.type.is_unsigned = a.type.is_unsigned && b.type.is_unsigned;
  switch (op) {
    case sql::BinaryOp::kMul:
      out.scale = std::min(a.scale + b.scale, kMaxScale);
      out.precision = a.precision + b.precision;
      break;
    case sql::BinaryOp::kDiv:
      out.scale = std::min(a.scale + Decimal::kDivPrecisionIncrement, kMaxScale);
      out.precision = a.precision + b.scale + Decimal::kDivPrecisionIncrement;
      out.type.is_unsigned = false;
      break;
    case sql::BinaryOp::kMod:
      out.scale = std::max(a.scale, b.scale);
      out.precision = std::max(a.precision - a.scale, b.precision - b.scale) + out.scale;
      break;
    default:  // + and -
      out.scale = std::max(a.scale, b.scale);
      out.precision = std::max(a.precision - a.scale, b.precision - b.scale) + out.scale + 1;
      break;
  }
  out.precision = std::min(out.precision, kMaxPrecision);
  return out;
}

// The common type of CASE/IF/IFNULL/COALESCE results (NULL literals take no part).
Info Common(const std::vector<Info>& results) {
  Info out;
  out.family = Family::kNull;
  out.nullable = AnyNullable(results);
  uint32_t int_digits = 0;
  bool all_unsigned = true;
  for (const Info& r : results) {
    if (r.family == Family::kNull) continue;
    out.unknown = out.unknown || r.unknown;
    out.chars = std::max(out.chars, CharLength(r));
    out.binary = out.binary || r.binary;
    int_digits = std::max(int_digits, r.precision - r.scale);
    out.scale = std::max(out.scale, r.scale);
    all_unsigned = all_unsigned && r.type.is_unsigned;
    if (out.family == Family::kNull) {
      out.family = r.family;
      out.type = r.type;
      continue;
    }
    if (IsNumber(out.family) && IsNumber(r.family)) {
      if (r.family == Family::kReal || out.family == Family::kReal) out.family = Family::kReal;
      else if (r.family == Family::kDecimal) out.family = Family::kDecimal;
    } else if (out.family == Family::kTemporal && r.family == Family::kTemporal &&
               r.type.type == out.type.type) {
      out.type.scale = std::max(out.type.scale, r.type.scale);
    } else if (!(out.family == Family::kOther && r.family == Family::kOther &&
                 r.type.type == out.type.type)) {
      out.family = Family::kString;
    }
  }
  out.precision = int_digits + out.scale;
  out.type.is_unsigned = all_unsigned && out.family != Family::kReal;
  if (out.family == Family::kInteger) out.scale = 0;
  return out;
}

std::vector<Info> Children(const sql::Expr& expr, const Context& ctx, size_t from = 0) {
  std::vector<Info> out;
  for (size_t i = from; i < expr.children.size(); ++i) {
    out.push_back(DeriveChild(*expr.children[i], ctx));
  }
  return out;
}

Info Case(const sql::Expr& expr, const Context& ctx) {
  std::vector<Info> results;
  const size_t start = expr.case_operand ? 1 : 0;
  const size_t pairs_end = expr.children.size() - (expr.case_else ? 1 : 0);
  for (size_t i = start + 1; i < pairs_end; i += 2) {
    results.push_back(DeriveChild(*expr.children[i], ctx));
  }
  if (expr.case_else) results.push_back(DeriveChild(*expr.children.back(), ctx));
  Info out = Common(results);
  if (!expr.case_else) out.nullable = true;
  return out;
}

Info Cast(const sql::Expr& expr, const Context& ctx) {
  using T = sql::CastTarget::Type;
  const Info arg = DeriveChild(*expr.children[0], ctx);
  Info out;
  out.nullable = arg.nullable;
  const int length = expr.cast.length;
  const uint32_t fsp = expr.cast.scale > 0 ? static_cast<uint32_t>(expr.cast.scale) : 0;
  auto typed = [&](ColumnType t, uint32_t scale) {
    SqlType type;
    type.type = t;
    type.scale = scale;
    Info info = OfType(type);
    info.nullable = true;  // a value that does not convert is NULL
    return info;
  };
  switch (expr.cast.type) {
    case T::kSigned:
    case T::kUnsigned:
      out.family = Family::kInteger;
      out.precision = kMaxPrecision;  // BIGINT
      out.type.is_unsigned = expr.cast.type == T::kUnsigned;
      return out;
    case T::kDecimal:  // out-of-range values are clipped, not NULL
      out.family = Family::kDecimal;
      out.precision = length > 0 ? static_cast<uint32_t>(length) : 10;
      out.scale = fsp;
      return out;
    case T::kChar:
    case T::kBinary:
      out.family = Family::kString;
      out.binary = expr.cast.type == T::kBinary;
      out.chars = length >= 0 ? static_cast<uint32_t>(length) : CharLength(arg);
      out.unknown = length < 0 && arg.unknown;
      return out;
    case T::kDouble: out.family = Family::kReal; return out;
    case T::kFloat: return typed(ColumnType::kFloat, 0);
    case T::kDate: return typed(ColumnType::kDate, 0);
    case T::kDateTime: return typed(ColumnType::kDateTime, fsp);
    case T::kTime: return typed(ColumnType::kTime, fsp);
    case T::kYear: return typed(ColumnType::kYear, 0);
    case T::kJson: {
      Info json = typed(ColumnType::kJson, 0);
      json.nullable = arg.nullable;
      return json;
    }
  }
  return out;
}

// GROUP_CONCAT: up to group_concat_max_len characters (VARCHAR to 512, TEXT beyond), a
// binary string when any value is one.
Info GroupConcat(const sql::Expr& expr, const Context& ctx) {
  Info out;
  out.family = Family::kString;
  out.chars = static_cast<uint32_t>(std::min<uint64_t>(GroupConcatMaxLength(), UINT32_MAX));
  for (size_t i = 0; i < expr.argument_count(); ++i) {
    out.binary = out.binary || DeriveChild(*expr.children[i], ctx).binary;
  }
  return out;
}

Info Aggregate(const sql::Expr& expr, ColumnType type, const Context& ctx) {
  const std::string& f = expr.function_name;
  if (f == "COUNT") {
    Info count;
    count.family = Family::kInteger;
    count.precision = kMaxPrecision;  // BIGINT
    count.nullable = false;
    return count;
  }
  if (expr.children.empty() || sql::IsJsonAggregateName(f)) return FromColumnType(type);
  if (sql::IsBitAggregateName(f)) {
    Info bits;
    bits.family = Family::kInteger;
    bits.type.is_unsigned = true;  // BIGINT UNSIGNED, never NULL
    bits.precision = 20;
    bits.nullable = false;
    return bits;
  }
  if (sql::IsStatisticsAggregateName(f)) {
    Info real;
    real.family = Family::kReal;
    return real;
  }
  if (f == "GROUP_CONCAT") return GroupConcat(expr, ctx);
  Info arg = DeriveChild(*expr.children[0], ctx);
  arg.nullable = true;  // no rows: NULL
  arg.column = nullptr;
  arg.derived = nullptr;
  if (f == "MIN" || f == "MAX") return arg;
  arg.declared = false;
  if (!IsExact(arg)) {
    Info real;
    real.family = Family::kReal;
    return real;
  }
  AsDecimal(&arg);
  if (f == "SUM") {
    arg.precision = std::min(arg.precision + kSumExtraDigits, kMaxPrecision);
  } else {  // AVG
    arg.precision = std::min(arg.precision + Decimal::kDivPrecisionIncrement, kMaxPrecision);
    arg.scale = std::min(arg.scale + Decimal::kDivPrecisionIncrement, kMaxScale);
  }
  return arg;
}

Info Function(const sql::Expr& expr, ColumnType type, const Context& ctx) {
  if (expr.IsAggregate()) return Aggregate(expr, type, ctx);
  const std::string& f = expr.function_name;
  if (expr.over != nullptr || expr.children.empty()) return FromColumnType(type);
  if (f == "ANY_VALUE") {  // its argument's type, as a computed value
    Info out = DeriveChild(*expr.children[0], ctx);
    out.column = nullptr;
    out.derived = nullptr;
    return out;
  }
  if (f == "CONCAT" || f == "CONCAT_WS") {
    const std::vector<Info> args = Children(expr, ctx);
    Info out;
    out.family = Family::kString;
    for (size_t i = 0; i < args.size(); ++i) {
      const uint32_t chars = CharLength(args[i]);
      // CONCAT_WS: a separator between each two of the others.
      const uint32_t copies = f == "CONCAT_WS" && i == 0 ? std::max<size_t>(args.size(), 2) - 2 : 1;
      out.chars += chars * copies;
      out.binary = out.binary || args[i].binary;
      out.unknown = out.unknown || args[i].unknown;
    }
    out.nullable = f == "CONCAT" ? AnyNullable(args) : args[0].nullable;
    return out;
  }
  if (f == "UPPER" || f == "LOWER" || f == "UCASE" || f == "LCASE") {
    Info out = DeriveChild(*expr.children[0], ctx);
    out.chars = CharLength(out);
    out.family = Family::kString;
    out.type = SqlType{};
    out.declared = false;
    out.column = nullptr;
    out.derived = nullptr;
    return out;
  }
  if (f == "IF" && expr.children.size() == 3) return Common(Children(expr, ctx, 1));
  if (f == "IFNULL" || f == "COALESCE") {
    const std::vector<Info> args = Children(expr, ctx);
    Info out = Common(args);
    out.nullable = std::all_of(args.begin(), args.end(), [](const Info& i) { return i.nullable; });
    return out;
  }
  Info out = FromColumnType(type);
  if (f == "NULLIF") {
    out = Common({DeriveChild(*expr.children[0], ctx)});
    out.nullable = true;
  }
  return out;
}

Info Boolean(bool nullable) {
  Info out;
  out.family = Family::kInteger;
  out.precision = 1;
  out.nullable = nullable;
  return out;
}

Info Derive(const sql::Expr& expr, ColumnType type, const Context& ctx) {
  using sql::ExprKind;
  switch (expr.kind) {
    case ExprKind::kLiteral: return Literal(expr.literal);
    case ExprKind::kColumn: return expr.slot >= 0 ? Column(expr, type, ctx) : FromColumnType(type);
    case ExprKind::kUnary: {
      Info arg = DeriveChild(*expr.children[0], ctx);
      if (expr.unary_op == sql::UnaryOp::kNot) return Boolean(arg.nullable);
      if (expr.unary_op == sql::UnaryOp::kNegate && arg.family == Family::kInteger) {
        arg.type = SqlType{};
        arg.declared = false;
        arg.column = nullptr;
        arg.derived = nullptr;
        return arg;
      }
      return expr.unary_op == sql::UnaryOp::kPlus ? arg : FromColumnType(type);
    }
    case ExprKind::kBinary: {
      const Info a = DeriveChild(*expr.children[0], ctx);
      const Info b = DeriveChild(*expr.children[1], ctx);
      switch (expr.binary_op) {
        case sql::BinaryOp::kAdd:
        case sql::BinaryOp::kSub:
        case sql::BinaryOp::kMul:
        case sql::BinaryOp::kDiv:
        case sql::BinaryOp::kMod:
        case sql::BinaryOp::kIntDiv:
          if (IsTemporalType(type)) return FromColumnType(type);
          return Arithmetic(expr.binary_op, a, b);
        case sql::BinaryOp::kNullSafeEq: return Boolean(false);
        case sql::BinaryOp::kEq:
        case sql::BinaryOp::kNotEq:
        case sql::BinaryOp::kLt:
        case sql::BinaryOp::kLtEq:
        case sql::BinaryOp::kGt:
        case sql::BinaryOp::kGtEq:
        case sql::BinaryOp::kAnd:
        case sql::BinaryOp::kOr:
        case sql::BinaryOp::kXor: return Boolean(a.nullable || b.nullable);
        default: {
          Info out = FromColumnType(type);
          out.nullable = a.nullable || b.nullable;
          return out;
        }
      }
    }
    case ExprKind::kIsNull:
    case ExprKind::kIsTruth:
    case ExprKind::kExists: return Boolean(false);
    case ExprKind::kIn:
    case ExprKind::kBetween:
    case ExprKind::kLike:
    case ExprKind::kRegexp: return Boolean(AnyNullable(Children(expr, ctx)));
    case ExprKind::kInSubquery:
    case ExprKind::kQuantified: return Boolean(true);
    case ExprKind::kCase: return Case(expr, ctx);
    case ExprKind::kCast: return Cast(expr, ctx);
    case ExprKind::kFunction: return Function(expr, type, ctx);
    default: return FromColumnType(type);
  }
}

// MySQL's implicit default of a NOT NULL computed column: zero or the empty string.
std::optional<Value> ImplicitDefault(const Info& info) {
  switch (info.family) {
    case Family::kInteger:
    case Family::kDecimal:
    case Family::kReal: return Value::Int(0);
    case Family::kString: return Value::String("");
    default: return std::nullopt;
  }
}

}  // namespace

DerivedColumn DeriveColumn(const sql::Expr& expr, ColumnType type, const Scope& scope,
                           const std::vector<bool>& outer_joined) {
  const Context ctx{scope, outer_joined};
  const Info info = Derive(expr, type, ctx);
  DerivedColumn out;
  out.nullable = info.nullable;
  if (info.column != nullptr) {
    out.type = ComputedType(info);
    out.nullable = info.nullable;
    if (info.column->has_default()) out.default_value = catalog::ValueFromProto(info.column->default_value());
    out.default_now = info.column->default_now();
    return out;
  }
  if (info.derived != nullptr) {
    out = *info.derived;
    out.nullable = info.nullable;
    return out;
  }
  out.type = ComputedType(info);
  if (!out.nullable) out.default_value = ImplicitDefault(info);
  return out;
}

std::optional<DerivedColumn> MergeDerived(const std::optional<DerivedColumn>& a,
                                          const std::optional<DerivedColumn>& b) {
  if (!a.has_value() || !b.has_value()) return std::nullopt;
  SqlType wide = b->type;
  wide.length = a->type.length;
  wide.scale = a->type.scale;
  if (!(wide == a->type)) return std::nullopt;
  DerivedColumn out;
  out.type = a->type;
  if (a->type.type == ColumnType::kDecimal) {
    out.type.scale = std::max(a->type.scale, b->type.scale);
    out.type.length = std::min<uint32_t>(
        std::max(a->type.length - a->type.scale, b->type.length - b->type.scale) + out.type.scale,
        kMaxPrecision);
  } else {
    out.type.length = std::max(a->type.length, b->type.length);
    out.type.scale = std::max(a->type.scale, b->type.scale);
  }
  const bool measured = a->type.type == ColumnType::kVarchar || a->type.type == ColumnType::kDecimal;
  if (measured && (a->type.length == 0 || b->type.length == 0)) out.type.length = 0;  // unknown
  out.nullable = a->nullable || b->nullable;
  return out;
}

}  // namespace ordinal::engine::plan
