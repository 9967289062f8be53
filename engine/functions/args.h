// Argument helpers every function family shares: MySQL's "NULL in, NULL out" rule and the
// conversions of argument values to integers and text. Private to engine/functions.
#ifndef ORDINAL_ENGINE_FUNCTIONS_ARGS_H_
#define ORDINAL_ENGINE_FUNCTIONS_ARGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/functions/registry.h"

namespace ordinal::engine::functions {

// Argument `i`, or nullopt when it is NULL.
absl::StatusOr<std::optional<Value>> ArgOrNull(FunctionArgs& args, size_t i = 0);

// Every argument, in order; nullopt as soon as one is NULL (later ones are not evaluated).
absl::StatusOr<std::optional<std::vector<Value>>> ArgsUnlessNull(FunctionArgs& args);

// The value as a (clamped) 64-bit integer the way MySQL reads a count or position:
// integers as they are (above INT64_MAX: INT64_MAX), other numbers and numeric strings
// rounded half away from zero, text by its leading number ('3abc' is 3, 'abc' is 0).
int64_t IntOf(const Value& v);

// Argument `i` as IntOf, or nullopt when it is NULL.
absl::StatusOr<std::optional<int64_t>> IntArg(FunctionArgs& args, size_t i);

// The value's text as string functions see it (numbers as the client shows them).
std::string TextOf(const Value& v);

// The session's max_allowed_packet: results longer than it are NULL with warning 1301
// (REPEAT, LPAD, RPAD, SPACE, ...). 64 MiB outside a session.
uint64_t MaxAllowedPacket(const FunctionArgs& args);

// NULL with warning 1301 "Result of name() was larger than max_allowed_packet (N) -
// truncated", for a result that would exceed MaxAllowedPacket().
Value ResultTooLarge(FunctionArgs& args, std::string_view function_name);

}  // namespace ordinal::engine::functions

#endif  // ORDINAL_ENGINE_FUNCTIONS_ARGS_H_
