// Column types in CREATE TABLE: MySQL's numeric, string, ENUM/SET and BIT types with their
// lengths, precisions and UNSIGNED/ZEROFILL attributes. Range checks of the numbers given
// (DECIMAL(66) ...) are table_def_builder's; this file only reads the syntax.
#include <utility>

#include "common/status_macros.h"
#include "engine/sql/parser_impl.h"

namespace ordinal::engine::sql {
namespace {

struct TypeName {
  std::string_view word;
  ColumnType type;
};

constexpr TypeName kIntegerNames[] = {
    {"TINYINT", ColumnType::kTinyInt},   {"INT1", ColumnType::kTinyInt},
    {"SMALLINT", ColumnType::kSmallInt}, {"INT2", ColumnType::kSmallInt},
    {"MEDIUMINT", ColumnType::kMediumInt}, {"INT3", ColumnType::kMediumInt},
    {"MIDDLEINT", ColumnType::kMediumInt}, {"INT", ColumnType::kInt},
    {"INTEGER", ColumnType::kInt},       {"INT4", ColumnType::kInt},
    {"BIGINT", ColumnType::kBigInt},     {"INT8", ColumnType::kBigInt},
};

// Types without parameters (TEXT and BLOB take an optional length, handled apart).
constexpr TypeName kPlainNames[] = {
    {"TINYTEXT", ColumnType::kTinyText},   {"MEDIUMTEXT", ColumnType::kMediumText},
    {"LONGTEXT", ColumnType::kLongText},   {"TINYBLOB", ColumnType::kTinyBlob},
    {"MEDIUMBLOB", ColumnType::kMediumBlob}, {"LONGBLOB", ColumnType::kLongBlob},
    {"JSON", ColumnType::kJson},
};

std::optional<ColumnType> Lookup(std::string_view word, const TypeName* begin,
                                 const TypeName* end) {
  for (const TypeName* n = begin; n != end; ++n) {
    if (KeywordEquals(word, n->word)) return n->type;
  }
  return std::nullopt;
}

}  // namespace

SqlType ColumnDefinition::sql_type() const {
  SqlType t;
  t.type = type;
  t.length = length;
  t.scale = scale;
  t.is_unsigned = is_unsigned;
  t.zerofill = zerofill;
  t.elements = elements;
  return t;
}

// [UNSIGNED | SIGNED] [ZEROFILL], in any order; ZEROFILL implies UNSIGNED.
void Parser::ParseNumericAttributes(ColumnDefinition& column) {
  while (true) {
    if (AcceptKeyword("UNSIGNED")) {
      column.is_unsigned = true;
    } else if (AcceptKeyword("ZEROFILL")) {
      column.zerofill = true;
      column.is_unsigned = true;
    } else if (!AcceptKeyword("SIGNED")) {
      return;
    }
  }
}

// `(m)` or `(m,d)`, when present; *has_scale tells whether d was given.
absl::Status Parser::ParsePrecision(ColumnDefinition& column, bool* has_scale) {
  *has_scale = false;
  if (!AcceptOp("(")) return absl::OkStatus();
  ORDINAL_ASSIGN_OR_RETURN(int64_t m, ParseNonNegativeInteger());
  column.length = static_cast<uint32_t>(std::min<int64_t>(m, UINT32_MAX));
  if (AcceptOp(",")) {
    ORDINAL_ASSIGN_OR_RETURN(int64_t d, ParseNonNegativeInteger());
    column.scale = static_cast<uint32_t>(std::min<int64_t>(d, UINT32_MAX));
    *has_scale = true;
  }
  return ExpectOp(")");
}

// ('member', ...) of ENUM and SET.
absl::Status Parser::ParseMembers(ColumnDefinition& column) {
  ORDINAL_RETURN_IF_ERROR(ExpectOp("("));
  do {
    if (Peek().kind != TokenKind::kString) return ErrorHere();
    std::string member = Peek().value;
    // MySQL drops trailing spaces of members.
    member.erase(member.find_last_not_of(' ') + 1);
    column.elements.push_back(std::move(member));
    Next();
  } while (AcceptOp(","));
  return ExpectOp(")");
}

absl::Status Parser::ParseColumnType(ColumnDefinition& column) {
  const Token& type = Peek();
  if (type.kind != TokenKind::kIdent) return ErrorHere();
  const std::string_view word = type.text;
  Next();
  if (std::optional<ColumnType> t = Lookup(word, std::begin(kIntegerNames), std::end(kIntegerNames))) {
    column.type = *t;
    if (IsOp("(")) {  // display width
      ORDINAL_ASSIGN_OR_RETURN(column.length, ParseLength(column));
    }
    ParseNumericAttributes(column);
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "BOOLEAN") || KeywordEquals(word, "BOOL")) {
    column.type = ColumnType::kTinyInt;
    column.length = 1;
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "DECIMAL") || KeywordEquals(word, "NUMERIC") ||
      KeywordEquals(word, "DEC") || KeywordEquals(word, "FIXED")) {
    column.type = ColumnType::kDecimal;
    column.length = 10;
    bool has_scale = false;
    ORDINAL_RETURN_IF_ERROR(ParsePrecision(column, &has_scale));
    ParseNumericAttributes(column);
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "DOUBLE") || KeywordEquals(word, "FLOAT") ||
      KeywordEquals(word, "REAL") || KeywordEquals(word, "FLOAT4") ||
      KeywordEquals(word, "FLOAT8")) {
    const bool is_float = KeywordEquals(word, "FLOAT") || KeywordEquals(word, "FLOAT4");
    column.type = is_float ? ColumnType::kFloat : ColumnType::kDouble;
    if (KeywordEquals(word, "DOUBLE")) AcceptKeyword("PRECISION");
    bool has_scale = false;
    ORDINAL_RETURN_IF_ERROR(ParsePrecision(column, &has_scale));
    if (!has_scale && column.length > 0) {
      // FLOAT(p): a precision in bits picks FLOAT (p <= 24) or DOUBLE; DOUBLE(m) alone is
      // a syntax error in MySQL.
      if (!is_float || column.length > 53) return ErrorHere();
      if (column.length > 24) column.type = ColumnType::kDouble;
      column.length = 0;
    }
    ParseNumericAttributes(column);
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "BIT")) {
    column.type = ColumnType::kBit;
    column.length = 1;
    if (IsOp("(")) {
      ORDINAL_ASSIGN_OR_RETURN(column.length, ParseLength(column));
    }
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "YEAR")) {
    column.type = ColumnType::kYear;
    if (IsOp("(")) ORDINAL_RETURN_IF_ERROR(ParseLength(column).status());  // YEAR(4)
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "DATE")) {
    column.type = ColumnType::kDate;
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "DATETIME") || KeywordEquals(word, "TIMESTAMP") ||
      KeywordEquals(word, "TIME")) {
    column.type = KeywordEquals(word, "DATETIME")    ? ColumnType::kDateTime
                  : KeywordEquals(word, "TIMESTAMP") ? ColumnType::kTimestamp
                                                     : ColumnType::kTime;
    if (IsOp("(")) {  // fractional seconds precision
      ORDINAL_ASSIGN_OR_RETURN(column.scale, ParseLength(column));
    }
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "CHAR") || KeywordEquals(word, "CHARACTER") ||
      KeywordEquals(word, "NCHAR")) {
    column.type = ColumnType::kChar;
    column.length = 1;
    if (AcceptKeyword("VARYING")) column.type = ColumnType::kVarchar;
    if (column.type == ColumnType::kVarchar || IsOp("(")) {
      ORDINAL_ASSIGN_OR_RETURN(column.length, ParseLength(column));
    }
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "VARCHAR") || KeywordEquals(word, "NVARCHAR")) {
    column.type = ColumnType::kVarchar;
    ORDINAL_ASSIGN_OR_RETURN(column.length, ParseLength(column));
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "BINARY") || KeywordEquals(word, "VARBINARY")) {
    column.type = KeywordEquals(word, "BINARY") ? ColumnType::kBinary : ColumnType::kVarBinary;
    column.length = 1;
    if (column.type == ColumnType::kVarBinary || IsOp("(")) {
      ORDINAL_ASSIGN_OR_RETURN(column.length, ParseLength(column));
    }
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "TEXT") || KeywordEquals(word, "BLOB")) {
    const bool text = KeywordEquals(word, "TEXT");
    column.type = text ? ColumnType::kText : ColumnType::kBlob;
    if (IsOp("(")) {
      // TEXT(n)/BLOB(n): the smallest type that holds n characters (4 bytes each) or bytes.
      ORDINAL_ASSIGN_OR_RETURN(uint32_t n, ParseLength(column));
      const uint64_t bytes = text ? uint64_t{n} * 4 : n;
      if (bytes <= 255) {
        column.type = text ? ColumnType::kTinyText : ColumnType::kTinyBlob;
      } else if (bytes > 16777215) {
        column.type = text ? ColumnType::kLongText : ColumnType::kLongBlob;
      } else if (bytes > 65535) {
        column.type = text ? ColumnType::kMediumText : ColumnType::kMediumBlob;
      }
    }
    return absl::OkStatus();
  }
  if (std::optional<ColumnType> t = Lookup(word, std::begin(kPlainNames), std::end(kPlainNames))) {
    column.type = *t;
    return absl::OkStatus();
  }
  if (KeywordEquals(word, "ENUM") || KeywordEquals(word, "SET")) {
    column.type = KeywordEquals(word, "ENUM") ? ColumnType::kEnum : ColumnType::kSet;
    return ParseMembers(column);
  }
  return ErrorAt(type);
}

}  // namespace ordinal::engine::sql
