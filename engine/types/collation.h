// Collations: how strings compare, sort and group. One Collation per name MySQL knows
// (engine/types/charsets.h lists the names); each has a three-way Compare and a weight
// string whose bytewise order is Compare's order, used by index keys and hashing.
//
// Implementations (docs/collations.md):
//   - UCA collations (utf8mb4_0900_ai_ci, _0900_as_ci, _0900_as_cs, utf8mb4_unicode_ci,
//     utf8mb4_unicode_520_ci, utf8mb3_unicode_ci): an ICU collator of the root locale at
//     primary (ai_ci), secondary (as_ci) or tertiary (as_cs) strength. The 0900 ones are NO
//     PAD (a trailing space counts); the older ones PAD SPACE. At primary strength, ASCII
//     strings compare from ICU's primary order of the ASCII characters (taken from ICU at
//     first use); ICU itself decides wherever a non-ASCII character could change the answer.
//   - general_ci (utf8mb4_, utf8mb3_, ascii_, latin1_): each code point folded to upper case
//     by Unicode's simple mapping (U+00DF sharp s weighs as 'S', characters beyond the BMP
//     as U+FFFD, as MySQL does), PAD SPACE.
//   - bin (utf8mb4_bin, ...): bytes, which for UTF-8 is code point order, PAD SPACE.
//   - utf8mb4_0900_bin and binary: bytes, NO PAD.
//
// PAD SPACE here means trailing spaces are ignored: 'a' = 'a  '. MySQL pads the shorter
// string with spaces instead, which differs only when a character below the space (a
// control character) follows: MySQL has 'a\t' < 'a', we have 'a' < 'a\t'.
//
// Thread safety: every function and Collation method may be called from any thread.
#ifndef ORDINAL_ENGINE_TYPES_COLLATION_H_
#define ORDINAL_ENGINE_TYPES_COLLATION_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace ordinal::engine {

// MySQL's collation ids (SHOW COLLATION's Id), the ones the server reports on the wire.
inline constexpr uint16_t kBinaryCollationId = 63;
inline constexpr uint16_t kUtf8mb4BinCollationId = 46;
// Bytes, NO PAD: what every character column was before collations existed.
inline constexpr uint16_t kUtf8mb40900BinCollationId = 309;
inline constexpr uint16_t kUtf8mb4GeneralCiCollationId = 45;
inline constexpr uint16_t kUtf8mb4DefaultCollationId = 255;  // utf8mb4_0900_ai_ci

class Collation {
 public:
  enum class Kind { kBytes, kGeneralCi, kUca };

  // Describes a collation; the registry below is the only place that makes them.
  Collation(uint16_t id, std::string_view name, std::string_view charset, Kind kind,
            bool pad_space, int uca_strength);

  uint16_t id() const { return id_; }
  const std::string& name() const { return name_; }
  const std::string& charset() const { return charset_; }
  bool pad_space() const { return pad_space_; }
  // True when Compare is plain byte order (binary, utf8mb4_0900_bin): weights are the
  // string itself.
  bool is_bytewise() const { return kind_ == Kind::kBytes && !pad_space_; }
  // The _bin collations and binary: case- and accent-sensitive, no folding.
  bool is_binary_order() const { return kind_ == Kind::kBytes; }

  // <0, 0 or >0. Strings are UTF-8; bytes that are not valid UTF-8 compare as U+FFFD in the
  // UCA and general_ci collations. Allocates nothing for strings up to a few hundred bytes.
  int Compare(std::string_view a, std::string_view b) const;

  // Appends the weight string of `s`: for every a, b, bytewise order of the weight strings
  // equals Compare(a, b) (equal weights exactly when Compare is 0). Weights may hold any
  // byte, 0x00 included (the key codec escapes it). They cannot be turned back into `s`.
  void AppendWeights(std::string_view s, std::string* out) const;

  // The leading part of Compare's order as a number, where it is cheap to tell: for strings
  // a and b with prefixes pa and pb, pa < pb implies Compare(a, b) < 0 (equal prefixes tell
  // nothing). The bytewise collations give their first 8 bytes (after PAD SPACE trimming);
  // primary-strength UCA collations the ICU primary ranks of the first 8 weighed ASCII
  // characters. False when there is none: other collations, or a UCA string with a
  // non-ASCII character within them or right after them. Sorts compare these first
  // (engine/exec/sort_prefix.h).
  bool OrderPrefix(std::string_view s, uint64_t* prefix) const;

 private:
  int CompareGeneralCi(std::string_view a, std::string_view b) const;
  void AppendGeneralCiWeights(std::string_view s, std::string* out) const;

  uint16_t id_;
  std::string name_;
  std::string charset_;
  Kind kind_;
  bool pad_space_;
  int uca_strength_;  // 1 primary, 2 secondary, 3 tertiary (kUca only)
};

// The collation named `name` (any case), or nullptr when the server does not know it.
const Collation* FindCollation(std::string_view name);
// The collation with MySQL id `id`, or nullptr.
const Collation* FindCollationById(uint16_t id);
// A character set's default collation (utf8mb4 -> utf8mb4_0900_ai_ci), or nullptr.
const Collation* DefaultCollationOf(std::string_view charset);

const Collation& BinaryCollation();
const Collation& DefaultCollation();  // utf8mb4_0900_ai_ci

// The collation of string literals and of strings no column gave a collation to: the
// session's @@collation_connection while one of its statements runs on this thread
// (ScopedConnectionCollation), else utf8mb4_0900_ai_ci.
uint16_t ConnectionCollationId();

// Sets this thread's connection collation for its lifetime (an unknown id leaves it).
class ScopedConnectionCollation {
 public:
  explicit ScopedConnectionCollation(uint16_t id);
  ~ScopedConnectionCollation();
  ScopedConnectionCollation(const ScopedConnectionCollation&) = delete;
  ScopedConnectionCollation& operator=(const ScopedConnectionCollation&) = delete;

 private:
  uint16_t saved_;
};

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_TYPES_COLLATION_H_
