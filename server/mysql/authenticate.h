// Who may connect: checks a client's authentication response against the root password
// (server/auth.h) for the plugin it used. Plugins: mysql_native_password and
// caching_sha2_password. Over TLS, caching_sha2_password behaves as MySQL's: a user not in
// the server's cache (server/mysql/sha2_cache.h) is asked for the full exchange, the
// password in clear over the secure channel, and cached once it is proven. Over plaintext
// the server, which knows the root password, checks the scramble itself (the fast path)
// instead of asking for the RSA exchange, which it does not implement; a wrong scramble is
// refused at once (docs/mysql-protocol.md, docs/tls.md).
//
// Thread safety: pure functions.
#ifndef ORDINAL_SERVER_MYSQL_AUTHENTICATE_H_
#define ORDINAL_SERVER_MYSQL_AUTHENTICATE_H_

#include <string>
#include <string_view>

#include "server/auth.h"

namespace ordinal::server::mysql {

// The plugin the greeting proposes (MySQL 8.0's default).
inline constexpr std::string_view kDefaultAuthPlugin = "caching_sha2_password";

// Whether this server can check `plugin` ("" means mysql_native_password, as for clients
// without CLIENT_PLUGIN_AUTH).
bool KnownAuthPlugin(std::string_view plugin);

// Whether `response` proves `user` knows the password for this connection's `scramble`.
// With no password configured (--insecure_no_password) every user is accepted.
bool Authenticate(const Authenticator& auth, std::string_view user, std::string_view plugin,
                  std::string_view scramble, std::string_view response);

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

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_AUTHENTICATE_H_
