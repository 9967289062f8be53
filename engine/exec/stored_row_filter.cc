#include "engine/exec/stored_row_filter.h"

#include <optional>
#include <string>
#include <utility>

#include "engine/exec/eval_internal.h"

namespace ordinal::engine::exec {
namespace {

using sql::BinaryOp;
using sql::Expr;
using sql::ExprKind;

// A constant the evaluator reads from the tree: a literal that is not a placeholder for
// another table's value (those have a slot), and not JSON (compared as JSON).
bool IsConstant(const Expr& e) {
  return e.kind == ExprKind::kLiteral && e.slot < 0 && !e.literal.is_json();
}

bool IsComparisonOp(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq:
    case BinaryOp::kNotEq:
    case BinaryOp::kLt:
    case BinaryOp::kLtEq:
    case BinaryOp::kGt:
    case BinaryOp::kGtEq:
      return true;
    default:
      return false;
  }
}

// The operation a comparison names in error 1267 (as the evaluator names it).
std::string_view OperationName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kNotEq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    case BinaryOp::kNullSafeEq: return "<=>";
    default: return "=";
  }
}


int Sign(int c) { return (c > 0) - (c < 0); }

}  // namespace

StoredRowFilter::StoredRowFilter(const catalog::TableInfo& table, int offset)
    : table_(table), offset_(offset) {}

int StoredRowFilter::ColumnOf(const Expr& e) const {
  const int columns = static_cast<int>(table_.column_types.size());
  if (e.slot < offset_ || e.slot >= offset_ + columns) return -1;
  return e.slot - offset_;
}

bool StoredRowFilter::MakeComparison(const Expr& column_side, const Expr& constant_side,
                                     bool column_first, std::string_view operation,
                                     Comparison* out) {
  const int column = ColumnOf(column_side);
  if (column < 0 || !IsConstant(constant_side)) return false;
  const ColumnType type = table_.column_types[column];
  if (type == ColumnType::kDecimal || type == ColumnType::kJson) return false;
  const Value& constant = constant_side.literal;
  out->column = column;
  out->constant = &constant;
  out->column_first = column_first;
  out->strings = false;
  out->collation = nullptr;
  if (constant.is_null()) return true;  // every comparison with NULL is unknown
  if (!HoldsInteger(type) && type != ColumnType::kFloat && type != ColumnType::kDouble) {
    // A string column (character, binary, temporal text, ENUM, SET): only against a string,
    // under the collation the evaluator picks for the pair. A value of the column carries
    // the column's collation as the scan tags it (catalog::TableInfo::TagCollations).
    if (!constant.is_string()) return false;
    Value sample = Value::String("");
    const uint16_t tag = table_.value_collation_ids[column];
    if (tag != 0) sample.set_collation(tag, CollationDerivation::kImplicit);
    const Value& first = column_first ? sample : constant;
    const Value& second = column_first ? constant : sample;
    if (!internal::CheckCollationMix(first, second, operation).ok()) return false;
    out->strings = true;
    out->collation = FindCollationById(ComparisonCollationId(first, second));
  }
  return true;
}

int StoredRowFilter::Compile(const Expr& e) {
  Node node;
  switch (e.kind) {
    case ExprKind::kBinary: {
      if (e.children.size() != 2 || e.children[0] == nullptr || e.children[1] == nullptr) {
        return -1;
      }
      if (e.binary_op == BinaryOp::kAnd || e.binary_op == BinaryOp::kOr) {
        const int left = Compile(*e.children[0]);
        if (left < 0) return -1;
        const int right = Compile(*e.children[1]);
        if (right < 0) return -1;
        node.kind = e.binary_op == BinaryOp::kAnd ? Kind::kAnd : Kind::kOr;
        node.children = {left, right};
        break;
      }
      if (!IsComparisonOp(e.binary_op) && e.binary_op != BinaryOp::kNullSafeEq) return -1;
      node.kind = e.binary_op == BinaryOp::kNullSafeEq ? Kind::kNullSafeEqual : Kind::kCompare;
      node.op = e.binary_op;
      Comparison c;
      const std::string_view operation = OperationName(e.binary_op);
      if (!MakeComparison(*e.children[0], *e.children[1], true, operation, &c) &&
          !MakeComparison(*e.children[1], *e.children[0], false, operation, &c)) {
        return -1;
      }
      node.comparisons.push_back(c);
      break;
    }
    case ExprKind::kUnary: {
      if (e.unary_op != sql::UnaryOp::kNot || e.children.size() != 1 || e.children[0] == nullptr) {
        return -1;
      }
      const int child = Compile(*e.children[0]);
      if (child < 0) return -1;
      node.kind = Kind::kNot;
      node.children = {child};
      break;
    }
    case ExprKind::kIsNull: {
      if (e.children.size() != 1 || e.children[0] == nullptr) return -1;
      node.kind = Kind::kIsNull;
      node.negated = e.negated;
      node.column = ColumnOf(*e.children[0]);
      if (node.column < 0) return -1;
      break;
    }
    case ExprKind::kIn:
    case ExprKind::kBetween: {
      const bool in = e.kind == ExprKind::kIn;
      if (in ? e.children.size() < 2 : e.children.size() != 3) return -1;
      for (const sql::ExprPtr& child : e.children) {
        if (child == nullptr) return -1;
      }
      node.kind = in ? Kind::kIn : Kind::kBetween;
      node.negated = e.negated;
      for (size_t i = 1; i < e.children.size(); ++i) {
        Comparison c;
        if (!MakeComparison(*e.children[0], *e.children[i], true, in ? "in" : "between", &c)) {
          return -1;
        }
        node.comparisons.push_back(c);
      }
      break;
    }
    default:
      return -1;
  }
  if (node.kind == Kind::kIsNull) {
    located_count_ = std::max(located_count_, static_cast<size_t>(node.column) + 1);
  }
  for (const Comparison& c : node.comparisons) {
    located_count_ = std::max(located_count_, static_cast<size_t>(c.column) + 1);
  }
  nodes_.push_back(std::move(node));
  return static_cast<int>(nodes_.size()) - 1;
}

bool StoredRowFilter::Add(const Expr& condition) {
  const size_t nodes = nodes_.size();
  const size_t located = located_count_;
  const int root = Compile(condition);
  if (root < 0) {
    nodes_.resize(nodes);
    located_count_ = located;
    return false;
  }
  roots_.push_back(root);
  located_.resize(located_count_);
  return true;
}

std::optional<int> StoredRowFilter::Compare(const Comparison& c) const {
  const codec::StoredColumn& stored = located_[c.column];
  if (stored.null || c.constant->is_null()) return std::nullopt;
  if (c.strings) {
    const std::string_view constant = c.constant->string_value();
    const std::string_view first = c.column_first ? stored.bytes : constant;
    const std::string_view second = c.column_first ? constant : stored.bytes;
    if (c.collation == nullptr) return Sign(first.compare(second));
    return c.collation->Compare(first, second);
  }
  absl::StatusOr<Value> value = codec::DecodeStoredColumn(stored, table_.column_types[c.column]);
  if (!value.ok()) {
    if (decode_error_.ok()) decode_error_ = value.status();
    return std::nullopt;
  }
  return c.column_first ? CompareValues(*value, *c.constant) : CompareValues(*c.constant, *value);
}

StoredRowFilter::Truth StoredRowFilter::Eval(int index) const {
  const Node& node = nodes_[index];
  auto truth = [](std::optional<bool> b) {
    return !b ? Truth::kUnknown : *b ? Truth::kTrue : Truth::kFalse;
  };
  auto negate = [](Truth t) {
    return t == Truth::kUnknown ? t : t == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
  };
  switch (node.kind) {
    case Kind::kCompare:
      return truth(internal::ComparisonHolds(node.op, Compare(node.comparisons[0])));
    case Kind::kNullSafeEqual: {
      const Comparison& c = node.comparisons[0];
      const bool column_null = located_[c.column].null;
      if (column_null || c.constant->is_null()) {
        return truth(column_null && c.constant->is_null());
      }
      return truth(Compare(c).value_or(1) == 0);
    }
    case Kind::kIsNull:
      return truth(located_[node.column].null != node.negated);
    case Kind::kIn: {
      bool saw_null = located_[node.comparisons[0].column].null;
      bool found = false;
      for (size_t i = 0; i < node.comparisons.size() && !found; ++i) {
        const std::optional<int> c = Compare(node.comparisons[i]);
        if (!c) {
          saw_null = true;
        } else if (*c == 0) {
          found = true;
        }
      }
      const Truth in = found ? Truth::kTrue : saw_null ? Truth::kUnknown : Truth::kFalse;
      return node.negated ? negate(in) : in;
    }
    case Kind::kBetween: {
      const Truth low =
          truth(internal::ComparisonHolds(BinaryOp::kGtEq, Compare(node.comparisons[0])));
      const Truth high =
          truth(internal::ComparisonHolds(BinaryOp::kLtEq, Compare(node.comparisons[1])));
      Truth in = Truth::kTrue;
      if (low == Truth::kFalse || high == Truth::kFalse) {
        in = Truth::kFalse;
      } else if (low == Truth::kUnknown || high == Truth::kUnknown) {
        in = Truth::kUnknown;
      }
      return node.negated ? negate(in) : in;
    }
    case Kind::kAnd:
    case Kind::kOr: {
      // The evaluator's three-valued AND and OR; the right side is not needed when the left
      // decides.
      const Truth decisive = node.kind == Kind::kAnd ? Truth::kFalse : Truth::kTrue;
      const Truth left = Eval(node.children[0]);
      if (left == decisive) return decisive;
      const Truth right = Eval(node.children[1]);
      if (right == decisive) return decisive;
      if (left == Truth::kUnknown || right == Truth::kUnknown) return Truth::kUnknown;
      return negate(decisive);
    }
    case Kind::kNot:
      return negate(Eval(node.children[0]));
  }
  return Truth::kUnknown;
}

absl::StatusOr<bool> StoredRowFilter::Holds(std::string_view stored_row) const {
  if (absl::Status s = codec::LocateColumns(stored_row, table_.column_types, located_count_,
                                            located_.data());
      !s.ok()) {
    return s;
  }
  for (const int root : roots_) {
    const Truth t = Eval(root);
    if (!decode_error_.ok()) return decode_error_;
    if (t != Truth::kTrue) return false;
  }
  return true;
}

}  // namespace ordinal::engine::exec
