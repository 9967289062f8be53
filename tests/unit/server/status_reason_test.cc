// Structured reasons beside a Status (common/status_reason.h): what code decides on.
#include "common/status_reason.h"

#include <string>

#include "gtest/gtest.h"

namespace ordinal {
namespace {

TEST(StatusReasonTest, ReasonTravelsWithTheStatusWhateverItsMessage) {
  absl::Status status =
      WithReason(absl::FailedPreconditionError("any wording at all"), StatusReason::kOtherHistory);
  EXPECT_EQ(GetStatusReason(status), StatusReason::kOtherHistory);
  absl::Status reworded = WithReason(absl::Status(status.code(), "welcome: other words"),
                                     GetStatusReason(status));
  EXPECT_EQ(GetStatusReason(reworded), StatusReason::kOtherHistory);
}

TEST(StatusReasonTest, MessageTextAloneCarriesNoReason) {
  EXPECT_EQ(GetStatusReason(absl::FailedPreconditionError("history mismatch: ...")),
            StatusReason::kNone);
}

TEST(StatusReasonTest, OkStatusStaysWithoutReason) {
  EXPECT_TRUE(WithReason(absl::OkStatus(), StatusReason::kOtherHistory).ok());
  EXPECT_EQ(GetStatusReason(absl::OkStatus()), StatusReason::kNone);
}

TEST(StatusReasonTest, NamesRoundTripAndUnknownNamesMeanNone) {
  EXPECT_EQ(StatusReasonFromName(StatusReasonName(StatusReason::kOtherHistory)),
            StatusReason::kOtherHistory);
  EXPECT_EQ(StatusReasonFromName(StatusReasonName(StatusReason::kUnknownSession)),
            StatusReason::kUnknownSession);
  EXPECT_EQ(StatusReasonFromName("no-such-reason"), StatusReason::kNone);
  EXPECT_EQ(StatusReasonFromName(""), StatusReason::kNone);
}

}  // namespace
}  // namespace ordinal
