#include "engine/exec/group_concat.h"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "engine/exec/evaluator.h"
#include "engine/functions/session_context.h"

namespace ordinal::engine::exec {
namespace {

constexpr int kCutByGroupConcat = 1260;  // ER_CUT_VALUE_GROUP_CONCAT (a warning)

std::string TextOf(const Value& v) { return v.is_string() ? v.string_value() : v.ToString(); }

// Whether `s` is well-formed UTF-8 (then a cut must not split a character).
bool IsUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80           ? 1
                     : (c >> 5) == 0x6  ? 2
                     : (c >> 4) == 0xE  ? 3
                     : (c >> 3) == 0x1E ? 4
                                        : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// `text` cut to `max_length` bytes, not inside a UTF-8 character.
std::string Cut(std::string text, uint64_t max_length) {
  if (text.size() <= max_length) return text;
  const bool utf8 = IsUtf8(text);
  size_t end = max_length;
  while (utf8 && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

void WarnCut(uint64_t row) {
  if (functions::SessionContext* session = functions::CurrentSessionContext()) {
    session->Warn(kCutByGroupConcat, absl::StrCat("Row ", row, " was cut by GROUP_CONCAT()"));
  }
}

// Whether entry `a` sorts before entry `b` by the ORDER BY keys.
bool EntryLess(const sql::Expr& call, const GroupConcatState::Entry& a,
               const GroupConcatState::Entry& b) {
  for (size_t i = 0; i < a.keys.size(); ++i) {
    const int c = CompareForSort(a.keys[i], b.keys[i]);
    if (c != 0) return call.order_descending[i] ? c > 0 : c < 0;
  }
  return false;
}

}  // namespace

bool GroupConcatTupleLess::operator()(const std::vector<Value>& a,
                                      const std::vector<Value>& b) const {
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(),
      [](const Value& x, const Value& y) { return CompareForSort(x, y) < 0; });
}

absl::StatusOr<bool> GroupConcatAdd(const sql::Expr& call, uint64_t max_length,
                                    GroupConcatState& state, const std::vector<Value>& row) {
  const size_t n = call.argument_count();
  std::vector<Value> values(n);
  for (size_t i = 0; i < n; ++i) {
    ORDINAL_ASSIGN_OR_RETURN(values[i], Evaluate(*call.children[i], row));
    if (values[i].is_null()) return false;
  }
  if (call.distinct && !state.seen.insert(values).second) return false;
  std::string text;
  for (const Value& v : values) text += TextOf(v);
  if (!call.order_descending.empty()) {
    GroupConcatState::Entry entry{std::vector<Value>(call.children.size() - n), std::move(text)};
    for (size_t i = n; i < call.children.size(); ++i) {
      ORDINAL_ASSIGN_OR_RETURN(entry.keys[i - n], Evaluate(*call.children[i], row));
    }
    state.entries.push_back(std::move(entry));
    return true;
  }
  ++state.rows;
  if (state.cut_at_row != 0) return true;  // already full: later rows are dropped
  if (state.rows > 1) state.text += call.separator;
  state.text += text;
  if (state.text.size() > max_length) state.cut_at_row = state.rows;
  return true;
}

Value GroupConcatFinish(const sql::Expr& call, uint64_t max_length, const GroupConcatState& state) {
  if (call.order_descending.empty()) {
    if (state.cut_at_row == 0) return Value::String(state.text);
    WarnCut(state.cut_at_row);
    return Value::String(Cut(state.text, max_length));
  }
  std::vector<size_t> order(state.entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return EntryLess(call, state.entries[a], state.entries[b]);
  });
  std::string text;
  for (size_t i = 0; i < order.size(); ++i) {
    if (i > 0) text += call.separator;
    text += state.entries[order[i]].text;
    if (text.size() > max_length) {
      WarnCut(i + 1);
      return Value::String(Cut(std::move(text), max_length));
    }
  }
  return Value::String(std::move(text));
}

}  // namespace ordinal::engine::exec
