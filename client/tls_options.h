// How the client library secures its connection to a server, spelled as mysql spells it
// (--ssl-mode, --ssl-ca, --ssl-cert, --ssl-key; docs/tls.md):
//   DISABLED         plaintext.
//   PREFERRED        TLS when the server speaks it (its certificate is not checked), else
//                    plaintext: the first call is tried over TLS and, when no TLS connection
//                    can be made, once more in plaintext. mysql's default, and ours.
//   REQUIRED         TLS or nothing; the certificate is not checked.
//   VERIFY_CA        TLS; the server's certificate must chain to the CA in `ca_file`.
//   VERIFY_IDENTITY  as VERIFY_CA, and the certificate must name the host dialled (a DNS
//                    name or, for an address such as 127.0.0.1, an IP address SAN).
// A client certificate (`cert_file` + `key_file`) is presented when given.
//
// Thread safety: plain values and free functions.
#ifndef ORDINAL_CLIENT_TLS_OPTIONS_H_
#define ORDINAL_CLIENT_TLS_OPTIONS_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace grpc {
class ChannelCredentials;
}  // namespace grpc

namespace ordinal {

enum class SslMode { kDisabled, kPreferred, kRequired, kVerifyCa, kVerifyIdentity };

struct TlsOptions {
  SslMode mode = SslMode::kPreferred;
  std::string ca_file;    // PEM CA bundle (VERIFY_CA, VERIFY_IDENTITY)
  std::string cert_file;  // PEM client certificate, optional
  std::string key_file;   // its private key
};

// "DISABLED", "PREFERRED", ... (as mysql spells them).
std::string SslModeName(SslMode mode);

// Case-insensitive; INVALID_ARGUMENT listing the modes for anything else.
absl::StatusOr<SslMode> ParseSslMode(std::string_view text);

// Whether a connection made with `mode` may be plaintext.
inline bool AllowsPlaintext(SslMode mode) {
  return mode == SslMode::kDisabled || mode == SslMode::kPreferred;
}

// gRPC credentials for `options` (PREFERRED gives the TLS attempt). INVALID_ARGUMENT naming
// the option and path when a file cannot be read, when VERIFY_CA/VERIFY_IDENTITY has no
// --ssl-ca, or when only one of --ssl-cert and --ssl-key is given.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const TlsOptions& options);

}  // namespace ordinal

#endif  // ORDINAL_CLIENT_TLS_OPTIONS_H_
