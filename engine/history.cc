#include "engine/history.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace ordinal::engine {
namespace {

constexpr char kVersion = 1;
constexpr size_t kEpochBytes = 32;

void PutU64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

uint64_t GetU64(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

std::string EpochName(const Epoch& epoch) {
  return absl::StrCat("epoch ", epoch.number, " (first position ", epoch.first_position,
                      ", id ", absl::Hex(epoch.id), ")");
}

}  // namespace

History History::Legacy() { return History({Epoch{1, 1, 0, 0}}); }

History History::Opened(uint64_t first_position, uint64_t previous_end, uint64_t id) const {
  std::vector<Epoch> epochs = epochs_;
  const uint64_t number = epochs.empty() ? 1 : epochs.back().number + 1;
  epochs.push_back(Epoch{number, first_position, previous_end, id});
  return History(std::move(epochs));
}

uint64_t History::EndOf(size_t index, uint64_t latest) const {
  if (index + 1 < epochs_.size()) return epochs_[index + 1].previous_end;
  return latest;
}

uint64_t History::EpochOf(uint64_t position) const {
  if (epochs_.empty()) return 0;
  uint64_t number = epochs_.front().number;
  for (const Epoch& epoch : epochs_) {
    if (epoch.first_position <= position) number = epoch.number;
  }
  return number;
}

uint64_t History::LogFloor() const {
  for (size_t i = epochs_.size(); i-- > 1;) {
    if (epochs_[i].previous_end + 1 != epochs_[i].first_position) {
      return epochs_[i].first_position - 1;
    }
  }
  return 0;
}

uint64_t History::ResumePosition(uint64_t applied) const {
  for (size_t i = 1; i < epochs_.size(); ++i) {
    const Epoch& epoch = epochs_[i];
    if (applied == epoch.previous_end && epoch.first_position - 1 != applied) {
      return epoch.first_position - 1;
    }
  }
  return applied;
}

std::string History::ToString() const {
  if (epochs_.empty()) return "(none)";
  std::string out;
  for (const Epoch& epoch : epochs_) {
    absl::StrAppend(&out, out.empty() ? "" : " ", epoch.number, "@", epoch.first_position);
    if (epoch.number > 1 && epoch.previous_end + 1 != epoch.first_position) {
      absl::StrAppend(&out, "/", epoch.previous_end);
    }
  }
  return out;
}

std::string EncodeHistory(const History& history) {
  std::string out(1, kVersion);
  for (const Epoch& epoch : history.epochs()) {
    PutU64(out, epoch.number);
    PutU64(out, epoch.first_position);
    PutU64(out, epoch.previous_end);
    PutU64(out, epoch.id);
  }
  return out;
}

absl::Status ValidateHistory(const History& history) {
  const std::vector<Epoch>& epochs = history.epochs();
  for (size_t i = 0; i < epochs.size(); ++i) {
    const Epoch& epoch = epochs[i];
    if (epoch.number != i + 1) {
      return absl::DataLossError(absl::StrCat("history: epoch ", i + 1, " is numbered ",
                                              epoch.number));
    }
    if (epoch.first_position == 0 || epoch.previous_end >= epoch.first_position) {
      return absl::DataLossError(absl::StrCat("history: ", EpochName(epoch),
                                              " starts after position ", epoch.previous_end));
    }
    if (i > 0 && (epoch.first_position <= epochs[i - 1].first_position ||
                  epoch.previous_end + 1 < epochs[i - 1].first_position)) {
      return absl::DataLossError(absl::StrCat("history: ", EpochName(epoch),
                                              " does not follow ", EpochName(epochs[i - 1])));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<History> DecodeHistory(std::string_view bytes) {
  if (bytes.empty() || bytes[0] != kVersion || (bytes.size() - 1) % kEpochBytes != 0) {
    return absl::DataLossError(absl::StrCat("history: malformed record of ", bytes.size(),
                                            " bytes"));
  }
  std::vector<Epoch> epochs;
  for (size_t at = 1; at < bytes.size(); at += kEpochBytes) {
    const std::string_view entry = bytes.substr(at, kEpochBytes);
    epochs.push_back(Epoch{GetU64(entry), GetU64(entry.substr(8)), GetU64(entry.substr(16)),
                           GetU64(entry.substr(24))});
  }
  History history(std::move(epochs));
  ORDINAL_RETURN_IF_ERROR(ValidateHistory(history));
  return history;
}

HistoryCheck CheckOnHistory(const History& replica, uint64_t applied, const History& primary,
                            uint64_t primary_latest) {
  if (applied > primary_latest) {
    return {false, absl::StrCat("the replica applied position ", applied,
                                ", past the primary's newest position ", primary_latest)};
  }
  const std::vector<Epoch>& ours = replica.epochs();
  const std::vector<Epoch>& theirs = primary.epochs();
  for (size_t i = 0; i < ours.size(); ++i) {
    if (i >= theirs.size() || ours[i] != theirs[i]) {
      return {false, absl::StrCat("the replica's ", EpochName(ours[i]),
                                  " is not on the primary's history")};
    }
  }
  if (ours.empty()) return {true, ""};
  const size_t last = ours.size() - 1;
  const uint64_t end = primary.EndOf(last, primary_latest);
  if (applied > end) {
    return {false, absl::StrCat("the replica applied position ", applied, " in ",
                                EpochName(ours[last]), ", which the primary's history ends at ",
                                end)};
  }
  return {true, ""};
}

uint64_t NewEpochId() {
  std::random_device random;
  for (;;) {
    const uint64_t id = (static_cast<uint64_t>(random()) << 32) | random();
    if (id != 0) return id;
  }
}

}  // namespace ordinal::engine
