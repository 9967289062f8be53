// Prepared statements on the wire: finding a statement's `?` parameter markers, parsing
// COM_STMT_EXECUTE (NULL bitmap, parameter types, binary values) and COM_STMT_SEND_LONG_DATA,
// and binding the values into the statement's text.
//
// The engine's parser has no parameter markers yet, so an execution binds each value as a
// SQL literal at its marker and the engine parses the result (docs/mysql-protocol.md). The
// literals are exact: integers in decimal, doubles in their shortest round-trip form,
// strings quoted with every special byte escaped, NULL as NULL.
#ifndef ORDINAL_SERVER_MYSQL_PREPARED_H_
#define ORDINAL_SERVER_MYSQL_PREPARED_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types/value.h"
#include "server/mysql/protocol.h"

namespace ordinal::server::mysql {

// Byte offsets of the `?` markers of `sql`, skipping quoted strings and identifiers and
// comments (`-- `, `#`, `/* */`).
std::vector<size_t> FindPlaceholders(std::string_view sql);

// The statements of a multi-statement text: cut at each `;` outside quoted text and
// comments; pieces holding only blanks and comments are dropped.
std::vector<std::string_view> SplitStatements(std::string_view sql);

// A parameter's type as the client bound it: the type byte and the unsigned flag.
struct ParamType {
  FieldType type = FieldType::kNull;
  bool is_unsigned = false;
};

// What a prepared statement keeps between executions.
struct ParamState {
  std::vector<ParamType> types;  // from the last execution that sent them
  std::vector<std::optional<std::string>> long_data;  // COM_STMT_SEND_LONG_DATA, per parameter
};

// The statement id of a COM_STMT_* payload (after the command byte); nullopt when short.
std::optional<uint32_t> StatementId(std::string_view body);

// Parses COM_STMT_EXECUTE's body (after the command byte) for a statement with
// `num_params` parameters: updates `state.types` when the client sends new types and
// returns one Value per parameter (long data taking the place of its parameter). nullopt
// when the packet is malformed, a type is unknown, or no types were ever sent.
std::optional<std::vector<engine::Value>> ParseExecute(std::string_view body, size_t num_params,
                                                       ParamState& state);

// COM_STMT_SEND_LONG_DATA's body: statement id, parameter index, bytes.
struct LongData {
  uint32_t statement_id = 0;
  uint16_t param = 0;
  std::string_view bytes;
};
std::optional<LongData> ParseLongData(std::string_view body);

// `value` as a SQL literal the engine parses back to the same value.
std::string SqlLiteral(const engine::Value& value);

// `sql` with the marker at each of `markers` replaced by the literal of the matching value
// (there must be as many values as markers).
std::string BindParameters(std::string_view sql, const std::vector<size_t>& markers,
                           const std::vector<engine::Value>& values);

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_PREPARED_H_
