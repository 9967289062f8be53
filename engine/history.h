// Epochs and histories (docs/history.md): which log a position belongs to.
//
// Every time a primary starts accepting writes (bootstrap, restart, recovery from a replica)
// it opens a new *epoch* before its first write, with one durable write that stores the
// whole history under the metadata key 'm' "history" (engine/metadata.h). That write is an
// ordinary batch of the primary's log, so the history travels with the data: replicas apply
// it, clones copy it, and a replica's stored history is always the primary's history as of
// the replica's applied position (invariant 3 makes the pair atomic).
//
// An epoch is (number, first_position, previous_end, id):
//   number          1, 2, 3, ... along one history;
//   first_position  the first position of the epoch (the primary's newest position when it
//                   opened the epoch, plus one);
//   previous_end    the last position of the previous epoch that this history keeps:
//                   first_position - 1 after a restart; the recovered replica's applied
//                   position after ordinal 0 rebuilt itself from a replica (the positions in
//                   between exist in no primary's log); 0 for epoch 1;
//   id              64 random bits: two epochs opened with the same number on two forks of
//                   one history (a primary restored from an old copy of its volume opens the
//                   same number again) are told apart by their ids.
//
// A replica at applied position `a` whose history is R follows a primary whose history is P
// and newest position L only when R is a prefix of P and `a` is at most the end of R's last
// epoch on P (the next epoch's previous_end, or L for P's current epoch). Anything else is a
// fork: the replica holds positions the primary never had, or has not got, in this history.
//
// History is a value type; thread-compatible.
#ifndef ORDINAL_ENGINE_HISTORY_H_
#define ORDINAL_ENGINE_HISTORY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ordinal::engine {

struct Epoch {
  uint64_t number = 0;
  uint64_t first_position = 0;
  uint64_t previous_end = 0;
  uint64_t id = 0;

  friend bool operator==(const Epoch&, const Epoch&) = default;
};

class History {
 public:
  History() = default;
  explicit History(std::vector<Epoch> epochs) : epochs_(std::move(epochs)) {}

  // What a store that has a cluster id but no history record holds (written before epochs
  // existed): one epoch 1 from the start, id 0.
  static History Legacy();

  const std::vector<Epoch>& epochs() const { return epochs_; }
  bool empty() const { return epochs_.empty(); }
  size_t size() const { return epochs_.size(); }
  // The current (newest) epoch; the history must not be empty.
  const Epoch& last() const { return epochs_.back(); }

  // This history with one more epoch: number last+1 (1 when empty), opened at
  // `first_position` after `previous_end`, with `id`.
  History Opened(uint64_t first_position, uint64_t previous_end, uint64_t id) const;

  // The last position of epoch `index` on this history: the next epoch's previous_end, or
  // `latest` (the newest position) for the current epoch.
  uint64_t EndOf(size_t index, uint64_t latest) const;

  // The epoch number holding `position` (0 when the history is empty).
  uint64_t EpochOf(uint64_t position) const;

  // The oldest position a replica can resume from on this history: the newest epoch that
  // began after a gap (a recovery) starts a new numbering of the log, so nothing before
  // first_position - 1 of that epoch can be served. 0 when there is no gap.
  uint64_t LogFloor() const;

  // Where the primary continues a replica that applied `applied` and is on this history:
  // `applied` itself, or first_position - 1 of the next epoch when `applied` is exactly the
  // end of an epoch followed by a gap (the content at both positions is the same).
  uint64_t ResumePosition(uint64_t applied) const;

  // "1@1 2@57 3@120/100" (number@first_position, "/previous_end" after a gap), for logs and
  // SHOW REPLICA STATUS; "(none)" when empty.
  std::string ToString() const;

  friend bool operator==(const History&, const History&) = default;

 private:
  std::vector<Epoch> epochs_;
};

// The stored form: one version byte (1), then 32 bytes per epoch (number, first_position,
// previous_end, id as u64 big-endian).
std::string EncodeHistory(const History& history);
// DATA_LOSS when `bytes` is not a well-formed, consistent history: wrong version or length,
// epoch numbers not 1, 2, 3..., first positions not increasing, a previous_end at or past
// its epoch's first position or before the previous epoch's first position - 1.
absl::StatusOr<History> DecodeHistory(std::string_view bytes);
// The consistency rules of DecodeHistory, for histories from the network.
absl::Status ValidateHistory(const History& history);

// The result of comparing a replica's history with its primary's.
struct HistoryCheck {
  bool on_history = false;
  // When not on history: why, naming the epoch and positions, for logs and status.
  std::string reason;
};

// Whether a replica that applied `applied` on `replica` can follow a primary at `primary`
// whose newest position is `primary_latest` (see the file comment). An empty replica
// history (an empty replica, or one that applied nothing) is on every history as long as
// `applied` does not pass `primary_latest`.
HistoryCheck CheckOnHistory(const History& replica, uint64_t applied, const History& primary,
                            uint64_t primary_latest);

// A new random epoch id (never 0, which marks the legacy epoch).
uint64_t NewEpochId();

}  // namespace ordinal::engine

#endif  // ORDINAL_ENGINE_HISTORY_H_
