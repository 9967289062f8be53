#include "engine/plan/scope.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/plan/aggregate_calls.h"
#include "engine/plan/binder.h"
#include "engine/plan/bit_literal_contexts.h"
#include "engine/plan/enum_contexts.h"
#include "engine/plan/temporal_contexts.h"
#include "engine/plan/temporal_literals.h"

namespace ordinal::engine::plan {
namespace {

constexpr MysqlErrno kNonUniqTable = static_cast<MysqlErrno>(1066);

std::string QualifiedColumn(const sql::Expr& expr) {
  if (expr.table_name.empty()) return expr.column_name;
  return absl::StrCat(expr.table_name, ".", expr.column_name);
}

}  // namespace

Source TableSource(std::shared_ptr<const catalog::TableInfo> table, std::string alias) {
  Source source;
  source.name = alias.empty() ? table->def.name() : std::move(alias);
  for (int i = 0; i < table->def.columns_size(); ++i) {
    source.column_names.push_back(table->def.columns(i).name());
    source.display_names.push_back(catalog::ColumnDisplayName(table->def.columns(i)));
  }
  source.column_types = table->column_types;
  source.visible_columns = table->VisibleColumnCount();
  source.merged.assign(source.column_names.size(), false);
  source.table = std::move(table);
  return source;
}

absl::Status Scope::Add(Source source) {
  if (FindSource(source.name) >= 0) {
    return SqlError(absl::StatusCode::kInvalidArgument, kNonUniqTable,
                    absl::StrCat("Not unique table/alias: '", source.name, "'"));
  }
  source.offset = width_;
  source.merged.resize(source.column_names.size(), false);
  width_ += source.width();
  sources_.push_back(std::move(source));
  return absl::OkStatus();
}

int Scope::FindSource(std::string_view name) const {
  for (size_t i = 0; i < sources_.size(); ++i) {
    if (sources_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int Scope::row_width() const { return width_ + (outer_ == nullptr ? 0 : outer_->row_width()); }

int Scope::SourceOf(int slot) const {
  for (size_t i = 0; i < sources_.size(); ++i) {
    const Source& s = sources_[i];
    if (slot >= s.offset && slot < s.offset + s.width()) return static_cast<int>(i);
  }
  return -1;
}

ColumnType Scope::TypeOf(int slot) const {
  const int source = SourceOf(slot);
  if (source >= 0) {
    const Source& s = sources_[source];
    return s.column_types[slot - s.offset];
  }
  if (outer_ != nullptr && slot >= width_) return outer_->TypeOf(slot - width_);
  return ColumnType::kVarchar;
}

std::optional<SqlType> Scope::SqlTypeOf(int slot) const {
  const int source = SourceOf(slot);
  if (source >= 0) {
    const Source& s = sources_[source];
    const int column = slot - s.offset;
    if (s.table != nullptr && column < static_cast<int>(s.table->sql_types.size())) {
      return s.table->sql_types[column];
    }
    return std::nullopt;
  }
  if (outer_ != nullptr && slot >= width_) return outer_->SqlTypeOf(slot - width_);
  return std::nullopt;
}

absl::StatusOr<int> Scope::ResolveHere(const sql::Expr& expr, std::string_view clause,
                                       bool* found) const {
  int slot = -1;
  *found = false;
  for (const Source& source : sources_) {
    if (!expr.table_name.empty() && source.name != expr.table_name) continue;
    for (int c = 0; c < source.width(); ++c) {
      if (source.column_names[c] != expr.column_name) continue;
      if (expr.table_name.empty() && source.merged[c]) continue;
      // A hidden row id is found only by its own name, which no user column can take.
      if (slot >= 0) {
        return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kNonUniq,
                        absl::StrCat("Column '", QualifiedColumn(expr), "' in ",
                                     std::string(clause), " is ambiguous"));
      }
      slot = source.offset + c;
    }
  }
  *found = slot >= 0;
  return slot;
}

absl::StatusOr<int> Scope::Resolve(const sql::Expr& expr, std::string_view clause) const {
  bool found = false;
  ORDINAL_ASSIGN_OR_RETURN(int slot, ResolveHere(expr, clause, &found));
  if (found) return slot;
  if (outer_ != nullptr) {
    absl::StatusOr<int> outer = outer_->Resolve(expr, clause);
    if (outer.ok()) return width_ + *outer;
    if (GetMysqlErrno(outer.status()) != MysqlErrno::kBadField) return outer.status();
  }
  return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                  absl::StrCat("Unknown column '", QualifiedColumn(expr), "' in '",
                               std::string(clause), "'"));
}

absl::Status Scope::Bind(sql::Expr& expr, std::string_view clause) const {
  if (expr.slot >= 0 && expr.kind == sql::ExprKind::kFunction) return absl::OkStatus();
  if (expr.kind == sql::ExprKind::kColumn) {
    if (expr.slot >= 0) return absl::OkStatus();
    ORDINAL_ASSIGN_OR_RETURN(expr.slot, Resolve(expr, clause));
    return absl::OkStatus();
  }
  const bool aggregate = IsAggregateFunctionCall(expr);
  if (aggregate) ORDINAL_RETURN_IF_ERROR(PrepareAggregateCall(expr));
  for (sql::ExprPtr& child : expr.children) ORDINAL_RETURN_IF_ERROR(Bind(*child, clause));
  if (aggregate) {
    AddAggregateSortKeys(expr, [this](const sql::Expr& e) {
      return InferSlotType(e, [this](int slot) { return TypeOf(slot); });
    });
  }
  CanonicalizeTemporalConstants(expr, [this](int slot) { return SqlTypeOf(slot); });
  ApplyTemporalContexts(expr, [this](int slot) { return SqlTypeOf(slot); });
  ApplyEnumContexts(expr, [this](int slot) { return SqlTypeOf(slot); });
  ApplyBitLiteralContexts(expr, [this](int slot) { return SqlTypeOf(slot); });
  return absl::OkStatus();
}

}  // namespace ordinal::engine::plan
