// Who may connect: checks a client's authentication response against the root password
// (server/auth.h) for the plugin it used. Plugins: mysql_native_password and
// caching_sha2_password. The server knows the password, so caching_sha2_password always
// completes on its fast path (the scramble check); the full exchange (the password over
// TLS, or RSA-encrypted with the server's public key) is never requested, and a wrong
// scramble is refused at once (docs/mysql-protocol.md).
//
// Thread safety: pure functions.
#ifndef ORDINAL_SERVER_MYSQL_AUTHENTICATE_H_
#define ORDINAL_SERVER_MYSQL_AUTHENTICATE_H_

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

}  // namespace ordinal::server::mysql

#endif  // ORDINAL_SERVER_MYSQL_AUTHENTICATE_H_
