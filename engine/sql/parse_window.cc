// Window function syntax (MySQL 8.0): `f(...) [FROM FIRST] [RESPECT NULLS] OVER w`,
// `OVER ([w] [PARTITION BY ...] [ORDER BY ...] [frame])` and the WINDOW clause.
#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"
#include "engine/sql/window_functions.h"

namespace ordinal::engine::sql {
namespace {

constexpr std::string_view kWindowOnly[] = {"CUME_DIST",    "DENSE_RANK", "FIRST_VALUE", "LAG",
                                            "LAST_VALUE",   "LEAD",       "NTH_VALUE",   "NTILE",
                                            "PERCENT_RANK", "RANK",       "ROW_NUMBER"};

constexpr std::string_view kWindowable[] = {
    "AVG",    "BIT_AND",    "BIT_OR",      "BIT_XOR", "COUNT",    "MAX",     "MIN",     "STD",
    "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "SUM",     "VARIANCE", "VAR_POP", "VAR_SAMP"};

absl::Status NotSupported(std::string_view what) {
  return SqlError(
      absl::StatusCode::kUnimplemented, MysqlErrno::kNotSupported,
      absl::StrCat("This version of OrdinalDB doesn't yet support '", std::string(what), "'"));
}

// How many arguments each window-only function takes (a different count is a syntax
// error in MySQL's grammar).
bool HasWindowArity(std::string_view f, size_t n) {
  if (f == "NTILE" || f == "FIRST_VALUE" || f == "LAST_VALUE") return n == 1;
  if (f == "LAG" || f == "LEAD") return n >= 1 && n <= 3;
  if (f == "NTH_VALUE") return n == 2;
  return n == 0;
}

bool Contains(const std::string_view* begin, const std::string_view* end, std::string_view x) {
  return std::find(begin, end, x) != end;
}

}  // namespace

bool IsWindowOnlyFunction(std::string_view name) {
  return Contains(std::begin(kWindowOnly), std::end(kWindowOnly), name);
}

bool IsWindowableAggregate(std::string_view name) {
  return Contains(std::begin(kWindowable), std::end(kWindowable), name);
}

bool UsesWindowFrame(std::string_view name) {
  return IsWindowableAggregate(name) || name == "FIRST_VALUE" || name == "LAST_VALUE" ||
         name == "NTH_VALUE";
}

// After the `)` of a call: the null treatment of the value functions, and OVER. A window-only
// function without OVER, and OVER after a function that is not a window function, are
// syntax errors, as in MySQL.
absl::Status Parser::ParseWindowTail(Expr& call, const Token& name_token) {
  const std::string& f = call.function_name;
  const bool window_only = IsWindowOnlyFunction(f);
  if (f == "NTH_VALUE" && AcceptKeyword("FROM")) {
    if (AcceptKeyword("LAST")) return NotSupported("FROM LAST");
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("FIRST"));
  }
  if (f == "LAG" || f == "LEAD" || f == "FIRST_VALUE" || f == "LAST_VALUE" || f == "NTH_VALUE") {
    if (AcceptKeyword("RESPECT")) {
      ORDINAL_RETURN_IF_ERROR(ExpectKeyword("NULLS"));
    } else if (IsKeyword("IGNORE") && IsKeyword("NULLS", 1)) {
      return NotSupported("IGNORE NULLS");
    }
  }
  if (!IsKeyword("OVER")) {
    if (window_only) return ErrorHere();
    return absl::OkStatus();
  }
  if (window_only && !HasWindowArity(f, call.children.size())) return ErrorAt(name_token);
  if (!window_only && !IsWindowableAggregate(f)) return ErrorHere();
  if (call.distinct) return NotSupported(absl::StrCat(f, "(DISTINCT ..) OVER"));
  Next();  // OVER
  if (AtName()) {
    auto spec = std::make_shared<WindowSpec>();
    spec->loc = Peek().loc;
    ORDINAL_ASSIGN_OR_RETURN(spec->base_name, ParseName());
    call.over = std::move(spec);
    return absl::OkStatus();
  }
  ORDINAL_ASSIGN_OR_RETURN(call.over, ParseWindowSpec());
  return absl::OkStatus();
}

// ( [name] [PARTITION BY e, ...] [ORDER BY ...] [frame] )
absl::StatusOr<std::shared_ptr<const WindowSpec>> Parser::ParseWindowSpec() {
  DepthGuard guard(*this);
  if (guard.exceeded()) return ErrorHere();
  auto spec = std::make_shared<WindowSpec>();
  spec->loc = Peek().loc;
  ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
  if (AtName() && !IsKeyword("PARTITION") && !IsKeyword("ROWS") && !IsKeyword("RANGE") &&
      !IsKeyword("GROUPS")) {
    ORDINAL_ASSIGN_OR_RETURN(spec->base_name, ParseName());
  }
  if (AcceptKeyword("PARTITION")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("BY"));
    ORDINAL_ASSIGN_OR_RETURN(spec->partition_by, ParseExprList());
  }
  ORDINAL_ASSIGN_OR_RETURN(spec->order_by, ParseOrderBy());
  if (IsKeyword("ROWS") || IsKeyword("RANGE")) {
    ORDINAL_ASSIGN_OR_RETURN(spec->frame, ParseWindowFrame());
  } else if (IsKeyword("GROUPS")) {
    return NotSupported("GROUPS");
  }
  ORDINAL_RETURN_IF_ERROR(ExpectOp(")"));
  return spec;
}

// ROWS|RANGE bound | ROWS|RANGE BETWEEN bound AND bound [EXCLUDE ...]
absl::StatusOr<std::shared_ptr<const WindowFrame>> Parser::ParseWindowFrame() {
  auto frame = std::make_shared<WindowFrame>();
  frame->loc = Peek().loc;
  frame->unit = IsKeyword("ROWS") ? FrameUnit::kRows : FrameUnit::kRange;
  Next();
  if (AcceptKeyword("BETWEEN")) {
    ORDINAL_ASSIGN_OR_RETURN(frame->start, ParseFrameBound());
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("AND"));
    ORDINAL_ASSIGN_OR_RETURN(frame->end, ParseFrameBound());
  } else {
    ORDINAL_ASSIGN_OR_RETURN(frame->start, ParseFrameBound());
    frame->end.kind = FrameBoundKind::kCurrentRow;
    frame->end.loc = frame->start.loc;
  }
  if (IsKeyword("EXCLUDE")) return NotSupported("EXCLUDE");
  return frame;
}

// UNBOUNDED PRECEDING|FOLLOWING | CURRENT ROW | n PRECEDING|FOLLOWING
// | INTERVAL expr unit PRECEDING|FOLLOWING
absl::StatusOr<FrameBound> Parser::ParseFrameBound() {
  FrameBound bound;
  bound.loc = Peek().loc;
  if (AcceptKeyword("CURRENT")) {
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("ROW"));
    bound.kind = FrameBoundKind::kCurrentRow;
    return bound;
  }
  const bool unbounded = AcceptKeyword("UNBOUNDED");
  if (!unbounded) {
    // MySQL's grammar: an unsigned number, a `?` marker, or INTERVAL expr unit.
    if (IsKeyword("INTERVAL")) {
      ORDINAL_ASSIGN_OR_RETURN(bound.offset, ParseInterval(&bound.interval_unit));
    } else if (Peek().kind == TokenKind::kInteger || Peek().kind == TokenKind::kDecimal) {
      ORDINAL_ASSIGN_OR_RETURN(bound.offset, ParseLiteral());
    } else if (parameters_ != nullptr && IsOp("?")) {
      ORDINAL_ASSIGN_OR_RETURN(bound.offset, ParseParameter());
    } else {
      return ErrorHere();
    }
  }
  if (AcceptKeyword("PRECEDING")) {
    bound.kind = unbounded ? FrameBoundKind::kUnboundedPreceding : FrameBoundKind::kPreceding;
  } else if (AcceptKeyword("FOLLOWING")) {
    bound.kind = unbounded ? FrameBoundKind::kUnboundedFollowing : FrameBoundKind::kFollowing;
  } else {
    return ErrorHere();
  }
  return bound;
}

// WINDOW name AS (spec), ...
absl::Status Parser::ParseWindowClause(Select& select) {
  do {
    NamedWindow window;
    window.loc = Peek().loc;
    ORDINAL_ASSIGN_OR_RETURN(window.name, ParseName());
    ORDINAL_RETURN_IF_ERROR(ExpectKeyword("AS"));
    ORDINAL_ASSIGN_OR_RETURN(window.spec, ParseWindowSpec());
    select.windows.push_back(std::move(window));
  } while (AcceptOp(","));
  return absl::OkStatus();
}

}  // namespace ordinal::engine::sql
