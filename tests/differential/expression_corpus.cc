#include "tests/differential/expression_corpus.h"

#include <random>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ordinal::differential {
namespace {

// What an argument position takes.
enum class Kind {
  kAny,       // any value
  kString,    // a string (or an expression giving one)
  kInt,       // an integer, edges included
  kSmallInt,  // a count that keeps results short (-3..20)
  kNumber,    // integers, decimals, doubles
  kDate,      // a date, datetime or time text
  kFormat,    // a DATE_FORMAT pattern
  kBase,      // a CONV base
  kShaBits,   // SHA2's length
};

struct Shape {
  std::string_view name;  // function, or an operator written as "a OP b" when it has a space
  std::vector<Kind> args;
};

const std::vector<Shape>& Shapes() {
  using K = Kind;
  static const std::vector<Shape> shapes = {
      {"CONCAT", {K::kAny, K::kAny}}, {"CONCAT", {K::kString, K::kAny, K::kString}},
      {"CONCAT_WS", {K::kString, K::kAny, K::kAny}}, {"LENGTH", {K::kAny}},
      {"CHAR_LENGTH", {K::kAny}}, {"UPPER", {K::kString}}, {"LOWER", {K::kString}},
      {"SUBSTRING", {K::kString, K::kInt}}, {"SUBSTRING", {K::kString, K::kInt, K::kInt}},
      {"SUBSTRING_INDEX", {K::kString, K::kString, K::kInt}}, {"LEFT", {K::kString, K::kInt}},
      {"RIGHT", {K::kString, K::kInt}}, {"LPAD", {K::kString, K::kSmallInt, K::kString}},
      {"RPAD", {K::kString, K::kSmallInt, K::kString}}, {"TRIM", {K::kString}},
      {"LTRIM", {K::kString}}, {"RTRIM", {K::kString}},
      {"REPLACE", {K::kString, K::kString, K::kString}}, {"REVERSE", {K::kString}},
      {"REPEAT", {K::kString, K::kSmallInt}}, {"LOCATE", {K::kString, K::kString}},
      {"LOCATE", {K::kString, K::kString, K::kInt}}, {"INSTR", {K::kString, K::kString}},
      {"FIND_IN_SET", {K::kString, K::kString}}, {"FIELD", {K::kAny, K::kAny, K::kAny}},
      {"ELT", {K::kInt, K::kString, K::kString, K::kString}}, {"ASCII", {K::kAny}},
      {"ORD", {K::kString}}, {"HEX", {K::kAny}}, {"UNHEX", {K::kString}},
      {"FORMAT", {K::kNumber, K::kSmallInt}}, {"QUOTE", {K::kAny}}, {"SPACE", {K::kSmallInt}},
      {"STRCMP", {K::kString, K::kString}}, {"INSERT", {K::kString, K::kInt, K::kInt, K::kString}},
      {"BIN", {K::kInt}}, {"OCT", {K::kInt}}, {"CONV", {K::kAny, K::kBase, K::kBase}},
      {"MD5", {K::kAny}}, {"SHA1", {K::kAny}}, {"SHA2", {K::kAny, K::kShaBits}},
      {"CRC32", {K::kAny}}, {"ABS", {K::kNumber}}, {"SIGN", {K::kNumber}},
      {"ROUND", {K::kNumber}}, {"ROUND", {K::kNumber, K::kSmallInt}},
      {"TRUNCATE", {K::kNumber, K::kSmallInt}}, {"FLOOR", {K::kNumber}}, {"CEIL", {K::kNumber}},
      {"MOD", {K::kNumber, K::kNumber}}, {"POW", {K::kNumber, K::kSmallInt}},
      {"SQRT", {K::kNumber}}, {"LN", {K::kNumber}}, {"LOG10", {K::kNumber}},
      {"LOG", {K::kNumber, K::kNumber}}, {"GREATEST", {K::kNumber, K::kNumber}},
      {"LEAST", {K::kString, K::kString}}, {"IF", {K::kAny, K::kAny, K::kAny}},
      {"IFNULL", {K::kAny, K::kAny}}, {"NULLIF", {K::kAny, K::kAny}},
      {"COALESCE", {K::kAny, K::kAny, K::kAny}}, {"DATE", {K::kDate}}, {"YEAR", {K::kDate}},
      {"MONTH", {K::kDate}}, {"DAYOFWEEK", {K::kDate}}, {"DAYOFYEAR", {K::kDate}},
      {"LAST_DAY", {K::kDate}}, {"DATEDIFF", {K::kDate, K::kDate}}, {"TO_DAYS", {K::kDate}},
      {"DATE_FORMAT", {K::kDate, K::kFormat}}, {"TIME_TO_SEC", {K::kDate}},
      {"+", {K::kNumber, K::kNumber}}, {"-", {K::kNumber, K::kNumber}},
      {"*", {K::kNumber, K::kNumber}}, {"/", {K::kNumber, K::kNumber}},
      {"DIV", {K::kNumber, K::kNumber}}, {"=", {K::kAny, K::kAny}}, {"<", {K::kAny, K::kAny}},
      {"<=>", {K::kAny, K::kAny}}, {"LIKE", {K::kString, K::kString}},
  };
  return shapes;
}

constexpr std::string_view kStrings[] = {
    "''", "'a'", "'abc'", "'Hello World'", "'foo,bar,baz'", "'www.mysql.com'", "'  padded  '",
    "'x€y'", "'日本語'", "'ABCabc'", "'123'", "'12abc'", "'-7'", "'b'", "'MySQL'", "','",
    "'.'", "'bar'", "'4D7953514C'", "'a%'", "'%c'", "'xx'", "'1e3'", "'0'",
};
constexpr std::string_view kInts[] = {
    "0", "1", "-1", "2", "3", "5", "-3", "10", "100", "255", "65536", "2147483647",
    "-2147483648", "9223372036854775807", "18446744073709551615", "4", "7", "-10",
};
constexpr std::string_view kNumbers[] = {
    "0.5", "1.5", "2.5", "-2.5", "1.005", "123.456", "-0.001", "99999.99", "1e0", "2.5e0",
    "-3.75e0", "1.5e10", "0", "1", "-7", "42", "1000000", "3.14159",
};
constexpr std::string_view kDates[] = {
    "'2024-01-31'", "'2023-02-28 13:45:59'", "'1999-12-31 23:59:59'", "'2024-02-29'",
    "'2000-01-01'", "'2024-12-31 00:00:01'", "'1970-01-01'", "20240131", "'2024-1-5'",
};
constexpr std::string_view kFormats[] = {
    "'%Y-%m-%d'", "'%W %M %Y'", "'%H:%i:%s'", "'%j %a %b %e'", "'%y%c%d %p'",
};
constexpr std::string_view kBases[] = {"2", "8", "10", "16", "36", "-10", "-16"};
constexpr std::string_view kShaBits[] = {"224", "256", "384", "512", "0"};

class Generator {
 public:
  explicit Generator(uint64_t seed) : random_(seed) {}

  std::string Expression(int depth) {
    const std::vector<Shape>& shapes = Shapes();
    const Shape& shape = shapes[Below(shapes.size())];
    std::vector<std::string> args;
    for (Kind kind : shape.args) args.push_back(Argument(kind, depth));
    if (shape.name.find_first_not_of("+-*/=<>") == std::string_view::npos ||
        shape.name == "DIV" || shape.name == "LIKE") {
      return absl::StrCat("(", args[0], " ", std::string(shape.name), " ", args[1], ")");
    }
    return absl::StrCat(std::string(shape.name), "(", absl::StrJoin(args, ", "), ")");
  }

 private:
  size_t Below(size_t n) { return static_cast<size_t>(random_() % n); }
  template <size_t N>
  std::string Pick(const std::string_view (&items)[N]) {
    return std::string(items[Below(N)]);
  }

  std::string Argument(Kind kind, int depth) {
    if (Below(25) == 0) return "NULL";
    if (depth < 2 && (kind == Kind::kAny || kind == Kind::kString || kind == Kind::kNumber) &&
        Below(5) == 0) {
      return Expression(depth + 1);
    }
    switch (kind) {
      case Kind::kAny: {
        const size_t which = Below(3);
        return which == 0 ? Pick(kStrings) : which == 1 ? Pick(kInts) : Pick(kNumbers);
      }
      case Kind::kString: return Pick(kStrings);
      case Kind::kInt: return Pick(kInts);
      case Kind::kSmallInt: return std::to_string(static_cast<int>(Below(24)) - 3);
      case Kind::kNumber: return Below(2) == 0 ? Pick(kNumbers) : Pick(kInts);
      case Kind::kDate: return Pick(kDates);
      case Kind::kFormat: return Pick(kFormats);
      case Kind::kBase: return Pick(kBases);
      case Kind::kShaBits: return Pick(kShaBits);
    }
    return "NULL";
  }

  std::mt19937_64 random_;
};

}  // namespace

std::vector<std::string> GenerateExpressions(uint64_t seed, size_t count) {
  Generator generator(seed);
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(generator.Expression(0));
  return out;
}

}  // namespace ordinal::differential
