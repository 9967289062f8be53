// A metric label for a statement, from its text alone: the leading keyword(s), lowercased,
// from a fixed list ("select", "insert", "create", "begin", ...), else "other". The label
// set is small and fixed whatever clients send, so metrics keep a bounded cardinality; the
// statement is parsed only once, by the engine.
#ifndef ORDINAL_SERVER_STATEMENT_LABEL_H_
#define ORDINAL_SERVER_STATEMENT_LABEL_H_

#include <string_view>

namespace ordinal::server {

std::string_view StatementLabel(std::string_view sql);

// Every label StatementLabel returns.
inline constexpr std::string_view kStatementLabels[] = {
    "select", "insert",   "replace", "update",   "delete", "create", "drop",     "use",
    "show",   "describe", "explain", "checksum", "begin",  "commit", "rollback", "other",
};

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_STATEMENT_LABEL_H_
