// Who may connect: checks a client's authentication response against the stored account
// its user and address match (server/auth.h Lookup) for the plugin it used. Plugins:
// mysql_native_password, checked from the account's SHA1(SHA1(password)), and
// caching_sha2_password:
//  - fast path: the scramble alone, when the server holds SHA256(SHA256(password)) for the
//    account: in its cache (server/mysql/sha2_cache.h) after a full authentication, or
//    because it knows the password (the configured root and replication passwords);
//  - full authentication over TLS otherwise: the password in clear over the secure channel,
//    checked against the stored crypt hash, and cached once proven;
//  - over plaintext without a cached entry, where MySQL would use an RSA key exchange that
//    this server does not implement, the server switches the client to
//    mysql_native_password (docs/mysql-protocol.md, docs/users-and-privileges.md).
//
// Thread safety: pure functions.
#ifndef ORDINAL_SERVER_MYSQL_AUTHENTICATE_H_
#define ORDINAL_SERVER_MYSQL_AUTHENTICATE_H_

#include <optional>
#include <string>
#include <string_view>

#include "server/auth.h"

namespace ordinal::server::mysql {

// The plugin the greeting proposes (MySQL 8.0's default).
inline constexpr std::string_view kDefaultAuthPlugin = "caching_sha2_password";

// Whether this server can check `plugin` ("" means mysql_native_password, as for clients
// without CLIENT_PLUGIN_AUTH).
bool KnownAuthPlugin(std::string_view plugin);

// Whether a mysql_native_password `response` to `scramble` proves the candidate's password.
bool VerifyNative(const LoginCandidate& candidate, std::string_view scramble,
                  std::string_view response);
// Whether a caching_sha2_password fast-path `response` proves the password whose
// SHA256(SHA256()) is `digest`.
bool VerifyFastSha2(std::string_view digest, std::string_view scramble,
                    std::string_view response);
// Whether a password sent in clear (full authentication) is the candidate's.
bool VerifyClear(const LoginCandidate& candidate, std::string_view password);

// Whether the client's caching_sha2_password exchange ends with AuthMoreData 0x03 (fast auth
// success) before the OK. A client without a password sends an empty response (or one NUL
// byte) and expects the OK packet at once, as MySQL answers accounts without a password;
// every other accepted response gets the 0x03 first.
bool SendsFastAuthSuccess(std::string_view plugin, std::string_view response);

// Whether a response carries no password (empty, or one NUL byte).
bool IsEmptyResponse(std::string_view response);

// The key under which caching_sha2_password caches a password (server/mysql/sha2_cache.h):
// SHA256(SHA256(password)), as MySQL keeps it.
std::string Sha2CacheKey(std::string_view password);

// The cache entry's name for a candidate: its account and stored hash, so an entry stops
// matching as soon as the password changes (on this server or by replication).
std::string Sha2CacheEntry(const LoginCandidate& candidate);

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_AUTHENTICATE_H_
