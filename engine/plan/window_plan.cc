#include "engine/plan/window_plan.h"

#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/plan/binder.h"
#include "engine/plan/temporal_contexts.h"
#include "engine/sql/window_functions.h"

namespace ordinal::engine::plan {
namespace {

using sql::FrameBoundKind;

constexpr MysqlErrno kNoSuchWindow = static_cast<MysqlErrno>(3579);
constexpr MysqlErrno kCircularWindows = static_cast<MysqlErrno>(3580);
constexpr MysqlErrno kNoChildPartitioning = static_cast<MysqlErrno>(3581);
constexpr MysqlErrno kNoInheritFrame = static_cast<MysqlErrno>(3582);
constexpr MysqlErrno kNoRedefineOrderBy = static_cast<MysqlErrno>(3583);
constexpr MysqlErrno kFrameStartIllegal = static_cast<MysqlErrno>(3584);
constexpr MysqlErrno kFrameEndIllegal = static_cast<MysqlErrno>(3585);
constexpr MysqlErrno kFrameIllegal = static_cast<MysqlErrno>(3586);
constexpr MysqlErrno kRangeFrameOrderType = static_cast<MysqlErrno>(3587);
constexpr MysqlErrno kRangeFrameTemporalType = static_cast<MysqlErrno>(3588);
constexpr MysqlErrno kRangeFrameNumericType = static_cast<MysqlErrno>(3589);
constexpr MysqlErrno kBoundNotConstant = static_cast<MysqlErrno>(3590);
constexpr MysqlErrno kDuplicateWindow = static_cast<MysqlErrno>(3591);
constexpr MysqlErrno kInvalidWindowFuncUse = static_cast<MysqlErrno>(3593);
constexpr MysqlErrno kNestedInWindowSpec = static_cast<MysqlErrno>(3595);
constexpr MysqlErrno kRowsInterval = static_cast<MysqlErrno>(3596);

constexpr std::string_view kUnnamed = "<unnamed window>";

absl::Status Error(MysqlErrno number, std::string message) {
  return SqlError(absl::StatusCode::kInvalidArgument, number, message);
}

absl::Status MisusedWindowCall(const sql::Expr& call) {
  return Error(kInvalidWindowFuncUse,
               absl::StrCat("You cannot use the window function '",
                            absl::AsciiStrToLower(call.function_name), "' in this context.'"));
}

// A window with its references followed: pointers into the AST (the query's WINDOW clause
// and OVER clauses), which outlive the planning.
struct ResolvedSpec {
  std::string name;
  const std::vector<sql::ExprPtr>* partition_by = nullptr;
  const std::vector<sql::OrderItem>* order_by = nullptr;
  const sql::WindowFrame* frame = nullptr;

  auto Key() const { return std::make_tuple(partition_by, order_by, frame); }
};

int FindNamed(const std::vector<sql::NamedWindow>& named, const std::string& name) {
  for (size_t i = 0; i < named.size(); ++i) {
    if (named[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<ResolvedSpec> Resolve(const sql::WindowSpec& spec, std::string_view name,
                                     const std::vector<sql::NamedWindow>& named, size_t depth) {
  ResolvedSpec own{std::string(name), &spec.partition_by, &spec.order_by, spec.frame.get()};
  if (spec.base_name.empty()) return own;
  const int base_index = FindNamed(named, spec.base_name);
  if (base_index < 0) {
    return Error(kNoSuchWindow, absl::StrCat("Window name '", spec.base_name, "' is not defined."));
  }
  if (depth > named.size()) {
    return Error(kCircularWindows, "There is a circularity in the window dependency graph.");
  }
  const sql::NamedWindow& base_window = named[base_index];
  ORDINAL_ASSIGN_OR_RETURN(ResolvedSpec base,
                           Resolve(*base_window.spec, base_window.name, named, depth + 1));
  // `OVER w` and `OVER (w)` use w as it is.
  if (spec.partition_by.empty() && spec.order_by.empty() && spec.frame == nullptr) return base;
  if (!spec.partition_by.empty()) {
    return Error(kNoChildPartitioning,
                 "A window which depends on another cannot define partitioning.");
  }
  if (base.frame != nullptr) {
    return Error(kNoInheritFrame,
                 absl::StrCat("Window '", base.name,
                              "' has a frame definition, so cannot be referenced by another "
                              "window."));
  }
  if (!spec.order_by.empty() && !base.order_by->empty()) {
    return Error(kNoRedefineOrderBy,
                 absl::StrCat("Window '", std::string(name), "' cannot inherit '", base.name,
                              "' since both contain an ORDER BY clause."));
  }
  own.partition_by = base.partition_by;
  if (spec.order_by.empty()) own.order_by = base.order_by;
  return own;
}

int BoundRank(FrameBoundKind kind) {
  switch (kind) {
    case FrameBoundKind::kUnboundedPreceding:
      return 0;
    case FrameBoundKind::kPreceding:
      return 1;
    case FrameBoundKind::kCurrentRow:
      return 2;
    case FrameBoundKind::kFollowing:
      return 3;
    case FrameBoundKind::kUnboundedFollowing:
      return 4;
  }
  return 2;
}

bool IsNumericType(ColumnType type) {
  return HoldsInteger(type) || type == ColumnType::kDecimal || type == ColumnType::kDouble ||
         type == ColumnType::kFloat;
}

// The constant a frame bound or a function argument was written with: a literal, possibly
// negated. nullopt when the expression is not such a constant.
std::optional<Value> ConstantOf(const sql::Expr& expr) {
  if (expr.kind == sql::ExprKind::kLiteral) return expr.literal;
  if (expr.kind == sql::ExprKind::kUnary && expr.unary_op == sql::UnaryOp::kNegate &&
      expr.children.size() == 1 && expr.children[0]->kind == sql::ExprKind::kLiteral) {
    const Value& v = expr.children[0]->literal;
    if (v.is_null()) return v;
    return Value::Double(-v.ToDouble());  // only its sign matters: it is refused
  }
  return std::nullopt;
}

absl::StatusOr<BoundFrameEdge> BindEdge(const sql::FrameBound& bound, sql::FrameUnit unit,
                                        const BoundWindow& window, WindowExprType type_of) {
  BoundFrameEdge edge;
  edge.kind = bound.kind;
  if (bound.kind != FrameBoundKind::kPreceding && bound.kind != FrameBoundKind::kFollowing) {
    return edge;
  }
  const std::string& name = window.name;
  const std::optional<Value> offset = ConstantOf(*bound.offset);
  if (!offset) {
    return Error(kBoundNotConstant,
                 absl::StrCat("Window '", name, "' has a non-constant frame bound."));
  }
  const auto illegal = [&] {
    return Error(kFrameIllegal,
                 absl::StrCat("Window '", name,
                              "': frame start or end is negative, NULL or of non-integral "
                              "type"));
  };
  if (unit == sql::FrameUnit::kRows) {
    if (!bound.interval_unit.empty()) {
      return Error(kRowsInterval, absl::StrCat("Window '", name,
                                               "': INTERVAL can only be used with RANGE "
                                               "frames."));
    }
    if (!offset->is_integer() || offset->ToDouble() < 0) return illegal();
    edge.offset = *offset;
    return edge;
  }
  const ColumnType order_type =
      window.order_by.size() == 1 ? type_of(*window.order_by[0]) : ColumnType::kVarchar;
  if (window.order_by.size() != 1 || (!IsNumericType(order_type) && !IsTemporalType(order_type))) {
    return Error(kRangeFrameOrderType,
                 absl::StrCat("Window '", name,
                              "' with RANGE N PRECEDING/FOLLOWING frame requires exactly one "
                              "ORDER BY expression, of numeric or temporal type"));
  }
  if (IsTemporalType(order_type)) {
    if (bound.interval_unit.empty()) {
      return Error(kRangeFrameTemporalType,
                   absl::StrCat("Window '", name,
                                "' with RANGE frame has ORDER BY expression of datetime type. "
                                "Only INTERVAL bound value allowed."));
    }
    return SqlError(absl::StatusCode::kUnimplemented, MysqlErrno::kNotSupported,
                    "This version of OrdinalDB doesn't yet support 'RANGE frames with INTERVAL'");
  }
  if (!bound.interval_unit.empty()) {
    return Error(kRangeFrameNumericType,
                 absl::StrCat("Window '", name,
                              "' with RANGE frame has ORDER BY expression of numeric type, "
                              "INTERVAL bound value not allowed."));
  }
  if (offset->is_null() || !(offset->is_integer() || offset->is_decimal() || offset->is_double()) ||
      offset->ToDouble() < 0) {
    return illegal();
  }
  edge.offset = *offset;
  return edge;
}

// Fills in the frame: as written, or MySQL's default.
absl::Status BindFrame(const sql::WindowFrame* frame, BoundWindow& window, WindowExprType type_of) {
  if (frame == nullptr) {
    window.unit = window.order_by.empty() ? sql::FrameUnit::kRows : sql::FrameUnit::kRange;
    window.start.kind = FrameBoundKind::kUnboundedPreceding;
    window.end.kind =
        window.order_by.empty() ? FrameBoundKind::kUnboundedFollowing : FrameBoundKind::kCurrentRow;
    return absl::OkStatus();
  }
  if (frame->start.kind == FrameBoundKind::kUnboundedFollowing) {
    return Error(kFrameStartIllegal, absl::StrCat("Window '", window.name,
                                                  "': frame start cannot be UNBOUNDED "
                                                  "FOLLOWING."));
  }
  if (frame->end.kind == FrameBoundKind::kUnboundedPreceding) {
    return Error(kFrameEndIllegal, absl::StrCat("Window '", window.name,
                                                "': frame end cannot be UNBOUNDED "
                                                "PRECEDING."));
  }
  window.unit = frame->unit;
  ORDINAL_ASSIGN_OR_RETURN(window.start, BindEdge(frame->start, frame->unit, window, type_of));
  ORDINAL_ASSIGN_OR_RETURN(window.end, BindEdge(frame->end, frame->unit, window, type_of));
  if (BoundRank(frame->start.kind) > BoundRank(frame->end.kind)) {
    return Error(kFrameIllegal,
                 absl::StrCat("Window '", window.name,
                              "': frame start or end is negative, NULL or of non-integral "
                              "type"));
  }
  return absl::OkStatus();
}

absl::Status BindSpecExpr(sql::ExprPtr& expr, const std::string& name, std::string_view clause,
                          WindowExprBinder bind) {
  if (ContainsWindowCall(*expr)) {
    return Error(kNestedInWindowSpec,
                 absl::StrCat("You cannot nest a window function in the specification of "
                              "window '",
                              name, "'."));
  }
  return bind(*expr, clause);
}

absl::StatusOr<BoundWindow> BindWindow(const ResolvedSpec& spec, WindowExprBinder bind,
                                       WindowExprType type_of) {
  BoundWindow window;
  window.name = spec.name;
  for (const sql::ExprPtr& e : *spec.partition_by) {
    window.partition_by.push_back(CloneExpr(*e));
    ORDINAL_RETURN_IF_ERROR(
        BindSpecExpr(window.partition_by.back(), spec.name, "window partition by", bind));
  }
  for (const sql::OrderItem& item : *spec.order_by) {
    window.order_by.push_back(CloneExpr(*item.expr));
    window.descending.push_back(item.descending);
    ORDINAL_RETURN_IF_ERROR(
        BindSpecExpr(window.order_by.back(), spec.name, "window order by", bind));
  }
  ORDINAL_RETURN_IF_ERROR(BindFrame(spec.frame, window, type_of));
  // TIME text does not sort by value (negative, 100+ hours): order by the TIME number, as
  // ORDER BY does.
  for (sql::ExprPtr& e : window.order_by) {
    if (type_of(*e) == ColumnType::kTime) e = TimeSortKey(std::move(e));
  }
  return window;
}

// Appends the window calls of `expr` to `out`; 3593 for one inside an aggregate's or a
// window function's arguments.
absl::Status CollectCalls(sql::Expr& expr, bool nested, std::vector<sql::Expr*>* out) {
  const bool window = expr.IsWindowCall();
  if (window) {
    if (nested) return MisusedWindowCall(expr);
    out->push_back(&expr);
  }
  const bool inner = nested || window || expr.IsAggregate();
  for (sql::ExprPtr& child : expr.children) {
    ORDINAL_RETURN_IF_ERROR(CollectCalls(*child, inner, out));
  }
  return absl::OkStatus();
}

absl::Status BadArgument(const sql::Expr& call) {
  return SqlError(
      absl::StatusCode::kInvalidArgument, MysqlErrno::kWrongArguments,
      absl::StrCat("Incorrect arguments to ", absl::AsciiStrToLower(call.function_name)));
}

// NTILE(n), LAG/LEAD(x, n), NTH_VALUE(x, n): n is a constant integer, positive (NTILE,
// NTH_VALUE) or not negative (LAG, LEAD).
absl::Status CheckArguments(const sql::Expr& call) {
  const std::string& f = call.function_name;
  size_t index = 0;
  bool positive = true;
  if (f == "NTILE") {
    index = 0;
  } else if (f == "NTH_VALUE") {
    index = 1;
  } else if ((f == "LAG" || f == "LEAD") && call.children.size() >= 2) {
    index = 1;
    positive = false;
  } else {
    return absl::OkStatus();
  }
  if (index >= call.children.size()) return BadArgument(call);
  const std::optional<Value> n = ConstantOf(*call.children[index]);
  if (!n || !n->is_integer() || n->ToDouble() < (positive ? 1 : 0)) return BadArgument(call);
  return absl::OkStatus();
}

}  // namespace

bool ContainsWindowCall(const sql::Expr& expr) {
  if (expr.IsWindowCall()) return true;
  for (const sql::ExprPtr& child : expr.children) {
    if (ContainsWindowCall(*child)) return true;
  }
  return false;
}

absl::Status RejectWindowCalls(const sql::Expr& expr) {
  if (expr.IsWindowCall()) return MisusedWindowCall(expr);
  for (const sql::ExprPtr& child : expr.children) {
    ORDINAL_RETURN_IF_ERROR(RejectWindowCalls(*child));
  }
  return absl::OkStatus();
}

ColumnType WindowCallType(const sql::Expr& call,
                          absl::FunctionRef<ColumnType(const sql::Expr&)> arg_type) {
  const std::string& f = call.function_name;
  if (f == "PERCENT_RANK" || f == "CUME_DIST" || sql::IsStatisticsAggregateName(f)) {
    return ColumnType::kDouble;
  }
  if (sql::IsBitAggregateName(f)) return ColumnType::kBigInt;
  if (f == "ROW_NUMBER" || f == "RANK" || f == "DENSE_RANK" || f == "NTILE" || f == "COUNT") {
    return ColumnType::kBigInt;
  }
  if (call.children.empty()) return ColumnType::kVarchar;
  const ColumnType arg = arg_type(*call.children[0]);
  if (f == "SUM" || f == "AVG") {
    return HoldsInteger(arg) || arg == ColumnType::kDecimal ? ColumnType::kDecimal
                                                            : ColumnType::kDouble;
  }
  return arg;  // MIN, MAX, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE
}

absl::StatusOr<WindowPlan> PlanWindows(const std::vector<sql::Expr*>& exprs,
                                       const std::vector<sql::NamedWindow>& named,
                                       WindowExprBinder bind, WindowExprType type_of) {
  WindowPlan plan;
  std::map<std::tuple<const void*, const void*, const void*>, int> window_of;
  // Every named window is checked, used or not.
  for (size_t i = 0; i < named.size(); ++i) {
    if (FindNamed(named, named[i].name) != static_cast<int>(i)) {
      return Error(kDuplicateWindow,
                   absl::StrCat("Window '", named[i].name, "' is defined twice."));
    }
  }
  for (const sql::NamedWindow& window : named) {
    ORDINAL_ASSIGN_OR_RETURN(ResolvedSpec spec, Resolve(*window.spec, window.name, named, 0));
    ORDINAL_ASSIGN_OR_RETURN(BoundWindow bound, BindWindow(spec, bind, type_of));
    window_of.emplace(spec.Key(), static_cast<int>(plan.windows.size()));
    plan.windows.push_back(std::move(bound));
  }
  std::vector<sql::Expr*> calls;
  for (sql::Expr* expr : exprs) ORDINAL_RETURN_IF_ERROR(CollectCalls(*expr, false, &calls));
  for (sql::Expr* call : calls) {
    ORDINAL_RETURN_IF_ERROR(CheckArguments(*call));
    ORDINAL_ASSIGN_OR_RETURN(ResolvedSpec spec, Resolve(*call->over, kUnnamed, named, 0));
    auto [it, added] = window_of.emplace(spec.Key(), static_cast<int>(plan.windows.size()));
    if (added) {
      ORDINAL_ASSIGN_OR_RETURN(BoundWindow bound, BindWindow(spec, bind, type_of));
      plan.windows.push_back(std::move(bound));
    }
    plan.calls.push_back(WindowCall{call, it->second});
  }
  return plan;
}

}  // namespace ordinal::engine::plan
