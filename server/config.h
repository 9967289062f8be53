// ordinald's configuration: absl flags, each also readable from the environment variable
// ORDINAL_<FLAG NAME UPPERCASED> (e.g. ORDINAL_DATA_DIR) when it is not on the command line;
// the command line wins. Parsing never exits the process: every problem (unknown flag, bad
// value, missing --data_dir, out-of-range port) is an INVALID_ARGUMENT status whose message
// names the flag, so main() can print it and exit with status 2.
#ifndef ORDINAL_SERVER_CONFIG_H_
#define ORDINAL_SERVER_CONFIG_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ordinal::server {

struct Config {
  std::string data_dir;                 // required
  std::string host = "127.0.0.1";       // address to listen on
  int port = 7306;                      // gRPC port, 1..65535
  int ordinal = -1;                     // -1: derive from POD_NAME or the hostname
  std::string peer_template = "127.0.1.{ordinal}:7306";  // how to reach ordinal N
  bool sync_commit = true;              // fsync the WAL before acknowledging a commit
  int sync_replicas = 0;                // replicas that must acknowledge a commit (primary)
  int sync_timeout_ms = 1000;           // how long a commit waits for them, then goes async
  uint64_t log_retention_bytes = 1ull << 30;  // the primary keeps at most this much log...
  uint64_t log_retention_seconds = 86400;     // ...and nothing older than this
  int heartbeat_interval_ms = 500;      // the primary's heartbeat on an idle stream
  int min_position_timeout_ms = 5000;   // read wait for min_position when the request gives 0
  int readiness_max_lag_ms = 10000;     // a replica is ready while streaming below this lag
  int metrics_port = 0;                 // Prometheus text metrics; 0 = off
  int mysql_port = 3306;                // MySQL protocol listener on --host; 0 = off
  int mysql_max_connections = 1000;     // more MySQL connections get ERR 1040
  uint64_t mysql_max_allowed_packet = 64ull << 20;  // larger packets get ERR 1153
  int mysql_connect_timeout_s = 10;     // a MySQL handshake must finish within this
  std::string password_file;            // file holding the root password
  std::string replication_user;         // "" = replicas present root
  std::string replication_password_file;  // file holding the replication user's password
  bool insecure_no_password = false;    // allow starting without a password
  // Memory (docs/memory-and-disk.md): the budget and its explicit shares (0: derived).
  uint64_t memory_budget_mb = 1024;
  uint64_t block_cache_mb = 0;             // RocksDB block cache, memtables charged to it
  uint64_t query_memory_mb = 0;            // working memory of one statement
  uint64_t query_spill_mb = 0;             // temporary files of one statement; 0: unbounded
  int64_t session_idle_timeout_s = 28800;  // idle sessions are closed (MySQL wait_timeout)
  int max_sessions = 10000;             // OpenSession fails beyond this many open sessions
  uint64_t clone_rate_limit_mb = 0;     // bandwidth of served clones, MiB/s; 0 = unlimited
  int clone_max_concurrent = 2;         // clones served at once
  std::string clone_source_reads = "buffered";  // served clones read "buffered" or "direct"
  bool auto_reclone = true;             // re-clone when the primary purged our position
  std::string on_divergence = "reclone";  // "reclone" or "stop" (docs/history.md)
  int peers = 0;                        // ordinals in the cluster; 0 = probe until unresolved
  bool force_bootstrap = false;         // ordinal 0: bootstrap an empty volume without probing
  int testonly_corrupt_clone_chunk = 0; // TEST ONLY: corrupt the N-th chunk sent; 0 = off
  // Bounded waits (docs/faults.md).
  int max_wait_timeout_ms = 60000;      // cap of every position wait, whatever is asked
  int max_parked_waits = 128;           // position waits and sleeps parked at once
  // Point-in-time restore (docs/operations.md): the primary copies its log here; "" = off.
  std::string log_archive_dir;
  uint64_t log_archive_retention_seconds = 7 * 86400;  // archive segments older are deleted
  // TLS (docs/tls.md). Paths may hold {ordinal}, replaced by this server's ordinal, so that
  // one volume can carry every pod's certificate. Files are read by path, never logged.
  std::string tls_cert_file;            // PEM certificate chain; "" = plaintext
  std::string tls_key_file;             // PEM private key of tls_cert_file
  std::string tls_ca_file;              // PEM CA bundle: verifies peers; enables mutual TLS
  int tls_reload_interval_s = 60;       // the files are re-read this often (rotation)
  bool require_secure_transport = false;  // refuse plaintext connections and logins
  int health_port = 0;                  // plaintext grpc.health.v1 only (kubelet probes); 0 = off
};

// How --memory_budget_mb is shared out (docs/memory-and-disk.md): half to RocksDB's block
// cache, which the memtables are charged to; a quarter to the working memory of all running
// statements, an eighth of the budget at most per statement; a sixteenth (at most 64 MiB) to
// the primary's in-memory backlog of recent batches; the rest is headroom for what is not
// accounted (table readers, compaction and network buffers, allocator slack).
// --block_cache_mb and --query_memory_mb replace their share when set.
struct MemoryPlan {
  uint64_t block_cache_bytes = 0;
  uint64_t query_memory_bytes = 0;        // one statement
  uint64_t query_memory_total_bytes = 0;  // all running statements
  uint64_t replication_backlog_bytes = 0;
};
MemoryPlan PlanMemory(const Config& config);

struct CommandLine {
  Config config;
  bool help = false;  // --help was given: print UsageText() and exit 0
};

// Looks up an environment variable; nullopt when it is unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
std::optional<std::string> GetEnv(const std::string& name);

// Parses `args` (argv[1..]: "--flag=value", "--flag value", "--bool_flag", "--nobool_flag")
// and, for flags not given there, the ORDINAL_* variables from `env`; then validates.
// Sets the process-wide absl flag values (tests guard with absl::FlagSaver).
absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                             const EnvLookup& env);

// Checks ranges and required values of an already filled Config.
absl::Status ValidateConfig(const Config& config);

// The list of flags with their defaults and help, for --help.
std::string UsageText();

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_CONFIG_H_
