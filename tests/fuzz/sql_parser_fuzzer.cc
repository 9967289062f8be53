// libFuzzer target: ParseStatement (and ParseWithParameters) on arbitrary bytes. Beyond "no crash, no sanitizer
// report", it checks what the parser promises about its output: an error is one of the
// documented kinds, and a parsed statement's expressions all carry their source text and a
// location inside the input.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "common/sql_error.h"
#include "engine/sql/parser.h"

namespace ordinal::engine::sql {
namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void CheckExpr(const Expr* e, int lines, int depth) {
  if (e == nullptr) return;
  Check(depth < 2000);
  Check(!e->text.empty());
  Check(e->loc.line >= 1 && e->loc.line <= lines && e->loc.column >= 1);
  for (const ExprPtr& child : e->children) CheckExpr(child.get(), lines, depth + 1);
}

// The join conditions of a table reference tree (a multiple-table UPDATE or DELETE).
void CheckRef(const TableRef& ref, int lines, int depth) {
  Check(depth < 2000);
  if (!ref.is_join()) return;
  Check(ref.right != nullptr);
  CheckExpr(ref.on.get(), lines, 0);
  CheckRef(*ref.left, lines, depth + 1);
  CheckRef(*ref.right, lines, depth + 1);
}

void CheckStatement(const Statement& s, int lines) {
  (void)StatementKindName(s);
  (void)IsWrite(s);
  if (const auto* select = std::get_if<Select>(&s.body)) {
    for (const SelectItem& item : select->items) CheckExpr(item.expr.get(), lines, 0);
    CheckExpr(select->where.get(), lines, 0);
    CheckExpr(select->having.get(), lines, 0);
  } else if (const auto* insert = std::get_if<Insert>(&s.body)) {
    for (const auto& row : insert->rows) {
      for (const ExprPtr& e : row) CheckExpr(e.get(), lines, 0);
    }
  } else if (const auto* update = std::get_if<Update>(&s.body)) {
    for (const Assignment& a : update->assignments) CheckExpr(a.value.get(), lines, 0);
    CheckExpr(update->where.get(), lines, 0);
    // One form or the other: a table, or table references.
    Check(update->table.table.empty() != update->from.empty());
    for (const TableRef& ref : update->from) CheckRef(ref, lines, 0);
  } else if (const auto* del = std::get_if<Delete>(&s.body)) {
    CheckExpr(del->where.get(), lines, 0);
    Check(del->table.table.empty() != del->from.empty());
    Check(del->targets.empty() == del->from.empty());
    for (const TableRef& ref : del->from) CheckRef(ref, lines, 0);
  }
}

}  // namespace
}  // namespace ordinal::engine::sql

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ordinal::engine::sql;
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  // With `?` markers allowed: every marker must be a live node of the statement (ASan
  // reports a write through a marker pointer that outlived its node).
  absl::StatusOr<ParameterizedStatement> with_markers = ParseWithParameters(sql);
  if (with_markers.ok()) {
    for (Expr* marker : with_markers->parameters) {
      marker->literal = ordinal::engine::Value::Int(1);
    }
  }
  absl::StatusOr<Statement> parsed = ParseStatement(sql);
  if (parsed.ok()) {
    int lines = 1;
    for (char c : sql) lines += c == '\n';
    CheckStatement(*parsed, lines);
    return 0;
  }
  const ordinal::MysqlErrno code = ordinal::GetMysqlErrno(parsed.status());
  Check(code == ordinal::MysqlErrno::kParse || code == ordinal::MysqlErrno::kTooLongIdent ||
        code == ordinal::MysqlErrno::kTooBigFieldLength ||
        code == ordinal::MysqlErrno::kNetPacketTooLarge ||
        code == static_cast<ordinal::MysqlErrno>(1248) ||  // derived table without alias
        code == static_cast<ordinal::MysqlErrno>(1221) ||  // ORDER BY before UNION
        code == static_cast<ordinal::MysqlErrno>(1525));   // ER_WRONG_VALUE: DATE 'bad'
  return 0;
}
