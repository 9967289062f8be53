#include "engine/sql/mysql_expr_text.h"

#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ordinal::engine::sql {
namespace {

const char* BinaryText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kIntDiv: return "div";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNotEq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    case BinaryOp::kNullSafeEq: return "<=>";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kOr: return "or";
    case BinaryOp::kXor: return "xor";
    case BinaryOp::kBitAnd: return "&";
    case BinaryOp::kBitOr: return "|";
    case BinaryOp::kBitXor: return "^";
    case BinaryOp::kShiftLeft: return "<<";
    case BinaryOp::kShiftRight: return ">>";
  }
  return "?";
}

std::string Quoted(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

// MySQL's escaping of a string literal's bytes.
std::string StringLiteral(const std::string& bytes) {
  std::string out = "_utf8mb4'";
  for (char c : bytes) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '\0': out += "\\0"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\032': out += "\\Z"; break;
      default: out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

// A literal's text without the parentheses it was written in.
absl::string_view BareText(const Expr& e) {
  absl::string_view text = e.text;
  while (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

std::string Literal(const Expr& e) {
  const Value& v = e.literal;
  if (v.is_null()) return "NULL";
  if (v.is_string()) return StringLiteral(v.string_value());
  const absl::string_view text = BareText(e);
  if (v.is_int() || v.is_uint()) {
    if (absl::EqualsIgnoreCase(text, "TRUE")) return "true";
    if (absl::EqualsIgnoreCase(text, "FALSE")) return "false";
    return v.ToString();
  }
  // Decimals and doubles as written (1.50 keeps its scale, 1e3 its exponent).
  if (!text.empty() &&
      (absl::ascii_isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.')) {
    return absl::AsciiStrToLower(text);
  }
  return v.ToString();
}

// MySQL's own names of a few functions that have synonyms.
std::string FunctionName(const std::string& upper) {
  if (upper == "SUBSTRING" || upper == "MID") return "substr";
  if (upper == "CHARACTER_LENGTH") return "char_length";
  if (upper == "LCASE") return "lower";
  if (upper == "UCASE") return "upper";
  if (upper == "POW") return "pow";
  if (upper == "CEILING") return "ceiling";
  return absl::AsciiStrToLower(upper);
}

std::string CastType(const CastTarget& cast) {
  auto sized = [&](const char* name) {
    return cast.length >= 0 ? absl::StrCat(name, "(", cast.length, ")") : std::string(name);
  };
  switch (cast.type) {
    case CastTarget::Type::kSigned: return "signed";
    case CastTarget::Type::kUnsigned: return "unsigned";
    case CastTarget::Type::kChar: return sized("char");
    case CastTarget::Type::kBinary: return sized("binary");
    case CastTarget::Type::kDouble: return "double";
    case CastTarget::Type::kFloat: return sized("float");
    case CastTarget::Type::kDecimal:
      if (cast.length < 0) return "decimal";
      return cast.scale >= 0 ? absl::StrCat("decimal(", cast.length, ",", cast.scale, ")")
                             : absl::StrCat("decimal(", cast.length, ")");
    case CastTarget::Type::kDate: return "date";
    case CastTarget::Type::kDateTime:
      return cast.scale > 0 ? absl::StrCat("datetime(", cast.scale, ")") : "datetime";
    case CastTarget::Type::kTime:
      return cast.scale > 0 ? absl::StrCat("time(", cast.scale, ")") : "time";
    case CastTarget::Type::kYear: return "year";
    case CastTarget::Type::kJson: return "json";
  }
  return "char";
}

std::string Print(const Expr& e);

// DATE 'x', TIME 'x', TIMESTAMP 'x' (parsed as a CAST of the string): MySQL prints the
// keyword and the string as written. nullptr for other casts.
const char* TemporalLiteralKeyword(const Expr& e) {
  if (e.children.size() != 1 || e.children[0]->kind != ExprKind::kLiteral ||
      !e.children[0]->literal.is_string()) {
    return nullptr;
  }
  for (const char* keyword : {"DATE", "TIMESTAMP", "TIME"}) {
    const absl::string_view word(keyword);
    if (e.text.size() > word.size() && absl::StartsWithIgnoreCase(e.text, word) &&
        !absl::ascii_isalnum(static_cast<unsigned char>(e.text[word.size()])) &&
        e.text[word.size()] != '_' && e.text[word.size()] != '(') {
      return keyword;
    }
  }
  return nullptr;
}

std::string Children(const Expr& e, size_t from, const char* separator) {
  std::string out;
  for (size_t i = from; i < e.children.size(); ++i) {
    absl::StrAppend(&out, i == from ? "" : separator, Print(*e.children[i]));
  }
  return out;
}

// `a AND b AND c` is one list in MySQL's print: (a and b and c).
void AppendChain(const Expr& e, BinaryOp op, std::string* out) {
  for (const ExprPtr& child : e.children) {
    if (child->kind == ExprKind::kBinary && child->binary_op == op && child->slot < 0) {
      AppendChain(*child, op, out);
    } else {
      absl::StrAppend(out, out->size() > 1 ? absl::StrCat(" ", BinaryText(op), " ") : "",
                      Print(*child));
    }
  }
}

std::string Binary(const Expr& e) {
  const BinaryOp op = e.binary_op;
  if (op == BinaryOp::kAnd || op == BinaryOp::kOr) {
    std::string out = "(";
    AppendChain(e, op, &out);
    return out + ")";
  }
  return absl::StrCat("(", Print(*e.children[0]), " ", BinaryText(op), " ",
                      Print(*e.children[1]), ")");
}

std::string Unary(const Expr& e) {
  const std::string operand = Print(*e.children[0]);
  switch (e.unary_op) {
    case UnaryOp::kNegate: return absl::StrCat("-(", operand, ")");
    case UnaryOp::kPlus: return operand;
    case UnaryOp::kNot: return absl::StrCat("(not(", operand, "))");
    case UnaryOp::kBitNot: return absl::StrCat("~(", operand, ")");
  }
  return operand;
}

std::string Negated(const Expr& e, std::string positive) {
  return e.negated ? absl::StrCat("(not(", positive, "))") : positive;
}

std::string Case(const Expr& e) {
  std::string out = "(case";
  size_t i = 0;
  if (e.case_operand) absl::StrAppend(&out, " ", Print(*e.children[i++]));
  const size_t end = e.children.size() - (e.case_else ? 1 : 0);
  for (; i + 1 < end; i += 2) {
    absl::StrAppend(&out, " when ", Print(*e.children[i]), " then ",
                    Print(*e.children[i + 1]));
  }
  if (e.case_else) absl::StrAppend(&out, " else ", Print(*e.children.back()));
  return out + " end)";
}

std::string Function(const Expr& e) {
  const std::string& f = e.function_name;
  if (f == kCollateFunction && e.children.size() == 2 &&
      e.children[1]->kind == ExprKind::kLiteral && e.children[1]->literal.is_string()) {
    return absl::StrCat("(", Print(*e.children[0]), " collate ",
                        e.children[1]->literal.string_value(), ")");
  }
  if (f == kMemberOfFunction && e.children.size() == 2) {
    return absl::StrCat("(", Print(*e.children[0]), " member of (", Print(*e.children[1]),
                        "))");
  }
  if (!e.interval_unit.empty()) {
    const std::string unit = absl::AsciiStrToLower(e.interval_unit);
    if ((f == "DATE_ADD" || f == "DATE_SUB" || f == "ADDDATE" || f == "SUBDATE") &&
        e.children.size() == 2) {
      const bool sub = f == "DATE_SUB" || f == "SUBDATE";
      return absl::StrCat("(", Print(*e.children[0]), sub ? " - " : " + ", "interval ",
                          Print(*e.children[1]), " ", unit, ")");
    }
    if (f == "EXTRACT" && e.children.size() == 1) {
      return absl::StrCat("extract(", unit, " from ", Print(*e.children[0]), ")");
    }
    return absl::StrCat(FunctionName(f), "(", unit, ",", Children(e, 0, ","), ")");
  }
  if (e.star) return absl::StrCat(FunctionName(f), "(*)");
  return absl::StrCat(FunctionName(f), "(", e.distinct ? "distinct " : "", Children(e, 0, ","),
                      ")");
}

std::string Print(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral: return Literal(e);
    case ExprKind::kColumn: return Quoted(e.column_name);
    case ExprKind::kUnary: return Unary(e);
    case ExprKind::kBinary: return Binary(e);
    case ExprKind::kIn:
      return absl::StrCat("(", Print(*e.children[0]), e.negated ? " not in (" : " in (",
                          Children(e, 1, ","), "))");
    case ExprKind::kBetween:
      return absl::StrCat("(", Print(*e.children[0]),
                          e.negated ? " not between " : " between ", Print(*e.children[1]),
                          " and ", Print(*e.children[2]), ")");
    case ExprKind::kLike: {
      std::string like = absl::StrCat("(", Print(*e.children[0]), " like ",
                                      Print(*e.children[1]));
      if (e.children.size() > 2) absl::StrAppend(&like, " escape ", Print(*e.children[2]));
      return Negated(e, like + ")");
    }
    case ExprKind::kRegexp:
      return Negated(e, absl::StrCat("(", Print(*e.children[0]), " regexp ",
                                     Print(*e.children[1]), ")"));
    case ExprKind::kIsNull:
      return absl::StrCat("(", Print(*e.children[0]), e.negated ? " is not null)" : " is null)");
    case ExprKind::kIsTruth:
      return absl::StrCat("(", Print(*e.children[0]), " is ", e.negated ? "not " : "",
                          e.truth ? "true)" : "false)");
    case ExprKind::kCase: return Case(e);
    case ExprKind::kCast:
      if (const char* keyword = TemporalLiteralKeyword(e)) {
        return absl::StrCat(keyword, "'", e.children[0]->literal.string_value(), "'");
      }
      return absl::StrCat("cast(", Print(*e.children[0]), " as ", CastType(e.cast), ")");
    case ExprKind::kFunction: return Function(e);
    default: return e.text;
  }
}

}  // namespace

std::string MysqlExprText(const Expr& expr) { return Print(expr); }

bool IsTrueOrFalseLiteral(const Expr& expr) {
  if (expr.kind != ExprKind::kLiteral || !expr.literal.is_integer()) return false;
  const absl::string_view text = BareText(expr);
  return absl::EqualsIgnoreCase(text, "TRUE") || absl::EqualsIgnoreCase(text, "FALSE");
}

}  // namespace ordinal::engine::sql
