// Status propagation macros. abseil 20220623 ships none, so the project defines its own,
// prefixed to avoid clashing with any other library's.
#ifndef ORDINAL_COMMON_STATUS_MACROS_H_
#define ORDINAL_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status); returns it from the current function when not OK.
#define ORDINAL_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::absl::Status ordinal_status_ = (expr);           \
    if (!ordinal_status_.ok()) return ordinal_status_; \
  } while (0)

#define ORDINAL_STATUS_CONCAT_INNER_(a, b) a##b
#define ORDINAL_STATUS_CONCAT_(a, b) ORDINAL_STATUS_CONCAT_INNER_(a, b)

// `ORDINAL_ASSIGN_OR_RETURN(auto x, FunctionReturningStatusOr());`
// Declares/assigns `lhs` from the value, or returns the error status.
#define ORDINAL_ASSIGN_OR_RETURN(lhs, rexpr) \
  ORDINAL_ASSIGN_OR_RETURN_IMPL_(ORDINAL_STATUS_CONCAT_(ordinal_statusor_, __LINE__), lhs, rexpr)

#define ORDINAL_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = std::move(statusor).value()

#endif  // ORDINAL_COMMON_STATUS_MACROS_H_
