#include "client/result_set.h"

namespace ordinal {

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kInt:
      return "INT";
    case ColumnType::kDouble:
      return "DOUBLE";
    case ColumnType::kChar:
      return "CHAR";
    case ColumnType::kVarchar:
      return "VARCHAR";
    case ColumnType::kText:
      return "TEXT";
    case ColumnType::kBool:
      return "BOOLEAN";
    case ColumnType::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

bool IsNumericType(ColumnType type) {
  return type == ColumnType::kInt || type == ColumnType::kDouble || type == ColumnType::kBool;
}

}  // namespace ordinal
