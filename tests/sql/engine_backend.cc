#include "tests/sql/engine_backend.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace ordinal::sqltest {

absl::StatusOr<std::unique_ptr<EngineBackend>> EngineBackend::Create() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "ordinal-sqltest-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp failed for ", pattern));
  }
  std::unique_ptr<EngineBackend> backend(new EngineBackend(pattern));
  engine::DatabaseOptions options;
  options.data_dir = pattern + "/db";
  options.sync_commit = false;  // scripts never crash the process; fsync only costs time
  options.block_cache_bytes = 8 << 20;
  ORDINAL_ASSIGN_OR_RETURN(backend->database_, engine::Database::Open(options));
  ORDINAL_ASSIGN_OR_RETURN(backend->session_, backend->database_->NewSession(""));
  return backend;
}

EngineBackend::~EngineBackend() {
  session_.reset();
  database_.reset();
  std::error_code ignored;  // a leftover temp dir is harmless
  std::filesystem::remove_all(dir_, ignored);
}

absl::StatusOr<SqlResult> EngineBackend::Execute(std::string_view sql) {
  ORDINAL_ASSIGN_OR_RETURN(engine::ResultSet result, session_->Execute(sql));
  SqlResult out;
  out.has_rows = result.has_rows;
  out.rows_affected = result.rows_affected;
  out.rows.reserve(result.rows.size());
  for (const std::vector<engine::Value>& row : result.rows) {
    std::vector<Cell> cells;
    cells.reserve(row.size());
    for (const engine::Value& value : row) {
      cells.push_back(value.is_null() ? Cell() : Cell(value.ToString()));
    }
    out.rows.push_back(std::move(cells));
  }
  return out;
}

}  // namespace ordinal::sqltest
