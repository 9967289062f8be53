// EngineBackend: runs statements in-process on a fresh engine::Database in a unique temporary
// directory (removed on destruction), through one Session with no database selected.
#ifndef ORDINAL_TESTS_SQL_ENGINE_BACKEND_H_
#define ORDINAL_TESTS_SQL_ENGINE_BACKEND_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/database.h"
#include "tests/sql/sql_backend.h"

namespace ordinal::sqltest {

class EngineBackend : public SqlBackend {
 public:
  // Creates the temporary directory and opens the database in it.
  static absl::StatusOr<std::unique_ptr<EngineBackend>> Create();

  ~EngineBackend() override;

  absl::StatusOr<SqlResult> Execute(std::string_view sql) override;
  std::string_view name() const override { return "engine"; }

 private:
  explicit EngineBackend(std::string dir) : dir_(std::move(dir)) {}

  std::string dir_;
  std::unique_ptr<engine::Database> database_;
  std::unique_ptr<engine::Session> session_;  // destroyed before database_
};

}  // namespace ordinal::sqltest

#endif  // ORDINAL_TESTS_SQL_ENGINE_BACKEND_H_
