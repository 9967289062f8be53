#include "engine/types/collation.h"

#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "engine/types/charsets.h"

namespace ordinal::engine {
namespace {

constexpr int kStrengths = 3;  // primary, secondary, tertiary

int Sign(int c) { return (c > 0) - (c < 0); }

std::string_view TrimTrailingSpaces(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// One ICU root collator per strength, opened once and never closed (ICU owns the data;
// opening is expensive). Threads use clones of their own (PerThreadCollators).
UCollator* OpenRootCollator(int strength) {
  UErrorCode status = U_ZERO_ERROR;
  UCollator* collator = ucol_open("", &status);
  if (U_FAILURE(status) || collator == nullptr) return nullptr;
  static constexpr UCollationStrength kIcuStrength[] = {UCOL_PRIMARY, UCOL_SECONDARY,
                                                        UCOL_TERTIARY};
  ucol_setStrength(collator, kIcuStrength[strength - 1]);
  return collator;
}

const UCollator* MasterCollator(int strength) {
  static const std::array<UCollator*, kStrengths> masters = {
      OpenRootCollator(1), OpenRootCollator(2), OpenRootCollator(3)};
  return masters[strength - 1];
}

// A thread's own clones of the master collators, made on first use and closed when the
// thread ends: ICU collators are cheap to clone and need no locking then.
class PerThreadCollators {
 public:
  ~PerThreadCollators() {
    for (UCollator* c : clones_) {
      if (c != nullptr) ucol_close(c);
    }
  }
  UCollator* Get(int strength) {
    UCollator*& clone = clones_[strength - 1];
    if (clone == nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      clone = ucol_clone(MasterCollator(strength), &status);
      if (U_FAILURE(status)) clone = nullptr;
    }
    return clone;
  }

 private:
  std::array<UCollator*, kStrengths> clones_{};
};

UCollator* ThreadCollator(int strength) {
  thread_local PerThreadCollators collators;
  return collators.Get(strength);
}

// The root collation's primary order of the ASCII characters, derived from ICU: rank[c]
// orders c as ICU does at primary strength (equal ranks for equal characters, such as 'a'
// and 'A'), 0 for a character ICU ignores (the control characters). Valid only when no
// ASCII character expands to several collation elements and no contraction starts with two
// ASCII characters: then ICU's primary order of two ASCII strings is the order of their rank
// sequences (CompareAsciiPrimary).
struct AsciiPrimaryOrder {
  std::array<uint16_t, 128> rank{};
  bool valid = false;
};

bool HasAsciiExpansionOrContraction(const UCollator* collator) {
  UErrorCode status = U_ZERO_ERROR;
  USet* contractions = uset_openEmpty();
  USet* expansions = uset_openEmpty();
  ucol_getContractionsAndExpansions(collator, contractions, expansions, /*addPrefixes=*/true,
                                    &status);
  bool found = U_FAILURE(status);
  for (UChar32 c = 0; !found && c < 0x80; ++c) found = uset_contains(expansions, c);
  for (int32_t i = 0; !found && i < uset_getItemCount(contractions); ++i) {
    UChar32 start = 0, end = 0;
    UChar text[32];
    UErrorCode item_status = U_ZERO_ERROR;
    const int32_t length = uset_getItem(contractions, i, &start, &end, text, 32, &item_status);
    if (U_FAILURE(item_status)) {
      found = true;
      break;
    }
    // Contractions (and prefix mappings) that start with two ASCII characters could change
    // a rank CompareAsciiPrimary reads; those that reach an ASCII one from a later non-ASCII
    // character are caught by its check of the character after.
    found = length >= 2 && text[0] < 0x80 && text[1] < 0x80;
  }
  uset_close(contractions);
  uset_close(expansions);
  return found;
}

AsciiPrimaryOrder DeriveAsciiPrimaryOrder(const UCollator* collator) {
  AsciiPrimaryOrder order;
  if (collator == nullptr || HasAsciiExpansionOrContraction(collator)) return order;
  auto compare = [collator](UChar x, UChar y) {
    return ucol_strcoll(collator, &x, 1, &y, 1);
  };
  std::vector<UChar> weighed;
  for (UChar c = 0; c < 0x80; ++c) {
    if (ucol_strcoll(collator, &c, 1, nullptr, 0) != UCOL_EQUAL) weighed.push_back(c);
  }
  std::stable_sort(weighed.begin(), weighed.end(),
                   [&](UChar x, UChar y) { return compare(x, y) == UCOL_LESS; });
  uint16_t rank = 0;
  for (size_t k = 0; k < weighed.size(); ++k) {
    if (k == 0 || compare(weighed[k - 1], weighed[k]) != UCOL_EQUAL) ++rank;
    order.rank[weighed[k]] = rank;
  }
  order.valid = true;
  return order;
}

// ICU's primary-strength order of `a` and `b` told from AsciiPrimaryOrder alone: true with
// *result set when both are ASCII up to where they differ in rank and one character past it
// (so no contraction with a later character can change that rank); false when ICU must
// decide.
bool CompareAsciiPrimary(const AsciiPrimaryOrder& order, std::string_view a, std::string_view b,
                         int* result) {
  if (!order.valid) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(a.data());
  const auto* q = reinterpret_cast<const uint8_t*>(b.data());
  const size_t m = a.size(), n = b.size();
  size_t i = 0, j = 0;
  while (true) {
    uint16_t x = 0, y = 0;
    for (; i < m; ++i) {
      if (p[i] >= 0x80) return false;
      if ((x = order.rank[p[i]]) != 0) break;
    }
    for (; j < n; ++j) {
      if (q[j] >= 0x80) return false;
      if ((y = order.rank[q[j]]) != 0) break;
    }
    if (x != y) {
      if ((i + 1 < m && p[i + 1] >= 0x80) || (j + 1 < n && q[j + 1] >= 0x80)) return false;
      *result = x < y ? -1 : 1;  // an exhausted string has rank 0 here: it sorts first
      return true;
    }
    if (x == 0) {  // both exhausted
      *result = 0;
      return true;
    }
    ++i;
    ++j;
  }
}

// The ranks of the first 8 weighed characters of `s`, a byte each (ranks are at most 128),
// then zeros past its end: the order CompareAsciiPrimary reads, when every byte up to the one
// after the last rank taken is ASCII (it checks the character after the rank that decides).
bool AsciiPrimaryPrefix(const AsciiPrimaryOrder& order, std::string_view s, uint64_t* prefix) {
  if (!order.valid) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  uint64_t bits = 0;
  int taken = 0;
  size_t i = 0;
  for (; i < n && taken < 8; ++i) {
    if (p[i] >= 0x80) return false;
    if (const uint16_t rank = order.rank[p[i]]; rank != 0) {
      bits = bits << 8 | rank;
      ++taken;
    }
  }
  if (i < n && p[i] >= 0x80) return false;
  *prefix = taken == 0 ? 0 : bits << (8 * (8 - taken));
  return true;
}

const AsciiPrimaryOrder& RootAsciiPrimaryOrder() {
  // Derived with this thread's own collator (ICU collators are not shared between threads).
  static const AsciiPrimaryOrder order = DeriveAsciiPrimaryOrder(ThreadCollator(1));
  return order;
}

// Decodes the code point at s[*i] and advances; a byte that does not start a well-formed
// sequence reads as U+FFFD and advances one byte.
UChar32 NextCodePoint(std::string_view s, size_t* i) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  const uint8_t b0 = p[*i];
  if (b0 < 0x80) {
    ++*i;
    return b0;
  }
  int length = 0;
  UChar32 cp = 0;
  UChar32 min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4, cp = b0 & 0x07, min = 0x10000;
  }
  if (length == 0 || *i + length > n) {
    ++*i;
    return 0xFFFD;
  }
  for (int k = 1; k < length; ++k) {
    const uint8_t b = p[*i + k];
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return 0xFFFD;
  }
  *i += length;
  return cp;
}

// general_ci's weight of a BMP code point: the upper case of its base letter (the first
// code point of its canonical decomposition), so 'é' and 'E' weigh as 'E'; U+00DF sharp s
// weighs as 'S'. Built once for the whole BMP.
uint16_t ComputeGeneralCiWeight(UChar32 cp, const UNormalizer2* nfd) {
  if (cp == 0xDF) return 'S';
  UChar32 base = cp;
  UChar buffer[8];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = unorm2_getDecomposition(nfd, cp, buffer, 8, &status);
  if (U_SUCCESS(status) && length > 0) {
    int32_t i = 0;
    U16_NEXT(buffer, i, length, base);
  }
  const UChar32 upper = u_toupper(base);
  return upper > 0xFFFF ? 0xFFFD : static_cast<uint16_t>(upper);
}

const std::vector<uint16_t>& GeneralCiTable() {
  static const std::vector<uint16_t>* table = [] {
    auto* t = new std::vector<uint16_t>(0x10000);
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfd = unorm2_getNFDInstance(&status);
    for (UChar32 cp = 0; cp <= 0xFFFF; ++cp) {
      (*t)[cp] = U_SUCCESS(status) ? ComputeGeneralCiWeight(cp, nfd)
                                   : static_cast<uint16_t>(u_toupper(cp) & 0xFFFF);
    }
    return t;
  }();
  return *table;
}

// Characters beyond the BMP all weigh as U+FFFD, as in MySQL's general_ci.
uint16_t GeneralCiWeight(UChar32 cp) {
  return cp > 0xFFFF ? 0xFFFD : GeneralCiTable()[cp];
}

// UTF-8 to UTF-16 for ICU's sort keys, ill-formed bytes as U+FFFD.
void ToUtf16(std::string_view s, std::vector<UChar>* out) {
  out->resize(s.size() + 1);
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(out->data(), static_cast<int32_t>(out->size()), &length, s.data(),
                       static_cast<int32_t>(s.size()), 0xFFFD, nullptr, &status);
  out->resize(U_SUCCESS(status) ? length : 0);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Collation::Kind KindOf(std::string_view name) {
  if (name == "binary" || EndsWith(name, "_bin")) return Collation::Kind::kBytes;
  if (EndsWith(name, "_general_ci")) return Collation::Kind::kGeneralCi;
  return Collation::Kind::kUca;
}

int StrengthOf(std::string_view name) {
  if (EndsWith(name, "_as_cs")) return 3;
  if (EndsWith(name, "_as_ci")) return 2;
  return 1;
}

class Registry {
 public:
  Registry() {
    for (const CollationInfo& info : Collations()) {
      collations_.emplace_back(static_cast<uint16_t>(info.id), info.name, info.charset,
                               KindOf(info.name), !info.no_pad, StrengthOf(info.name));
    }
  }
  const std::vector<Collation>& all() const { return collations_; }
  const Collation* ById(uint16_t id) const {
    if (by_id_.empty()) {
      for (const Collation& c : collations_) {
        if (c.id() >= by_id_.size()) by_id_.resize(c.id() + 1, nullptr);
        by_id_[c.id()] = &c;
      }
    }
    return id < by_id_.size() ? by_id_[id] : nullptr;
  }

 private:
  std::vector<Collation> collations_;
  mutable std::vector<const Collation*> by_id_;
};

const Registry& TheRegistry() {
  static const Registry* registry = [] {
    auto* r = new Registry();
    r->ById(0);  // builds the id table before any thread shares the registry
    return r;
  }();
  return *registry;
}

}  // namespace

Collation::Collation(uint16_t id, std::string_view name, std::string_view charset, Kind kind,
                     bool pad_space, int uca_strength)
    : id_(id),
      name_(name),
      charset_(charset),
      kind_(kind),
      pad_space_(pad_space),
      uca_strength_(uca_strength) {}

int Collation::Compare(std::string_view a, std::string_view b) const {
  if (pad_space_) {
    a = TrimTrailingSpaces(a);
    b = TrimTrailingSpaces(b);
  }
  switch (kind_) {
    case Kind::kBytes: return Sign(a.compare(b));
    case Kind::kGeneralCi: return CompareGeneralCi(a, b);
    case Kind::kUca: {
      int ascii_result = 0;
      if (uca_strength_ == 1 &&
          CompareAsciiPrimary(RootAsciiPrimaryOrder(), a, b, &ascii_result)) {
        return ascii_result;
      }
      UCollator* collator = ThreadCollator(uca_strength_);
      if (collator == nullptr) return Sign(a.compare(b));
      UErrorCode status = U_ZERO_ERROR;
      const UCollationResult r =
          ucol_strcollUTF8(collator, a.data(), static_cast<int32_t>(a.size()), b.data(),
                           static_cast<int32_t>(b.size()), &status);
      if (U_FAILURE(status)) return Sign(a.compare(b));
      return r == UCOL_LESS ? -1 : (r == UCOL_GREATER ? 1 : 0);
    }
  }
  return Sign(a.compare(b));
}

bool Collation::OrderPrefix(std::string_view s, uint64_t* prefix) const {
  if (pad_space_) s = TrimTrailingSpaces(s);
  switch (kind_) {
    case Kind::kBytes: {
      uint64_t bits = 0;
      for (size_t k = 0; k < 8; ++k) {
        bits = bits << 8 | (k < s.size() ? static_cast<uint8_t>(s[k]) : 0);
      }
      *prefix = bits;
      return true;
    }
    case Kind::kUca:
      return uca_strength_ == 1 && AsciiPrimaryPrefix(RootAsciiPrimaryOrder(), s, prefix);
    case Kind::kGeneralCi:
      return false;
  }
  return false;
}

int Collation::CompareGeneralCi(std::string_view a, std::string_view b) const {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const uint16_t x = GeneralCiWeight(NextCodePoint(a, &i));
    const uint16_t y = GeneralCiWeight(NextCodePoint(b, &j));
    if (x != y) return x < y ? -1 : 1;
  }
  return (i < a.size()) - (j < b.size());
}

void Collation::AppendGeneralCiWeights(std::string_view s, std::string* out) const {
  size_t i = 0;
  while (i < s.size()) {
    const uint16_t w = GeneralCiWeight(NextCodePoint(s, &i));
    out->push_back(static_cast<char>(w >> 8));
    out->push_back(static_cast<char>(w & 0xFF));
  }
}

void Collation::AppendWeights(std::string_view s, std::string* out) const {
  if (pad_space_) s = TrimTrailingSpaces(s);
  switch (kind_) {
    case Kind::kBytes:
      out->append(s);
      return;
    case Kind::kGeneralCi:
      AppendGeneralCiWeights(s, out);
      return;
    case Kind::kUca: {
      UCollator* collator = ThreadCollator(uca_strength_);
      if (collator == nullptr) {
        out->append(s);
        return;
      }
      thread_local std::vector<UChar> utf16;
      ToUtf16(s, &utf16);
      const size_t start = out->size();
      int32_t capacity = static_cast<int32_t>(utf16.size() * 4 + 16);
      while (true) {
        out->resize(start + capacity);
        const int32_t length = ucol_getSortKey(
            collator, utf16.data(), static_cast<int32_t>(utf16.size()),
            reinterpret_cast<uint8_t*>(out->data() + start), capacity);
        if (length <= capacity) {
          // The key ends with one 0x00, which only terminates it.
          out->resize(start + (length > 0 ? length - 1 : 0));
          return;
        }
        capacity = length;
      }
    }
  }
}

namespace {

// "utf8" and "utf8_..." are MySQL 8's aliases of utf8mb3.
std::string Unalias(std::string_view name) {
  std::string lower = absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  if (lower == "utf8" || lower.rfind("utf8_", 0) == 0) lower.insert(4, "mb3");
  return lower;
}

}  // namespace

const Collation* FindCollation(std::string_view name) {
  if (name.empty()) return nullptr;
  const std::string wanted = Unalias(name);
  for (const Collation& c : TheRegistry().all()) {
    if (c.name() == wanted) return &c;
  }
  return nullptr;
}

const Collation* FindCollationById(uint16_t id) { return TheRegistry().ById(id); }

const Collation* DefaultCollationOf(std::string_view charset) {
  const std::string wanted = Unalias(charset);
  for (const CharsetInfo& info : Charsets()) {
    if (info.name == wanted) return FindCollation(info.default_collation);
  }
  return nullptr;
}

const Collation& BinaryCollation() {
  static const Collation* binary = FindCollationById(kBinaryCollationId);
  return *binary;
}

namespace {
thread_local uint16_t connection_collation_id = kUtf8mb4DefaultCollationId;
}  // namespace

uint16_t ConnectionCollationId() { return connection_collation_id; }

ScopedConnectionCollation::ScopedConnectionCollation(uint16_t id)
    : saved_(connection_collation_id) {
  if (FindCollationById(id) != nullptr) connection_collation_id = id;
}

ScopedConnectionCollation::~ScopedConnectionCollation() { connection_collation_id = saved_; }

const Collation& DefaultCollation() {
  static const Collation* collation = FindCollationById(kUtf8mb4DefaultCollationId);
  return *collation;
}

}  // namespace ordinal::engine
