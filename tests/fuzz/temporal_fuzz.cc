#include "tests/fuzz/temporal_fuzz.h"

#include <string>

#include "common/sql_error.h"
#include "engine/codec/key_codec.h"
#include "engine/types/temporal.h"

namespace ordinal::engine {
namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

constexpr ColumnType kTypes[] = {ColumnType::kDate, ColumnType::kDateTime, ColumnType::kTimestamp,
                                 ColumnType::kTime};

}  // namespace

void FuzzTemporalInput(std::string_view data) {
  if (data.empty()) return;
  const unsigned char selector = static_cast<unsigned char>(data[0]);
  const ColumnType type = kTypes[selector % 4];
  const uint32_t fsp = (selector / 4) % 7;
  TemporalMode mode;
  mode.no_zero_date = (selector & 0x40) == 0;
  mode.no_zero_in_date = (selector & 0x80) == 0;
  ScopedTemporalMode scope(mode);
  const Value input = Value::String(std::string(data.substr(1)));
  absl::StatusOr<Value> out = CoerceToTemporal(input, type, fsp, "c");
  if (!out.ok()) {
    Check(GetMysqlErrno(out.status()) == MysqlErrno::kTruncatedWrongValue);
    return;
  }
  // The canonical text reads back as itself (UTC: a TIMESTAMP does not move).
  absl::StatusOr<Value> again = CoerceToTemporal(*out, type, fsp, "c");
  Check(again.ok() && *again == *out);
  std::string key;
  codec::AppendKey(&key, *out, type);
  std::string_view in = key;
  Value back;
  Check(codec::DecodeKey(&in, type, &back).ok() && in.empty() && back == *out);
  (void)ValueAsDateTime(input);
  (void)ValueAsTime(input);
}

}  // namespace ordinal::engine
