// EXPLAIN and EXPLAIN ANALYZE of a query (docs/statistics.md).
//
// EXPLAIN: one row per join step, in execution order (per operand of a compound query):
// the table, its access path (kind, index, key columns, bounds), how it joins the rows
// before it, and the rows the planner expects the step to read (per row of the steps
// before it for an index lookup).
//
// EXPLAIN ANALYZE: runs the query, then answers one row, one column named EXPLAIN, holding
// the plan as a tree in the manner of MySQL 8: each join is a node over the join before it
// and the access of its table, with the planner's estimate and what happened (rows, loops,
// and the time spent, in milliseconds).
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "engine/exec/join.h"
#include "engine/exec/join_profile.h"
#include "engine/exec/statements.h"
#include "engine/plan/select_plan.h"

namespace ordinal::engine::exec {
namespace {

std::string AccessText(const plan::JoinStep& step, const plan::Source& source) {
  if (source.table == nullptr) return "derived table";
  return std::string(plan::AccessKindName(step.path.kind));
}

int64_t Rounded(double rows) { return static_cast<int64_t>(std::llround(rows)); }

void ExplainSteps(const plan::SelectPlan& plan, ResultSet* result) {
  if (plan.steps.empty()) {
    result->rows.push_back({Value::Null(), Value::String("no table"), Value::Null(),
                            Value::Int(0), Value::String(""), Value::Null(), Value::Int(1)});
    return;
  }
  for (const plan::JoinStep& step : plan.steps) {
    const plan::Source& source = plan.scope.sources()[step.source];
    const plan::AccessPath& path = step.path;
    std::string join(plan::JoinMethodName(step.method));
    if (step.outer_join) join = absl::StrCat("left ", join);
    // The first step's rows sorted on the ORDER BY keys before the join (sort_before_join.h).
    if (&step == &plan.steps[0] && !plan.sort_before_join.empty()) {
      join = "scan, sorted before join";
    }
    result->rows.push_back(
        {Value::String(source.name), Value::String(AccessText(step, source)),
         path.index_name.empty() ? Value::Null() : Value::String(path.index_name),
         Value::Int(path.key_columns), Value::String(path.detail), Value::String(join),
         Value::Int(Rounded(step.estimated_rows))});
  }
}

// The plans a statement's EXPLAIN shows: the query's, or each operand's of a compound one.
std::vector<const plan::SelectPlan*> Parts(const plan::SelectPlan& plan) {
  std::vector<const plan::SelectPlan*> plans;
  for (const auto& operand : plan.operands) plans.push_back(operand.get());
  if (plans.empty()) plans.push_back(&plan);
  return plans;
}

// ---- EXPLAIN ANALYZE ----

std::string Millis(int64_t nanos) { return absl::StrFormat("%.3f", nanos / 1e6); }

// "(actual time=T rows=R loops=L)": R per loop, as MySQL shows it.
std::string Actual(int64_t nanos, uint64_t rows, uint64_t loops) {
  const double per_loop = loops == 0 ? 0 : static_cast<double>(rows) / loops;
  return absl::StrCat("(actual time=", Millis(nanos), " rows=", Rounded(per_loop),
                      " loops=", loops, ")");
}

class TreeWriter {
 public:
  TreeWriter(const plan::SelectPlan& plan, const JoinProfile* profile)
      : plan_(plan), profile_(profile) {}

  // Writes the join of steps [0, k] at `depth`.
  void Join(size_t k, int depth, std::string* out) const {
    if (k == 0) {
      Access(0, depth, out);
      return;
    }
    const plan::JoinStep& step = plan_.steps[k];
    std::string method(plan::JoinMethodName(step.method));
    method[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(method[0])));
    Line(depth, out,
         absl::StrCat(method, step.outer_join ? " (left join)" : "", "  (estimated rows=",
                      Rounded(step.estimated_output), ") ",
                      Actual(Time(0) - Later(k), Joined(k), 1), Spilled(k)));
    Join(k - 1, depth + 1, out);
    Access(k, depth + 1, out);
  }

  // Rows of the join after step k, and the time in steps [0, k] alone.
  uint64_t Joined(size_t k) const { return Counters(k + 1).loops; }

 private:
  StepProfile Counters(size_t k) const {
    if (profile_ == nullptr || k >= profile_->steps.size()) return StepProfile{};
    return profile_->steps[k];
  }
  // " (spilled: R rows, B KiB)" for a hash join whose build side spilled.
  std::string Spilled(size_t k) const {
    const StepProfile counters = Counters(k);
    if (counters.spilled_rows == 0) return "";
    return absl::StrCat(" (spilled: ", counters.spilled_rows, " rows, ",
                        (counters.spilled_bytes + 1023) >> 10, " KiB)");
  }
  // Time in steps k and later (the consumer of the rows included).
  int64_t Time(size_t k) const { return Counters(k).nanos; }
  int64_t Later(size_t k) const { return Time(k + 1); }

  void Access(size_t k, int depth, std::string* out) const {
    const plan::JoinStep& step = plan_.steps[k];
    const plan::Source& source = plan_.scope.sources()[step.source];
    std::string text = absl::StrCat(AccessText(step, source), " on ", source.name);
    if (k == 0 && !plan_.sort_before_join.empty()) text = absl::StrCat("Sort before join: ", text);
    if (!step.path.index_name.empty()) absl::StrAppend(&text, " using ", step.path.index_name);
    if (!step.path.detail.empty() && step.method != plan::JoinMethod::kIndexLookup) {
      absl::StrAppend(&text, " (", step.path.detail, ")");
    }
    const StepProfile counters = Counters(k);
    // A source read once is read in its step's first loop.
    const uint64_t loops =
        step.method == plan::JoinMethod::kHashJoin || step.method == plan::JoinMethod::kNestedLoop
            ? (counters.loops > 0 ? 1 : 0)
            : counters.loops;
    Line(depth, out,
         absl::StrCat(text, "  (estimated rows=", Rounded(step.estimated_rows), ") ",
                      Actual(Time(k) - Later(k), counters.read, loops)));
  }

  static void Line(int depth, std::string* out, const std::string& text) {
    absl::StrAppend(out, std::string(4 * depth, ' '), "-> ", text, "\n");
  }

  const plan::SelectPlan& plan_;
  const JoinProfile* profile_;
};

std::string AnalyzeTree(const plan::SelectPlan& plan, const JoinProfiles& profiles,
                        size_t rows, int64_t nanos) {
  std::string out = absl::StrCat("-> Query result  (actual time=", Millis(nanos),
                                 " rows=", rows, " loops=1)\n");
  for (const plan::SelectPlan* part : Parts(plan)) {
    if (part->steps.empty()) {
      absl::StrAppend(&out, "    -> No table\n");
      continue;
    }
    auto it = profiles.find(part);
    TreeWriter writer(*part, it == profiles.end() ? nullptr : &it->second);
    writer.Join(part->steps.size() - 1, 1, &out);
  }
  return out;
}

absl::StatusOr<ResultSet> ExplainAnalyze(const plan::SelectPlan& plan, ExecContext& ctx) {
  JoinProfiles profiles;
  JoinProfiles* const saved = ctx.profiles;
  ctx.profiles = &profiles;
  const absl::Time start = absl::Now();
  absl::StatusOr<std::vector<std::vector<Value>>> rows = RunSelectPlan(plan, ctx, {});
  const int64_t nanos = absl::ToInt64Nanoseconds(absl::Now() - start);
  ctx.profiles = saved;
  if (!rows.ok()) return rows.status();
  ResultSet result;
  result.has_rows = true;
  result.columns = {{"EXPLAIN", ColumnType::kVarchar}};
  result.rows.push_back({Value::String(AnalyzeTree(plan, profiles, rows->size(), nanos))});
  return result;
}

}  // namespace

absl::StatusOr<ResultSet> ExecuteExplain(const sql::Explain& explain, ExecContext& ctx) {
  const plan::BindContext bind = MakeBindContext(ctx);
  ORDINAL_ASSIGN_OR_RETURN(std::shared_ptr<plan::SelectPlan> plan,
                           plan::BindSelect(explain.select, bind));
  if (explain.analyze) return ExplainAnalyze(*plan, ctx);
  ResultSet result;
  result.has_rows = true;
  result.columns = {{"table", ColumnType::kVarchar},
                    {"access", ColumnType::kVarchar},
                    {"index", ColumnType::kVarchar},
                    {"key_columns", ColumnType::kInt},
                    {"detail", ColumnType::kVarchar},
                    {"join", ColumnType::kVarchar},
                    {"rows", ColumnType::kBigInt}};
  for (const plan::SelectPlan* part : Parts(*plan)) ExplainSteps(*part, &result);
  return result;
}

}  // namespace ordinal::engine::exec
