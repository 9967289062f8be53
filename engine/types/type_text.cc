// SqlTypeText and MaxByteLength: how MySQL 8 names a column's type, and string size limits.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/types/value.h"

namespace ordinal::engine {
namespace {

// MySQL's default display width of an integer type (shown with ZEROFILL).
uint32_t DefaultWidth(ColumnType type, bool is_unsigned) {
  switch (type) {
    case ColumnType::kTinyInt: return is_unsigned ? 3 : 4;
    case ColumnType::kSmallInt: return is_unsigned ? 5 : 6;
    case ColumnType::kMediumInt: return is_unsigned ? 8 : 9;
    case ColumnType::kInt: return is_unsigned ? 10 : 11;
    default: return 20;
  }
}

std::string QuotedMembers(const std::vector<std::string>& elements) {
  std::string out = "(";
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('\'');
    for (char c : elements[i]) {
      if (c == '\'') out.push_back('\'');
      out.push_back(c);
    }
    out.push_back('\'');
  }
  out.push_back(')');
  return out;
}

std::string Lower(ColumnType type) {
  return absl::AsciiStrToLower(absl::string_view(ColumnTypeName(type).data(),
                                                 ColumnTypeName(type).size()));
}

std::string WithSign(std::string text, const SqlType& type) {
  if (type.is_unsigned) absl::StrAppend(&text, " unsigned");
  if (type.zerofill) absl::StrAppend(&text, " zerofill");
  return text;
}

}  // namespace

std::string SqlTypeText(const SqlType& type) {
  const ColumnType t = type.type;
  if (t == ColumnType::kBool) return "tinyint(1)";
  if (IsIntegerType(t)) {
    std::string text = Lower(t);
    // MySQL 8 shows a display width only for TINYINT(1) and with ZEROFILL.
    if (type.zerofill) {
      absl::StrAppend(&text, "(", type.length > 0 ? type.length : DefaultWidth(t, true), ")");
    } else if (t == ColumnType::kTinyInt && type.length == 1) {
      absl::StrAppend(&text, "(1)");
    }
    return WithSign(text, type);
  }
  switch (t) {
    case ColumnType::kDecimal:
      return WithSign(absl::StrCat("decimal(", type.length, ",", type.scale, ")"), type);
    case ColumnType::kFloat:
    case ColumnType::kDouble: {
      std::string text = Lower(t);
      if (type.length > 0) absl::StrAppend(&text, "(", type.length, ",", type.scale, ")");
      return WithSign(text, type);
    }
    case ColumnType::kBit: return absl::StrCat("bit(", type.length, ")");
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp:
    case ColumnType::kTime:
      return type.scale > 0 ? absl::StrCat(Lower(t), "(", type.scale, ")") : Lower(t);
    case ColumnType::kChar:
    case ColumnType::kVarchar:
    case ColumnType::kBinary:
    case ColumnType::kVarBinary: return absl::StrCat(Lower(t), "(", type.length, ")");
    case ColumnType::kEnum:
    case ColumnType::kSet: return absl::StrCat(Lower(t), QuotedMembers(type.elements));
    default: return Lower(t);
  }
}

uint64_t MaxByteLength(ColumnType type) {
  switch (type) {
    case ColumnType::kTinyText:
    case ColumnType::kTinyBlob: return 255;
    case ColumnType::kText:
    case ColumnType::kBlob: return 65535;
    case ColumnType::kMediumText:
    case ColumnType::kMediumBlob: return 16777215;
    case ColumnType::kLongText:
    case ColumnType::kLongBlob: return 4294967295;
    default: return 0;
  }
}

}  // namespace ordinal::engine
