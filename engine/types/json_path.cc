// JSON path parsing and evaluation (json_path.h).
#include "engine/types/json_path.h"

#include <algorithm>
#include <charconv>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/sql_error.h"

namespace ordinal::engine {
namespace {

bool IsIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}
bool IsIdentPart(unsigned char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class PathParser {
 public:
  explicit PathParser(std::string_view text) : text_(text) {}

  absl::StatusOr<JsonPath> Parse() {
    JsonPath path;
    SkipSpace();
    if (At(pos_) != '$') return Error();
    ++pos_;
    SkipSpace();
    while (pos_ < text_.size()) {
      JsonPathLeg leg;
      if (!ParseLeg(&leg)) return Error();
      path.legs.push_back(std::move(leg));
      SkipSpace();
    }
    if (!path.legs.empty() && path.legs.back().kind == JsonPathLeg::Kind::kEllipsis) {
      return Error();
    }
    return path;
  }

 private:
  char At(size_t p) const { return p < text_.size() ? text_[p] : '\0'; }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  absl::Status Error() const {
    return SqlError(absl::StatusCode::kInvalidArgument, MysqlErrno::kInvalidJsonPath,
                    absl::StrCat("Invalid JSON path expression. The error is around character "
                                 "position ", std::min(pos_ + 1, text_.size()), "."));
  }

  bool ParseLeg(JsonPathLeg* leg) {
    if (At(pos_) == '.') {
      ++pos_;
      SkipSpace();
      return ParseMember(leg);
    }
    if (At(pos_) == '[') {
      ++pos_;
      SkipSpace();
      return ParseCell(leg);
    }
    if (At(pos_) == '*' && At(pos_ + 1) == '*') {
      pos_ += 2;
      if (At(pos_) == '*') return false;
      leg->kind = JsonPathLeg::Kind::kEllipsis;
      return true;
    }
    return false;
  }

  bool ParseMember(JsonPathLeg* leg) {
    if (At(pos_) == '*') {
      ++pos_;
      leg->kind = JsonPathLeg::Kind::kMemberWildcard;
      return true;
    }
    leg->kind = JsonPathLeg::Kind::kMember;
    if (At(pos_) == '"') return ParseQuotedKey(&leg->key);
    if (!IsIdentStart(static_cast<unsigned char>(At(pos_)))) return false;
    const size_t start = pos_;
    while (pos_ < text_.size() && IsIdentPart(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    leg->key = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  // A double-quoted key with JSON string escapes.
  bool ParseQuotedKey(std::string* key) {
    size_t end = pos_ + 1;
    while (end < text_.size() && text_[end] != '"') end += text_[end] == '\\' ? 2 : 1;
    if (end >= text_.size()) return false;
    std::optional<JsonValue> s = ParseJsonText(text_.substr(pos_, end + 1 - pos_));
    if (!s || !s->is_string()) return false;
    *key = s->string_value();
    pos_ = end + 1;
    return true;
  }

  bool ParseIndex(JsonArrayIndex* index) {
    if (text_.substr(pos_, 4) == "last") {
      pos_ += 4;
      index->from_end = true;
      SkipSpace();
      if (At(pos_) != '-') return true;
      ++pos_;
      SkipSpace();
    }
    const size_t start = pos_;
    while (IsDigit(At(pos_))) ++pos_;
    if (pos_ == start) return false;
    const char* begin = text_.data() + start;
    auto [ptr, ec] = std::from_chars(begin, text_.data() + pos_, index->n);
    // MySQL limits array indexes to 32 bits.
    return ec == std::errc() && index->n <= UINT32_MAX;
  }

  bool ParseCell(JsonPathLeg* leg) {
    if (At(pos_) == '*') {
      ++pos_;
      leg->kind = JsonPathLeg::Kind::kCellWildcard;
    } else {
      if (!ParseIndex(&leg->from)) return false;
      leg->kind = JsonPathLeg::Kind::kCell;
      SkipSpace();
      if (text_.substr(pos_, 2) == "to") {
        pos_ += 2;
        SkipSpace();
        if (!ParseIndex(&leg->to)) return false;
        leg->kind = JsonPathLeg::Kind::kRange;
      }
    }
    SkipSpace();
    if (At(pos_) != ']') return false;
    ++pos_;
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

using Matches = std::vector<const JsonValue*>;

void AddDescendants(const JsonValue* v, Matches* out) {
  out->push_back(v);
  if (v->is_array()) {
    for (const JsonValue& e : v->elements()) AddDescendants(&e, out);
  } else if (v->is_object()) {
    for (const JsonValue::Member& m : v->members()) AddDescendants(&m.second, out);
  }
}

// The values one leg selects below `v`.
void ApplyLeg(const JsonPathLeg& leg, const JsonValue* v, Matches* out) {
  switch (leg.kind) {
    case JsonPathLeg::Kind::kMember:
      if (v->is_object()) {
        if (const JsonValue* m = v->Find(leg.key)) out->push_back(m);
      }
      return;
    case JsonPathLeg::Kind::kMemberWildcard:
      if (v->is_object()) {
        for (const JsonValue::Member& m : v->members()) out->push_back(&m.second);
      }
      return;
    case JsonPathLeg::Kind::kCellWildcard:
      if (v->is_array()) {
        for (const JsonValue& e : v->elements()) out->push_back(&e);
      }
      return;
    case JsonPathLeg::Kind::kCell:
    case JsonPathLeg::Kind::kRange: {
      const uint64_t size = v->is_array() ? v->elements().size() : 1;
      const auto element = [&](uint64_t i) { return v->is_array() ? &v->elements()[i] : v; };
      std::optional<uint64_t> from = leg.from.Resolve(size);
      if (leg.kind == JsonPathLeg::Kind::kCell) {
        if (from && *from < size) out->push_back(element(*from));
        return;
      }
      std::optional<uint64_t> to = leg.to.Resolve(size);
      if (!to) return;
      const uint64_t start = from.value_or(0);
      const uint64_t end = std::min(*to, size - 1);
      for (uint64_t i = start; i <= end && i < size; ++i) out->push_back(element(i));
      return;
    }
    case JsonPathLeg::Kind::kEllipsis:
      AddDescendants(v, out);
      return;
  }
}

bool IsIdentifier(std::string_view key) {
  if (key.empty() || !IsIdentStart(static_cast<unsigned char>(key[0]))) return false;
  return std::all_of(key.begin(), key.end(),
                     [](char c) { return IsIdentPart(static_cast<unsigned char>(c)); });
}

}  // namespace

std::optional<uint64_t> JsonArrayIndex::Resolve(uint64_t size) const {
  if (!from_end) return n;
  if (size == 0 || n > size - 1) return std::nullopt;
  return size - 1 - n;
}

bool JsonPath::HasWildcard() const {
  return std::any_of(legs.begin(), legs.end(), [](const JsonPathLeg& leg) {
    return leg.kind == JsonPathLeg::Kind::kMemberWildcard ||
           leg.kind == JsonPathLeg::Kind::kCellWildcard ||
           leg.kind == JsonPathLeg::Kind::kEllipsis || leg.kind == JsonPathLeg::Kind::kRange;
  });
}

absl::StatusOr<JsonPath> ParseJsonPath(std::string_view text) {
  return PathParser(text).Parse();
}

std::vector<const JsonValue*> SeekJson(const JsonValue& doc, const JsonPath& path) {
  Matches current{&doc};
  for (const JsonPathLeg& leg : path.legs) {
    Matches next;
    for (const JsonValue* v : current) ApplyLeg(leg, v, &next);
    if (leg.kind == JsonPathLeg::Kind::kEllipsis || path.HasWildcard()) {
      absl::flat_hash_set<const JsonValue*> seen;
      Matches unique;
      for (const JsonValue* v : next) {
        if (seen.insert(v).second) unique.push_back(v);
      }
      next = std::move(unique);
    }
    current = std::move(next);
    if (current.empty()) break;
  }
  return current;
}

std::string JsonPathMemberText(std::string_view key) {
  if (IsIdentifier(key)) return absl::StrCat(".", std::string(key));
  return absl::StrCat(".", QuoteJsonString(key));
}

}  // namespace ordinal::engine
