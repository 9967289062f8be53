// What a statement does, as far as routing it in a cluster needs to know.
//
// The classification is lexical: it looks at the first keyword after whitespace and comments
// (`-- ...`, `# ...`, `/* ... */`) and opening parentheses, case-insensitively.
//   SELECT SHOW DESCRIBE DESC EXPLAIN CHECKSUM   -> kRead
//   USE                                          -> kUse
//   BEGIN, START (TRANSACTION)                   -> kBegin
//   COMMIT, ROLLBACK                             -> kEndTransaction
//   anything else (including text it cannot read) -> kWrite
// Treating the unknown as a write is the safe direction: a write sent to a replica would be
// refused, a read sent to the primary is merely less spread out.
#ifndef ORDINAL_CLIENT_STATEMENT_KIND_H_
#define ORDINAL_CLIENT_STATEMENT_KIND_H_

#include <string_view>

namespace ordinal {

enum class StatementKind {
  kRead,
  kWrite,
  kUse,
  kBegin,
  kEndTransaction,
};

StatementKind ClassifyStatement(std::string_view sql);

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_STATEMENT_KIND_H_
