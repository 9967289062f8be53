// Target: the database system a benchmark runs against, parsed from --target.
//
//   ordinal://host:port[,host:port...]          OrdinalDB; endpoint i is ordinal i (0 is the
//                                               primary); user root, password from
//                                               ORDINAL_PASSWORD
//   mysql://user[:pass]@host:port[,host:port]/db  MySQL/MariaDB; the first endpoint is the
//                                               primary, the others its replicas; the
//                                               password may instead come from MYSQL_PWD
#ifndef ORDINAL_BENCH_TARGET_H_
#define ORDINAL_BENCH_TARGET_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ordinal::bench {

enum class System { kOrdinal, kMysql };

struct Endpoint {
  std::string host;
  int port = 0;
  std::string address() const { return host + ":" + std::to_string(port); }
};

struct Target {
  System system = System::kOrdinal;
  std::vector<Endpoint> endpoints;  // [0] is the primary
  std::string user;
  std::string password;
  std::string database;  // from the URL path; empty when the URL names none
  // OrdinalDB only: send each statement as its own Sql.Execute call instead of on the
  // session's Sql.Session stream (--ordinal_calls=unary).
  bool unary_calls = false;
  // OrdinalDB only: send the workloads' statements as text with their values in it instead
  // of with parameters (--ordinal_statements=text).
  bool text_statements = false;
  int replica_count() const { return static_cast<int>(endpoints.size()) - 1; }
};

// Parses `url`; `getenv` supplies ORDINAL_PASSWORD / MYSQL_PWD (injectable for tests).
absl::StatusOr<Target> ParseTarget(std::string_view url,
                                   const char* (*getenv)(const char*) = nullptr);

}  // namespace ordinal::bench

#endif  // ORDINAL_BENCH_TARGET_H_
