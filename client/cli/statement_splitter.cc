#include "client/cli/statement_splitter.h"

#include <cctype>

namespace ordinal::cli {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// `--` starts a comment only when followed by whitespace or the end of the line (MySQL).
bool IsDashComment(std::string_view line, size_t i) {
  return line.compare(i, 2, "--") == 0 && (i + 2 == line.size() || IsSpace(line[i + 2]));
}

}  // namespace

std::string_view TrimWhitespace(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size() && IsSpace(text[begin])) ++begin;
  size_t end = text.size();
  while (end > begin && IsSpace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

void StatementSplitter::EndStatement(bool vertical, std::vector<Statement>& out) {
  std::string_view text = TrimWhitespace(pending_);
  if (!text.empty()) out.push_back(Statement{std::string(text), vertical});
  pending_.clear();
}

std::vector<Statement> StatementSplitter::AddLine(std::string_view line) {
  std::vector<Statement> out;
  // Lines of a statement are joined with the newline they had.
  if (!pending_.empty()) pending_ += '\n';
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    char next = i + 1 < line.size() ? line[i + 1] : '\0';
    switch (state_) {
      case State::kBlockComment:
        if (c == '*' && next == '/') {
          state_ = State::kNormal;
          pending_ += ' ';
          ++i;
        }
        continue;
      case State::kSingleQuote:
      case State::kDoubleQuote:
      case State::kBacktick: {
        char quote = state_ == State::kSingleQuote   ? '\''
                     : state_ == State::kDoubleQuote ? '"'
                                                     : '`';
        pending_ += c;
        if (c == '\\' && state_ != State::kBacktick && i + 1 < line.size()) {
          pending_ += next;
          ++i;
        } else if (c == quote) {
          state_ = State::kNormal;  // a doubled quote reopens on the next character
        }
        continue;
      }
      case State::kNormal:
        break;
    }
    if (c == '\'' || c == '"' || c == '`') {
      state_ = c == '\'' ? State::kSingleQuote : c == '"' ? State::kDoubleQuote : State::kBacktick;
      pending_ += c;
    } else if (c == '/' && next == '*') {
      state_ = State::kBlockComment;
      ++i;
    } else if (c == '#' || (c == '-' && IsDashComment(line, i))) {
      break;  // the rest of the line is a comment
    } else if (c == ';') {
      EndStatement(false, out);
    } else if (c == '\\' && (next == 'g' || next == 'G')) {
      EndStatement(next == 'G', out);
      ++i;
    } else if (c == '\\' && next == 'c') {
      pending_.clear();
      ++i;
    } else {
      pending_ += c;
    }
  }
  // A line that held only whitespace or a comment does not start a statement.
  if (state_ == State::kNormal && TrimWhitespace(pending_).empty()) pending_.clear();
  return out;
}

bool StatementSplitter::has_pending() const {
  return state_ != State::kNormal || !TrimWhitespace(pending_).empty();
}

Statement StatementSplitter::Finish() {
  Statement statement{std::string(TrimWhitespace(pending_)), false};
  Clear();
  return statement;
}

void StatementSplitter::Clear() {
  pending_.clear();
  state_ = State::kNormal;
}

char StatementSplitter::open_delimiter() const {
  switch (state_) {
    case State::kSingleQuote:
      return '\'';
    case State::kDoubleQuote:
      return '"';
    case State::kBacktick:
      return '`';
    case State::kBlockComment:
      return '*';
    case State::kNormal:
      break;
  }
  return 0;
}

}  // namespace ordinal::cli
