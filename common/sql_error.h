// SQL errors: an absl::Status whose code says what kind of failure it is (the gRPC code on the
// wire) and whose payload carries the MySQL error number and SQLSTATE, so the CLI can print
// `ERROR 1062 (23000): Duplicate entry '1' for key 'PRIMARY'` like the mysql client does.
//
// Status codes used across the project:
//   INVALID_ARGUMENT     bad SQL, bad values (type mismatch, too long, NOT NULL, / by zero)
//   NOT_FOUND            unknown database, table, column or index
//   ALREADY_EXISTS       duplicate key, database/table/index already exists
//   ABORTED              write-write conflict: retry the transaction (retryable)
//   FAILED_PRECONDITION  a write sent to a replica; statement invalid in this session state
//   UNAVAILABLE          a wait (min_position, shutdown) could not be satisfied; retryable
//   RESOURCE_EXHAUSTED   statement or result too large; the data volume is full (1021);
//                        a query's working set is over its memory bound (1038, 1114)
//   UNAUTHENTICATED      missing or wrong password
#ifndef ORDINAL_COMMON_SQL_ERROR_H_
#define ORDINAL_COMMON_SQL_ERROR_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace ordinal {

// MySQL error numbers the project reports. Values are MySQL's own.
enum class MysqlErrno : int {
  kUnknown = 1105,            // ER_UNKNOWN_ERROR, HY000
  kParse = 1064,              // ER_PARSE_ERROR, 42000
  kDbCreateExists = 1007,     // ER_DB_CREATE_EXISTS, HY000
  kDbDropExists = 1008,       // ER_DB_DROP_EXISTS, HY000
  kNoDb = 1046,               // ER_NO_DB_ERROR, 3D000
  kBadDb = 1049,              // ER_BAD_DB_ERROR, 42000
  kTableExists = 1050,        // ER_TABLE_EXISTS_ERROR, 42S01
  kBadTable = 1051,           // ER_BAD_TABLE_ERROR, 42S02
  kNoSuchTable = 1146,        // ER_NO_SUCH_TABLE, 42S02
  kUnknownTable = 1109,       // ER_UNKNOWN_TABLE, 42S02 (INFORMATION_SCHEMA)
  kMalformedGtidSet = 1772,   // ER_MALFORMED_GTID_SET_SPECIFICATION, HY000 (a position)
  kBadField = 1054,           // ER_BAD_FIELD_ERROR, 42S22
  kDupFieldName = 1060,       // ER_DUP_FIELDNAME, 42S21
  kDupKeyName = 1061,         // ER_DUP_KEYNAME, 42000
  kDupEntry = 1062,           // ER_DUP_ENTRY, 23000
  kMultiplePrimaryKey = 1068, // ER_MULTIPLE_PRI_KEY, 42000
  kKeyColumnDoesNotExist = 1072,  // ER_KEY_COLUMN_DOES_NOT_EXITS, 42000
  kKeyDoesNotExist = 1176,    // ER_KEY_DOES_NOT_EXITS, 42000
  kBadNull = 1048,            // ER_BAD_NULL_ERROR, 23000
  kNoDefault = 1364,          // ER_NO_DEFAULT_FOR_FIELD, HY000
  kDataTooLong = 1406,        // ER_DATA_TOO_LONG, 22001
  kOutOfRange = 1264,         // ER_WARN_DATA_OUT_OF_RANGE, 22003
  kDataOutOfRange = 1690,     // ER_DATA_OUT_OF_RANGE, 22003 (arithmetic overflow)
  kTruncatedWrongValue = 1292,  // ER_TRUNCATED_WRONG_VALUE, 22007
  kDataTruncated = 1265,      // WARN_DATA_TRUNCATED, 01000 (ENUM/SET member, strict mode)
  kTooBigScale = 1425,        // ER_TOO_BIG_SCALE, 42000
  kTooBigPrecision = 1426,    // ER_TOO_BIG_PRECISION, 42000
  kMBiggerThanD = 1427,       // ER_M_BIGGER_THAN_D, 42000
  kTooBigDisplayWidth = 1439, // ER_TOO_BIG_DISPLAYWIDTH, 42000
  // CHECK constraints (docs/check-constraints.md), all HY000:
  kCheckViolated = 3819,      // ER_CHECK_CONSTRAINT_VIOLATED
  kNonBooleanCheck = 3812,    // ER_NON_BOOLEAN_EXPR_FOR_CHECK_CONSTRAINT
  kColumnCheckOtherColumn = 3813,  // ER_COLUMN_CHECK_CONSTRAINT_REFERENCES_OTHER_COLUMN
  kCheckNamedFunction = 3814,  // ER_CHECK_CONSTRAINT_NAMED_FUNCTION_IS_NOT_ALLOWED
  kCheckFunction = 3815,      // ER_CHECK_CONSTRAINT_FUNCTION_IS_NOT_ALLOWED (subqueries too)
  kCheckVariables = 3816,     // ER_CHECK_CONSTRAINT_VARIABLES
  kCheckAutoIncrement = 3818,  // ER_CHECK_CONSTRAINT_REFERS_AUTO_INCREMENT_COLUMN
  kCheckUnknownColumn = 3820,  // ER_CHECK_CONSTRAINT_REFERS_UNKNOWN_COLUMN
  kCheckNotFound = 3821,      // ER_CHECK_CONSTRAINT_NOT_FOUND
  kCheckDupName = 3822,       // ER_CHECK_CONSTRAINT_DUP_NAME
  kMultipleConstraintsSameName = 3939,  // ER_MULTIPLE_CONSTRAINTS_WITH_SAME_NAME
  kConstraintNotFound = 3940,  // ER_CONSTRAINT_NOT_FOUND
  kConstraintEnforcementNotSupported = 3941,  // ER_ALTER_CONSTRAINT_ENFORCEMENT_NOT_SUPPORTED
  kDependentByCheck = 3959,   // ER_DEPENDENT_BY_CHECK_CONSTRAINT (8.0.19+)
  kWrongValueForType = 1366,  // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD, HY000
  kDivisionByZero = 1365,     // ER_DIVISION_BY_ZERO, 22012
  kWrongValueCount = 1136,    // ER_WRONG_VALUE_COUNT_ON_ROW, 21S01
  kNonUniq = 1052,            // ER_NON_UNIQ_ERROR, 23000
  kWrongFieldWithGroup = 1055,  // ER_WRONG_FIELD_WITH_GROUP, 42000
  kInvalidGroupFuncUse = 1111,  // ER_INVALID_GROUP_FUNC_USE, HY000
  kTooLongIdent = 1059,       // ER_TOO_LONG_IDENT, 42000
  kTableNotLockedForWrite = 1099,  // ER_TABLE_NOT_LOCKED_FOR_WRITE, HY000
  kTableNotLocked = 1100,     // ER_TABLE_NOT_LOCKED, HY000
  kCantUpdateWithReadLock = 1223,  // ER_CANT_UPDATE_WITH_READLOCK, HY000
  kTooLongTableComment = 1628,  // ER_TOO_LONG_TABLE_COMMENT, HY000
  kTooLongFieldComment = 1629,  // ER_TOO_LONG_FIELD_COMMENT, HY000
  kTooLongIndexComment = 1688,  // ER_TOO_LONG_INDEX_COMMENT, HY000
  kTooBigFieldLength = 1074,  // ER_TOO_BIG_FIELDLENGTH, 42000
  kWrongAutoKey = 1075,       // ER_WRONG_AUTO_KEY, 42000
  kInvalidDefault = 1067,     // ER_INVALID_DEFAULT, 42000
  kLockDeadlock = 1213,       // ER_LOCK_DEADLOCK, 40001 (our write-write conflict)
  kReadOnly = 1290,           // ER_OPTION_PREVENTS_STATEMENT, HY000 (replica)
  kNetPacketTooLarge = 1153,  // ER_NET_PACKET_TOO_LARGE, 08S01
  kAccessDenied = 1045,       // ER_ACCESS_DENIED_ERROR, 28000
  kNotSupported = 1235,       // ER_NOT_SUPPORTED_YET, 42000
  kCantDoThisDuringTransaction = 1179,  // ER_CANT_DO_THIS_DURING_AN_TRANSACTION, 25000
  kLockWaitTimeout = 1205,    // ER_LOCK_WAIT_TIMEOUT, HY000 (min_position wait)
  kUnknownSystemVariable = 1193,  // ER_UNKNOWN_SYSTEM_VARIABLE, HY000
  kLocalVariable = 1228,      // ER_LOCAL_VARIABLE, HY000 (SESSION-only set GLOBAL)
  kGlobalVariable = 1229,     // ER_GLOBAL_VARIABLE, HY000 (GLOBAL-only set SESSION)
  kWrongValueForVar = 1231,   // ER_WRONG_VALUE_FOR_VAR, 42000
  kWrongTypeForVar = 1232,    // ER_WRONG_TYPE_FOR_VAR, 42000
  kIncorrectGlobalLocalVar = 1238,  // ER_INCORRECT_GLOBAL_LOCAL_VAR, HY000 (read-only, scope)
  kUnknownCharacterSet = 1115,  // ER_UNKNOWN_CHARACTER_SET, 42000
  kCollationCharsetMismatch = 1253,  // ER_COLLATION_CHARSET_MISMATCH, 42000
  kUnknownCollation = 1273,   // ER_UNKNOWN_COLLATION, HY000
  kCantAggregate2Collations = 1267,  // ER_CANT_AGGREGATE_2COLLATIONS, HY000
  kUnknownTimeZone = 1298,    // ER_UNKNOWN_TIME_ZONE, HY000
  kFunctionDoesNotExist = 1305,  // ER_SP_DOES_NOT_EXIST, 42000
  kTriggerDoesNotExist = 1360,   // ER_TRG_DOES_NOT_EXIST, HY000
  kEventDoesNotExist = 1539,     // ER_EVENT_DOES_NOT_EXIST, HY000
  kWrongParamCount = 1582,    // ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT, 42000
  kWrongArguments = 1210,     // ER_WRONG_ARGUMENTS, HY000
  kCantChangeTxCharacteristics = 1568,  // ER_CANT_CHANGE_TX_CHARACTERISTICS, 25001
  kRegexpError = 3685,        // ER_REGEXP_ILLEGAL_ARGUMENT, HY000
  kReadOnlyTransaction = 1792,  // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION, 25006
  kNoSuchThread = 1094,       // ER_NO_SUCH_THREAD, HY000 (KILL of an unknown id)
  kQueryInterrupted = 1317,   // ER_QUERY_INTERRUPTED, 70100 (KILL QUERY)
  kConnectionKilled = 1927,   // ER_CONNECTION_KILLED, 70100 (KILL CONNECTION)
  kServerShutdown = 1053,     // ER_SERVER_SHUTDOWN, 08S01 (a wait ended by shutdown)
  kTooManyWaits = 1637,       // ER_TOO_MANY_CONCURRENT_TRXS, HY000 (the wait budget is full)
  // ALTER TABLE (docs/alter-table.md)
  kCantDropFieldOrKey = 1091,  // ER_CANT_DROP_FIELD_OR_KEY, 42000
  kInvalidUseOfNull = 1138,   // ER_INVALID_USE_OF_NULL, 22004 (MODIFY to NOT NULL)
  kCantRemoveAllFields = 1090,  // ER_CANT_REMOVE_ALL_FIELDS, 42000
  // Foreign keys (docs/foreign-keys.md)
  kCannotAddForeign = 1215,   // ER_CANNOT_ADD_FOREIGN, HY000
  kWrongFkDef = 1239,         // ER_WRONG_FK_DEF, 42000 (column counts differ)
  kRowIsReferenced = 1451,    // ER_ROW_IS_REFERENCED_2, 23000 (parent row has children)
  kNoReferencedRow = 1452,    // ER_NO_REFERENCED_ROW_2, 23000 (child row without parent)
  kDropIndexFk = 1553,        // ER_DROP_INDEX_FK, HY000
  kTruncateIllegalFk = 1701,  // ER_TRUNCATE_ILLEGAL_FK, 42000
  kFkNoIndexParent = 1822,    // ER_FK_NO_INDEX_PARENT, HY000
  kFkCannotOpenParent = 1824,  // ER_FK_CANNOT_OPEN_PARENT, HY000
  kFkDupName = 1826,          // ER_FK_DUP_NAME, HY000
  kFkColumnCannotDrop = 1828,  // ER_FK_COLUMN_CANNOT_DROP, HY000
  kFkColumnCannotDropChild = 1829,  // ER_FK_COLUMN_CANNOT_DROP_CHILD, HY000
  kFkColumnNotNull = 1830,    // ER_FK_COLUMN_NOT_NULL, HY000
  kFkDepthExceeded = 3008,    // ER_FK_DEPTH_EXCEEDED, HY000
  kFkCannotDropParent = 3730,  // ER_FK_CANNOT_DROP_PARENT, HY000
  kFkNoColumnParent = 3734,   // ER_FK_NO_COLUMN_PARENT, HY000
  kFkIncompatibleColumns = 3780,  // ER_FK_INCOMPATIBLE_COLUMNS, HY000
  // JSON (docs/json.md)
  kBlobCantHaveDefault = 1101,   // ER_BLOB_CANT_HAVE_DEFAULT, 42000 (a literal JSON default)
  kInvalidJsonText = 3140,       // ER_INVALID_JSON_TEXT, 22032
  kInvalidJsonTextInParam = 3141,  // ER_INVALID_JSON_TEXT_IN_PARAM, 22032
  kInvalidJsonPath = 3143,       // ER_INVALID_JSON_PATH, 42000
  kInvalidTypeForJson = 3146,    // ER_INVALID_TYPE_FOR_JSON, 22032
  kInvalidJsonPathWildcard = 3149,  // ER_INVALID_JSON_PATH_WILDCARD, 42000
  kInvalidJsonContainsPathType = 3150,  // ER_INVALID_JSON_CONTAINS_PATH_TYPE, 42000
  kJsonUsedAsKey = 3152,         // ER_JSON_USED_AS_KEY, 42000
  kJsonVacuousPath = 3153,       // ER_JSON_VACUOUS_PATH, 42000
  kJsonDocumentTooDeep = 3157,   // ER_JSON_DOCUMENT_TOO_DEEP, 22032
  kJsonDocumentNullKey = 3158,   // ER_JSON_DOCUMENT_NULL_KEY, 22032
  // Resources (docs/memory-and-disk.md)
  kDiskFull = 1021,           // ER_DISK_FULL, HY000 (the data volume has no space left)
  kOutOfSortMemory = 1038,    // ER_OUT_OF_SORTMEMORY, HY001 (a sort over its memory bound)
  // Accounts and privileges (docs/users-and-privileges.md):
  kDbAccessDenied = 1044,     // ER_DBACCESS_DENIED_ERROR, 42000
  kKillDenied = 1095,         // ER_KILL_DENIED_ERROR, HY000
  kTableAccessDenied = 1142,  // ER_TABLEACCESS_DENIED_ERROR, 42000
  kNonexistingGrant = 1141,   // ER_NONEXISTING_GRANT, 42000
  kIllegalGrantForTable = 1144,  // ER_ILLEGAL_GRANT_FOR_TABLE, 42000
  kWrongUsage = 1221,         // ER_WRONG_USAGE, HY000 (a global privilege on db.*;
                              // ORDER BY / LIMIT in a multiple-table UPDATE)
  kNonUpdatableTable = 1288,  // ER_NON_UPDATABLE_TABLE, HY000 (a view or derived table as
                              // the target of a multiple-table UPDATE / DELETE)
  kUserLimitReached = 1226,   // ER_USER_LIMIT_REACHED, 42000
  kSpecificAccessDenied = 1227,  // ER_SPECIFIC_ACCESS_DENIED_ERROR, 42000
  kCannotUser = 1396,         // ER_CANNOT_USER, HY000
  kCantCreateUserWithGrant = 1410,  // ER_CANT_CREATE_USER_WITH_GRANT, 42000
  kWrongStringLength = 1470,  // ER_WRONG_STRING_LENGTH, HY000
  kPluginNotLoaded = 1524,    // ER_PLUGIN_IS_NOT_LOADED, HY000
  kAccountLocked = 3118,      // ER_ACCOUNT_HAS_BEEN_LOCKED, HY000
  kRecordFileFull = 1114,     // ER_RECORD_FILE_FULL, HY000 (a query's temporary rows over
                              // their memory bound)
};

// The SQLSTATE MySQL reports with `code`.
std::string_view SqlState(MysqlErrno code);

// Builds a Status with `code`, `message` and the MySQL error number as payload.
absl::Status SqlError(absl::StatusCode code, MysqlErrno mysql_errno, std::string_view message);

// The MySQL error number carried by `status`, or kUnknown when there is none.
MysqlErrno GetMysqlErrno(const absl::Status& status);

// Attaches `mysql_errno` to `status` (used by the client when decoding a wire error).
void SetMysqlErrno(absl::Status& status, int mysql_errno);

// Whether a statement failing with `status` may succeed when retried unchanged
// (a write-write conflict, or a temporary unavailability).
bool IsRetryable(const absl::Status& status);

// "ERROR 1062 (23000): Duplicate entry ..." as the mysql client prints it.
std::string FormatSqlError(const absl::Status& status);

}  // namespace ordinal

#endif  // ORDINAL_COMMON_SQL_ERROR_H_
