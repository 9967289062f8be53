#include "engine/plan/cost_model.h"

#include <algorithm>

namespace ordinal::engine::plan {
namespace {

// A range on the last constrained key column keeps this much of the rows its equality
// prefix matches.
constexpr double kRangeFraction = 1.0 / 3;

const ordinal::v1::IndexDef& PathIndex(const catalog::TableInfo& table, const AccessPath& path) {
  return path.index != nullptr ? *path.index : table.def.primary_key();
}

bool NamesColumn(const sql::Expr& expr, const std::vector<int>& columns) {
  if (expr.kind == sql::ExprKind::kColumn) {
    return std::find(columns.begin(), columns.end(), expr.slot) != columns.end();
  }
  for (const sql::ExprPtr& child : expr.children) {
    if (NamesColumn(*child, columns)) return true;
  }
  return false;
}

}  // namespace

double PathRows(const AccessPath& path, const catalog::TableStats& stats) {
  const double rows = std::max(stats.rows, 1.0);
  switch (path.kind) {
    case AccessKind::kNoTable: return 1;
    case AccessKind::kFullScan: return rows;
    case AccessKind::kPrimaryPoint:
      return std::min<double>(rows, static_cast<double>(path.point_keys.size()));
    default: break;
  }
  const uint32_t index_id = path.index != nullptr ? path.index->id() : 0;
  const int equalities = path.key_columns - (path.range ? 1 : 0);
  double per_range = stats.RowsPerValue(index_id, equalities);
  if (path.range) per_range *= kRangeFraction;
  const double ranges = static_cast<double>(std::max<size_t>(path.ranges.size(), 1));
  return std::min(rows, std::max(1.0, ranges * per_range));
}

double PathCost(const AccessPath& path, double rows) {
  switch (path.kind) {
    case AccessKind::kNoTable: return 0;
    case AccessKind::kPrimaryPoint: return kSeekCost * rows;
    case AccessKind::kIndexPoint:
    case AccessKind::kIndexRange:
      return kSeekCost * std::max<size_t>(path.ranges.size(), 1) +
             (kRowCost + kIndexRowFetchCost) * rows;
    default:
      return kSeekCost * std::max<size_t>(path.ranges.size(), 1) + kRowCost * rows;
  }
}

double Selectivity(const sql::Expr& predicate) {
  switch (predicate.kind) {
    case sql::ExprKind::kBinary:
      switch (predicate.binary_op) {
        case sql::BinaryOp::kAnd:
          return Selectivity(*predicate.children[0]) * Selectivity(*predicate.children[1]);
        case sql::BinaryOp::kEq:
        case sql::BinaryOp::kNullSafeEq:
          return 0.1;
        case sql::BinaryOp::kLt:
        case sql::BinaryOp::kLtEq:
        case sql::BinaryOp::kGt:
        case sql::BinaryOp::kGtEq:
        case sql::BinaryOp::kNotEq:
          return 1.0 / 3;
        default:
          return 0.5;
      }
    case sql::ExprKind::kBetween: return 1.0 / 9;
    case sql::ExprKind::kIn:
      return std::min(0.5, 0.1 * std::max<size_t>(predicate.children.size() - 1, 1));
    case sql::ExprKind::kIsNull: return 0.1;
    default: return 0.5;
  }
}

bool SafeToSample(const sql::Expr& predicate) {
  switch (predicate.kind) {
    case sql::ExprKind::kLiteral:
    case sql::ExprKind::kColumn:
    case sql::ExprKind::kUnary:
    case sql::ExprKind::kBinary:
    case sql::ExprKind::kIn:
    case sql::ExprKind::kBetween:
    case sql::ExprKind::kLike:
    case sql::ExprKind::kIsNull:
    case sql::ExprKind::kIsTruth:
    case sql::ExprKind::kCast:
      break;
    default:
      return false;
  }
  for (const sql::ExprPtr& child : predicate.children) {
    if (!SafeToSample(*child)) return false;
  }
  return true;
}

bool UsedByPath(const sql::Expr& predicate, const catalog::TableInfo& table,
                const AccessPath& path) {
  if (path.kind == AccessKind::kFullScan || path.kind == AccessKind::kNoTable) return false;
  const ordinal::v1::IndexDef& index = PathIndex(table, path);
  std::vector<int> columns;
  for (int i = 0; i < path.key_columns && i < index.column_indexes_size(); ++i) {
    columns.push_back(static_cast<int>(index.column_indexes(i)));
  }
  return NamesColumn(predicate, columns);
}

}  // namespace ordinal::engine::plan
