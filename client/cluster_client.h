// ordinal::ClusterClient: runs SQL against a whole OrdinalDB cluster (one primary, ordinal 0,
// and read-only replicas, ordinals 1..N-1), routing each statement to the right pod.
//
//   ORDINAL_ASSIGN_OR_RETURN(
//       std::unique_ptr<ClusterClient> cluster,
//       ClusterClient::Create({.peer_template = "ordinal-{ordinal}.ordinal:7306",
//                              .pod_count = 3, .password = password, .database = "shop"}));
//   ORDINAL_RETURN_IF_ERROR(cluster->Execute("INSERT INTO t VALUES (1)").status());
//   // Runs on a replica, which first waits until it has applied the INSERT.
//   ORDINAL_ASSIGN_OR_RETURN(ResultSet rs, cluster->Execute("SELECT * FROM t"));
//
// The cluster. ClusterOptions names the pods either as a list of addresses (index = ordinal)
// or as a peer template ("{ordinal}" replaced by 0..pod_count-1). Create only checks the
// options; pods are connected on first use (a Client per pod, see client/client.h), so an
// unreachable or misconfigured pod shows up as the error of the statement that needed it.
//
// Routing (see client/statement_kind.h for how statements are classified):
//   - writes (anything that is not a read), BEGIN, COMMIT and ROLLBACK go to the primary;
//   - inside a transaction (after BEGIN, until COMMIT/ROLLBACK) every statement runs in the
//     primary's session; CallOptions::read_mode and ::ordinal are ignored there;
//   - reads (SELECT, SHOW, DESCRIBE, DESC, EXPLAIN, CHECKSUM) go to the replicas in turn
//     (round-robin), or to the primary when the cluster has no replica, as the read mode
//     says:
//       kReadYourWrites (default): the read carries min_position = last_commit_position(),
//         the highest commit position this ClusterClient has seen, and the replica waits
//         until it has applied that far before it answers;
//       kEventual: no min_position; the replica answers with what it has;
//       kPrimary: the read goes to the primary.
//   - `USE db` runs like a read (so a database just created is found), and then selects the
//     database on every other pod lazily, before that pod's next statement.
//
// Retries (client/retry_policy.h), all within ClusterOptions::timeout per call:
//   - a read failing with UNAVAILABLE (the pod is unreachable, or a replica timed out waiting
//     for min_position: errno 1205) moves on to the next replica, then to the primary; after
//     a full round it waits (exponential backoff: RetryPolicy) and starts over;
//   - a write is re-sent only when it certainly never reached a server (the connection was
//     refused); any other failure, such as a connection lost mid-call, is returned, since the
//     write may have committed;
//   - a write refused by a replica (FAILED_PRECONDITION, errno 1290: the pod taken for the
//     primary is not the primary) is redirected once: the client takes the address the
//     replica named (trailing metadata x-ordinal-primary, else the last word of the message)
//     as the primary from then on, and re-sends the write there. Inside a transaction it
//     rolls the transaction back instead and returns the error.
//   Nothing is retried inside a transaction, nor COMMIT/ROLLBACK: the caller decides.
//
// Errors are those of Client (MySQL error numbers, UNAVAILABLE naming the address); after
// retries the error of the last attempt is returned.
//
// Thread safety: a ClusterClient is used by one thread at a time (it holds one session per
// pod). Create one ClusterClient per thread; to let one thread read another's writes, pass
// the writer's last_commit_position() to the reader's ObservePosition().
#ifndef ORDINAL_CLIENT_CLUSTER_CLIENT_H_
#define ORDINAL_CLIENT_CLUSTER_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/client.h"
#include "client/result_set.h"
#include "client/retry_policy.h"
#include "client/server_status.h"
#include "client/statement_kind.h"

namespace ordinal {

enum class ReadMode {
  kReadYourWrites,  // any pod, after it has applied this client's writes
  kEventual,        // any pod, whatever it has applied
  kPrimary,         // the primary only
};

struct ClusterOptions {
  // The pods' "host:port", index = ordinal (0 is the primary). Leave empty to use
  // peer_template and pod_count instead.
  std::vector<std::string> addresses;
  // How to reach ordinal N, "{ordinal}" replaced by N: "ordinal-{ordinal}.ordinal:7306" in
  // Kubernetes, "127.0.1.{ordinal}:7306" on one machine.
  std::string peer_template;
  // The number of pods (the StatefulSet's replicas), ordinals 0..pod_count-1.
  int pod_count = 0;
  std::string user = "root";
  std::string password;
  // Database selected on every pod; empty selects none.
  std::string database;
  // Budget of one call, retries included: no attempt starts after it has run out. Each
  // attempt is bounded by it too (plus wait_timeout for a read), so a call that is stuck in
  // its last attempt may take up to about twice this.
  std::chrono::milliseconds timeout{30000};
  // How long a replica may wait for min_position before the read moves on to another pod;
  // 0 uses the server's default.
  std::chrono::milliseconds wait_timeout{0};
  // How reads are routed unless a call says otherwise.
  ReadMode read_mode = ReadMode::kReadYourWrites;
  RetryPolicy retry;
  // TLS to every pod (client/tls_options.h).
  TlsOptions tls;
};

// Per-statement options.
struct CallOptions {
  // Overrides ClusterOptions::read_mode / set_read_mode for this statement.
  std::optional<ReadMode> read_mode;
  // Sends the statement to this ordinal's pod only: no routing, no failover to other pods,
  // no redirect (a write sent to a replica fails as the server says). UNAVAILABLE is still
  // retried on that pod. A read still carries min_position per the read mode. Not allowed
  // on BEGIN, COMMIT and ROLLBACK (INVALID_ARGUMENT): transactions run on the primary.
  std::optional<int> ordinal;
  // Overrides ClusterOptions::wait_timeout for this statement when not 0.
  std::chrono::milliseconds wait_timeout{0};
};

class ClusterClient {
 public:
  // Checks the options (some pod, a template containing "{ordinal}"); connects nothing.
  static absl::StatusOr<std::unique_ptr<ClusterClient>> Create(const ClusterOptions& options);

  // The addresses of ordinals 0..pod_count-1 from `peer_template`.
  static absl::StatusOr<std::vector<std::string>> ExpandPeerTemplate(std::string_view peer_template,
                                                                     int pod_count);

  // Closes every pod's session.
  ~ClusterClient();

  ClusterClient(const ClusterClient&) = delete;
  ClusterClient& operator=(const ClusterClient&) = delete;

  // Runs one statement on the pod the routing picks (see the top of this file).
  absl::StatusOr<ResultSet> Execute(std::string_view sql);
  absl::StatusOr<ResultSet> Execute(std::string_view sql, const CallOptions& options);

  // BEGIN, COMMIT and ROLLBACK in the primary's session.
  absl::Status Begin();
  absl::Status Commit();
  absl::Status Rollback();

  // What the pod of `ordinal` says about itself (Admin.GetStatus), no retry.
  absl::StatusOr<ServerStatus> Status(int ordinal);

  // The highest commit position seen from this client's statements (0: none yet): the
  // position read-your-writes reads wait for.
  uint64_t last_commit_position() const { return position_; }
  // Raises last_commit_position() to `position` (no-op when lower), e.g. to read another
  // client's writes.
  void ObservePosition(uint64_t position);

  ReadMode read_mode() const { return read_mode_; }
  void set_read_mode(ReadMode mode) { read_mode_ = mode; }

  // The database selected by the last successful USE (or ClusterOptions::database).
  const std::string& current_database() const { return database_; }
  // Whether a transaction is open in the primary's session.
  bool in_transaction() const;

  int pod_count() const { return static_cast<int>(addresses_.size()); }
  const std::string& address(int ordinal) const { return addresses_.at(ordinal); }
  // Where writes go: address(0) until a replica redirected a write elsewhere.
  const std::string& primary_address() const { return primary_address_; }
  // The pod that answered (or last failed) the last statement: its address, and its
  // ordinal (-1 when that address is not in the list, e.g. a redirect target).
  const std::string& last_address() const { return last_address_; }
  int last_ordinal() const;

 private:
  ClusterClient(const ClusterOptions& options, std::vector<std::string> addresses);

  absl::StatusOr<ResultSet> ExecuteRead(std::string_view sql, const CallOptions& options);
  absl::StatusOr<ResultSet> ExecuteWrite(std::string_view sql, StatementKind kind,
                                         const CallOptions& options);
  absl::StatusOr<ResultSet> ExecuteUse(std::string_view sql, const CallOptions& options);
  // Follows a replica's refusal of a write: returns true when the primary address changed
  // and the write may be re-sent there.
  bool FollowRedirect(const std::string& refused_by);

  // The pods a read tries, in order: the replicas starting at the round-robin turn, then
  // the primary.
  std::vector<std::string> ReadCandidates();
  // Runs `sql` on the pod at `address`, connecting it and selecting the database first.
  // `*sent` tells whether the statement itself was handed to the pod.
  absl::StatusOr<ResultSet> RunOn(const std::string& address, std::string_view sql,
                                  const ExecuteOptions& options, bool* sent);
  // The pod's client, connected and with database_ selected (by a USE that carries
  // `options`, so that it waits for the same position as the statement that follows).
  absl::StatusOr<Client*> PodClient(const std::string& address, const ExecuteOptions& options);
  Client* ExistingPodClient(const std::string& address) const;

  ClusterOptions options_;
  std::vector<std::string> addresses_;  // index = ordinal
  std::string primary_address_;
  std::map<std::string, std::unique_ptr<Client>> clients_;  // by address
  ReadMode read_mode_;
  std::string database_;
  uint64_t position_ = 0;
  size_t next_replica_ = 0;
  std::string last_address_;
};

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_CLUSTER_CLIENT_H_
