// The password hashes accounts store, in the formats MySQL keeps in
// mysql.user.authentication_string (docs/users-and-privileges.md):
//
//   mysql_native_password:  "*" + 40 uppercase hex digits of SHA1(SHA1(password))
//   caching_sha2_password:  "$A$005$" + 20 salt bytes + 43 characters of SHA-256 crypt
//                           (Drepper's algorithm, as glibc's "$5$" crypt) over the password
//                           and the salt with 5,000 rounds (005 x 1000)
//
// An empty password is stored as "" in both. The password itself is never stored.
//
// Thread safety: pure functions (NewCachingSha2Hash draws a random salt).
#ifndef ORDINAL_ENGINE_AUTH_PASSWORD_HASH_H_
#define ORDINAL_ENGINE_AUTH_PASSWORD_HASH_H_

#include <optional>
#include <string>
#include <string_view>

namespace ordinal::engine::auth {

inline constexpr std::string_view kNativePlugin = "mysql_native_password";
inline constexpr std::string_view kCachingSha2Plugin = "caching_sha2_password";

// "*" + HEX(SHA1(SHA1(password))); "" for an empty password.
std::string NativePasswordHash(std::string_view password);

// The 20 bytes of SHA1(SHA1(password)) a native hash holds; nullopt when `hash` is not
// "*" + 40 hex digits.
std::optional<std::string> NativeHashBytes(std::string_view hash);

// SHA-256 crypt: the 43 characters after the last '$' of glibc's "$5$rounds=R$salt$..."
// (for salts of up to 16 bytes, where glibc's and MySQL's agree; MySQL's salts are 20).
std::string Sha256Crypt(std::string_view password, std::string_view salt, int rounds);

// "$A$005$" + salt + Sha256Crypt(password, salt, 5000); `salt` must be 20 bytes. "" for an
// empty password.
std::string CachingSha2Hash(std::string_view password, std::string_view salt);
// The same with a fresh random salt of 20 characters from [./0-9A-Za-z].
std::string NewCachingSha2Hash(std::string_view password);

// Whether `password` is the one `authentication_string` was made from under `plugin`.
// Compares in constant time for a given stored string. False for an unknown plugin or a
// malformed string.
bool VerifyPassword(std::string_view plugin, std::string_view authentication_string,
                    std::string_view password);

// Whether this server can check passwords of `plugin`.
bool KnownPlugin(std::string_view plugin);

// The authentication_string for `password` under `plugin` (which must be known).
std::string HashFor(std::string_view plugin, std::string_view password);

// Equality in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ordinal::engine::auth

#endif  // ORDINAL_ENGINE_AUTH_PASSWORD_HASH_H_
