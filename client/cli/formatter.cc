#include "client/cli/formatter.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace ordinal::cli {
namespace {

std::string Border(const std::vector<size_t>& widths) {
  std::string line = "+";
  for (size_t width : widths) {
    line.append(width + 2, '-');
    line += '+';
  }
  line += '\n';
  return line;
}

// `text` padded to `width` characters, on the left when `right_align`.
std::string Pad(std::string_view text, size_t width, bool right_align) {
  size_t shown = DisplayWidth(text);
  std::string padding(width > shown ? width - shown : 0, ' ');
  return right_align ? padding + std::string(text) : std::string(text) + padding;
}

std::string TableLine(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                      const std::vector<bool>& right_align) {
  std::string line = "|";
  for (size_t i = 0; i < cells.size(); ++i) {
    line += ' ';
    line += Pad(cells[i], widths[i], right_align[i]);
    line += " |";
  }
  line += '\n';
  return line;
}

// Numeric columns are right-aligned. A column of unnamed type (an expression) counts as
// numeric when every value in it is a number.
bool RightAligned(const ResultSet& result, size_t column) {
  ColumnType type = result.columns[column].type;
  if (type != ColumnType::kUnspecified) return IsNumericType(type);
  bool any_number = false;
  for (const Row& row : result.rows) {
    if (column >= row.size() || row[column].is_null()) continue;
    if (row[column].is_string()) return false;
    any_number = true;
  }
  return any_number;
}

std::string CellText(const Row& row, size_t column) {
  return column < row.size() ? row[column].ToString() : "NULL";
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  // Every byte that is not a UTF-8 continuation byte starts a character.
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::string FormatTable(const ResultSet& result) {
  if (!result.has_rows || result.columns.empty()) return "";
  size_t n = result.columns.size();
  std::vector<size_t> widths(n);
  std::vector<bool> right_align(n);
  std::vector<std::string> names(n);
  for (size_t i = 0; i < n; ++i) {
    names[i] = result.columns[i].name;
    widths[i] = DisplayWidth(names[i]);
    right_align[i] = RightAligned(result, i);
  }
  std::vector<std::vector<std::string>> cells;
  cells.reserve(result.rows.size());
  for (const Row& row : result.rows) {
    std::vector<std::string> line(n);
    for (size_t i = 0; i < n; ++i) {
      line[i] = CellText(row, i);
      widths[i] = std::max(widths[i], DisplayWidth(line[i]));
    }
    cells.push_back(std::move(line));
  }
  std::string border = Border(widths);
  std::string out = border;
  out += TableLine(names, widths, std::vector<bool>(n, false));
  out += border;
  if (cells.empty()) return out;
  for (const auto& line : cells) out += TableLine(line, widths, right_align);
  out += border;
  return out;
}

std::string FormatVertical(const ResultSet& result) {
  if (!result.has_rows) return "";
  size_t name_width = 0;
  for (const Column& column : result.columns) {
    name_width = std::max(name_width, DisplayWidth(column.name));
  }
  std::string out;
  for (size_t r = 0; r < result.rows.size(); ++r) {
    out += "*************************** " + std::to_string(r + 1) +
           ". row ***************************\n";
    for (size_t i = 0; i < result.columns.size(); ++i) {
      out +=
          Pad(result.columns[i].name, name_width, true) + ": " + CellText(result.rows[r], i) + "\n";
    }
  }
  return out;
}

std::string EscapeBatchValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\0':
        out += "\\0";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatBatch(const ResultSet& result, bool column_names) {
  if (!result.has_rows) return "";
  std::string out;
  if (column_names) {
    for (size_t i = 0; i < result.columns.size(); ++i) {
      if (i > 0) out += '\t';
      out += result.columns[i].name;
    }
    out += '\n';
  }
  for (const Row& row : result.rows) {
    for (size_t i = 0; i < result.columns.size(); ++i) {
      if (i > 0) out += '\t';
      out += i < row.size() && !row[i].is_null() ? EscapeBatchValue(row[i].ToString()) : "NULL";
    }
    out += '\n';
  }
  return out;
}

std::string FormatElapsed(double seconds) {
  char buffer[64];
  if (seconds >= 60) {
    int minutes = static_cast<int>(seconds / 60);
    std::snprintf(buffer, sizeof(buffer), "(%d min %.2f sec)", minutes, seconds - minutes * 60);
  } else {
    std::snprintf(buffer, sizeof(buffer), "(%.2f sec)", seconds);
  }
  return buffer;
}

std::string FormatSummary(const ResultSet& result, double seconds) {
  std::string elapsed = FormatElapsed(seconds);
  if (result.has_rows) {
    size_t n = result.rows.size();
    if (n == 0) return "Empty set " + elapsed + "\n";
    return std::to_string(n) + (n == 1 ? " row" : " rows") + " in set " + elapsed + "\n";
  }
  uint64_t n = result.rows_affected;
  std::string out = "Query OK, " + std::to_string(n) + (n == 1 ? " row" : " rows") + " affected " +
                    elapsed + "\n";
  if (!result.info.empty()) out += result.info + "\n";
  return out;
}

}  // namespace ordinal::cli
