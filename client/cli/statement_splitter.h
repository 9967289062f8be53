// StatementSplitter: cuts the text the user types (or a script) into statements, as the
// mysql client does.
//
// Input arrives a line at a time. A statement ends at `;`, `\g` or `\G` (vertical output)
// outside quotes ('...', "...", `...`, with backslash escapes and doubled quotes inside the
// first two) and outside comments (`-- ` and `#` to the end of the line, `/* ... */` across
// lines). Comments are dropped from the statement text; a statement spans as many lines as
// it takes. `\c` clears the statement typed so far. Empty statements (a lone `;`) are
// skipped.
#ifndef ORDINAL_CLIENT_CLI_STATEMENT_SPLITTER_H_
#define ORDINAL_CLIENT_CLI_STATEMENT_SPLITTER_H_

#include <string>
#include <string_view>
#include <vector>

namespace ordinal::cli {

struct Statement {
  // The statement without its terminator and comments, trimmed.
  std::string text;
  // Ended by \G: show the result vertically.
  bool vertical = false;

  friend bool operator==(const Statement&, const Statement&) = default;
};

class StatementSplitter {
 public:
  // Adds one line of input (without its newline) and returns the statements it completed.
  std::vector<Statement> AddLine(std::string_view line);

  // Whether a statement has been started but not ended (the prompt shows `->`).
  bool has_pending() const;

  // Ends the input: returns the unterminated statement, if any (text empty when none), and
  // resets the splitter.
  Statement Finish();

  // Forgets the statement typed so far.
  void Clear();

  // The quote or comment the input is inside, for the continuation prompt: one of
  // '\'', '"', '`', '*' (a /* comment), or 0 when none.
  char open_delimiter() const;

 private:
  enum class State { kNormal, kSingleQuote, kDoubleQuote, kBacktick, kBlockComment };

  void EndStatement(bool vertical, std::vector<Statement>& out);

  State state_ = State::kNormal;
  std::string pending_;
};

// `text` without leading and trailing whitespace.
std::string_view TrimWhitespace(std::string_view text);

}  // namespace ordinal::cli

#endif  // ORDINAL_CLIENT_CLI_STATEMENT_SPLITTER_H_
