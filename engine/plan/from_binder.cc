#include "engine/plan/from_binder.h"

#include <string>
#include <utility>
#include <variant>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/plan/binder.h"
#include "engine/plan/recursive_cte.h"
#include "engine/plan/window_plan.h"
#include "engine/sql/parser.h"

namespace ordinal::engine::plan {
namespace {

constexpr MysqlErrno kOperandColumns = static_cast<MysqlErrno>(1241);
constexpr MysqlErrno kColumnListCount = static_cast<MysqlErrno>(1353);

bool IsSubquery(const sql::Expr& expr) {
  return expr.kind == sql::ExprKind::kSubquery || expr.kind == sql::ExprKind::kExists ||
         expr.kind == sql::ExprKind::kInSubquery || expr.kind == sql::ExprKind::kQuantified;
}

absl::Status NotSupported(std::string what) {
  return SqlError(absl::StatusCode::kUnimplemented, MysqlErrno::kNotSupported,
                  absl::StrCat("This version of OrdinalDB doesn't yet support '", what, "'"));
}

sql::ExprPtr ColumnAt(const Source& source, int column) {
  auto e = std::make_unique<sql::Expr>();
  e->kind = sql::ExprKind::kColumn;
  e->table_name = source.name;
  e->column_name = source.column_names[column];
  e->text = absl::StrCat(source.name, ".", e->column_name);
  e->slot = source.offset + column;
  return e;
}

// An ON condition waiting for every source to be in scope before it is bound.
struct PendingOn {
  const sql::Expr* on = nullptr;
  bool outer = false;
  int outer_source = -1;
};

class FromBinder {
 public:
  FromBinder(SelectPlan& plan, const BindContext& ctx) : plan_(plan), ctx_(ctx) {}

  absl::StatusOr<BoundFrom> Bind(const std::vector<sql::TableRef>& from) {
    for (const sql::TableRef& ref : from) {
      ORDINAL_RETURN_IF_ERROR(Add(ref).status());
    }
    for (const PendingOn& pending : pending_) {
      sql::ExprPtr on = CloneExpr(*pending.on);
      ORDINAL_RETURN_IF_ERROR(BindSubqueries(*on, plan_.scope, ctx_));
      ORDINAL_RETURN_IF_ERROR(plan_.scope.Bind(*on, "on clause"));
      ORDINAL_RETURN_IF_ERROR(RejectWindowCalls(*on));
      if (ContainsAggregate(*on)) {
        return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidGroupFuncUse,
                        "Invalid use of group function");
      }
      std::vector<sql::ExprPtr> parts;
      SplitConjuncts(std::move(on), &parts);
      for (sql::ExprPtr& part : parts) {
        AddConjunct(std::move(part), pending.outer, pending.outer_source);
      }
    }
    for (Conjunct& c : result_.conjuncts) c.sources.resize(plan_.scope.sources().size(), false);
    return std::move(result_);
  }

 private:
  // Adds the sources of `ref`; returns their indexes [first, end).
  absl::StatusOr<std::pair<int, int>> Add(const sql::TableRef& ref) {
    const int first = static_cast<int>(plan_.scope.sources().size());
    if (ref.is_join()) {
      ORDINAL_RETURN_IF_ERROR(AddJoin(ref));
    } else if (ref.subquery != nullptr) {
      ORDINAL_RETURN_IF_ERROR(AddDerived(ref));
    } else {
      ORDINAL_RETURN_IF_ERROR(AddNamed(ref));
    }
    return std::make_pair(first, static_cast<int>(plan_.scope.sources().size()));
  }

  // A common table expression, a view, or a stored table.
  absl::Status AddNamed(const sql::TableRef& ref) {
    const std::string& alias = ref.alias.empty() ? ref.name.table : ref.alias;
    // Only a stored table has indexes to hint at: a hint naming an index of anything else
    // is 1176, as in MySQL (`USE INDEX ()`, naming none, is accepted everywhere).
    auto hint_without_index = [&ref]() -> absl::Status {
      for (const sql::IndexHint& hint : ref.index_hints) {
        if (hint.indexes.empty()) continue;
        return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kKeyDoesNotExist,
                        absl::StrCat("Key '", hint.indexes.front(), "' doesn't exist in table '",
                                     ref.name.table, "'"));
      }
      return absl::OkStatus();
    };
    if (ref.name.database.empty()) {
      if (ctx_.recursive != nullptr && ctx_.recursive->name == ref.name.table) {
        return AddWorkingTable(*ctx_.recursive, alias);
      }
      for (const CteFrame* frame = ctx_.ctes; frame != nullptr; frame = frame->parent) {
        for (size_t i = 0; i < frame->count; ++i) {
          const sql::CommonTable& cte = frame->tables[i];
          if (cte.name != ref.name.table) continue;
          ORDINAL_RETURN_IF_ERROR(hint_without_index());
          // A CTE sees the ones defined before it in its WITH clause, and enclosing ones
          // (a recursive one also itself, through its working table).
          const CteFrame earlier{frame->tables, i, frame->parent, frame->recursive};
          BindContext inner = ctx_;
          inner.ctes = &earlier;
          inner.recursive = nullptr;
          if (frame->recursive && ReferencesItself(cte)) {
            ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<SelectPlan> plan,
                                     BindRecursiveCte(cte, inner));
            return AddPlan(std::move(plan), alias, {});
          }
          return AddQuery(*cte.query, inner, alias, cte.columns);
        }
      }
    }
    if (ref.name.database == catalog::kInformationSchema && ctx_.resolve_system_table) {
      ORDINAL_RETURN_IF_ERROR(hint_without_index());
      ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const catalog::SystemTable> system,
                               ctx_.resolve_system_table(ref.name.table));
      Source source;
      source.name = alias;
      source.column_names = system->column_names;
      source.column_types = system->column_types;
      source.visible_columns = static_cast<int>(source.column_names.size());
      source.system = std::move(system);
      ORDINAL_RETURN_IF_ERROR(plan_.scope.Add(std::move(source)));
      result_.joins.emplace_back();
      return absl::OkStatus();
    }
    ORDINAL_ASSIGN_OR_RETURN(auto table, ctx_.resolve_table(ref.name));
    if (!table->def.view_definition().empty()) {
      ORDINAL_RETURN_IF_ERROR(hint_without_index());
      absl::StatusOr<sql::Statement> parsed = sql::ParseStatement(table->def.view_definition());
      const sql::Select* query =
          parsed.ok() ? std::get_if<sql::Select>(&parsed->body) : nullptr;
      if (query == nullptr) {
        return absl::DataLossError(absl::StrCat("view ", table->QualifiedName(),
                                                " has a definition that does not parse"));
      }
      std::vector<std::string> columns;
      for (const ordinal::v1::ColumnDef& column : table->def.columns()) {
        columns.push_back(column.name());
      }
      BindContext inner = ctx_;
      inner.ctes = nullptr;  // a view sees no CTE of the query that reads it
      inner.recursive = nullptr;
      return AddQuery(*query, inner, alias, columns);
    }
    ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<const IndexChoice> choice,
                             ResolveIndexHints(ref.index_hints, *table));
    Source source = TableSource(std::move(table), ref.alias);
    source.index_choice = std::move(choice);
    ORDINAL_RETURN_IF_ERROR(plan_.scope.Add(std::move(source)));
    result_.joins.emplace_back();
    return absl::OkStatus();
  }

  absl::Status AddDerived(const sql::TableRef& ref) {
    return AddQuery(*ref.subquery, ctx_, ref.alias, {});
  }

  // A source computed by `query`: a derived table, CTE or view named `name`, its columns
  // renamed by `columns` when given. It cannot see the query it is part of (no LATERAL).
  absl::Status AddQuery(const sql::Select& query, const BindContext& ctx,
                        const std::string& name, const std::vector<std::string>& columns) {
    ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<SelectPlan> derived,
                             BindSelect(query, ctx, nullptr));
    return AddPlan(std::move(derived), name, columns);
  }

  // A recursive CTE's reference to itself in one of its recursive query blocks.
  absl::Status AddWorkingTable(const RecursiveReference& self, const std::string& name) {
    Source source;
    source.name = name;
    source.column_names = self.column_names;
    source.column_types = self.column_types;
    source.visible_columns = static_cast<int>(source.column_names.size());
    source.working = self.working;
    ORDINAL_RETURN_IF_ERROR(plan_.scope.Add(std::move(source)));
    result_.joins.emplace_back();
    return absl::OkStatus();
  }

  // A source computed by the bound query `derived`.
  absl::Status AddPlan(std::shared_ptr<SelectPlan> derived, const std::string& name,
                       const std::vector<std::string>& columns) {
    if (!columns.empty() && columns.size() != derived->columns.size()) {
      return SqlError(absl::StatusCode::kInvalidArgument, kColumnListCount,
                      "In definition of view, derived table or common table expression, "
                      "SELECT list and column names list have different column counts");
    }
    Source source;
    source.name = name;
    for (size_t i = 0; i < derived->columns.size(); ++i) {
      const ResultColumn& column = derived->columns[i];
      std::string column_name =
          columns.empty() ? absl::AsciiStrToLower(column.name) : columns[i];
      for (const std::string& existing : source.column_names) {
        if (existing == column_name) {
          return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDupFieldName,
                          absl::StrCat("Duplicate column name '", column_name, "'"));
        }
      }
      source.display_names.push_back(columns.empty() ? column.name : column_name);
      source.column_names.push_back(std::move(column_name));
      source.column_types.push_back(column.type);
    }
    source.visible_columns = static_cast<int>(source.column_names.size());
    source.derived = std::move(derived);
    ORDINAL_RETURN_IF_ERROR(plan_.scope.Add(std::move(source)));
    result_.joins.emplace_back();
    return absl::OkStatus();
  }

  absl::Status AddJoin(const sql::TableRef& ref) {
    ORDINAL_ASSIGN_OR_RETURN(auto left, Add(*ref.left));
    ORDINAL_ASSIGN_OR_RETURN(auto right, Add(*ref.right));
    int outer_source = -1;
    if (ref.join == sql::JoinKind::kLeft) {
      if (right.second - right.first != 1) return NotSupported("nested join as outer join inner side");
      outer_source = right.first;
      for (int s = 0; s < right.first; ++s) result_.joins[outer_source].after.push_back(s);
    } else if (ref.join == sql::JoinKind::kRight) {
      if (left.second - left.first != 1) return NotSupported("nested join as outer join inner side");
      outer_source = left.first;
      for (int s = 0; s < left.first; ++s) result_.joins[outer_source].after.push_back(s);
      for (int s = right.first; s < right.second; ++s) {
        result_.joins[outer_source].after.push_back(s);
      }
    }
    if (outer_source >= 0) result_.joins[outer_source].outer_join = true;
    if (ref.natural || !ref.using_columns.empty()) {
      ORDINAL_RETURN_IF_ERROR(AddUsing(ref, left, right, outer_source));
    }
    if (ref.on != nullptr) {
      pending_.push_back({ref.on.get(), outer_source >= 0, outer_source});
    }
    return absl::OkStatus();
  }

  // The source in [range) with a visible, unmerged column `name`, and the column; or -1.
  std::pair<int, int> FindColumn(std::pair<int, int> range, const std::string& name) const {
    for (int s = range.first; s < range.second; ++s) {
      const Source& source = plan_.scope.sources()[s];
      for (int c = 0; c < source.visible_columns; ++c) {
        if (source.column_names[c] == name && !source.merged[c]) return {s, c};
      }
    }
    return {-1, -1};
  }

  // USING (cols) / NATURAL: an equality per common column; the copy on the side that may be
  // NULL-extended (the right one, or the left one of a RIGHT JOIN) is merged away.
  absl::Status AddUsing(const sql::TableRef& ref, std::pair<int, int> left,
                        std::pair<int, int> right, int outer_source) {
    std::vector<std::string> columns = ref.using_columns;
    if (ref.natural) {
      for (int s = left.first; s < left.second; ++s) {
        const Source& source = plan_.scope.sources()[s];
        for (int c = 0; c < source.visible_columns; ++c) {
          if (!source.merged[c] && FindColumn(right, source.column_names[c]).first >= 0) {
            columns.push_back(source.column_names[c]);
          }
        }
      }
    }
    for (const std::string& name : columns) {
      const auto [ls, lc] = FindColumn(left, name);
      const auto [rs, rc] = FindColumn(right, name);
      if (ls < 0 || rs < 0) {
        return SqlError(absl::StatusCode::kNotFound, MysqlErrno::kBadField,
                        absl::StrCat("Unknown column '", name, "' in 'from clause'"));
      }
      std::vector<Source>& sources = plan_.scope.mutable_sources();
      auto eq = std::make_unique<sql::Expr>();
      eq->kind = sql::ExprKind::kBinary;
      eq->binary_op = sql::BinaryOp::kEq;
      eq->children.push_back(ColumnAt(sources[ls], lc));
      eq->children.push_back(ColumnAt(sources[rs], rc));
      if (ref.join == sql::JoinKind::kRight) {
        sources[ls].merged[lc] = true;
      } else {
        sources[rs].merged[rc] = true;
      }
      AddConjunct(std::move(eq), outer_source >= 0, outer_source);
    }
    return absl::OkStatus();
  }

  void AddConjunct(sql::ExprPtr expr, bool outer, int outer_source) {
    Conjunct c;
    c.sources.assign(plan_.scope.sources().size(), false);
    MarkSources(*expr, plan_.scope, &c.sources);
    c.expr = std::move(expr);
    c.on_outer = outer;
    c.outer_source = outer_source;
    result_.conjuncts.push_back(std::move(c));
  }

  SelectPlan& plan_;
  const BindContext& ctx_;
  BoundFrom result_;
  std::vector<PendingOn> pending_;
};

}  // namespace

absl::StatusOr<BoundFrom> BindFrom(const std::vector<sql::TableRef>& from, SelectPlan& plan,
                                   const BindContext& ctx) {
  return FromBinder(plan, ctx).Bind(from);
}

absl::Status BindSubqueries(sql::Expr& expr, const Scope& scope, const BindContext& ctx) {
  if (IsSubquery(expr)) {
    if (expr.subquery_runner == nullptr) {
      ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<SelectPlan> plan,
                               BindSelect(*expr.subquery, ctx, &scope));
      if (expr.kind != sql::ExprKind::kExists && plan->columns.size() != 1) {
        return SqlError(absl::StatusCode::kInvalidArgument, kOperandColumns,
                        "Operand should contain 1 column(s)");
      }
      expr.subquery_runner = ctx.make_runner(std::move(plan), expr);
    }
  }
  for (sql::ExprPtr& child : expr.children) {
    ORDINAL_RETURN_IF_ERROR(BindSubqueries(*child, scope, ctx));
  }
  return absl::OkStatus();
}

}  // namespace ordinal::engine::plan
