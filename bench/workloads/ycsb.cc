// YCSB core workloads A, B, C and F on the sbtest tables, keys chosen by a scrambled zipfian
// (theta 0.99). A read fetches the whole row; an update rewrites c; F's read-modify-write
// reads the row and updates it in one transaction.
#include "absl/strings/str_format.h"
#include "bench/workloads/workload_internal.h"

namespace ordinal::bench {
namespace {

class YcsbWorkload : public Workload {
 public:
  YcsbWorkload(const WorkloadOptions& options, double read_fraction, bool read_modify_write)
      : options_(options), zipf_(options.table_size, 0.99),
        read_fraction_(read_fraction), rmw_(read_modify_write) {}

  void Next(Rng& rng, Transaction* txn) const override {
    txn->Clear();
    int t = static_cast<int>(rng.Uniform(1, options_.tables));
    int64_t id = zipf_.Next(rng);
    bool read = rng.UniformDouble() < read_fraction_;
    if (read || rmw_) {
      txn->statements.push_back(
          {absl::StrFormat("SELECT * FROM sbtest%d WHERE id=?", t), {Value::Int(id)}});
      ++txn->reads;
    }
    if (!read) {
      txn->explicit_transaction = rmw_;
      txn->statements.push_back({absl::StrFormat("UPDATE sbtest%d SET c=? WHERE id=?", t),
                                 {Value::String(RandomString(rng, CValueTemplate())),
                                  Value::Int(id)}});
      ++txn->writes;
    }
  }

 private:
  WorkloadOptions options_;
  ZipfianChooser zipf_;
  double read_fraction_;
  bool rmw_;
};

}  // namespace

std::unique_ptr<Workload> MakeYcsbWorkload(std::string_view name,
                                           const WorkloadOptions& options) {
  if (name == "ycsb_a") return std::make_unique<YcsbWorkload>(options, 0.5, false);
  if (name == "ycsb_b") return std::make_unique<YcsbWorkload>(options, 0.95, false);
  if (name == "ycsb_c") return std::make_unique<YcsbWorkload>(options, 1.0, false);
  if (name == "ycsb_f") return std::make_unique<YcsbWorkload>(options, 0.5, true);
  return nullptr;
}

}  // namespace ordinal::bench
