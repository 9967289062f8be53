// Values and column types of the SQL layer, with MySQL's comparison and strict-mode
// coercion rules. A Value is a small immutable-by-convention variant: NULL, an integer, a
// double, an exact decimal, or a byte string.
//
// Integers span MySQL's signed and unsigned 64-bit ranges together, [-2^63, 2^64-1], in one
// canonical form: a value that fits int64 is always held as int64 (`is_int`); only values
// above INT64_MAX (from BIGINT UNSIGNED or BIT(64) columns, or unsigned arithmetic) are held
// as uint64 (`is_uint`). So equal integers are equal Values whatever column they came from.
// BOOLEAN values are integers 0 and 1, as in MySQL.
//
// Collation: a string value may carry a collation id and its derivation (MySQL's
// coercibility): a column's values carry the column's collation (implicit), COLLATE x sets
// one explicitly, and other strings (literals, most function results) have none, which
// means the connection's collation (engine/types/collation.h). Comparisons pick the
// collation by MySQL's rules (CompareValues); docs/collations.md. Lengths of CHAR(n)/VARCHAR(n) count UTF-8
// characters, as MySQL does. docs/types.md lists ranges, conversions and MySQL differences.
#ifndef ORDINAL_ENGINE_TYPES_VALUE_H_
#define ORDINAL_ENGINE_TYPES_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/types/decimal.h"

namespace ordinal::engine {

// MySQL's data types. A column's full type (length, scale, UNSIGNED, ENUM members) is a
// SqlType; a ColumnType alone is enough for the codecs and for result metadata of
// expressions.
enum class ColumnType {
  kTinyInt, kSmallInt, kMediumInt, kInt, kBigInt,
  // BOOLEAN columns of catalogs written before typed integers: any non-zero is stored as 1.
  // New BOOL/BOOLEAN columns are TINYINT(1), as in MySQL.
  kBool,
  kDecimal, kFloat, kDouble, kBit, kYear,
  kDate, kDateTime, kTimestamp, kTime,
  kChar, kVarchar, kTinyText, kText, kMediumText, kLongText,
  kBinary, kVarBinary, kTinyBlob, kBlob, kMediumBlob, kLongBlob,
  kEnum, kSet,
  // JSON documents (docs/json.md): values are Value::Json, stored in a binary form.
  kJson,
};

// The SQL name, upper case: "INT", "DECIMAL", "VARCHAR", "BOOLEAN", ...
std::string_view ColumnTypeName(ColumnType type);

// TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT and the legacy BOOLEAN.
bool IsIntegerType(ColumnType type);
// Types whose values are held as integers: the integer types, BIT and YEAR.
bool HoldsInteger(ColumnType type);
// Character types: CHAR, VARCHAR and the TEXTs.
bool IsCharacterType(ColumnType type);
// Binary string types: BINARY, VARBINARY and the BLOBs.
bool IsBinaryType(ColumnType type);
// Types whose values are held as strings: character, binary, ENUM and SET.
bool IsStringType(ColumnType type);
bool IsTemporalType(ColumnType type);

// A column's complete type as declared.
struct SqlType {
  ColumnType type = ColumnType::kBigInt;
  // Integers: display width (0 = not given). DECIMAL: precision. FLOAT/DOUBLE: M of (M,D)
  // (0 = not given). CHAR/VARCHAR: characters; BINARY/VARBINARY: bytes; BIT: bits.
  uint32_t length = 0;
  // DECIMAL and FLOAT(M,D)/DOUBLE(M,D): digits after the point. Temporal types: fsp.
  uint32_t scale = 0;
  bool is_unsigned = false;
  bool zerofill = false;  // accepted and shown; values are not padded (docs/types.md)
  std::vector<std::string> elements;  // ENUM and SET members, in declared order

  bool operator==(const SqlType& other) const = default;
};

// The type as MySQL 8's SHOW CREATE TABLE writes it: "int", "int unsigned", "tinyint(1)",
// "int(5) unsigned zerofill", "decimal(10,2)", "varchar(20)", "enum('a','b')", "bit(1)".
std::string SqlTypeText(const SqlType& type);

// The largest number of bytes a value of a string type may hold (TEXT 65535, ...), or 0 for
// types limited in characters (CHAR, VARCHAR) and non-string types.
uint64_t MaxByteLength(ColumnType type);

// How a string's collation was given, strongest first (MySQL's coercibility values).
enum class CollationDerivation : uint8_t {
  kExplicit = 0,   // COLLATE x
  kNone = 1,       // a result of two collations MySQL cannot reconcile (CONCAT of two
                   // columns of different collations): it compares only under COLLATE
  kImplicit = 2,   // a column's value, or a string function's result over one
  kCoercible = 4,  // a literal or computed string: the connection's collation
};

class Value {
 public:
  Value() = default;  // NULL
  static Value Null() { return Value(); }
  static Value Int(int64_t v) { return Value(Rep(v)); }
  // An unsigned integer, held as int64 when it fits (the canonical form above).
  static Value UInt(uint64_t v) {
    return v <= static_cast<uint64_t>(INT64_MAX) ? Int(static_cast<int64_t>(v)) : Value(Rep(v));
  }
  static Value Double(double v) { return Value(Rep(v)); }
  static Value FromDecimal(Decimal v) { return Value(Rep(std::move(v))); }
  static Value String(std::string v) { return Value(Rep(std::move(v))); }
  static Value Bool(bool v) { return Int(v ? 1 : 0); }
  // A JSON value (a JSON column's, a JSON function's result, CAST(x AS JSON)), held as its
  // canonical text (engine/types/json.h), so it reads as that string everywhere a string
  // is read; is_json() marks it for JSON functions and JSON comparison.
  static Value Json(std::string canonical_text) {
    Value v(Rep(std::move(canonical_text)));
    v.json_ = true;
    return v;
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(rep_); }
  bool is_int() const { return std::holds_alternative<int64_t>(rep_); }
  bool is_double() const { return std::holds_alternative<double>(rep_); }
  bool is_string() const { return std::holds_alternative<std::string>(rep_); }
  bool is_uint() const { return std::holds_alternative<uint64_t>(rep_); }
  bool is_decimal() const { return std::holds_alternative<Decimal>(rep_); }
  // A JSON value; is_string() is true for it as well.
  bool is_json() const { return json_; }
  // int or uint.
  bool is_integer() const { return is_int() || is_uint(); }
  bool is_numeric() const { return is_integer() || is_double() || is_decimal(); }

  // Accessors; calling the wrong one is a programming error (std::bad_variant_access).
  int64_t int_value() const { return std::get<int64_t>(rep_); }
  double double_value() const { return std::get<double>(rep_); }
  const std::string& string_value() const { return std::get<std::string>(rep_); }
  // Only values above INT64_MAX are uint; see the canonical form above.
  uint64_t uint_value() const { return std::get<uint64_t>(rep_); }
  const Decimal& decimal_value() const { return std::get<Decimal>(rep_); }
  // An integer (int or uint) as a 128-bit number.
  __int128 integer_value() const {
    return is_int() ? __int128{int_value()} : static_cast<__int128>(uint_value());
  }
  // The exact value of an integer or decimal as a Decimal (doubles and strings: nullopt).
  std::optional<Decimal> ToDecimal() const;

  // The value as MySQL's client shows it: "NULL", "42", "2.5" (doubles in their shortest
  // round-trip form), "2.50" (decimals with their scale), or the string's bytes.
  std::string ToString() const;

  // The numeric value: ints and doubles as they are; strings by MySQL's leading-number
  // rule ("12abc" -> 12, "abc" -> 0); NULL -> 0.
  double ToDouble() const;

  // Truthiness as in WHERE: NULL -> nullopt; numbers: != 0; strings: their numeric value != 0.
  std::optional<bool> ToBool() const;

  // Makes this the string `bytes`, as `*this = Value::String(std::string(bytes))` does, but
  // writing into the string it holds when it holds one: a row decoded into the same values
  // row after row allocates no string.
  void AssignString(std::string_view bytes) {
    if (std::string* s = std::get_if<std::string>(&rep_)) {
      s->assign(bytes.data(), bytes.size());
    } else {
      rep_.emplace<std::string>(bytes);
    }
    json_ = false;
    set_collation(0, CollationDerivation::kCoercible);
  }

  // The string's collation id (MySQL's ids; 0: none, the connection's collation) and its
  // derivation. Copies keep them; values computed from it do not.
  uint16_t collation_id() const { return collation_id_; }
  CollationDerivation derivation() const { return derivation_; }
  void set_collation(uint16_t id, CollationDerivation derivation) {
    collation_id_ = id;
    derivation_ = derivation;
  }

  // Exact equality of kind and value (NULL == NULL here; collations are not compared). For
  // tests and hashing, not SQL.
  bool operator==(const Value& other) const {
    return rep_ == other.rep_ && json_ == other.json_;
  }
  bool operator!=(const Value& other) const { return !(*this == other); }

 private:
  using Rep = std::variant<std::monostate, int64_t, double, std::string, uint64_t, Decimal>;
  explicit Value(Rep rep) : rep_(std::move(rep)) {}
  Rep rep_;
  bool json_ = false;
  CollationDerivation derivation_ = CollationDerivation::kCoercible;
  uint16_t collation_id_ = 0;
};

// The collation that compares `a` and `b` (strings) under MySQL's rules
// (engine/types/collation_derivation.h): binary if either is a binary string; else the one of
// stronger derivation (COLLATE over a column's over a literal's); on a tie of different
// collations a _bin one. Where MySQL raises error 1267 (an illegal mix) this picks the
// aggregation's _bin collation, or `a`'s: the evaluator's comparisons check first
// (ComparisonCollation), so only internal comparisons of such values get here.
uint16_t ComparisonCollationId(const Value& a, const Value& b);

// SQL comparison with MySQL's rules: nullopt when either side is NULL; integers and decimals
// exactly (signed against unsigned too); a double against any number as doubles; string vs
// string under ComparisonCollationId; string vs number converts the string to a double; a JSON value against
// anything with MySQL's JSON comparator (the other side converted to JSON: a string is a
// JSON string, a number a JSON number; engine/types/json.h). Returns <0, 0 or >0.
std::optional<int> CompareValues(const Value& a, const Value& b);

// Total order for sorting and grouping: NULL first (as MySQL sorts NULL lowest), then as
// CompareValues. Values in one column share a type, so this is consistent.
int CompareForSort(const Value& a, const Value& b);

// Converts `v` for storage in a column of `type`, as MySQL strict mode does. NULL stays NULL
// (the caller checks NOT NULL). Errors (INVALID_ARGUMENT with the MySQL errno):
//   - a string that is not wholly a number into a numeric column: 1366 (e.g. 'abc', '12abc');
//   - a number outside the column's range (TINYINT -128..127, INT UNSIGNED 0..4294967295,
//     DECIMAL(5,2) -999.99..999.99, FLOAT beyond 3.4e38, YEAR outside 1901..2155, ...): 1264;
//   - a string longer than the column allows: 1406 "Data too long for column 'c'" (CHAR and
//     VARCHAR count characters, BINARY/VARBINARY/TEXT/BLOB bytes); BIT overflow is 1406 too;
//   - a value that is not a member of an ENUM/SET: 1265 "Data truncated for column 'c'".
// Numbers into integer columns round half away from zero (2.5 -> 3); into DECIMAL(p,s) they
// round half away from zero to s digits. Numbers into strings use ToString(). Strings into
// numbers allow surrounding spaces ("  12 " -> 12).
absl::StatusOr<Value> CoerceToColumn(const Value& v, const SqlType& type,
                                     std::string_view column_name);

// The same for a type without length/scale/UNSIGNED details (length applies to CHAR and
// VARCHAR), as older callers have it.
absl::StatusOr<Value> CoerceToColumn(const Value& v, ColumnType type, uint32_t length,
                                     std::string_view column_name);

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_VALUE_H_
