#include "bench/target.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ordinal::bench {
namespace {

absl::StatusOr<std::vector<Endpoint>> ParseEndpoints(absl::string_view list) {
  std::vector<Endpoint> out;
  for (absl::string_view item : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    size_t colon = item.rfind(':');
    Endpoint e;
    if (colon == absl::string_view::npos || !absl::SimpleAtoi(item.substr(colon + 1), &e.port) ||
        e.port <= 0 || e.port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat("target endpoint '", item, "' is not host:port"));
    }
    e.host = std::string(item.substr(0, colon));
    out.push_back(std::move(e));
  }
  if (out.empty()) return absl::InvalidArgumentError("target names no host:port");
  return out;
}

}  // namespace

absl::StatusOr<Target> ParseTarget(std::string_view url_sv, const char* (*getenv)(const char*)) {
  if (getenv == nullptr) getenv = [](const char* name) -> const char* { return std::getenv(name); };
  absl::string_view url(url_sv.data(), url_sv.size());
  Target t;
  if (absl::ConsumePrefix(&url, "ordinal://")) {
    t.system = System::kOrdinal;
    t.user = "root";
    if (const char* pw = getenv("ORDINAL_PASSWORD")) t.password = pw;
    if (size_t slash = url.find('/'); slash != absl::string_view::npos) {
      t.database = std::string(url.substr(slash + 1));
      url = url.substr(0, slash);
    }
    auto endpoints = ParseEndpoints(url);
    if (!endpoints.ok()) return endpoints.status();
    t.endpoints = *std::move(endpoints);
    return t;
  }
  if (absl::ConsumePrefix(&url, "mysql://")) {
    t.system = System::kMysql;
    t.user = "root";
    if (const char* pw = getenv("MYSQL_PWD")) t.password = pw;
    if (size_t at = url.rfind('@'); at != absl::string_view::npos) {
      absl::string_view creds = url.substr(0, at);
      url = url.substr(at + 1);
      size_t colon = creds.find(':');
      t.user = std::string(creds.substr(0, colon));
      if (colon != absl::string_view::npos) t.password = std::string(creds.substr(colon + 1));
    }
    if (size_t slash = url.find('/'); slash != absl::string_view::npos) {
      t.database = std::string(url.substr(slash + 1));
      url = url.substr(0, slash);
    }
    auto endpoints = ParseEndpoints(url);
    if (!endpoints.ok()) return endpoints.status();
    t.endpoints = *std::move(endpoints);
    return t;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "target '", url, "' must start with ordinal:// or mysql://"));
}

}  // namespace ordinal::bench
