#include "common/sql_error.h"

#include <cstdlib>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"

namespace ordinal {
namespace {
constexpr char kErrnoPayloadUrl[] = "type.ordinaldb.dev/mysql_errno";
}  // namespace

std::string_view SqlState(MysqlErrno code) {
  switch (code) {
    case MysqlErrno::kParse:
    case MysqlErrno::kDbAccessDenied:
    case MysqlErrno::kTableAccessDenied:
    case MysqlErrno::kNonexistingGrant:
    case MysqlErrno::kIllegalGrantForTable:
    case MysqlErrno::kUserLimitReached:
    case MysqlErrno::kSpecificAccessDenied:
    case MysqlErrno::kCantCreateUserWithGrant:
    case MysqlErrno::kBadDb:
    case MysqlErrno::kDupKeyName:
    case MysqlErrno::kMultiplePrimaryKey:
    case MysqlErrno::kKeyColumnDoesNotExist:
    case MysqlErrno::kKeyDoesNotExist:
    case MysqlErrno::kWrongFieldWithGroup:
    case MysqlErrno::kTooLongIdent:
    case MysqlErrno::kTooBigFieldLength:
    case MysqlErrno::kWrongAutoKey:
    case MysqlErrno::kInvalidDefault:
    case MysqlErrno::kNotSupported:
    case MysqlErrno::kTooBigScale:
    case MysqlErrno::kTooBigPrecision:
    case MysqlErrno::kMBiggerThanD:
    case MysqlErrno::kTooBigDisplayWidth:
    case MysqlErrno::kWrongValueForVar:
    case MysqlErrno::kWrongTypeForVar:
    case MysqlErrno::kUnknownCharacterSet:
    case MysqlErrno::kCollationCharsetMismatch:
    case MysqlErrno::kFunctionDoesNotExist:
    case MysqlErrno::kWrongParamCount:
    case MysqlErrno::kCantDropFieldOrKey:
    case MysqlErrno::kCantRemoveAllFields:
    case MysqlErrno::kWrongFkDef:
    case MysqlErrno::kTruncateIllegalFk:
    case MysqlErrno::kBlobCantHaveDefault:
    case MysqlErrno::kInvalidJsonPath:
    case MysqlErrno::kInvalidJsonPathWildcard:
    case MysqlErrno::kInvalidJsonContainsPathType:
    case MysqlErrno::kJsonUsedAsKey:
    case MysqlErrno::kJsonVacuousPath:
      return "42000";
    case MysqlErrno::kInvalidJsonText:
    case MysqlErrno::kInvalidJsonTextInParam:
    case MysqlErrno::kInvalidTypeForJson:
    case MysqlErrno::kJsonDocumentTooDeep:
    case MysqlErrno::kJsonDocumentNullKey:
      return "22032";
    case MysqlErrno::kInvalidUseOfNull:
      return "22004";
    case MysqlErrno::kDataTruncated:
      return "01000";
    case MysqlErrno::kNoDb:
      return "3D000";
    case MysqlErrno::kTableExists:
      return "42S01";
    case MysqlErrno::kBadTable:
    case MysqlErrno::kNoSuchTable:
    case MysqlErrno::kUnknownTable:
      return "42S02";
    case MysqlErrno::kBadField:
      return "42S22";
    case MysqlErrno::kDupFieldName:
      return "42S21";
    case MysqlErrno::kDupEntry:
    case MysqlErrno::kBadNull:
    case MysqlErrno::kNonUniq:
    case MysqlErrno::kRowIsReferenced:
    case MysqlErrno::kNoReferencedRow:
      return "23000";
    case MysqlErrno::kDataTooLong:
      return "22001";
    case MysqlErrno::kOutOfRange:
    case MysqlErrno::kDataOutOfRange:
      return "22003";
    case MysqlErrno::kTruncatedWrongValue:
      return "22007";
    case MysqlErrno::kDivisionByZero:
      return "22012";
    case MysqlErrno::kWrongValueCount:
      return "21S01";
    case MysqlErrno::kLockDeadlock:
      return "40001";
    case MysqlErrno::kNetPacketTooLarge:
    case MysqlErrno::kServerShutdown:
      return "08S01";
    case MysqlErrno::kAccessDenied:
      return "28000";
    case MysqlErrno::kCantDoThisDuringTransaction:
      return "25000";
    case MysqlErrno::kCantChangeTxCharacteristics:
      return "25001";
    case MysqlErrno::kReadOnlyTransaction:
      return "25006";
    case MysqlErrno::kQueryInterrupted:
    case MysqlErrno::kConnectionKilled:
      return "70100";
    case MysqlErrno::kOutOfSortMemory:
      return "HY001";
    default:
      return "HY000";
  }
}

absl::Status SqlError(absl::StatusCode code, MysqlErrno mysql_errno, std::string_view message) {
  const std::string bounded = BoundedErrorMessage(message);
  absl::Status status(code, bounded);
  SetMysqlErrno(status, static_cast<int>(mysql_errno));
  return status;
}

MysqlErrno GetMysqlErrno(const absl::Status& status) {
  auto payload = status.GetPayload(kErrnoPayloadUrl);
  int value = 0;
  if (payload.has_value() && absl::SimpleAtoi(std::string(*payload), &value)) {
    return static_cast<MysqlErrno>(value);
  }
  return MysqlErrno::kUnknown;
}

void SetMysqlErrno(absl::Status& status, int mysql_errno) {
  if (status.ok()) return;
  status.SetPayload(kErrnoPayloadUrl, absl::Cord(absl::StrCat(mysql_errno)));
}

bool IsRetryable(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted ||
         status.code() == absl::StatusCode::kUnavailable;
}

std::string FormatSqlError(const absl::Status& status) {
  MysqlErrno code = GetMysqlErrno(status);
  std::string_view state = SqlState(code);
  return absl::StrCat("ERROR ", static_cast<int>(code), " (",
                      absl::string_view(state.data(), state.size()), "): ", status.message());
}

}  // namespace ordinal
