#include "server/config.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string_view>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

ABSL_FLAG(std::string, data_dir, "", "Directory of the RocksDB instance (required).");
ABSL_FLAG(std::string, host, "127.0.0.1", "Address to listen on.");
ABSL_FLAG(int, port, 7306, "gRPC port (SQL, admin, health, reflection).");
ABSL_FLAG(int, ordinal, -1,
          "This server's ordinal; -1 derives it from POD_NAME or the hostname. 0 is the "
          "primary.");
ABSL_FLAG(std::string, peer_template, "127.0.1.{ordinal}:7306",
          "How to reach ordinal N: {ordinal} is replaced by N.");
ABSL_FLAG(std::string, sync_commit, "on",
          "Fsync the log before acknowledging a commit: on/off (also true/false, 1/0).");
ABSL_FLAG(int, sync_replicas, 0,
          "Replicas that must acknowledge a commit (applied and synced) before the primary "
          "acknowledges it; 0 is asynchronous.");
ABSL_FLAG(int, sync_timeout_ms, 1000,
          "How long a commit waits for --sync_replicas before it succeeds asynchronously "
          "(counted as a fallback).");
ABSL_FLAG(uint64_t, log_retention_bytes, 1ull << 30,
          "The primary keeps at most this many bytes of log for replicas that are behind.");
ABSL_FLAG(uint64_t, log_retention_seconds, 86400,
          "The primary keeps no log older than this for replicas that are behind.");
ABSL_FLAG(int, heartbeat_interval_ms, 500,
          "The primary sends a heartbeat on an idle replication stream this often.");
ABSL_FLAG(int, min_position_timeout_ms, 5000,
          "How long a read carrying min_position waits when the request gives no timeout.");
ABSL_FLAG(int, readiness_max_lag_ms, 10000,
          "A replica reports ready while it streams from the primary with less lag than this.");
ABSL_FLAG(int, metrics_port, 0, "Port of the Prometheus /metrics endpoint; 0 disables it.");
ABSL_FLAG(int, mysql_port, 3306,
          "Port of the MySQL protocol listener on --host; 0 disables it.");
ABSL_FLAG(int, mysql_max_connections, 1000,
          "MySQL connections served at once; more are refused with ERROR 1040.");
ABSL_FLAG(uint64_t, mysql_max_allowed_packet, 64ull << 20,
          "Largest MySQL packet accepted, in bytes (max_allowed_packet); larger ones get "
          "ERROR 1153 and the connection closes.");
ABSL_FLAG(int, mysql_connect_timeout_s, 10,
          "A MySQL client must finish its handshake within this many seconds.");
ABSL_FLAG(std::string, password_file, "", "File holding the root password.");
ABSL_FLAG(std::string, replication_user, "",
          "The account replicas stream and clone as (REPLICATION SLAVE only); created by the "
          "primary at start when missing. Empty: root. Its password comes from "
          "ORDINAL_REPLICATION_PASSWORD or --replication_password_file.");
ABSL_FLAG(std::string, replication_password_file, "",
          "File holding the replication user's password.");
ABSL_FLAG(bool, insecure_no_password, false, "Allow starting without a root password.");
// Memory (docs/memory-and-disk.md).
ABSL_FLAG(uint64_t, memory_budget_mb, 1024,
          "The server's memory budget in MiB: half for RocksDB's block cache (memtables "
          "charged to it), a quarter for statements' working memory, a quarter of headroom; "
          "the process stays within it plus a fixed overhead. Set it below the pod's limit.");
ABSL_FLAG(uint64_t, block_cache_mb, 0,
          "RocksDB block cache in MiB, memtables charged to it; 0: half of --memory_budget_mb.");
ABSL_FLAG(uint64_t, query_memory_mb, 0,
          "Working memory of one statement in MiB (sorts, groups, joins, materialized rows, "
          "results); past it the statement fails with 1038 or 1114. 0: an eighth of "
          "--memory_budget_mb.");
ABSL_FLAG(uint64_t, query_spill_mb, 0,
          "Temporary files one statement may hold in MiB, in <data_dir>/tmp, when its sorts, "
          "GROUP BY or DISTINCT pass --query_memory_mb; past it the statement fails with "
          "1114. 0: bounded only by the data volume's free space.");
ABSL_FLAG(int64_t, session_idle_timeout_s, 28800,
          "Sessions idle this long are closed and their transaction rolled back.");
ABSL_FLAG(int, max_sessions, 10000, "Maximum number of open sessions.");
ABSL_FLAG(uint64_t, clone_rate_limit_mb, 0,
          "Bandwidth of the clones this server serves, in MiB/s shared by all; 0 is unlimited.");
ABSL_FLAG(int, clone_max_concurrent, 2, "Clones this server serves at once; more are refused.");
ABSL_FLAG(std::string, clone_source_reads, "buffered",
          "How the clones this server serves read its checkpoint's files: 'buffered' (through "
          "the page cache with the kernel's read-ahead) or 'direct' (O_DIRECT; buffered where "
          "the filesystem refuses it).");
ABSL_FLAG(bool, auto_reclone, true,
          "A replica whose position the primary purged re-clones by itself (keeping its old "
          "data readable until the new copy is verified); false leaves it stopped.");
ABSL_FLAG(std::string, on_divergence, "reclone",
          "What a replica does when its history forked from the primary's (docs/history.md): "
          "'reclone' (keep the old data readable until a new clone is installed) or 'stop' "
          "(stay diverged, read-only, until an operator acts).");
ABSL_FLAG(int, peers, 0,
          "How many ordinals the cluster has (0 and its replicas), for ordinal 0's recovery of a "
          "lost volume; 0: probe ordinals 1, 2, ... until the first name that does not resolve "
          "(docs/history.md).");
ABSL_FLAG(bool, force_bootstrap, false,
          "DISASTER RECOVERY ONLY: ordinal 0 with an empty volume starts a new, empty history "
          "without asking its replicas; whatever they hold is discarded when they re-clone.");
ABSL_FLAG(int, testonly_corrupt_clone_chunk, 0,
          "TEST ONLY: flips a byte of the N-th clone chunk this process sends (once), to test "
          "that targets detect it; 0 disables. Never set it in production.");

// Bounded waits (docs/faults.md).
ABSL_FLAG(int, max_wait_timeout_ms, 60000,
          "The longest a wait for a position may last, whatever the request asks (a gRPC "
          "wait_timeout_ms, WAIT_FOR_EXECUTED_GTID_SET's timeout or its absence); 1..3600000.");
ABSL_FLAG(int, max_parked_waits, 128,
          "Statements that wait for a position or sleep (min_position reads, "
          "WAIT_FOR_EXECUTED_GTID_SET, SLEEP) parked at once, over both front ends; more are "
          "refused with ERROR 1637 (RESOURCE_EXHAUSTED). 1..4096.");
// Point-in-time restore (docs/operations.md, "Log archive").
ABSL_FLAG(std::string, log_archive_dir, "",
          "The primary archives its log continuously into this directory (a second volume or "
          "a mounted bucket) for point-in-time restore; empty disables archiving.");
ABSL_FLAG(uint64_t, log_archive_retention_seconds, 7 * 86400,
          "Archive segments last written longer ago than this are deleted; 0 keeps them all.");

// TLS (docs/tls.md).
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate (chain) served on the gRPC and MySQL ports; {ordinal} in the path is "
          "replaced by this server's ordinal. Empty serves plaintext.");
ABSL_FLAG(std::string, tls_key_file, "",
          "PEM private key of --tls_cert_file ({ordinal} replaced as there).");
ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM CA bundle that verifies other pods' certificates; with it, replication and clone "
          "require a client certificate naming the peer's ordinal (mutual TLS).");
ABSL_FLAG(int, tls_reload_interval_s, 60,
          "How often the TLS files are checked for a new certificate (rotation in place); "
          "1..86400.");
ABSL_FLAG(bool, require_secure_transport, false,
          "Refuse plaintext: the MySQL port answers plaintext logins with ERROR 3159; needs "
          "--tls_cert_file (the gRPC port then speaks TLS only).");
ABSL_FLAG(int, health_port, 0,
          "A plaintext gRPC port on --host serving grpc.health.v1 (and reflection) only, for "
          "probes that cannot speak TLS such as the kubelet's; every other call there is "
          "refused. 0 disables it.");

namespace ordinal::server {
namespace {

constexpr const char* kFlagNames[] = {
    "data_dir",      "host",         "port",          "ordinal",
    "peer_template", "sync_commit",  "sync_replicas", "sync_timeout_ms",
    "metrics_port",  "password_file", "insecure_no_password", "block_cache_mb",
    "replication_user", "replication_password_file",
    "memory_budget_mb", "query_memory_mb", "query_spill_mb",
    "session_idle_timeout_s", "max_sessions", "log_retention_bytes", "log_retention_seconds",
    "heartbeat_interval_ms", "min_position_timeout_ms", "readiness_max_lag_ms",
    "clone_rate_limit_mb", "clone_max_concurrent", "clone_source_reads", "auto_reclone",
    "on_divergence", "peers", "force_bootstrap", "testonly_corrupt_clone_chunk",
    "mysql_port", "mysql_max_connections", "mysql_max_allowed_packet", "mysql_connect_timeout_s",
    "max_wait_timeout_ms", "max_parked_waits",
    "log_archive_dir", "log_archive_retention_seconds",
    "tls_cert_file", "tls_key_file", "tls_ca_file", "tls_reload_interval_s",
    "require_secure_transport", "health_port",
};

// The longest wait any flag may allow (an hour): waits end at shutdown anyway.
constexpr int kMaxWaitTimeoutMsLimit = 3600000;

bool IsOurFlag(std::string_view name) {
  for (const char* flag : kFlagNames) {
    if (name == flag) return true;
  }
  return false;
}

std::string EnvName(std::string_view flag) {
  return absl::AsciiStrToUpper(absl::StrCat("ORDINAL_", absl::string_view(flag.data(), flag.size())));
}

absl::Status SetFlag(const std::string& name, const std::string& value,
                     const std::string& source) {
  absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  if (flag == nullptr) return absl::InternalError(absl::StrCat("flag --", name, " not registered"));
  std::string error;
  if (!flag->ParseFrom(value, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid value '", value, "' for --", name, source, ": ", error));
  }
  return absl::OkStatus();
}

// One command-line argument split into flag name and value.
struct FlagArg {
  std::string name;
  std::optional<std::string> value;  // nullopt: "--name" without "=value"
};

std::optional<FlagArg> SplitFlag(const std::string& arg) {
  if (arg.size() < 2 || arg[0] != '-') return std::nullopt;
  std::string_view body(arg);
  body.remove_prefix(body.substr(0, 2) == "--" ? 2 : 1);
  FlagArg out;
  size_t eq = body.find('=');
  if (eq == std::string_view::npos) {
    out.name = std::string(body);
  } else {
    out.name = std::string(body.substr(0, eq));
    out.value = std::string(body.substr(eq + 1));
  }
  return out;
}

// Applies the command-line arguments; returns the names of the flags they set.
absl::StatusOr<std::set<std::string>> ApplyArgs(const std::vector<std::string>& args,
                                                bool* help) {
  std::set<std::string> given;
  for (size_t i = 0; i < args.size(); ++i) {
    std::optional<FlagArg> arg = SplitFlag(args[i]);
    if (!arg.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", args[i], "': ordinald takes only flags"));
    }
    if (arg->name == "help" || arg->name == "h" || arg->name == "helpfull") {
      *help = true;
      continue;
    }
    std::string name = arg->name;
    std::optional<std::string> value = arg->value;
    if (!IsOurFlag(name) && absl::StartsWith(name, "no") && IsOurFlag(name.substr(2)) &&
        !value.has_value()) {
      name = name.substr(2);
      value = "false";
    }
    if (!IsOurFlag(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag '", args[i], "' (see --help)"));
    }
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (!value.has_value()) {
      if (flag != nullptr && flag->IsOfType<bool>()) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
      }
    }
    if (absl::Status s = SetFlag(name, *value, ""); !s.ok()) return s;
    given.insert(name);
  }
  return given;
}

absl::Status ApplyEnv(const std::set<std::string>& given, const EnvLookup& env) {
  for (const char* name : kFlagNames) {
    if (given.count(name) > 0) continue;
    std::string env_name = EnvName(name);
    std::optional<std::string> value = env(env_name);
    if (!value.has_value()) continue;
    if (absl::Status s =
            SetFlag(name, *value, absl::StrCat(" (from environment variable ", env_name, ")"));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> ParseOnOff(const std::string& text) {
  std::string lower = absl::AsciiStrToLower(text);
  if (lower == "on" || lower == "true" || lower == "1" || lower == "yes") return true;
  if (lower == "off" || lower == "false" || lower == "0" || lower == "no") return false;
  return absl::InvalidArgumentError(
      absl::StrCat("invalid value '", text, "' for --sync_commit: expected on or off"));
}

absl::StatusOr<Config> ReadFlags() {
  Config c;
  c.data_dir = absl::GetFlag(FLAGS_data_dir);
  c.host = absl::GetFlag(FLAGS_host);
  c.port = absl::GetFlag(FLAGS_port);
  c.ordinal = absl::GetFlag(FLAGS_ordinal);
  c.peer_template = absl::GetFlag(FLAGS_peer_template);
  absl::StatusOr<bool> sync = ParseOnOff(absl::GetFlag(FLAGS_sync_commit));
  if (!sync.ok()) return sync.status();
  c.sync_commit = *sync;
  c.sync_replicas = absl::GetFlag(FLAGS_sync_replicas);
  c.sync_timeout_ms = absl::GetFlag(FLAGS_sync_timeout_ms);
  c.metrics_port = absl::GetFlag(FLAGS_metrics_port);
  c.mysql_port = absl::GetFlag(FLAGS_mysql_port);
  c.mysql_max_connections = absl::GetFlag(FLAGS_mysql_max_connections);
  c.mysql_max_allowed_packet = absl::GetFlag(FLAGS_mysql_max_allowed_packet);
  c.mysql_connect_timeout_s = absl::GetFlag(FLAGS_mysql_connect_timeout_s);
  c.password_file = absl::GetFlag(FLAGS_password_file);
  c.replication_user = absl::GetFlag(FLAGS_replication_user);
  c.replication_password_file = absl::GetFlag(FLAGS_replication_password_file);
  c.insecure_no_password = absl::GetFlag(FLAGS_insecure_no_password);
  c.memory_budget_mb = absl::GetFlag(FLAGS_memory_budget_mb);
  c.block_cache_mb = absl::GetFlag(FLAGS_block_cache_mb);
  c.query_memory_mb = absl::GetFlag(FLAGS_query_memory_mb);
  c.query_spill_mb = absl::GetFlag(FLAGS_query_spill_mb);
  c.session_idle_timeout_s = absl::GetFlag(FLAGS_session_idle_timeout_s);
  c.max_sessions = absl::GetFlag(FLAGS_max_sessions);
  c.log_retention_bytes = absl::GetFlag(FLAGS_log_retention_bytes);
  c.log_retention_seconds = absl::GetFlag(FLAGS_log_retention_seconds);
  c.heartbeat_interval_ms = absl::GetFlag(FLAGS_heartbeat_interval_ms);
  c.min_position_timeout_ms = absl::GetFlag(FLAGS_min_position_timeout_ms);
  c.readiness_max_lag_ms = absl::GetFlag(FLAGS_readiness_max_lag_ms);
  c.clone_rate_limit_mb = absl::GetFlag(FLAGS_clone_rate_limit_mb);
  c.clone_max_concurrent = absl::GetFlag(FLAGS_clone_max_concurrent);
  c.clone_source_reads = absl::GetFlag(FLAGS_clone_source_reads);
  c.auto_reclone = absl::GetFlag(FLAGS_auto_reclone);
  c.on_divergence = absl::GetFlag(FLAGS_on_divergence);
  c.peers = absl::GetFlag(FLAGS_peers);
  c.force_bootstrap = absl::GetFlag(FLAGS_force_bootstrap);
  c.testonly_corrupt_clone_chunk = absl::GetFlag(FLAGS_testonly_corrupt_clone_chunk);
  c.max_wait_timeout_ms = absl::GetFlag(FLAGS_max_wait_timeout_ms);
  c.max_parked_waits = absl::GetFlag(FLAGS_max_parked_waits);
  c.log_archive_dir = absl::GetFlag(FLAGS_log_archive_dir);
  c.log_archive_retention_seconds = absl::GetFlag(FLAGS_log_archive_retention_seconds);
  c.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  c.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  c.tls_ca_file = absl::GetFlag(FLAGS_tls_ca_file);
  c.tls_reload_interval_s = absl::GetFlag(FLAGS_tls_reload_interval_s);
  c.require_secure_transport = absl::GetFlag(FLAGS_require_secure_transport);
  c.health_port = absl::GetFlag(FLAGS_health_port);
  return c;
}

absl::Status OutOfRange(std::string_view flag, int64_t value, std::string_view expected) {
  return absl::InvalidArgumentError(absl::StrCat("invalid value ", value, " for --",
                                                 absl::string_view(flag.data(), flag.size()),
                                                 ": expected ",
                                                 absl::string_view(expected.data(), expected.size())));
}

// --memory_budget_mb and the shares that may be given explicitly (docs/memory-and-disk.md).
absl::Status ValidateMemoryFlags(const Config& c) {
  if (c.memory_budget_mb < 32 || c.memory_budget_mb > (1u << 20)) {
    return OutOfRange("memory_budget_mb", static_cast<int64_t>(c.memory_budget_mb), "32..1048576");
  }
  if (c.block_cache_mb > c.memory_budget_mb) {
    return OutOfRange("block_cache_mb", static_cast<int64_t>(c.block_cache_mb),
                      "0..--memory_budget_mb (0: half of the budget)");
  }
  if (c.query_memory_mb > c.memory_budget_mb / 4) {
    return OutOfRange("query_memory_mb", static_cast<int64_t>(c.query_memory_mb),
                      "0..a quarter of --memory_budget_mb (0: an eighth of the budget)");
  }
  return absl::OkStatus();
}

// Log archive placement (docs/operations.md, "Log archive"): the archive must survive the
// loss of the data volume and must not be swept by a clone's install, which replaces the
// data directory wholesale, so neither directory may hold the other. Paths are compared
// absolute and normalized, with the symbolic links of their existing parts resolved.
absl::Status CheckArchiveOutsideDataDir(const std::string& data_dir,
                                        const std::string& archive_dir) {
  if (archive_dir.empty()) return absl::OkStatus();
  namespace fs = std::filesystem;
  auto resolved = [](const std::string& path) {
    std::error_code error;
    fs::path absolute = fs::absolute(path, error);
    fs::path canonical = fs::weakly_canonical(absolute, error);
    return (error ? absolute : canonical).lexically_normal();
  };
  auto inside = [](const fs::path& inner, const fs::path& outer) {
    const fs::path relative = inner.lexically_relative(outer);
    return !relative.empty() && *relative.begin() != "..";
  };
  const fs::path data = resolved(data_dir);
  const fs::path archive = resolved(archive_dir);
  if (inside(archive, data)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--log_archive_dir ", archive_dir, " is inside --data_dir ", data_dir,
        ": put the archive on another volume (a clone or restore replaces the data directory)"));
  }
  if (inside(data, archive)) {
    return absl::InvalidArgumentError(absl::StrCat("--data_dir ", data_dir,
                                                   " is inside --log_archive_dir ", archive_dir,
                                                   ": keep the archive a directory of its own"));
  }
  return absl::OkStatus();
}

// The TLS flags' combinations; the files themselves are checked when the server starts
// (server/tls_files.h), once the ordinal is known.
absl::Status ValidateTlsConfig(const Config& c) {
  if (c.tls_cert_file.empty() != c.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert_file and --tls_key_file go together: give both or neither");
  }
  if (!c.tls_ca_file.empty() && c.tls_cert_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_ca_file needs --tls_cert_file and --tls_key_file (mutual TLS needs our own "
        "certificate too)");
  }
  if (c.require_secure_transport && c.tls_cert_file.empty()) {
    return absl::InvalidArgumentError(
        "--require_secure_transport needs --tls_cert_file and --tls_key_file");
  }
  if (c.tls_reload_interval_s < 1 || c.tls_reload_interval_s > 86400) {
    return OutOfRange("tls_reload_interval_s", c.tls_reload_interval_s, "1..86400");
  }
  if (c.health_port < 0 || c.health_port > 65535) {
    return OutOfRange("health_port", c.health_port, "0..65535 (0 disables it)");
  }
  if (c.health_port != 0 && (c.health_port == c.port || c.health_port == c.mysql_port ||
                             c.health_port == c.metrics_port)) {
    return absl::InvalidArgumentError(
        "--health_port must differ from --port, --mysql_port and --metrics_port");
  }
  return absl::OkStatus();
}

}  // namespace

MemoryPlan PlanMemory(const Config& c) {
  MemoryPlan plan;
  const uint64_t budget = c.memory_budget_mb << 20;
  plan.block_cache_bytes = c.block_cache_mb != 0 ? c.block_cache_mb << 20 : budget / 2;
  plan.query_memory_total_bytes = budget / 4;
  plan.query_memory_bytes = c.query_memory_mb != 0 ? c.query_memory_mb << 20 : budget / 8;
  plan.replication_backlog_bytes = std::min<uint64_t>(budget / 16, 64ull << 20);
  return plan;
}

std::optional<std::string> GetEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

absl::Status ValidateConfig(const Config& c) {
  if (c.data_dir.empty()) {
    return absl::InvalidArgumentError(
        "--data_dir is required (or the environment variable ORDINAL_DATA_DIR)");
  }
  if (c.host.empty()) return absl::InvalidArgumentError("--host must not be empty");
  if (c.on_divergence != "reclone" && c.on_divergence != "stop") {
    return absl::InvalidArgumentError(absl::StrCat("invalid value '", c.on_divergence,
                                                   "' for --on_divergence: expected 'reclone' "
                                                   "or 'stop'"));
  }
  if (c.clone_source_reads != "direct" && c.clone_source_reads != "buffered") {
    return absl::InvalidArgumentError(absl::StrCat("invalid value '", c.clone_source_reads,
                                                   "' for --clone_source_reads: expected "
                                                   "'direct' or 'buffered'"));
  }
  if (c.peers < 0 || c.peers > 65536) return OutOfRange("peers", c.peers, "0..65536");
  if (c.port < 1 || c.port > 65535) return OutOfRange("port", c.port, "1..65535");
  if (c.metrics_port < 0 || c.metrics_port > 65535) {
    return OutOfRange("metrics_port", c.metrics_port, "0..65535 (0 disables metrics)");
  }
  if (c.mysql_port < 0 || c.mysql_port > 65535) {
    return OutOfRange("mysql_port", c.mysql_port, "0..65535 (0 disables the MySQL listener)");
  }
  if (c.mysql_port != 0 && (c.mysql_port == c.port || c.mysql_port == c.metrics_port)) {
    return absl::InvalidArgumentError("--mysql_port must differ from --port and --metrics_port");
  }
  if (c.mysql_max_connections < 1) {
    return OutOfRange("mysql_max_connections", c.mysql_max_connections, ">= 1");
  }
  if (c.mysql_max_allowed_packet < 1024 || c.mysql_max_allowed_packet > (1ull << 30)) {
    return OutOfRange("mysql_max_allowed_packet",
                      static_cast<int64_t>(c.mysql_max_allowed_packet), "1024..1073741824");
  }
  if (c.mysql_connect_timeout_s < 1) {
    return OutOfRange("mysql_connect_timeout_s", c.mysql_connect_timeout_s, ">= 1");
  }
  if (c.metrics_port != 0 && c.metrics_port == c.port) {
    return absl::InvalidArgumentError("--metrics_port must differ from --port");
  }
  if (c.ordinal < -1 || c.ordinal > 65535) {
    return OutOfRange("ordinal", c.ordinal, "0..65535, or -1 to derive it");
  }
  if (!absl::StrContains(c.peer_template, "{ordinal}")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid value '", c.peer_template, "' for --peer_template: it must contain {ordinal}"));
  }
  if (c.sync_replicas < 0) return OutOfRange("sync_replicas", c.sync_replicas, ">= 0");
  if (c.sync_timeout_ms < 0) return OutOfRange("sync_timeout_ms", c.sync_timeout_ms, ">= 0");
  if (absl::Status s = ValidateMemoryFlags(c); !s.ok()) return s;
  if (c.session_idle_timeout_s < 1) {
    return OutOfRange("session_idle_timeout_s", c.session_idle_timeout_s, ">= 1");
  }
  if (c.max_sessions < 1) return OutOfRange("max_sessions", c.max_sessions, ">= 1");
  if (c.clone_max_concurrent < 1) {
    return OutOfRange("clone_max_concurrent", c.clone_max_concurrent, ">= 1");
  }
  if (c.clone_rate_limit_mb > (1u << 20)) {
    return OutOfRange("clone_rate_limit_mb", static_cast<int64_t>(c.clone_rate_limit_mb),
                      "0..1048576 (0 is unlimited)");
  }
  if (c.testonly_corrupt_clone_chunk < 0) {
    return OutOfRange("testonly_corrupt_clone_chunk", c.testonly_corrupt_clone_chunk, ">= 0");
  }
  if (c.heartbeat_interval_ms < 10 || c.heartbeat_interval_ms > 60000) {
    return OutOfRange("heartbeat_interval_ms", c.heartbeat_interval_ms, "10..60000");
  }
  if (c.min_position_timeout_ms < 0) {
    return OutOfRange("min_position_timeout_ms", c.min_position_timeout_ms, ">= 0");
  }
  if (c.readiness_max_lag_ms < 1) {
    return OutOfRange("readiness_max_lag_ms", c.readiness_max_lag_ms, ">= 1");
  }
  if (c.max_wait_timeout_ms < 1 || c.max_wait_timeout_ms > kMaxWaitTimeoutMsLimit) {
    return OutOfRange("max_wait_timeout_ms", c.max_wait_timeout_ms, "1..3600000");
  }
  if (c.sync_timeout_ms > kMaxWaitTimeoutMsLimit) {
    return OutOfRange("sync_timeout_ms", c.sync_timeout_ms, "0..3600000");
  }
  if (c.max_parked_waits < 1 || c.max_parked_waits > 4096) {
    return OutOfRange("max_parked_waits", c.max_parked_waits, "1..4096");
  }
  if (absl::Status tls = ValidateTlsConfig(c); !tls.ok()) return tls;
  return CheckArchiveOutsideDataDir(c.data_dir, c.log_archive_dir);
}

absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                             const EnvLookup& env) {
  CommandLine out;
  absl::StatusOr<std::set<std::string>> given = ApplyArgs(args, &out.help);
  if (!given.ok()) return given.status();
  if (out.help) return out;
  if (absl::Status s = ApplyEnv(*given, env); !s.ok()) return s;
  absl::StatusOr<Config> config = ReadFlags();
  if (!config.ok()) return config.status();
  if (absl::Status s = ValidateConfig(*config); !s.ok()) return s;
  out.config = *std::move(config);
  return out;
}

std::string UsageText() {
  std::string text =
      "ordinald: the OrdinalDB server.\n"
      "Every flag may also come from the environment variable ORDINAL_<FLAG>; the command\n"
      "line wins. The root password comes from ORDINAL_ROOT_PASSWORD or --password_file, the\n"
      "replication user's from ORDINAL_REPLICATION_PASSWORD or --replication_password_file\n"
      "(docs/users-and-privileges.md).\n\n";
  for (const char* name : kFlagNames) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) continue;
    absl::StrAppend(&text, "  --", name, " (default: '", flag->DefaultValue(), "')\n      ",
                    flag->Help(), "\n");
  }
  return text;
}

}  // namespace ordinal::server
