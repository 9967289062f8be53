#include "engine/exec/row_convert.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_error.h"
#include "common/status_macros.h"
#include "engine/catalog/catalog_records.h"
#include "engine/exec/row_writer.h"
#include "engine/types/temporal.h"

namespace ordinal::engine::exec {
namespace {

// MySQL's implicit default of a NOT NULL column without DEFAULT, for rows that existed
// before ADD COLUMN.
absl::StatusOr<Value> ImplicitDefault(const SqlType& type, const std::string& name) {
  if (IsTemporalType(type.type)) return Value::String(ZeroTemporalText(type.type, type.scale));
  if (type.type == ColumnType::kEnum) {
    return type.elements.empty() ? Value::String("") : Value::String(type.elements[0]);
  }
  if (IsStringType(type.type)) return Value::String("");
  if (type.type == ColumnType::kYear) return Value::Int(0);
  return CoerceToColumn(Value::Int(0), type, name);
}

absl::StatusOr<Value> NewColumnValue(const catalog::TableInfo& to, int column,
                                     std::optional<int64_t> numbered) {
  const ordinal::v1::ColumnDef& def = to.def.columns(column);
  const bool row_id = to.def.hidden_primary_key() && column == to.def.columns_size() - 1;
  if (numbered.has_value() && (def.auto_increment() || row_id)) return Value::Int(*numbered);
  if (def.has_default()) return catalog::ColumnDefault(def);
  if (def.default_now()) return Value::String(NowForColumn(to.sql_types[column]));
  if (def.nullable()) return Value::Null();
  return ImplicitDefault(to.sql_types[column], def.name());
}

absl::StatusOr<Value> ConvertValue(const catalog::TableInfo& to, int column, const Value& value) {
  const ordinal::v1::ColumnDef& def = to.def.columns(column);
  if (value.is_null()) {
    if (def.nullable()) return Value::Null();
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidUseOfNull,
                    "Invalid use of NULL value");
  }
  absl::StatusOr<Value> converted = CoerceToColumn(value, to.sql_types[column], def.name());
  if (!converted.ok() && GetMysqlErrno(converted.status()) == MysqlErrno::kDataTooLong) {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kDataTruncated,
                    absl::StrCat("Data truncated for column '", def.name(), "'"));
  }
  return converted;
}

}  // namespace

absl::StatusOr<std::vector<Value>> ConvertRow(const catalog::TableInfo& to,
                                              absl::Span<const int32_t> sources,
                                              const std::vector<Value>& row,
                                              std::optional<int64_t> numbered) {
  std::vector<Value> converted;
  converted.reserve(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    const int column = static_cast<int>(i);
    if (sources[i] < 0) {
      ORDINAL_ASSIGN_OR_RETURN(Value value, NewColumnValue(to, column, numbered));
      converted.push_back(std::move(value));
    } else {
      ORDINAL_ASSIGN_OR_RETURN(Value value, ConvertValue(to, column, row[sources[i]]));
      converted.push_back(std::move(value));
    }
  }
  return converted;
}

absl::StatusOr<std::vector<Value>> ShadowRow(const catalog::TableInfo& table,
                                             const std::vector<Value>& row) {
  const auto& sources = table.def.shadow().source_columns();
  return ConvertRow(*table.shadow, absl::MakeConstSpan(sources.data(), sources.size()), row,
                    std::nullopt);
}

}  // namespace ordinal::engine::exec
