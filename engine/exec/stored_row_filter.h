// Conditions tested on a table's stored rows before anything is decoded (a scan's or index
// lookup's leading conditions; docs/statistics.md, "Reading a source").
//
// A StoredRowFilter holds conditions that compare columns of one table with constants:
// comparisons (= <> < <= > >= <=>), IS [NOT] NULL, [NOT] IN (list), [NOT] BETWEEN, and AND,
// OR, NOT over those. It answers exactly what the evaluator answers for the decoded row
// (evaluator.h), without building the row: it finds the columns' bytes in the stored row
// (codec::LocateColumns) and
//   - compares a string column (character, binary or temporal text) with a string constant
//     on the stored bytes, under the collation the evaluator would pick for the pair
//     (engine/types/collation_derivation.h): the column's collation against the constant's,
//     so a case-insensitive column is compared case-insensitively, never bytewise;
//   - decodes an integer or floating-point column into a Value (no allocation) and compares
//     it with CompareValues;
//   - reads IS NULL from the row's null bitmap.
// Anything else (DECIMAL and JSON columns, a string column against a number, an illegal mix
// of collations, functions, arithmetic, other tables' columns or placeholders) is not
// accepted by Add: the caller tests it on the decoded row.
//
// The filter is compiled for one statement: string constants without a collation take the
// connection collation of the thread that calls Add (engine/types/collation.h), which must
// be the statement's. Thread safety: one statement's, on one thread (Holds reuses scratch
// space).
#ifndef ORDINAL_ENGINE_EXEC_STORED_ROW_FILTER_H_
#define ORDINAL_ENGINE_EXEC_STORED_ROW_FILTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/codec/row_codec.h"
#include "engine/sql/ast.h"
#include "engine/types/collation.h"
#include "engine/types/value.h"

namespace ordinal::engine::exec {

class StoredRowFilter {
 public:
  // `table`'s columns are at slots [offset, offset + column count) of the rows the
  // conditions are bound to. The table must outlive the filter.
  StoredRowFilter(const catalog::TableInfo& table, int offset);

  // Adds `condition` to the conjunction the filter tests, when all of it is a test the
  // filter makes exactly as the evaluator does; otherwise returns false and adds nothing.
  // `condition` must outlive the filter (its constants are referred to).
  bool Add(const sql::Expr& condition);

  bool empty() const { return roots_.empty(); }
  size_t conditions() const { return roots_.size(); }

  // Whether every added condition is true for `stored_row` (a row of the table as
  // codec::EncodeRow wrote it): what EvaluatePredicate gives on the decoded row, for each
  // condition in turn. Corrupt input is DATA_LOSS.
  absl::StatusOr<bool> Holds(std::string_view stored_row) const;

 private:
  // Three-valued truth.
  enum class Truth : uint8_t { kFalse, kTrue, kUnknown };

  // One comparison of a column with a constant.
  struct Comparison {
    int column = 0;
    const Value* constant = nullptr;
    bool column_first = true;              // `column op constant`, else `constant op column`
    bool strings = false;                  // compared as strings, under `collation`
    const Collation* collation = nullptr;  // nullptr: plain byte order
  };

  enum class Kind : uint8_t { kCompare, kNullSafeEqual, kIsNull, kIn, kBetween, kAnd, kOr, kNot };

  struct Node {
    Kind kind = Kind::kCompare;
    sql::BinaryOp op = sql::BinaryOp::kEq;  // kCompare
    bool negated = false;                   // kIsNull, kIn, kBetween
    int column = 0;                         // kIsNull
    std::vector<Comparison> comparisons;    // kCompare, kNullSafeEqual: 1; kIn: items; kBetween: 2
    std::vector<int> children;              // kAnd, kOr: 2; kNot: 1
  };

  // The column of the table that `e` reads (its slot), or -1.
  int ColumnOf(const sql::Expr& e) const;
  // A comparison of `column_side` with `constant_side` for `operation` ("=", "in", ...),
  // when the filter can make it; `column_first` as in Comparison.
  bool MakeComparison(const sql::Expr& column_side, const sql::Expr& constant_side,
                      bool column_first, std::string_view operation, Comparison* out);
  // Compiles `e` into nodes_; the index of its node, or -1 (nodes_ is then left with
  // unused nodes, which nothing refers to).
  int Compile(const sql::Expr& e);

  Truth Eval(int node) const;
  std::optional<int> Compare(const Comparison& c) const;

  const catalog::TableInfo& table_;
  const int offset_;
  std::vector<Node> nodes_;
  std::vector<int> roots_;
  size_t located_count_ = 0;  // 1 + the last column any condition reads
  mutable std::vector<codec::StoredColumn> located_;
  mutable absl::Status decode_error_;  // the first corrupt value met by Eval
};

}  // namespace ordinal::engine::exec

#endif  // ORDINAL_ENGINE_EXEC_STORED_ROW_FILTER_H_
