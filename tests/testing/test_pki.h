// Throwaway certificates for TLS tests, made at test time with the openssl command line
// (Debian's `openssl` package): a CA, and leaf certificates it signs with the subject
// alternative names a test asks for (IP addresses such as 127.0.0.1 and DNS names).
// Keys are EC P-256, unencrypted, valid for two days. Everything lives under the
// directory given to Create, which the caller removes.
//
// Thread safety: one thread at a time.
#ifndef ORDINAL_TESTS_TESTING_TEST_PKI_H_
#define ORDINAL_TESTS_TESTING_TEST_PKI_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ordinal::testing {

struct CertFiles {
  std::string cert;  // PEM certificate
  std::string key;   // PEM private key
};

class TestPki {
 public:
  // A new CA named `name` with its files in `dir` (created when missing).
  static absl::StatusOr<TestPki> Create(const std::string& dir, const std::string& name = "test-ca");

  // The CA certificate (what --tls_ca_file / --ssl-ca take).
  const std::string& ca_file() const { return ca_.cert; }

  // A certificate signed by this CA with common name `cn` and `sans` ("IP:127.0.0.1",
  // "DNS:ordinal-0.ordinal"), written to `dir`/`file_stem`.crt and .key (overwritten in
  // place when they exist, as a rotation does).
  absl::StatusOr<CertFiles> Issue(const std::string& file_stem, const std::string& cn,
                                  const std::vector<std::string>& sans) const;

  // Issues the certificate to new files and renames them over `target` (atomic per file,
  // key first), as a certificate rotation in place does.
  absl::Status Rotate(const CertFiles& target, const std::string& cn,
                      const std::vector<std::string>& sans) const;

 private:
  std::string dir_;
  CertFiles ca_;
};

// Runs a shell command; INTERNAL with its exit status and output tail when it fails.
absl::Status RunShell(const std::string& command);

}  // namespace ordinal::testing

#endif  // ORDINAL_TESTS_TESTING_TEST_PKI_H_
