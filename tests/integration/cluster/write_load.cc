#include "tests/integration/cluster/write_load.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/client.h"
#include "common/sql_error.h"

namespace ordinal::integration {
namespace {

constexpr auto kRetryDelay = std::chrono::milliseconds(50);
constexpr std::chrono::milliseconds kCallTimeout{10000};

// One transaction of writer `w`: see the top of write_load.h.
absl::Status RunTransaction(Client& client, int w, int64_t seq) {
  const int64_t id = w * kWriterStride + seq;
  const int64_t earlier = w * kWriterStride + (seq + 1) / 2;
  if (absl::Status s = client.Begin(); !s.ok()) return s;
  const std::string statements[] = {
      absl::StrCat("INSERT INTO ", kEventsTable, " (id, writer, seq, val) VALUES (", id, ", ", w,
                   ", ", seq, ", 0)"),
      absl::StrCat("UPDATE ", kEventsTable, " SET val = val + 1 WHERE id = ", earlier),
      absl::StrCat("UPDATE ", kCountersTable, " SET n = n + 1, last_seq = ", seq,
                   " WHERE writer = ", w),
  };
  for (const std::string& sql : statements) {
    if (absl::StatusOr<ResultSet> r = client.Execute(sql); !r.ok()) {
      client.Rollback().IgnoreError();  // the session may be gone with the server
      return r.status();
    }
  }
  return client.Commit();
}

}  // namespace

std::vector<std::string> WriteLoadSchema(int writers) {
  std::vector<std::string> out = {
      "CREATE DATABASE cluster",
      absl::StrCat("CREATE TABLE ", kEventsTable,
                   " (id BIGINT PRIMARY KEY, writer INT, seq BIGINT, val BIGINT)"),
      absl::StrCat("CREATE TABLE ", kCountersTable,
                   " (writer INT PRIMARY KEY, n BIGINT, last_seq BIGINT)"),
  };
  for (int w = 0; w < writers; ++w) {
    out.push_back(absl::StrCat("INSERT INTO ", kCountersTable, " VALUES (", w, ", 0, 0)"));
  }
  return out;
}

WriteLoad::WriteLoad(std::string primary_address, std::string password, int writers)
    : primary_address_(std::move(primary_address)), password_(std::move(password)) {
  for (int w = 0; w < writers; ++w) {
    acknowledged_.push_back(std::make_unique<std::atomic<int64_t>>(0));
    attempted_.push_back(std::make_unique<std::atomic<int64_t>>(0));
  }
}

WriteLoad::~WriteLoad() { Stop(); }

void WriteLoad::Start() {
  stop_ = false;
  for (int w = 0; w < writers(); ++w) threads_.emplace_back([this, w] { RunWriter(w); });
}

void WriteLoad::Stop() {
  stop_ = true;
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

int64_t WriteLoad::total_acknowledged() const {
  int64_t total = 0;
  for (const auto& a : acknowledged_) total += a->load();
  return total;
}

std::string WriteLoad::first_error() const {
  absl::MutexLock lock(&mu_);
  return first_error_;
}

void WriteLoad::RunWriter(int w) {
  std::unique_ptr<Client> client;
  int64_t seq = acknowledged(w) + 1;
  while (!stop_) {
    absl::Status status;
    if (client == nullptr) {
      absl::StatusOr<std::unique_ptr<Client>> connected = Client::Connect(
          {.address = primary_address_, .password = password_, .timeout = kCallTimeout});
      if (connected.ok()) {
        client = *std::move(connected);
      } else {
        status = connected.status();
      }
    }
    if (client != nullptr) {
      attempted_[w]->store(seq);
      status = RunTransaction(*client, w, seq);
    }
    // A duplicate key means an earlier attempt of this seq had committed after all.
    if (status.ok() || GetMysqlErrno(status) == MysqlErrno::kDupEntry) {
      acknowledged_[w]->store(seq);
      ++seq;
      continue;
    }
    ++failures_;
    {
      absl::MutexLock lock(&mu_);
      if (first_error_.empty()) first_error_ = absl::StrCat("writer ", w, ": ", status.ToString());
    }
    client.reset();  // a fresh connection and session for the retry
    std::this_thread::sleep_for(kRetryDelay);
  }
}

}  // namespace ordinal::integration
