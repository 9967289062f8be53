// The TLS files of one server (docs/tls.md): certificate chain, private key and optional CA
// bundle, named by path only. The paths come from --tls_cert_file, --tls_key_file and
// --tls_ca_file with {ordinal} replaced, so that one mounted volume can hold every pod's
// certificate.
//
// CheckTlsFiles reads the files once with OpenSSL so that a bad file stops the server at
// start with a sentence naming the flag, the path and what is wrong (missing, unreadable,
// not PEM, key not matching the certificate); the file contents never appear in a message.
// Later reloads (gRPC's file watcher, the MySQL listener's context) keep serving the last
// good certificate when a rotated file is bad.
//
// Thread safety: free functions over values; safe from any thread.
#ifndef ORDINAL_SERVER_TLS_FILES_H_
#define ORDINAL_SERVER_TLS_FILES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/config.h"

namespace ordinal::server {

struct TlsFiles {
  std::string cert;  // PEM certificate chain, leaf first
  std::string key;   // PEM private key of the leaf
  std::string ca;    // PEM CA bundle; "" when peers are not verified
  absl::Duration reload_interval = absl::Seconds(60);

  bool enabled() const { return !cert.empty(); }
  // Mutual TLS between pods (replication, clone) is on when a CA verifies them.
  bool mutual() const { return enabled() && !ca.empty(); }
};

// The files of `ordinal` from the config ({ordinal} replaced); disabled when the config
// has no certificate.
TlsFiles TlsFilesFor(const Config& config, int ordinal);

// INVALID_ARGUMENT naming the flag and path when a file is missing, unreadable, holds no
// PEM certificate/key, or when the key does not belong to the certificate.
absl::Status CheckTlsFiles(const TlsFiles& files);

}  // namespace ordinal::server

#endif  // ORDINAL_SERVER_TLS_FILES_H_
