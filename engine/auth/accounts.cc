#include "engine/auth/accounts.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace ordinal::engine::auth {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// LIKE-style match of `text` against `pattern` (% and _), ASCII case-insensitive.
bool WildcardMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_t = t;
    } else if (p < pattern.size() && (pattern[p] == '_' || Lower(pattern[p]) == Lower(text[t]))) {
      ++p;
      ++t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

bool IsLoopback(std::string_view host) {
  return host == "::1" || host == "localhost" || host.substr(0, 4) == "127." ||
         host.substr(0, 11) == "::ffff:127.";
}

bool HasWildcard(std::string_view host) {
  return host.find_first_of("%_") != std::string_view::npos;
}

// Sort key: exact hosts first, then patterns (longer first), then '%'.
std::tuple<int, int> Specificity(const ordinal::v1::AccountDef& a) {
  const int kind = a.host() == "%" ? 2 : (HasWildcard(a.host()) ? 1 : 0);
  return {kind, -static_cast<int>(a.host().size())};
}

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

}  // namespace

bool HostMatches(std::string_view pattern, std::string_view client_host) {
  if (pattern == "%") return true;
  if (Lowercase(pattern) == "localhost") return IsLoopback(client_host);
  if (!HasWildcard(pattern)) return Lowercase(pattern) == Lowercase(client_host);
  return WildcardMatch(pattern, client_host);
}

Principal Principal::Superuser(std::string user, std::string client_host) {
  Principal p;
  p.user = user;
  p.client_host = std::move(client_host);
  p.account_user = std::move(user);
  p.account_host = "%";
  p.fixed_privileges = AllAt(GrantLevel::kGlobal) | kGrantOption;
  return p;
}

std::string Principal::QuotedAccount() const {
  return absl::StrCat("'", user, "'@'", client_host, "'");
}

std::string Principal::UserAtHost() const { return absl::StrCat(user, "@", client_host); }

AccountSet::AccountSet(std::vector<ordinal::v1::AccountDef> accounts)
    : accounts_(std::move(accounts)) {
  std::stable_sort(accounts_.begin(), accounts_.end(),
                   [](const ordinal::v1::AccountDef& a, const ordinal::v1::AccountDef& b) {
                     return Specificity(a) < Specificity(b);
                   });
}

const ordinal::v1::AccountDef* AccountSet::Match(std::string_view user,
                                                 std::string_view client_host) const {
  for (const ordinal::v1::AccountDef& account : accounts_) {
    if (account.user() == user && HostMatches(account.host(), client_host)) return &account;
  }
  return nullptr;
}

const ordinal::v1::AccountDef* AccountSet::Find(std::string_view user,
                                                std::string_view host) const {
  for (const ordinal::v1::AccountDef& account : accounts_) {
    if (account.user() == user && Lowercase(account.host()) == Lowercase(host)) return &account;
  }
  return nullptr;
}

PrivilegeSet AccountPrivilegesOn(const ordinal::v1::AccountDef& account, std::string_view db,
                                 std::string_view table) {
  PrivilegeSet held = 0;
  for (const ordinal::v1::GrantDef& grant : account.grants()) {
    if (grant.db().empty() ||
        (grant.db() == db && (grant.table().empty() || grant.table() == table))) {
      held |= grant.privileges();
    }
  }
  return held;
}

PrivilegeSet AccountSet::PrivilegesOn(const Principal& principal, std::string_view db,
                                      std::string_view table) const {
  if (principal.fixed_privileges.has_value()) return *principal.fixed_privileges;
  const ordinal::v1::AccountDef* account =
      Find(principal.account_user, principal.account_host);
  return account == nullptr ? 0 : AccountPrivilegesOn(*account, db, table);
}

bool AccountSet::HasAnyIn(const Principal& principal, std::string_view db) const {
  if (principal.fixed_privileges.has_value()) return *principal.fixed_privileges != 0;
  const ordinal::v1::AccountDef* account =
      Find(principal.account_user, principal.account_host);
  if (account == nullptr) return false;
  for (const ordinal::v1::GrantDef& grant : account->grants()) {
    const PrivilegeSet useful = grant.privileges() & ~PrivilegeSet{kGrantOption};
    if (useful == 0) continue;
    if (grant.db().empty() || grant.db() == db) return true;
  }
  return false;
}

bool AccountSet::HasAnyOn(const Principal& principal, std::string_view db,
                          std::string_view table) const {
  return (PrivilegesOn(principal, db, table) & ~PrivilegeSet{kGrantOption}) != 0;
}

// ---- AccountStore ----

std::string AccountStore::Prefix() { return std::string("ca"); }

std::string AccountStore::Key(std::string_view user, std::string_view host) {
  std::string key = Prefix();
  key.append(user);
  key.push_back('\0');
  key.append(Lowercase(host));
  return key;
}

absl::StatusOr<std::vector<ordinal::v1::AccountDef>> AccountStore::ReadAll(kv::Transaction& txn) {
  std::vector<ordinal::v1::AccountDef> accounts;
  std::unique_ptr<kv::Iterator> it = txn.NewIterator(Prefix(), "cb");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ordinal::v1::AccountDef account;
    if (!account.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError("corrupt account record");
    }
    accounts.push_back(std::move(account));
  }
  ORDINAL_RETURN_IF_ERROR(it->status());
  return accounts;
}

absl::Status AccountStore::Reload() {
  absl::MutexLock reload_lock(&reload_mu_);
  std::unique_ptr<kv::Transaction> txn = store_.BeginTransaction();
  ORDINAL_ASSIGN_OR_RETURN(std::vector<ordinal::v1::AccountDef> accounts, ReadAll(*txn));
  txn->Rollback();
  auto snapshot = std::make_shared<const AccountSet>(std::move(accounts));
  absl::MutexLock lock(&mu_);
  snapshot_ = std::move(snapshot);
  return absl::OkStatus();
}

std::shared_ptr<const AccountSet> AccountStore::Snapshot() const {
  absl::ReaderMutexLock lock(&mu_);
  return snapshot_;
}

absl::StatusOr<std::optional<ordinal::v1::AccountDef>> AccountStore::ReadForUpdate(
    kv::Transaction& txn, std::string_view user, std::string_view host) {
  ORDINAL_ASSIGN_OR_RETURN(std::optional<std::string> stored, txn.GetForUpdate(Key(user, host)));
  if (!stored.has_value()) return std::optional<ordinal::v1::AccountDef>();
  ordinal::v1::AccountDef account;
  if (!account.ParseFromString(*stored)) return absl::DataLossError("corrupt account record");
  return std::optional<ordinal::v1::AccountDef>(std::move(account));
}

absl::Status AccountStore::Put(kv::Transaction& txn, const ordinal::v1::AccountDef& account) {
  return txn.Put(Key(account.user(), account.host()), account.SerializeAsString());
}

absl::Status AccountStore::Delete(kv::Transaction& txn, std::string_view user,
                                  std::string_view host) {
  return txn.Delete(Key(user, host));
}

}  // namespace ordinal::engine::auth
