#include "bench/workloads/workload.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bench/workloads/workload_internal.h"

namespace ordinal::bench {
namespace {

void AppendLiteral(const Value& value, std::string* out) {
  if (!value.is_string()) {
    out->append(value.ToString());  // NULL, an integer or a double, as SQL spells them
    return;
  }
  out->push_back('\'');
  for (const char c : value.string_value()) {
    if (c == '\'' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('\'');
}

}  // namespace

std::string Statement::Text() const {
  // The workloads' texts hold no `?` but their markers (no quoted text, no comments).
  std::string out;
  out.reserve(sql.size() + 16 * params.size());
  size_t next = 0;
  for (const char c : sql) {
    if (c == '?' && next < params.size()) {
      AppendLiteral(params[next++], &out);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

const std::vector<std::string>& WorkloadNames() {
  static const auto* const kNames = new std::vector<std::string>{
      "oltp_point_select", "oltp_read_only",     "oltp_write_only",       "oltp_read_write",
      "oltp_insert",       "oltp_update_index",  "oltp_update_non_index", "oltp_delete_insert",
      "ycsb_a",            "ycsb_b",             "ycsb_c",                "ycsb_f"};
  return *kNames;
}

absl::StatusOr<std::unique_ptr<Workload>> MakeWorkload(std::string_view name,
                                                       const WorkloadOptions& options) {
  if (options.tables < 1 || options.table_size < 1) {
    return absl::InvalidArgumentError("--tables and --table_size must be at least 1");
  }
  if (auto w = MakeOltpWorkload(name, options)) return w;
  if (auto w = MakeYcsbWorkload(name, options)) return w;
  return absl::InvalidArgumentError(absl::StrCat("unknown workload '", std::string(name),
                                                 "'; known: ", absl::StrJoin(WorkloadNames(), ", ")));
}

}  // namespace ordinal::bench
