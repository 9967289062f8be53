#include "engine/exec/evaluator.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "engine/exec/eval_internal.h"
#include "engine/functions/registry.h"
#include "engine/functions/session_context.h"
#include "engine/plan/window_plan.h"
#include "engine/types/collation.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::exec {
namespace internal {

absl::Status OutOfRange(std::string_view type, const sql::Expr& e) {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDataOutOfRange,
                  absl::StrCat(absl::string_view(type.data(), type.size()),
                               " value is out of range in '", e.text, "'"));
}

absl::Status DivisionByZero() {
  return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDivisionByZero,
                  "Division by 0");
}

absl::Status AfterDivisionByZero(absl::Status status, Operand* out) {
  functions::SessionContext* session = functions::CurrentSessionContext();
  if (session == nullptr || session->division_by_zero_is_error) return status;
  if (session->division_by_zero_warns) {
    session->Warn(static_cast<int>(MysqlErrno::kDivisionByZero), "Division by 0");
  }
  out->Set(Value::Null());
  return absl::OkStatus();
}

Value Truth(std::optional<bool> b) {
  return b.has_value() ? Value::Bool(*b) : Value::Null();
}

std::optional<bool> ComparisonHolds(sql::BinaryOp op, std::optional<int> c) {
  if (!c) return std::nullopt;
  switch (op) {
    case sql::BinaryOp::kEq: return *c == 0;
    case sql::BinaryOp::kNotEq: return *c != 0;
    case sql::BinaryOp::kLt: return *c < 0;
    case sql::BinaryOp::kLtEq: return *c <= 0;
    case sql::BinaryOp::kGt: return *c > 0;
    case sql::BinaryOp::kGtEq: return *c >= 0;
    default: return std::nullopt;
  }
}

}  // namespace internal

namespace {

bool LikeMatchCollated(std::string_view text, std::string_view pattern, int escape,
                       const Collation& collation);

using internal::ArgumentCollations;
using internal::CheckCollationMix;
using internal::DivisionByZero;
using internal::Eval;
using internal::Operand;
using internal::OutOfRange;
using internal::Row;
using internal::Truth;
using sql::BinaryOp;
using sql::Expr;
using sql::ExprKind;
using sql::UnaryOp;

absl::string_view AbslView(const std::string& s) { return absl::string_view(s); }

std::optional<bool> Not(std::optional<bool> b) {
  if (!b) return std::nullopt;
  return !*b;
}

std::optional<bool> And(std::optional<bool> a, std::optional<bool> b) {
  if (a == false || b == false) return false;
  if (!a || !b) return std::nullopt;
  return true;
}

absl::Status EvalIntArithmetic(const Expr& e, int64_t a, int64_t b, Operand* out) {
  int64_t r = 0;
  bool overflow = false;
  switch (e.binary_op) {
    case BinaryOp::kAdd: overflow = __builtin_add_overflow(a, b, &r); break;
    case BinaryOp::kSub: overflow = __builtin_sub_overflow(a, b, &r); break;
    case BinaryOp::kMul: overflow = __builtin_mul_overflow(a, b, &r); break;
    case BinaryOp::kMod:
      if (b == 0) return DivisionByZero();
      r = b == -1 ? 0 : a % b;  // INT64_MIN % -1 traps in hardware
      break;
    default: return absl::InternalError("not an integer operator");
  }
  if (overflow) return OutOfRange("BIGINT", e);
  out->Set(Value::Int(r));
  return absl::OkStatus();
}

absl::Status EvalDoubleArithmetic(const Expr& e, double a, double b, Operand* out) {
  double r = 0;
  switch (e.binary_op) {
    case BinaryOp::kAdd: r = a + b; break;
    case BinaryOp::kSub: r = a - b; break;
    case BinaryOp::kMul: r = a * b; break;
    case BinaryOp::kDiv:
      if (b == 0) return DivisionByZero();
      r = a / b;
      break;
    case BinaryOp::kMod:
      if (b == 0) return DivisionByZero();
      r = std::fmod(a, b);
      break;
    default: return absl::InternalError("not an arithmetic operator");
  }
  if (!std::isfinite(r)) return OutOfRange("DOUBLE", e);
  out->Set(Value::Double(r));
  return absl::OkStatus();
}

// Integers beyond int64 (BIGINT UNSIGNED values): exact in 128 bits, then back into
// [-2^63, 2^64-1].
absl::Status EvalWideIntArithmetic(const Expr& e, __int128 a, __int128 b, Operand* out) {
  __int128 r = 0;
  bool overflow = false;
  switch (e.binary_op) {
    case BinaryOp::kAdd: r = a + b; break;
    case BinaryOp::kSub: r = a - b; break;
    case BinaryOp::kMul: overflow = __builtin_mul_overflow(a, b, &r); break;
    case BinaryOp::kMod:
      if (b == 0) return DivisionByZero();
      r = a % b;
      break;
    default: return absl::InternalError("not an integer operator");
  }
  if (overflow || r < INT64_MIN || r > static_cast<__int128>(UINT64_MAX)) {
    return OutOfRange("BIGINT UNSIGNED", e);
  }
  out->Set(r < 0 ? Value::Int(static_cast<int64_t>(r)) : Value::UInt(static_cast<uint64_t>(r)));
  return absl::OkStatus();
}

// Exact arithmetic with at least one decimal, or a division of exact numbers: DECIMAL with
// MySQL's scale rules (engine/types/decimal.h).
absl::Status EvalDecimalArithmetic(const Expr& e, const Decimal& a, const Decimal& b,
                                   Operand* out) {
  std::optional<Decimal> r;
  switch (e.binary_op) {
    case BinaryOp::kAdd: r = Decimal::Add(a, b); break;
    case BinaryOp::kSub: r = Decimal::Sub(a, b); break;
    case BinaryOp::kMul: r = Decimal::Mul(a, b); break;
    case BinaryOp::kDiv: r = Decimal::Div(a, b); break;
    case BinaryOp::kMod: r = Decimal::Mod(a, b); break;
    default: return absl::InternalError("not an arithmetic operator");
  }
  if (!r) return DivisionByZero();
  if (r->IntegerDigits() > Decimal::kMaxPrecision) return OutOfRange("DECIMAL", e);
  out->Set(Value::FromDecimal(std::move(*r)));
  return absl::OkStatus();
}

absl::Status EvalNumbers(const Expr& e, const Value& a, const Value& b, Operand* out);

// Arithmetic, with MySQL's handling of a zero divisor (internal::AfterDivisionByZero).
absl::Status EvalArithmetic(const Expr& e, const Value& a, const Value& b, Operand* out) {
  absl::Status status = e.binary_op == BinaryOp::kIntDiv ? internal::EvalIntDiv(e, a, b, out)
                                                         : EvalNumbers(e, a, b, out);
  if (GetMysqlErrno(status) != MysqlErrno::kDivisionByZero) return status;
  return internal::AfterDivisionByZero(std::move(status), out);
}

absl::Status EvalNumbers(const Expr& e, const Value& a, const Value& b, Operand* out) {
  if (a.is_null() || b.is_null()) {
    out->Set(Value::Null());
    return absl::OkStatus();
  }
  if (a.is_int() && b.is_int() && e.binary_op != BinaryOp::kDiv) {
    return EvalIntArithmetic(e, a.int_value(), b.int_value(), out);
  }
  if (a.is_integer() && b.is_integer() && e.binary_op != BinaryOp::kDiv) {
    return EvalWideIntArithmetic(e, a.integer_value(), b.integer_value(), out);
  }
  std::optional<Decimal> x = a.ToDecimal(), y = b.ToDecimal();
  if (x && y) return EvalDecimalArithmetic(e, *x, *y, out);
  return EvalDoubleArithmetic(e, a.ToDouble(), b.ToDouble(), out);
}

// The operation a comparison names in error 1267, as MySQL writes it.
std::string_view ComparisonName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNotEq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    default: return "=";
  }
}


// AND and OR with three-valued logic; the right side is not evaluated when the left
// decides the result.
absl::Status EvalLogical(const Expr& e, const Row& row, Operand* out) {
  const bool is_and = e.binary_op == BinaryOp::kAnd;
  Operand left;
  if (absl::Status s = Eval(*e.children[0], row, &left); !s.ok()) return s;
  std::optional<bool> l = left.get().ToBool();
  if (l.has_value() && *l != is_and) {
    out->Set(Value::Bool(*l));
    return absl::OkStatus();
  }
  Operand right;
  if (absl::Status s = Eval(*e.children[1], row, &right); !s.ok()) return s;
  std::optional<bool> r = right.get().ToBool();
  if (r.has_value() && *r != is_and) {
    out->Set(Value::Bool(*r));
  } else if (!l || !r) {
    out->Set(Value::Null());
  } else {
    out->Set(Value::Bool(is_and));
  }
  return absl::OkStatus();
}

absl::Status EvalBinary(const Expr& e, const Row& row, Operand* out) {
  if (e.children.size() != 2) return absl::InternalError("binary operator needs 2 operands");
  if (e.binary_op == BinaryOp::kAnd || e.binary_op == BinaryOp::kOr) {
    return EvalLogical(e, row, out);
  }
  Operand a, b;
  if (absl::Status s = Eval(*e.children[0], row, &a); !s.ok()) return s;
  if (absl::Status s = Eval(*e.children[1], row, &b); !s.ok()) return s;
  switch (e.binary_op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMod:
    case BinaryOp::kIntDiv:
      return EvalArithmetic(e, a.get(), b.get(), out);
    case BinaryOp::kBitAnd:
    case BinaryOp::kBitOr:
    case BinaryOp::kBitXor:
    case BinaryOp::kShiftLeft:
    case BinaryOp::kShiftRight:
      return internal::EvalBitwise(e, a.get(), b.get(), out);
    case BinaryOp::kNullSafeEq:
      if (absl::Status s = CheckCollationMix(a.get(), b.get(), "<=>"); !s.ok()) return s;
      out->Set(internal::NullSafeEqual(a.get(), b.get()));
      return absl::OkStatus();
    case BinaryOp::kXor:
      out->Set(internal::Xor(a.get(), b.get()));
      return absl::OkStatus();
    default:
      if (absl::Status s = CheckCollationMix(a.get(), b.get(), ComparisonName(e.binary_op));
          !s.ok()) {
        return s;
      }
      out->Set(Truth(internal::ComparisonHolds(e.binary_op, CompareValues(a.get(), b.get()))));
      return absl::OkStatus();
  }
}

absl::Status EvalUnary(const Expr& e, const Row& row, Operand* out) {
  if (e.children.size() != 1) return absl::InternalError("unary operator needs 1 operand");
  Operand x;
  if (absl::Status s = Eval(*e.children[0], row, &x); !s.ok()) return s;
  const Value& v = x.get();
  switch (e.unary_op) {
    case UnaryOp::kPlus:
      *out = std::move(x);
      return absl::OkStatus();
    case UnaryOp::kNot:
      out->Set(Truth(Not(v.ToBool())));
      return absl::OkStatus();
    case UnaryOp::kBitNot:
      return internal::EvalBitNot(v, out);
    case UnaryOp::kNegate:
      if (v.is_null()) {
        out->Set(Value::Null());
      } else if (v.is_int()) {
        if (v.int_value() == INT64_MIN) return OutOfRange("BIGINT", e);
        out->Set(Value::Int(-v.int_value()));
      } else if (v.is_uint()) {
        if (v.uint_value() != uint64_t{1} << 63) return OutOfRange("BIGINT", e);
        out->Set(Value::Int(INT64_MIN));
      } else if (v.is_decimal()) {
        out->Set(Value::FromDecimal(v.decimal_value().Negated()));
      } else {
        out->Set(Value::Double(-v.ToDouble()));
      }
      return absl::OkStatus();
  }
  return absl::InternalError("unknown unary operator");
}

absl::Status EvalIn(const Expr& e, const Row& row, Operand* out) {
  if (e.children.size() < 2) return absl::InternalError("IN needs a list");
  Operand x;
  if (absl::Status s = Eval(*e.children[0], row, &x); !s.ok()) return s;
  bool saw_null = x.get().is_null();
  bool found = false;
  for (size_t i = 1; i < e.children.size() && !found; ++i) {
    Operand item;
    if (absl::Status s = Eval(*e.children[i], row, &item); !s.ok()) return s;
    if (absl::Status s = CheckCollationMix(x.get(), item.get(), "in"); !s.ok()) return s;
    std::optional<int> c = CompareValues(x.get(), item.get());
    if (!c) {
      saw_null = true;
    } else if (*c == 0) {
      found = true;
    }
  }
  std::optional<bool> in = found ? std::optional<bool>(true)
                                 : (saw_null ? std::nullopt : std::optional<bool>(false));
  out->Set(Truth(e.negated ? Not(in) : in));
  return absl::OkStatus();
}

absl::Status EvalBetween(const Expr& e, const Row& row, Operand* out) {
  if (e.children.size() != 3) return absl::InternalError("BETWEEN needs 3 operands");
  Operand x, lo, hi;
  if (absl::Status s = Eval(*e.children[0], row, &x); !s.ok()) return s;
  if (absl::Status s = Eval(*e.children[1], row, &lo); !s.ok()) return s;
  if (absl::Status s = Eval(*e.children[2], row, &hi); !s.ok()) return s;
  if (absl::Status s = CheckCollationMix(x.get(), lo.get(), "between"); !s.ok()) return s;
  if (absl::Status s = CheckCollationMix(x.get(), hi.get(), "between"); !s.ok()) return s;
  std::optional<bool> in =
      And(internal::ComparisonHolds(BinaryOp::kGtEq, CompareValues(x.get(), lo.get())),
          internal::ComparisonHolds(BinaryOp::kLtEq, CompareValues(x.get(), hi.get())));
  out->Set(Truth(e.negated ? Not(in) : in));
  return absl::OkStatus();
}

absl::Status EvalLike(const Expr& e, const Row& row, Operand* out) {
  if (e.children.size() != 2 && e.children.size() != 3) {
    return absl::InternalError("LIKE needs 2 or 3 operands");
  }
  Operand text, pattern, escape;
  if (absl::Status s = Eval(*e.children[0], row, &text); !s.ok()) return s;
  if (absl::Status s = Eval(*e.children[1], row, &pattern); !s.ok()) return s;
  int escape_char = '\\';
  if (e.children.size() == 3) {
    if (absl::Status s = Eval(*e.children[2], row, &escape); !s.ok()) return s;
    const std::string esc = escape.get().is_null() ? std::string() : escape.get().ToString();
    if (esc.size() > 1) {
      return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongArguments,
                      "Incorrect arguments to ESCAPE");
    }
    escape_char = esc.empty() ? -1 : static_cast<unsigned char>(esc[0]);
  }
  const Value& t = text.get();
  const Value& p = pattern.get();
  if (t.is_null() || p.is_null()) {
    out->Set(Value::Null());
    return absl::OkStatus();
  }
  std::string t_text = t.is_string() ? std::string() : t.ToString();
  std::string p_text = p.is_string() ? std::string() : p.ToString();
  const Collation* collation = nullptr;
  if (t.is_string() && p.is_string()) {
    absl::StatusOr<uint16_t> id = ComparisonCollation(t, p, "like");
    if (!id.ok()) return id.status();
    collation = FindCollationById(*id);
  }
  bool match = collation != nullptr && !collation->is_binary_order()
                   ? LikeMatchCollated(t.string_value(), p.string_value(), escape_char,
                                       *collation)
                   : LikeMatch(t.is_string() ? t.string_value() : t_text,
                               p.is_string() ? p.string_value() : p_text, escape_char);
  out->Set(Value::Bool(match != e.negated));
  return absl::OkStatus();
}

bool IsBoundOnlyFunction(const std::string& name) {
  return sql::IsAggregateName(name) || name == "VALUES";
}

// The arguments of a scalar function call, evaluated when the function asks.
class CallArgs final : public functions::FunctionArgs {
 public:
  // `collation`: from which argument on the string arguments give the result its
  // collation (functions::ResultCollation); SIZE_MAX for none.
  CallArgs(const Expr& call, const Row& row, size_t collation_from)
      : call_(call), row_(row), collation_from_(collation_from) {}
  size_t size() const override { return call_.children.size(); }
  absl::StatusOr<Value> Arg(size_t i) override {
    if (i >= call_.children.size()) return absl::InternalError("argument index out of range");
    Operand out;
    if (absl::Status s = Eval(*call_.children[i], row_, &out); !s.ok()) return s;
    if (i >= collation_from_) collations_.Add(out.get());
    return std::move(out).Take();
  }
  const Expr& call() const override { return call_; }
  const ArgumentCollations& collations() const { return collations_; }

 private:
  const Expr& call_;
  const Row& row_;
  const size_t collation_from_;
  ArgumentCollations collations_;
};

size_t CollationFrom(functions::ResultCollation rule) {
  switch (rule) {
    case functions::ResultCollation::kConnection: return SIZE_MAX;
    case functions::ResultCollation::kOfStrings: return 0;
    case functions::ResultCollation::kOfStringsAfterFirst: return 1;
  }
  return SIZE_MAX;
}

// The date part a call takes of its one argument without the registry's general path
// (DatePartOf in functions/temporal_functions.cc): YEAR, MONTH, QUARTER, DAY and DAYOFMONTH.
enum class DatePart : uint8_t { kNone, kYear, kMonth, kQuarter, kDay };

DatePart DatePartOf(std::string_view function) {
  if (function == "YEAR") return DatePart::kYear;
  if (function == "MONTH") return DatePart::kMonth;
  if (function == "QUARTER") return DatePart::kQuarter;
  if (function == "DAY" || function == "DAYOFMONTH") return DatePart::kDay;
  return DatePart::kNone;
}

// The registry's definitions of the calls this thread evaluated last, by call node: a call
// evaluated row after row finds its function by name once. An entry is used only for the
// same node calling the same name (a node freed and another made at its address may call
// another function), and only names the registry defines and that are not bound-only are
// remembered.
class RememberedFunctions {
 public:
  struct Entry {
    const Expr* call = nullptr;
    const functions::FunctionDef* def = nullptr;
    DatePart date_part = DatePart::kNone;
  };
  static const Entry* Find(const Expr& call) {
    const Entry& entry = Slot(call);
    if (entry.call == &call && entry.def->name == call.function_name) return &entry;
    return nullptr;
  }
  static const Entry& Remember(const Expr& call, const functions::FunctionDef* def) {
    return Slot(call) = Entry{&call, def, DatePartOf(def->name)};
  }

 private:
  static Entry& Slot(const Expr& call) {
    thread_local std::array<Entry, 64> entries;
    // Fibonacci hashing of the address: nodes allocated at a regular stride spread out.
    const uint64_t mixed = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(&call)) *
                           0x9E3779B97F4A7C15ull;
    return entries[mixed >> 58];  // 64 entries
  }
};

// A date part of a column's value read in place: NULL for NULL, the part of a date in the
// form a DATE column stores (StoredDateParts), which is what the registry's function gives
// for it. nullopt for anything else (the call then takes the general path, which reads the
// column again: a column read has no side effects).
std::optional<Value> DatePartOfColumn(DatePart part, const Expr& call, const Row& row) {
  if (part == DatePart::kNone || call.children.size() != 1) return std::nullopt;
  const Expr& arg = *call.children[0];
  if (arg.slot < 0 || static_cast<size_t>(arg.slot) >= row.size()) return std::nullopt;
  const Value& v = row[arg.slot];
  if (v.is_null()) return Value::Null();
  if (!v.is_string() || v.is_json()) return std::nullopt;
  std::optional<TemporalParts> p = StoredDateParts(v.string_value());
  if (!p) return std::nullopt;
  switch (part) {
    case DatePart::kYear: return Value::Int(p->year);
    case DatePart::kMonth: return Value::Int(p->month);
    case DatePart::kQuarter: return Value::Int((p->month + 2) / 3);
    case DatePart::kDay: return Value::Int(p->day);
    case DatePart::kNone: break;
  }
  return std::nullopt;
}

absl::Status EvalFunction(const Expr& e, const Row& row, Operand* out) {
  // Window calls are bound to slots where they are allowed (plan/window_plan.h).
  if (e.over != nullptr) return plan::RejectWindowCalls(e);
  const RememberedFunctions::Entry* entry = RememberedFunctions::Find(e);
  if (entry == nullptr) {
    if (IsBoundOnlyFunction(e.function_name)) {
      return absl::InternalError(absl::StrCat(AbslView(e.function_name), "() is not bound"));
    }
    const functions::FunctionDef* found = functions::FindFunction(e.function_name);
    if (found == nullptr) return functions::UnknownFunction(e.function_name);
    entry = &RememberedFunctions::Remember(e, found);
  }
  const functions::FunctionDef* def = entry->def;
  if (e.star || e.distinct) return functions::UnknownFunction(e.function_name);
  if (absl::Status s = functions::CheckArity(*def, e.children.size()); !s.ok()) return s;
  if (std::optional<Value> part = DatePartOfColumn(entry->date_part, e, row)) {
    out->Set(*std::move(part));
    return absl::OkStatus();
  }
  CallArgs args(e, row, CollationFrom(def->collation));
  absl::StatusOr<Value> result = def->eval(args);
  if (!result.ok()) return result.status();
  if (absl::Status s = args.collations().Apply(def->name, &*result); !s.ok()) return s;
  out->Set(*std::move(result));
  return absl::OkStatus();
}

absl::Status EvalVariable(const Expr& e, Operand* out) {
  functions::SessionContext* session = functions::CurrentSessionContext();
  if (e.variable.scope == sql::VariableScope::kUser) {
    if (session != nullptr) {
      auto it = session->user_variables.find(e.variable.name);
      if (it != session->user_variables.end()) {
        out->Refer(it->second);
        return absl::OkStatus();
      }
    }
    out->Set(Value::Null());
    return absl::OkStatus();
  }
  absl::StatusOr<Value> v = functions::ReadSystemVariable(e.variable, session);
  if (!v.ok()) return v.status();
  out->Set(*std::move(v));
  return absl::OkStatus();
}

// @name := value: stores the value in the session and yields it.
absl::Status EvalAssign(const Expr& e, const Row& row, Operand* out) {
  if (e.children.size() != 1) return absl::InternalError(":= needs 1 operand");
  Operand value;
  if (absl::Status s = Eval(*e.children[0], row, &value); !s.ok()) return s;
  if (functions::SessionContext* session = functions::CurrentSessionContext()) {
    session->user_variables[e.variable.name] = value.get();
  }
  out->Set(std::move(value).Take());
  return absl::OkStatus();
}

}  // namespace

absl::Status internal::Eval(const Expr& e, const Row& row, Operand* out) {
  if (e.slot >= 0) {
    if (static_cast<size_t>(e.slot) >= row.size()) {
      return absl::InternalError(absl::StrCat("slot ", e.slot, " is outside the row"));
    }
    out->Refer(row[e.slot]);
    return absl::OkStatus();
  }
  switch (e.kind) {
    case ExprKind::kLiteral:
      out->Refer(e.literal);
      return absl::OkStatus();
    case ExprKind::kColumn:
      return absl::InternalError(
          absl::StrCat("column '", AbslView(e.column_name), "' is not bound"));
    case ExprKind::kUnary: return EvalUnary(e, row, out);
    case ExprKind::kBinary: return EvalBinary(e, row, out);
    case ExprKind::kIn: return EvalIn(e, row, out);
    case ExprKind::kBetween: return EvalBetween(e, row, out);
    case ExprKind::kLike: return EvalLike(e, row, out);
    case ExprKind::kIsNull: {
      if (e.children.size() != 1) return absl::InternalError("IS NULL needs 1 operand");
      Operand x;
      if (absl::Status s = Eval(*e.children[0], row, &x); !s.ok()) return s;
      out->Set(Value::Bool(x.get().is_null() != e.negated));
      return absl::OkStatus();
    }
    case ExprKind::kFunction: return EvalFunction(e, row, out);
    case ExprKind::kVariable: return EvalVariable(e, out);
    case ExprKind::kAssign: return EvalAssign(e, row, out);
    case ExprKind::kIsTruth: return internal::EvalIsTruth(e, row, out);
    case ExprKind::kCase: return internal::EvalCase(e, row, out);
    case ExprKind::kRegexp: return internal::EvalRegexp(e, row, out);
    case ExprKind::kCast: return internal::EvalCast(e, row, out);
    case ExprKind::kSubquery:
    case ExprKind::kExists:
    case ExprKind::kInSubquery:
    case ExprKind::kQuantified: {
      // The planner gave the node a runner that executes its query (exec/subquery.cc).
      if (e.subquery_runner == nullptr) return absl::InternalError("subquery is not bound");
      absl::StatusOr<Value> v = e.subquery_runner->Run(e, row);
      if (!v.ok()) return v.status();
      out->Set(*std::move(v));
      return absl::OkStatus();
    }
  }
  return absl::InternalError("unknown expression kind");
}

namespace {

// The byte length of the UTF-8 character starting at s[i] (1 for an invalid byte), never
// past the end of `s`.
size_t CharLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  size_t rest = s.size() - i;
  return n < rest ? n : rest;
}

}  // namespace

absl::StatusOr<Value> Evaluate(const sql::Expr& expr, const std::vector<Value>& row) {
  Operand out;
  if (absl::Status s = Eval(expr, row, &out); !s.ok()) return s;
  return std::move(out).Take();
}

absl::StatusOr<bool> EvaluatePredicate(const sql::Expr& expr, const std::vector<Value>& row) {
  Operand out;
  if (absl::Status s = Eval(expr, row, &out); !s.ok()) return s;
  return out.get().ToBool().value_or(false);
}

namespace {

// Greedy matching with backtracking to the most recent '%': on a mismatch, that '%'
// absorbs one more character of the text and matching resumes after it. Linear in
// practice, O(text * pattern) at worst, without recursion. `literal(t, at)` matches the
// pattern's literal character at `at` (past any escape) against the text at `t`: the text
// bytes and pattern bytes it spans, or nullopt on a mismatch.
template <typename Literal>
bool LikeMatchWith(std::string_view text, std::string_view pattern, int escape,
                   Literal literal) {
  size_t t = 0, p = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '%') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (c == '_') {
        t += CharLength(text, t);
        ++p;
        continue;
      }
      size_t at = p;
      if (escape >= 0 && static_cast<unsigned char>(c) == escape && p + 1 < pattern.size()) {
        at = p + 1;
      }
      if (const std::optional<std::pair<size_t, size_t>> widths = literal(t, at)) {
        t += widths->first;
        p = at + widths->second;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    star_t += CharLength(text, star_t);
    t = star_t;
    p = star_p;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace

bool LikeMatch(std::string_view text, std::string_view pattern, int escape) {
  return LikeMatchWith(text, pattern, escape,
                       [&](size_t t, size_t at) -> std::optional<std::pair<size_t, size_t>> {
                         if (text[t] != pattern[at]) return std::nullopt;
                         return std::pair<size_t, size_t>{1, 1};
                       });
}

namespace {

// Whether characters `a` and `b` (one UTF-8 character each) are equal under `collation`.
// Printable ASCII other than letters equals only itself in every collation, and letters
// only their other case: ICU is asked only for case pairs and non-ASCII characters.
bool CharsEqualUnder(const Collation& collation, std::string_view a, std::string_view b) {
  if (a == b) return true;
  if (a.size() == 1 && b.size() == 1) {
    const auto x = static_cast<unsigned char>(a[0]);
    const auto y = static_cast<unsigned char>(b[0]);
    const bool printable = x >= 0x20 && x < 0x7F && y >= 0x20 && y < 0x7F;
    if (printable && (absl::ascii_tolower(x) != absl::ascii_tolower(y) || !absl::ascii_isalpha(x))) {
      return false;
    }
  }
  return collation.Compare(a, b) == 0;
}

// LIKE over characters, for a collation that is not binary: a literal pattern character
// matches a text character the collation equates with it (per character: 'ß' does not match
// "ss"); trailing spaces count, as in MySQL.
bool LikeMatchCollated(std::string_view text, std::string_view pattern, int escape,
                       const Collation& collation) {
  return LikeMatchWith(
      text, pattern, escape,
      [&](size_t t, size_t at) -> std::optional<std::pair<size_t, size_t>> {
        const size_t text_width = CharLength(text, t);
        const size_t pattern_width = CharLength(pattern, at);
        if (!CharsEqualUnder(collation, text.substr(t, text_width),
                             pattern.substr(at, pattern_width))) {
          return std::nullopt;
        }
        return std::pair<size_t, size_t>{text_width, pattern_width};
      });
}

}  // namespace

}  // namespace ordinal::engine::exec
