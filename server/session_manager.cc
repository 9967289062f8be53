#include "server/session_manager.h"

#include <algorithm>
#include <atomic>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/status_reason.h"
#include "spdlog/spdlog.h"

namespace ordinal::server {

class SessionManager::Entry {
 public:
  explicit Entry(std::unique_ptr<engine::Session> session) : session_(std::move(session)) {
    Touch(absl::Now());
  }

  absl::Mutex mu;  // held by the Lease while a statement runs

  engine::Session* session() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return session_.get(); }

  // Rolls back and drops the engine session; later Acquires fail.
  void Shut() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (session_ != nullptr) session_->RollbackIfOpen();
    session_.reset();
  }

  void Touch(absl::Time now) { last_used_ns_.store(absl::ToUnixNanos(now)); }
  absl::Time last_used() const { return absl::FromUnixNanos(last_used_ns_.load()); }

 private:
  std::unique_ptr<engine::Session> session_ ABSL_GUARDED_BY(mu);
  std::atomic<int64_t> last_used_ns_{0};
};

// A session handed out by Bind: the engine session until EndAll ends it.
class SessionManager::BoundEntry {
 public:
  explicit BoundEntry(std::unique_ptr<engine::Session> session) : session_(std::move(session)) {}

  absl::Mutex mu;  // held while a statement runs, and by End
  engine::Session* session() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return session_.get(); }
  const std::string& ended() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return ended_; }

  // Rolls back and drops the engine session (before its store closes).
  void End(const std::string& why) {
    absl::MutexLock lock(&mu);
    if (session_ == nullptr) return;
    session_->RollbackIfOpen();
    session_.reset();
    ended_ = why;
  }

 private:
  std::unique_ptr<engine::Session> session_ ABSL_GUARDED_BY(mu);
  std::string ended_ ABSL_GUARDED_BY(mu);
};

namespace {

class BoundSession final : public engine::Session {
 public:
  explicit BoundSession(std::shared_ptr<SessionManager::BoundEntry> entry)
      : entry_(std::move(entry)) {
    absl::MutexLock lock(&entry_->mu);
    // Taken once: interrupt() must not wait for the lock a running statement holds.
    interrupt_ = entry_->session() != nullptr
                     ? entry_->session()->interrupt()
                     : std::make_shared<engine::StatementInterrupt>(nullptr);
  }

  absl::StatusOr<engine::ResultSet> Execute(std::string_view sql) override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() == nullptr) return Ended();
    return entry_->session()->Execute(sql);
  }
  absl::StatusOr<engine::ResultSet> Execute(const engine::sql::Statement& statement) override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() == nullptr) return Ended();
    return entry_->session()->Execute(statement);
  }
  absl::StatusOr<engine::ResultSet> Execute(const engine::sql::Statement& statement,
                                            engine::RowSink* rows) override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() == nullptr) return Ended();
    return entry_->session()->Execute(statement, rows);
  }
  const std::string& current_database() const override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() != nullptr) database_ = entry_->session()->current_database();
    return database_;
  }
  bool in_transaction() const override {
    absl::MutexLock lock(&entry_->mu);
    return entry_->session() != nullptr && entry_->session()->in_transaction();
  }
  bool transaction_only_read() const override {
    absl::MutexLock lock(&entry_->mu);
    return entry_->session() != nullptr && entry_->session()->transaction_only_read();
  }
  absl::StatusOr<std::optional<std::vector<engine::ResultColumn>>> Describe(
      const engine::sql::Statement& statement) override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() == nullptr) return Ended();
    return entry_->session()->Describe(statement);
  }
  void RollbackIfOpen() override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() != nullptr) entry_->session()->RollbackIfOpen();
  }
  void SetConnection(uint32_t id, std::string_view user) override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() != nullptr) entry_->session()->SetConnection(id, user);
  }
  absl::Status SetPrincipal(const engine::auth::Principal& principal) override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() == nullptr) return Ended();
    return entry_->session()->SetPrincipal(principal);
  }
  absl::Status Authorize(const engine::sql::Statement& statement) override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() == nullptr) return Ended();
    return entry_->session()->Authorize(statement);
  }
  absl::Status CheckGlobalPrivilege(uint64_t privilege, std::string_view names) override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() == nullptr) return Ended();
    return entry_->session()->CheckGlobalPrivilege(privilege, names);
  }
  uint32_t connection_id() const override {
    absl::MutexLock lock(&entry_->mu);
    return entry_->session() != nullptr ? entry_->session()->connection_id() : 0;
  }
  std::string user_name() const override {
    absl::MutexLock lock(&entry_->mu);
    return entry_->session() != nullptr ? entry_->session()->user_name() : std::string();
  }
  uint32_t warning_count() const override {
    absl::MutexLock lock(&entry_->mu);
    return entry_->session() != nullptr ? entry_->session()->warning_count() : 0;
  }
  bool autocommit() const override {
    absl::MutexLock lock(&entry_->mu);
    return entry_->session() == nullptr || entry_->session()->autocommit();
  }
  absl::StatusOr<engine::Value> EvaluateConstant(const engine::sql::Expr& expr) override {
    absl::MutexLock lock(&entry_->mu);
    if (entry_->session() == nullptr) return Ended();
    return entry_->session()->EvaluateConstant(expr);
  }
  std::shared_ptr<engine::StatementInterrupt> interrupt() const override { return interrupt_; }

 private:
  absl::Status Ended() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(entry_->mu) {
    return absl::UnavailableError(
        absl::StrCat("this session ended ", entry_->ended(), "; reconnect"));
  }

  std::shared_ptr<SessionManager::BoundEntry> entry_;
  std::shared_ptr<engine::StatementInterrupt> interrupt_;  // the bound session's
  mutable std::string database_;  // the last name current_database() returned
};

}  // namespace

std::unique_ptr<engine::Session> SessionManager::Bind(std::unique_ptr<engine::Session> session) {
  auto entry = std::make_shared<BoundEntry>(std::move(session));
  absl::MutexLock lock(&mu_);
  bound_.erase(std::remove_if(bound_.begin(), bound_.end(),
                              [](const std::weak_ptr<BoundEntry>& e) { return e.expired(); }),
               bound_.end());
  bound_.push_back(entry);
  return std::make_unique<BoundSession>(std::move(entry));
}

SessionManager::Lease::Lease(std::shared_ptr<Entry> entry) : entry_(std::move(entry)) {}

SessionManager::Lease::Lease(Lease&& other) noexcept : entry_(std::move(other.entry_)) {}

SessionManager::Lease::~Lease() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  if (entry_ == nullptr) return;
  entry_->Touch(absl::Now());
  entry_->mu.Unlock();
}

engine::Session& SessionManager::Lease::session() const ABSL_NO_THREAD_SAFETY_ANALYSIS {
  return *entry_->session();
}

SessionManager::SessionManager(Options options) : options_(options) {
  expiry_thread_ = std::thread([this] { ExpiryLoop(); });
}

SessionManager::~SessionManager() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  expiry_thread_.join();
  CloseAll();
}

std::string SessionManager::NewId() {
  for (;;) {
    std::string id = absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(bitgen_),
                                     absl::Uniform<uint64_t>(bitgen_));
    if (!sessions_.contains(id)) return id;
  }
}

absl::StatusOr<std::string> SessionManager::Open(engine::SqlEngine& db,
                                                 std::string_view database) {
  {
    absl::MutexLock lock(&mu_);
    if (sessions_.size() >= options_.max_sessions) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "Too many sessions: ", options_.max_sessions, " are open (--max_sessions)"));
    }
  }
  absl::StatusOr<std::unique_ptr<engine::Session>> session = db.NewSession(database);
  if (!session.ok()) return session.status();
  auto entry = std::make_shared<Entry>(*std::move(session));
  absl::MutexLock lock(&mu_);
  std::string id = NewId();
  sessions_.emplace(id, std::move(entry));
  return id;
}

void SessionManager::Close(std::string_view id) {
  std::shared_ptr<Entry> entry;
  {
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(absl::string_view(id.data(), id.size()));
    if (it == sessions_.end()) return;
    entry = std::move(it->second);
    sessions_.erase(it);
  }
  absl::MutexLock lock(&entry->mu);
  entry->Shut();
}

absl::StatusOr<SessionManager::Lease> SessionManager::Acquire(std::string_view id)
    ABSL_NO_THREAD_SAFETY_ANALYSIS {
  std::shared_ptr<Entry> entry;
  {
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(absl::string_view(id.data(), id.size()));
    if (it != sessions_.end()) entry = it->second;
  }
  if (entry != nullptr) {
    entry->Touch(absl::Now());  // a waiting statement keeps the session from expiring
    entry->mu.Lock();
    if (entry->session() != nullptr) return Lease(std::move(entry));
    entry->mu.Unlock();
  }
  {
    absl::MutexLock lock(&mu_);
    auto it = ended_.find(absl::string_view(id.data(), id.size()));
    if (it != ended_.end()) {
      return WithReason(absl::NotFoundError(absl::StrCat("Unknown session '", it->first,
                                                         "': it ended ", it->second,
                                                         "; open a new session")),
                        StatusReason::kUnknownSession);
    }
  }
  return WithReason(
      absl::NotFoundError(absl::StrCat(
          "Unknown session '", absl::string_view(id.data(), std::min<size_t>(id.size(), 64)),
          "': it was closed or expired after being idle")),
      StatusReason::kUnknownSession);
}

size_t SessionManager::size() const {
  absl::MutexLock lock(&mu_);
  return sessions_.size();
}

size_t SessionManager::ExpireIdle(absl::Time now) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  std::vector<std::shared_ptr<Entry>> victims;
  {
    absl::MutexLock lock(&mu_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      Entry& entry = *it->second;
      // A session whose mutex is taken is running a statement: not idle.
      if (now - entry.last_used() >= options_.idle_timeout && entry.mu.TryLock()) {
        victims.push_back(std::move(it->second));
        sessions_.erase(it++);
      } else {
        ++it;
      }
    }
  }
  for (auto& entry : victims) {
    entry->Shut();
    entry->mu.Unlock();
  }
  if (!victims.empty()) spdlog::info("closed {} idle session(s)", victims.size());
  return victims.size();
}

void SessionManager::CloseAll() {
  std::vector<std::string> ids;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, entry] : sessions_) ids.push_back(id);
  }
  for (const auto& id : ids) Close(id);
}

void SessionManager::EndAll(const std::string& why) {
  std::vector<std::string> ids;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, entry] : sessions_) ids.push_back(id);
    if (ended_.size() + ids.size() > options_.max_sessions) ended_.clear();
    for (const std::string& id : ids) ended_[id] = why;
  }
  for (const auto& id : ids) Close(id);
  std::vector<std::shared_ptr<BoundEntry>> bound;
  {
    absl::MutexLock lock(&mu_);
    for (const std::weak_ptr<BoundEntry>& weak : bound_) {
      if (std::shared_ptr<BoundEntry> entry = weak.lock()) bound.push_back(std::move(entry));
    }
    bound_.clear();
  }
  for (const std::shared_ptr<BoundEntry>& entry : bound) entry->End(why);
  if (!ids.empty() || !bound.empty()) {
    spdlog::info("ended {} session(s) and {} connection session(s): {}", ids.size(),
                 bound.size(), why);
  }
}

void SessionManager::ExpiryLoop() {
  const absl::Duration interval =
      std::clamp(options_.idle_timeout / 4, absl::Milliseconds(100), absl::Seconds(30));
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval);
      if (stopping_) return;
    }
    ExpireIdle(absl::Now());
  }
}

}  // namespace ordinal::server
