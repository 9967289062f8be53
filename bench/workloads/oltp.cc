// sysbench's OLTP statement mix (oltp_common.lua and the oltp_*.lua event functions).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/workloads/workload_internal.h"

namespace ordinal::bench {
namespace {

struct OltpMix {
  bool explicit_transaction = true;
  int point_selects = 0;
  int simple_ranges = 0;
  int sum_ranges = 0;
  int order_ranges = 0;
  int distinct_ranges = 0;
  int index_updates = 0;
  int non_index_updates = 0;
  int delete_inserts = 0;
  bool insert_only = false;  // oltp_insert
};

class OltpWorkload : public Workload {
 public:
  OltpWorkload(const WorkloadOptions& options, OltpMix mix) : options_(options), mix_(mix) {}

  void Next(Rng& rng, Transaction* txn) const override {
    txn->Clear();
    txn->explicit_transaction = mix_.explicit_transaction;
    if (mix_.insert_only) return Insert(rng, txn);
    PointSelects(rng, txn);
    Ranges(rng, txn, mix_.simple_ranges, "SELECT c FROM sbtest%d WHERE id BETWEEN ? AND ?");
    Ranges(rng, txn, mix_.sum_ranges, "SELECT SUM(k) FROM sbtest%d WHERE id BETWEEN ? AND ?");
    Ranges(rng, txn, mix_.order_ranges,
           "SELECT c FROM sbtest%d WHERE id BETWEEN ? AND ? ORDER BY c");
    Ranges(rng, txn, mix_.distinct_ranges,
           "SELECT DISTINCT c FROM sbtest%d WHERE id BETWEEN ? AND ? ORDER BY c");
    IndexUpdates(rng, txn);
    NonIndexUpdates(rng, txn);
    DeleteInserts(rng, txn);
  }

 private:
  int Table(Rng& rng) const { return static_cast<int>(rng.Uniform(1, options_.tables)); }
  int64_t Id(Rng& rng) const { return rng.Uniform(1, options_.table_size); }

  void PointSelects(Rng& rng, Transaction* txn) const {
    int t = Table(rng);
    for (int i = 0; i < mix_.point_selects; ++i) {
      txn->statements.push_back(
          {absl::StrFormat("SELECT c FROM sbtest%d WHERE id=?", t), {Value::Int(Id(rng))}});
      ++txn->reads;
    }
  }

  void Ranges(Rng& rng, Transaction* txn, int count,
              const absl::FormatSpec<int>& format) const {
    int t = Table(rng);
    for (int i = 0; i < count; ++i) {
      int64_t id = Id(rng);
      txn->statements.push_back({absl::StrFormat(format, t),
                                 {Value::Int(id), Value::Int(id + options_.range_size - 1)}});
      ++txn->reads;
    }
  }

  void IndexUpdates(Rng& rng, Transaction* txn) const {
    int t = Table(rng);
    for (int i = 0; i < mix_.index_updates; ++i) {
      txn->statements.push_back(
          {absl::StrFormat("UPDATE sbtest%d SET k=k+1 WHERE id=?", t), {Value::Int(Id(rng))}});
      ++txn->writes;
    }
  }

  void NonIndexUpdates(Rng& rng, Transaction* txn) const {
    int t = Table(rng);
    for (int i = 0; i < mix_.non_index_updates; ++i) {
      std::string c = RandomString(rng, CValueTemplate());
      txn->statements.push_back({absl::StrFormat("UPDATE sbtest%d SET c=? WHERE id=?", t),
                                 {Value::String(std::move(c)), Value::Int(Id(rng))}});
      ++txn->writes;
    }
  }

  void DeleteInserts(Rng& rng, Transaction* txn) const {
    int t = Table(rng);
    for (int i = 0; i < mix_.delete_inserts; ++i) {
      int64_t id = Id(rng);
      int64_t k = Id(rng);
      txn->statements.push_back(
          {absl::StrFormat("DELETE FROM sbtest%d WHERE id=?", t), {Value::Int(id)}});
      txn->statements.push_back(InsertRow(rng, t, id, k));
      txn->writes += 2;
    }
  }

  // oltp_insert.lua with auto_inc: sysbench sends id 0, which MySQL turns into the next
  // AUTO_INCREMENT value; naming only (k, c, pad) asks for the same on every system.
  void Insert(Rng& rng, Transaction* txn) const {
    int t = Table(rng);
    std::string c = RandomString(rng, CValueTemplate());
    std::string pad = RandomString(rng, PadValueTemplate());
    txn->statements.push_back(
        {absl::StrFormat("INSERT INTO sbtest%d (k, c, pad) VALUES (?, ?, ?)", t),
         {Value::Int(Id(rng)), Value::String(std::move(c)), Value::String(std::move(pad))}});
    ++txn->writes;
  }

  static Statement InsertRow(Rng& rng, int t, int64_t id, int64_t k) {
    std::string c = RandomString(rng, CValueTemplate());
    std::string pad = RandomString(rng, PadValueTemplate());
    return {absl::StrFormat("INSERT INTO sbtest%d (id, k, c, pad) VALUES (?, ?, ?, ?)", t),
            {Value::Int(id), Value::Int(k), Value::String(std::move(c)),
             Value::String(std::move(pad))}};
  }

  WorkloadOptions options_;
  OltpMix mix_;
};

}  // namespace

std::unique_ptr<Workload> MakeOltpWorkload(std::string_view name,
                                           const WorkloadOptions& options) {
  OltpMix m;
  if (name == "oltp_point_select") {
    m.explicit_transaction = false;
    m.point_selects = 1;
  } else if (name == "oltp_read_only" || name == "oltp_read_write") {
    m.point_selects = 10;
    m.simple_ranges = m.sum_ranges = m.order_ranges = m.distinct_ranges = 1;
    if (name == "oltp_read_write") m.index_updates = m.non_index_updates = m.delete_inserts = 1;
  } else if (name == "oltp_write_only") {
    m.index_updates = m.non_index_updates = m.delete_inserts = 1;
  } else if (name == "oltp_insert") {
    m.explicit_transaction = false;
    m.insert_only = true;
  } else if (name == "oltp_update_index") {
    m.explicit_transaction = false;
    m.index_updates = 1;
  } else if (name == "oltp_update_non_index") {
    m.explicit_transaction = false;
    m.non_index_updates = 1;
  } else if (name == "oltp_delete_insert") {
    // Not a sysbench script: write_only's delete+insert pair alone, in a transaction.
    m.delete_inserts = 1;
  } else {
    return nullptr;
  }
  return std::make_unique<OltpWorkload>(options, m);
}

}  // namespace ordinal::bench
