#include "domain/studies/study_privacy.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

Study study(StudyMode mode, StudyStatus status) {
  Study s;
  s.mode = mode;
  s.status = status;
  return s;
}

constexpr StudyMode kNamed = StudyMode::kNamed, kAnon = StudyMode::kAnonymous;
constexpr StudyStatus kDraft = StudyStatus::kDraft, kOpen = StudyStatus::kOpen,
                      kClosed = StudyStatus::kClosed;

TEST(StudyPrivacy, AnswersOfAnAnonymousStudyAreReleasedOnceClosedWithEnoughPeople) {
  struct Case {
    StudyMode mode;
    StudyStatus status;
    long long responses;
    int min_group_size;
    AnswerRelease expected;
  };
  const Case cases[] = {
      {kNamed, kOpen, 0, 5, AnswerRelease::kReleased},
      {kNamed, kOpen, 1, 5, AnswerRelease::kReleased},
      {kNamed, kClosed, 1, 5, AnswerRelease::kReleased},
      {kAnon, kDraft, 0, 5, AnswerRelease::kStudyNotClosed},
      {kAnon, kOpen, 50, 5, AnswerRelease::kStudyNotClosed},
      {kAnon, kClosed, 0, 5, AnswerRelease::kTooFewResponses},
      {kAnon, kClosed, 4, 5, AnswerRelease::kTooFewResponses},
      {kAnon, kClosed, 5, 5, AnswerRelease::kReleased},
      {kAnon, kClosed, 6, 5, AnswerRelease::kReleased},
      {kAnon, kClosed, 2, 1, AnswerRelease::kTooFewResponses},  // the floor of 3 holds
      {kAnon, kClosed, 3, 1, AnswerRelease::kReleased},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.responses) + " responses, min " +
                 std::to_string(c.min_group_size) + ", " +
                 std::string(study_status_name(c.status)));
    EXPECT_EQ(answer_release(study(c.mode, c.status), c.responses, c.min_group_size), c.expected);
  }
}

TEST(StudyPrivacy, AWithheldReleaseIsAConflictSayingWhy) {
  EXPECT_TRUE(require_released(AnswerRelease::kReleased, 10, 5).ok());
  auto open = require_released(AnswerRelease::kStudyNotClosed, 10, 5);
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().code, ErrorCode::kConflict);
  EXPECT_EQ(open.error().field, "status");
  auto few = require_released(AnswerRelease::kTooFewResponses, 2, 5);
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.error().code, ErrorCode::kConflict);
  EXPECT_NE(few.error().message.find("at least 5"), std::string::npos);
}

TEST(StudyPrivacy, ClosingAnAnonymousStudyWithResponsesIsFinal) {
  struct Case {
    StudyMode mode;
    StudyStatus from, to;
    long long responses;
    bool allowed;
  };
  const Case cases[] = {
      {kAnon, kClosed, kOpen, 1, false},  {kAnon, kClosed, kDraft, 3, false},
      {kAnon, kClosed, kClosed, 3, true}, {kAnon, kClosed, kOpen, 0, true},
      {kAnon, kOpen, kClosed, 3, true},   {kAnon, kOpen, kDraft, 3, true},
      {kAnon, kDraft, kOpen, 0, true},    {kNamed, kClosed, kOpen, 3, true},
      {kNamed, kClosed, kDraft, 3, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(study_status_name(c.from)) + " -> " +
                 std::string(study_status_name(c.to)) + " with " + std::to_string(c.responses));
    auto s = check_status_change(study(c.mode, c.from), c.to, c.responses);
    EXPECT_EQ(s.ok(), c.allowed);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, ErrorCode::kConflict);
    }
  }
}

TEST(StudyPrivacy, ParticipationNamesPeopleOnlyInNamedStudies) {
  EXPECT_TRUE(participation_names_people(study(kNamed, kOpen)));
  EXPECT_TRUE(participation_names_people(study(kNamed, kClosed)));
  EXPECT_FALSE(participation_names_people(study(kAnon, kOpen)));
  EXPECT_FALSE(participation_names_people(study(kAnon, kClosed)));
}

TEST(StudyPrivacy, SmallGroupsOfAnAnonymousStudyAreMergedNeverShownAlone) {
  using Sizes = std::map<std::string, long long>;
  using Shown = std::map<std::string, std::string>;
  struct Case {
    const char* name;
    StudyMode mode;
    Sizes sizes;
    int min_group_size;
    Shown expected;
  };
  const Case cases[] = {
      {"named studies show every group",
       kNamed,
       {{"scholar", 10}, {"mentor", 1}},
       5,
       {{"scholar", "scholar"}, {"mentor", "mentor"}}},
      {"large groups keep their names",
       kAnon,
       {{"scholar", 10}, {"mentor", 5}},
       5,
       {{"scholar", "scholar"}, {"mentor", "mentor"}}},
      {"one mentor among scholars: nobody shows a group",
       kAnon,
       {{"scholar", 10}, {"mentor", 1}},
       5,
       {{"scholar", "all"}, {"mentor", "all"}}},
      {"small groups together large enough: other",
       kAnon,
       {{"scholar", 10}, {"mentor", 2}, {"external", 3}},
       5,
       {{"scholar", "scholar"}, {"mentor", "other"}, {"external", "other"}}},
      {"small groups together still too small: all",
       kAnon,
       {{"scholar", 10}, {"mentor", 2}, {"external", 2}, {"alumnus", 6}},
       5,
       {{"scholar", "all"}, {"mentor", "all"}, {"external", "all"}, {"alumnus", "all"}}},
      {"the floor of 3 holds",
       kAnon,
       {{"scholar", 10}, {"mentor", 2}},
       1,
       {{"scholar", "all"}, {"mentor", "all"}}},
      {"one group only", kAnon, {{"scholar", 7}}, 5, {{"scholar", "scholar"}}},
      {"empty groups are ignored",
       kAnon,
       {{"scholar", 7}, {"mentor", 0}},
       5,
       {{"scholar", "scholar"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Study s = study(c.mode, kClosed);
    GroupDisclosure d = GroupDisclosure::of(s, c.sizes, c.min_group_size);
    for (const auto& [stored, shown] : c.expected) EXPECT_EQ(d.shown(stored), shown) << stored;
  }
}

}  // namespace
}  // namespace trellis
