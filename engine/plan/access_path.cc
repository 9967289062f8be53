#include "engine/plan/access_path.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/codec/key_codec.h"
#include "engine/types/collation.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::plan {
namespace {

// IN lists expand to at most this many point keys; beyond it the planner stops extending.
constexpr size_t kMaxPoints = 4096;

// Conjuncts past this many are never decided by a path (AccessPath::decided's bits).
constexpr int kTrackedConjuncts = 64;

struct Bound {
  Value value;
  bool inclusive = true;
  int from = -1;       // the conjunct that gave it (< kTrackedConjuncts), or -1
  bool exact = false;  // its comparison orders as the key does (AccessPath::decided)
};

// What the WHERE conjuncts say about one column.
struct ColumnConstraint {
  std::vector<Value> eq_values;  // non-empty: col = v or col IN (...)
  int eq_from = -1;              // as Bound's, for eq_values
  bool eq_exact = false;
  std::optional<Bound> lower;
  std::optional<Bound> upper;
};

using Constraints = absl::flat_hash_map<int, ColumnConstraint>;

// The constraints of a WHERE clause, and per conjunct (top-level AND operand, in order) how
// many bounds it states: 1 for a comparison or IN list, 2 for BETWEEN, 0 for anything the
// analysis does not read. A conjunct is decided when the path applies that many of its
// bounds, each exact.
struct Analysis {
  Constraints constraints;
  int conjuncts = 0;
  uint8_t needs[kTrackedConjuncts] = {};
};

// A literal (optionally negated) in the representation of `type`, when it can be compared
// with the column's values through the key encoding without changing the answer.
std::optional<Value> KeyValue(const sql::Expr& expr, ColumnType type) {
  Value v;
  if (expr.kind == sql::ExprKind::kLiteral) {
    v = expr.literal;
  } else if (expr.kind == sql::ExprKind::kUnary &&
             (expr.unary_op == sql::UnaryOp::kNegate || expr.unary_op == sql::UnaryOp::kPlus) &&
             expr.children.size() == 1 &&
             expr.children[0]->kind == sql::ExprKind::kLiteral) {
    v = expr.children[0]->literal;
    if (expr.unary_op == sql::UnaryOp::kNegate) {
      if (v.is_int() && v.int_value() != INT64_MIN) {
        v = Value::Int(-v.int_value());
      } else if (v.is_double()) {
        v = Value::Double(-v.double_value());
      } else if (v.is_decimal()) {
        v = Value::FromDecimal(v.decimal_value().Negated());
      } else {
        return std::nullopt;
      }
    }
  } else {
    return std::nullopt;
  }
  if (HoldsInteger(type)) {
    // An exact integral literal (1, 18446744073709551615, 2.0) compares through the key.
    if (v.is_integer()) return v;
    if (v.is_decimal()) {
      const Decimal& d = v.decimal_value();
      if (Decimal::Compare(d, d.Rounded(0)) != 0) return std::nullopt;
      if (std::optional<int64_t> i = d.ToInt64()) return Value::Int(*i);
      if (std::optional<uint64_t> u = d.ToUInt64()) return Value::UInt(*u);
      return std::nullopt;
    }
    if (v.is_double() && std::trunc(v.double_value()) == v.double_value() &&
        std::fabs(v.double_value()) < 9.0e18) {
      return Value::Int(static_cast<int64_t>(v.double_value()));
    }
    return std::nullopt;
  }
  switch (type) {
    case ColumnType::kDecimal:
      if (v.is_integer() || v.is_decimal()) return Value::FromDecimal(*v.ToDecimal());
      return std::nullopt;
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      if (v.is_int()) return Value::Double(static_cast<double>(v.int_value()));
      if (v.is_double()) return v;
      return std::nullopt;
    default:
      // Strings compare through the key as bytes; ENUM, SET and BINARY (padded) do not.
      // A TIME key is the value's microseconds: only text that reads as a TIME has one.
      if (type == ColumnType::kTime) {
        if (v.is_string() && TimeTextMicros(v.string_value())) return v;
        return std::nullopt;
      }
      if (v.is_string() && (IsCharacterType(type) || IsTemporalType(type) ||
                            type == ColumnType::kVarBinary ||
                            (IsBinaryType(type) && type != ColumnType::kBinary))) {
        return v;
      }
      return std::nullopt;
  }
}

// Whether comparing column `column` with the literal `expr` (which KeyValue accepted)
// orders and equates its values exactly as their keys do, without an error: the test
// AccessPath::decided relies on.
bool ExactlyAsKeys(const sql::Expr& expr, const catalog::TableInfo& table, int column) {
  const Value& v = expr.kind == sql::ExprKind::kLiteral ? expr.literal : expr.children[0]->literal;
  const ColumnType type = table.column_types[column];
  if (IsIntegerType(type) || type == ColumnType::kDecimal) {
    // Integers and decimals compare as exact numbers; a double would compare as a double.
    return v.is_integer() || v.is_decimal();
  }
  if (!v.is_string() || v.is_json() || v.derivation() != CollationDerivation::kCoercible) {
    return false;
  }
  // A literal gives way to the column's collation (implicit beats coercible), which its
  // keys are written in; binary strings compare and are keyed bytewise.
  Value stored = Value::String("");
  stored.set_collation(table.value_collation_ids[column], CollationDerivation::kImplicit);
  const uint16_t compared = ComparisonCollationId(stored, v);
  if (IsCharacterType(type)) {
    const Collation* keyed = table.key_collations[column];
    return keyed != nullptr && compared == keyed->id();
  }
  return IsBinaryType(type) && type != ColumnType::kBinary && compared == kBinaryCollationId;
}

// The column index of a bound kColumn node, or -1.
int ColumnOf(const sql::Expr& expr) {
  return expr.kind == sql::ExprKind::kColumn ? expr.slot : -1;
}

void AddComparison(sql::BinaryOp op, int column, Value value, int from, bool exact,
                   Constraints* out) {
  ColumnConstraint& c = (*out)[column];
  switch (op) {
    case sql::BinaryOp::kEq:
      if (c.eq_values.empty()) {
        c.eq_values.push_back(std::move(value));
        c.eq_from = from;
        c.eq_exact = exact;
      }
      break;
    case sql::BinaryOp::kLt:
    case sql::BinaryOp::kLtEq:
      if (!c.upper) c.upper = Bound{std::move(value), op == sql::BinaryOp::kLtEq, from, exact};
      break;
    case sql::BinaryOp::kGt:
    case sql::BinaryOp::kGtEq:
      if (!c.lower) c.lower = Bound{std::move(value), op == sql::BinaryOp::kGtEq, from, exact};
      break;
    default:
      break;
  }
}

sql::BinaryOp Flip(sql::BinaryOp op) {
  switch (op) {
    case sql::BinaryOp::kLt: return sql::BinaryOp::kGt;
    case sql::BinaryOp::kLtEq: return sql::BinaryOp::kGtEq;
    case sql::BinaryOp::kGt: return sql::BinaryOp::kLt;
    case sql::BinaryOp::kGtEq: return sql::BinaryOp::kLtEq;
    default: return op;
  }
}

// Conjunct `from` (-1: not tracked), a comparison: its bound, and 1 in `needs`.
void AnalyzeBinary(const sql::Expr& e, const catalog::TableInfo& table, int from,
                   Analysis* out) {
  const sql::BinaryOp op = e.binary_op;
  if (op != sql::BinaryOp::kEq && op != sql::BinaryOp::kLt && op != sql::BinaryOp::kLtEq &&
      op != sql::BinaryOp::kGt && op != sql::BinaryOp::kGtEq) {
    return;
  }
  for (int side = 0; side < 2; ++side) {
    const int column = ColumnOf(*e.children[side]);
    if (column < 0) continue;
    const sql::Expr& literal = *e.children[1 - side];
    std::optional<Value> v = KeyValue(literal, table.column_types[column]);
    if (!v) continue;
    if (from >= 0) out->needs[from] = 1;
    AddComparison(side == 0 ? op : Flip(op), column, std::move(*v), from,
                  ExactlyAsKeys(literal, table, column), &out->constraints);
    return;
  }
}

void AnalyzeIn(const sql::Expr& e, const catalog::TableInfo& table, int from, Analysis* out) {
  const int column = ColumnOf(*e.children[0]);
  if (e.negated || column < 0) return;
  std::vector<Value> values;
  bool exact = true;
  for (size_t i = 1; i < e.children.size(); ++i) {
    std::optional<Value> v = KeyValue(*e.children[i], table.column_types[column]);
    if (!v) return;
    values.push_back(std::move(*v));
    exact = exact && ExactlyAsKeys(*e.children[i], table, column);
  }
  if (from >= 0) out->needs[from] = 1;
  ColumnConstraint& c = out->constraints[column];
  if (c.eq_values.empty()) {
    c.eq_values = std::move(values);
    c.eq_from = from;
    c.eq_exact = exact;
  }
}

void AnalyzeBetween(const sql::Expr& e, const catalog::TableInfo& table, int from,
                    Analysis* out) {
  const int column = ColumnOf(*e.children[0]);
  if (e.negated || column < 0) return;
  const ColumnType type = table.column_types[column];
  std::optional<Value> lo = KeyValue(*e.children[1], type);
  std::optional<Value> hi = KeyValue(*e.children[2], type);
  if (from >= 0) out->needs[from] = 2;
  ColumnConstraint& c = out->constraints[column];
  if (lo && !c.lower) {
    c.lower = Bound{std::move(*lo), true, from, ExactlyAsKeys(*e.children[1], table, column)};
  }
  if (hi && !c.upper) {
    c.upper = Bound{std::move(*hi), true, from, ExactlyAsKeys(*e.children[2], table, column)};
  }
}

// Reads the conjuncts of `e` (its top-level AND operands, numbered from out->conjuncts).
void AnalyzeConjuncts(const sql::Expr& e, const catalog::TableInfo& table, Analysis* out) {
  if (e.kind == sql::ExprKind::kBinary && e.binary_op == sql::BinaryOp::kAnd) {
    AnalyzeConjuncts(*e.children[0], table, out);
    AnalyzeConjuncts(*e.children[1], table, out);
    return;
  }
  const int from = out->conjuncts < kTrackedConjuncts ? out->conjuncts : -1;
  ++out->conjuncts;
  switch (e.kind) {
    case sql::ExprKind::kBinary:
      AnalyzeBinary(e, table, from, out);
      return;
    case sql::ExprKind::kIn:
      AnalyzeIn(e, table, from, out);
      return;
    case sql::ExprKind::kBetween:
      AnalyzeBetween(e, table, from, out);
      return;
    default:
      return;
  }
}

std::string Literal(const Value& v) {
  if (v.is_string()) return absl::StrCat("'", v.string_value(), "'");
  return v.ToString();
}

// One candidate index and how much of it the constraints pin down.
struct Candidate {
  const ordinal::v1::IndexDef* index = nullptr;  // nullptr: primary key
  std::vector<int> columns;
  int eq_columns = 0;
  bool has_range = false;
  int score = -1;
};

Candidate Evaluate(const ordinal::v1::IndexDef& def, const ordinal::v1::IndexDef* index,
                   const Constraints& constraints) {
  Candidate c;
  c.index = index;
  for (uint32_t column : def.column_indexes()) c.columns.push_back(static_cast<int>(column));
  size_t points = 1;
  for (int column : c.columns) {
    auto it = constraints.find(column);
    if (it == constraints.end()) break;
    const ColumnConstraint& cc = it->second;
    if (!cc.eq_values.empty() && points * cc.eq_values.size() <= kMaxPoints) {
      points *= cc.eq_values.size();
      ++c.eq_columns;
      continue;
    }
    c.has_range = cc.lower.has_value() || cc.upper.has_value();
    break;
  }
  const int n = static_cast<int>(c.columns.size());
  const int used = c.eq_columns + (c.has_range ? 1 : 0);
  if (used == 0) return c;
  const bool whole = c.eq_columns == n;
  if (whole && index == nullptr) {
    c.score = 100000;
  } else if (whole && index->unique()) {
    c.score = 50000;
  } else {
    c.score = c.eq_columns * 100 + (c.has_range ? 50 : 0) + (index == nullptr ? 1 : 0);
  }
  return c;
}

// The encoded equality prefixes (cartesian product of the IN lists), sorted and distinct.
std::vector<std::string> EqualityPrefixes(const std::string& index_prefix,
                                          const Candidate& c, const Constraints& constraints,
                                          const catalog::TableInfo& table) {
  std::vector<std::string> prefixes = {index_prefix};
  for (int i = 0; i < c.eq_columns; ++i) {
    const int column = c.columns[i];
    const std::vector<Value>& values = constraints.at(column).eq_values;
    std::vector<std::string> next;
    next.reserve(prefixes.size() * values.size());
    for (const std::string& p : prefixes) {
      for (const Value& v : values) {
        std::string key = p;
        codec::AppendKey(&key, v, table.column_types[column], table.key_collations[column]);
        next.push_back(std::move(key));
      }
    }
    prefixes = std::move(next);
  }
  std::sort(prefixes.begin(), prefixes.end());
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  return prefixes;
}

std::string Detail(const Candidate& c, const Constraints& constraints,
                   const catalog::TableInfo& table) {
  std::vector<std::string> parts;
  for (int i = 0; i < c.eq_columns; ++i) {
    const std::string& name = table.def.columns(c.columns[i]).name();
    const std::vector<Value>& values = constraints.at(c.columns[i]).eq_values;
    if (values.size() == 1) {
      parts.push_back(absl::StrCat(name, " = ", Literal(values[0])));
    } else {
      std::vector<std::string> items;
      for (const Value& v : values) items.push_back(Literal(v));
      parts.push_back(absl::StrCat(name, " IN (", absl::StrJoin(items, ", "), ")"));
    }
  }
  if (c.has_range) {
    const int column = c.columns[c.eq_columns];
    const std::string& name = table.def.columns(column).name();
    const ColumnConstraint& cc = constraints.at(column);
    if (cc.lower && cc.upper && cc.lower->inclusive && cc.upper->inclusive) {
      parts.push_back(absl::StrCat(name, " BETWEEN ", Literal(cc.lower->value), " AND ",
                                   Literal(cc.upper->value)));
    } else {
      if (cc.lower) {
        parts.push_back(absl::StrCat(name, cc.lower->inclusive ? " >= " : " > ",
                                     Literal(cc.lower->value)));
      }
      if (cc.upper) {
        parts.push_back(absl::StrCat(name, cc.upper->inclusive ? " <= " : " < ",
                                     Literal(cc.upper->value)));
      }
    }
  }
  return absl::StrJoin(parts, " AND ");
}

std::vector<KeyRange> Ranges(const std::vector<std::string>& prefixes, const Candidate& c,
                             const Constraints& constraints, const catalog::TableInfo& table) {
  const ColumnConstraint* range = nullptr;
  ColumnType type = ColumnType::kInt;
  const Collation* collation = nullptr;
  if (c.has_range) {
    const int column = c.columns[c.eq_columns];
    range = &constraints.at(column);
    type = table.column_types[column];
    collation = table.key_collations[column];
  }
  std::vector<KeyRange> ranges;
  for (const std::string& p : prefixes) {
    KeyRange r{p, codec::PrefixSuccessor(p)};
    if (range != nullptr && range->lower) {
      std::string key = p;
      codec::AppendKey(&key, range->lower->value, type, collation);
      r.lower = range->lower->inclusive ? key : codec::PrefixSuccessor(key);
    }
    if (range != nullptr && range->upper) {
      std::string key = p;
      codec::AppendKey(&key, range->upper->value, type, collation);
      r.upper = range->upper->inclusive ? codec::PrefixSuccessor(key) : key;
    }
    if (r.lower < r.upper) ranges.push_back(std::move(r));
  }
  return ranges;
}

AccessPath FullScan(const catalog::TableInfo& table) {
  AccessPath path;
  path.kind = AccessKind::kFullScan;
  const std::string prefix = codec::IndexPrefix(table.def.id(), 0);
  path.ranges.push_back(KeyRange{prefix, codec::PrefixSuccessor(prefix)});
  return path;
}

// The conjuncts whose every bound `best` applies exactly (AccessPath::decided).
uint64_t Decided(const Candidate& best, const Analysis& analysis,
                 const catalog::TableInfo& table) {
  uint8_t applied[kTrackedConjuncts] = {};
  auto apply = [&applied](int from, bool exact) {
    if (from >= 0 && exact) ++applied[from];
  };
  for (int i = 0; i < best.eq_columns; ++i) {
    const ColumnConstraint& cc = analysis.constraints.at(best.columns[i]);
    apply(cc.eq_from, cc.eq_exact);
  }
  if (best.has_range) {
    const int column = best.columns[best.eq_columns];
    const ColumnConstraint& cc = analysis.constraints.at(column);
    if (cc.lower) apply(cc.lower->from, cc.lower->exact);
    // Without a lower bound the range starts at the NULL keys, where `k < v` is not TRUE.
    if (cc.upper && (cc.lower || !table.def.columns(column).nullable())) {
      apply(cc.upper->from, cc.upper->exact);
    }
  }
  uint64_t decided = 0;
  const int tracked = std::min(analysis.conjuncts, kTrackedConjuncts);
  for (int i = 0; i < tracked; ++i) {
    if (analysis.needs[i] > 0 && applied[i] == analysis.needs[i]) decided |= uint64_t{1} << i;
  }
  return decided;
}

// The access path that reads `best`'s index within its constraints.
AccessPath PathFor(const Candidate& best, const Analysis& analysis,
                   const catalog::TableInfo& table, bool describe) {
  const Constraints& constraints = analysis.constraints;
  AccessPath path;
  path.decided = Decided(best, analysis, table);
  path.index = best.index;
  path.index_name = best.index == nullptr ? "PRIMARY" : best.index->name();
  path.key_columns = best.eq_columns + (best.has_range ? 1 : 0);
  path.range = best.has_range;
  if (describe) path.detail = Detail(best, constraints, table);
  const uint32_t index_id = best.index == nullptr ? 0 : best.index->id();
  std::vector<std::string> prefixes = EqualityPrefixes(
      codec::IndexPrefix(table.def.id(), index_id), best, constraints, table);
  const bool whole = best.eq_columns == static_cast<int>(best.columns.size());
  if (best.index == nullptr && whole) {
    path.kind = AccessKind::kPrimaryPoint;
    path.point_keys = std::move(prefixes);
    return path;
  }
  if (best.index == nullptr) {
    path.kind = AccessKind::kPrimaryRange;
  } else {
    path.kind = whole ? AccessKind::kIndexPoint : AccessKind::kIndexRange;
  }
  path.ranges = Ranges(prefixes, best, constraints, table);
  return path;
}

}  // namespace

std::string_view AccessKindName(AccessKind kind) {
  switch (kind) {
    case AccessKind::kPrimaryPoint: return "primary key point";
    case AccessKind::kPrimaryRange: return "primary key range";
    case AccessKind::kIndexPoint: return "index point";
    case AccessKind::kIndexRange: return "index range";
    case AccessKind::kFullScan: return "full scan";
    case AccessKind::kNoTable: return "no table";
  }
  return "full scan";
}

AccessPath NoTableAccessPath() {
  AccessPath path;
  path.kind = AccessKind::kNoTable;
  return path;
}

AccessPath ChooseAccessPath(const catalog::TableInfo& table, const sql::Expr* where,
                            const IndexChoice* choice, bool describe) {
  if (where == nullptr) return FullScan(table);
  Analysis analysis;
  AnalyzeConjuncts(*where, table, &analysis);
  const Constraints& constraints = analysis.constraints;
  if (constraints.empty()) return FullScan(table);

  auto allowed = [choice](uint32_t index_id) {
    return choice == nullptr || choice->Allows(index_id);
  };
  std::optional<Candidate> best;
  if (allowed(0)) best = Evaluate(table.def.primary_key(), nullptr, constraints);
  for (const ordinal::v1::IndexDef& index : table.def.indexes()) {
    if (!allowed(index.id())) continue;
    Candidate c = Evaluate(index, &index, constraints);
    if (!best || c.score > best->score) best = std::move(c);
  }
  if (!best || best->score < 0) return FullScan(table);
  return PathFor(*best, analysis, table, describe);
}

}  // namespace ordinal::engine::plan
