#include "engine/process_list.h"

#include <algorithm>
#include <utility>

namespace ordinal::engine {

ProcessList::Entry::~Entry() { list_.Remove(this); }

void ProcessList::Entry::SetConnection(uint64_t id, std::string_view user) {
  absl::MutexLock lock(&mu_);
  row_.id = id;
  const size_t at = user.rfind('@');
  row_.user = std::string(user.substr(0, at));
  row_.host = at == std::string_view::npos ? "" : std::string(user.substr(at + 1));
}

void ProcessList::Entry::StatementStarted(std::string_view text, std::string_view db) {
  absl::MutexLock lock(&mu_);
  row_.command = "Query";
  row_.state = "executing";
  row_.info = std::string(text);
  row_.db = std::string(db);
  since_ = absl::Now();
}

void ProcessList::Entry::SetState(std::string_view state) {
  absl::MutexLock lock(&mu_);
  if (row_.state.compare(0, 16, state.substr(0, 16)) != 0) since_ = absl::Now();
  row_.state = std::string(state);
}

void ProcessList::Entry::StatementFinished(std::string_view db) {
  absl::MutexLock lock(&mu_);
  row_.command = "Sleep";
  row_.state.clear();
  row_.info.reset();
  row_.db = std::string(db);
  since_ = absl::Now();
}

ProcessList::Row ProcessList::Entry::Snapshot() const {
  absl::MutexLock lock(&mu_);
  Row row = row_;
  if (row.command.empty()) row.command = "Sleep";
  row.time = absl::ToInt64Seconds(absl::Now() - since_);
  return row;
}

std::unique_ptr<ProcessList::Entry> ProcessList::Register() {
  std::unique_ptr<Entry> entry(new Entry(*this));
  absl::MutexLock lock(&mu_);
  entries_.insert(entry.get());
  return entry;
}

void ProcessList::Remove(Entry* entry) {
  absl::MutexLock lock(&mu_);
  entries_.erase(entry);
}

std::vector<ProcessList::Row> ProcessList::Rows() const {
  std::vector<Row> rows;
  {
    absl::MutexLock lock(&mu_);
    for (const Entry* entry : entries_) rows.push_back(entry->Snapshot());
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
  return rows;
}

}  // namespace ordinal::engine
