// Who sees what of assessments (docs/access-control.md, "Assessments"), table-driven: a viewer
// and a fact about the data on one side, shown or not on the other.
#include "domain/assessments/assessment_policy.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace trellis {
namespace {

const policy::RoundScope kScope{"p1", "c1"};
const std::string kStream = "sA", kOtherStream = "sB";
const std::string kScholar = "scholar";
const std::optional<ErrorCode> kAllowed;  // the rule lets the viewer through

Actor person(const std::string& id, std::vector<Grant> grants, bool admin = false) {
  Actor a;
  a.kind = Actor::Kind::kUser;
  a.user_id = id;
  a.is_admin = admin;
  a.grants = std::move(grants);
  return a;
}

Grant grant(Role role, std::string stream = {}) {
  return Grant{kScope.program_id, kScope.cohort_id, role, std::move(stream)};
}

struct Viewer {
  const char* name;
  Actor actor;
};

std::vector<Viewer> viewers() {
  return {
      {"scholar", person(kScholar, {grant(Role::kScholar, kStream)})},
      {"peer", person("peer", {grant(Role::kScholar, kStream)})},
      {"mentor", person("mentor", {grant(Role::kMentor, kStream)})},
      {"mentor_other", person("mentor2", {grant(Role::kMentor, kOtherStream)})},
      {"organizer", person("org", {grant(Role::kOrganizer)})},
      {"analyst", person("analyst", {grant(Role::kAnalyst)})},
      {"admin", person("admin", {}, true)},
  };
}

Actor viewer(const std::string& name) {
  for (Viewer& v : viewers())
    if (v.name == name) return v.actor;
  ADD_FAILURE() << "no viewer " << name;
  return Actor::anonymous();
}

TEST(AssessmentPolicy, ScholarVisibilityByViewerAndRoundState) {
  struct Case {
    const char* viewer;
    bool closed, program_shows_mentor;
    bool self, mentor, peer_mean;
  } cases[] = {
      {"scholar", false, true, true, false, false},
      {"scholar", true, true, true, true, true},
      {"scholar", true, false, true, false, true},
      {"peer", true, true, false, false, false},
      // Staff see peers only as a mean, and only once the round is closed (a mean that moves
      // with each submission gives each peer's rating away).
      {"mentor", false, true, true, true, false},
      {"mentor", true, true, true, true, true},
      {"mentor_other", true, true, false, false, false},
      {"organizer", false, false, true, true, false},
      {"organizer", true, false, true, true, true},
      {"analyst", true, true, false, false, false},
      {"admin", false, true, true, true, false},
  };
  for (const Case& c : cases) {
    auto v = policy::scholar_visibility(viewer(c.viewer), kScope, kScholar, kStream, c.closed,
                                        c.program_shows_mentor);
    SCOPED_TRACE(std::string(c.viewer) + (c.closed ? " closed" : " open"));
    EXPECT_EQ(v.self, c.self);
    EXPECT_EQ(v.mentor, c.mentor);
    EXPECT_EQ(v.peer_mean, c.peer_mean);
  }
}

TEST(AssessmentPolicy, PeerMeansNeedThreePeersAndAClosedRound) {
  struct Case {
    long long peers;
    bool closed, shown;
  } cases[] = {{2, true, false},  {3, true, true},   {7, true, true},
               {3, false, false}, {7, false, false}, {0, true, false}};
  for (const Case& c : cases)
    EXPECT_EQ(policy::peer_mean_shown(c.peers, c.closed), c.shown)
        << c.peers << (c.closed ? " closed" : " open");
  for (RaterKind k : {RaterKind::kSelf, RaterKind::kMentor, RaterKind::kSupport}) {
    EXPECT_TRUE(policy::aggregates_kind(k, false)) << rater_kind_name(k);
    EXPECT_TRUE(policy::aggregates_kind(k, true)) << rater_kind_name(k);
  }
  EXPECT_FALSE(policy::aggregates_kind(RaterKind::kPeer, false));
  EXPECT_TRUE(policy::aggregates_kind(RaterKind::kPeer, true));
}

TEST(AssessmentPolicy, RowsSeenOneByOne) {
  struct Case {
    const char* viewer;
    std::optional<std::vector<std::string>> streams;
    bool sees_stream, sees_other, sees_no_stream;
  } cases[] = {
      {"organizer", std::nullopt, true, true, true},
      {"admin", std::nullopt, true, true, true},
      {"mentor", std::vector<std::string>{kStream}, true, false, false},
      {"mentor_other", std::vector<std::string>{kOtherStream}, false, true, false},
      {"analyst", std::vector<std::string>{}, false, false, false},
  };
  for (const Case& c : cases) {
    auto rows = policy::row_streams(viewer(c.viewer), kScope);
    EXPECT_EQ(rows, c.streams) << c.viewer;
    EXPECT_EQ(policy::sees_rows_of(rows, kStream), c.sees_stream) << c.viewer;
    EXPECT_EQ(policy::sees_rows_of(rows, kOtherStream), c.sees_other) << c.viewer;
    EXPECT_EQ(policy::sees_rows_of(rows, ""), c.sees_no_stream) << c.viewer;
  }
}

TEST(AssessmentPolicy, OnlyThePeerSeesHowFarAPeerGot) {
  Assignment peer;
  peer.rater_id = "peer";
  peer.subject_id = kScholar;
  peer.subject_stream_id = kStream;
  peer.kind = RaterKind::kPeer;
  Assignment mentor = peer;
  mentor.rater_id = "mentor";
  mentor.kind = RaterKind::kMentor;
  struct Case {
    const char* viewer;
    bool peer_progress, mentor_progress;
  } cases[] = {
      {"peer", true, false},      {"mentor", false, true}, {"mentor_other", false, false},
      {"organizer", false, true}, {"admin", false, true},  {"scholar", false, false},
      {"analyst", false, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(policy::sees_assignment_progress(viewer(c.viewer), kScope, peer), c.peer_progress)
        << c.viewer;
    EXPECT_EQ(policy::sees_assignment_progress(viewer(c.viewer), kScope, mentor), c.mentor_progress)
        << c.viewer;
  }
}

TEST(AssessmentPolicy, ReportsAndSubmissionsByViewer) {
  Assignment by_peer;
  by_peer.rater_id = "peer";
  by_peer.subject_id = kScholar;
  by_peer.subject_stream_id = kStream;
  by_peer.kind = RaterKind::kPeer;
  Assignment self = by_peer;
  self.rater_id = kScholar;
  self.kind = RaterKind::kSelf;
  struct Case {
    const char* viewer;
    std::optional<ErrorCode> scholar_report, peer_submission, self_submission, cohort_report,
        heatmap;
  } cases[] = {
      {"scholar", kAllowed, ErrorCode::kNotFound, kAllowed, ErrorCode::kForbidden,
       ErrorCode::kForbidden},
      {"peer", ErrorCode::kForbidden, kAllowed, ErrorCode::kNotFound, ErrorCode::kForbidden,
       ErrorCode::kForbidden},
      {"mentor", kAllowed, ErrorCode::kNotFound, kAllowed, kAllowed, kAllowed},
      {"mentor_other", ErrorCode::kNotFound, ErrorCode::kNotFound, ErrorCode::kNotFound, kAllowed,
       kAllowed},
      {"organizer", kAllowed, ErrorCode::kNotFound, kAllowed, kAllowed, kAllowed},
      {"analyst", ErrorCode::kForbidden, ErrorCode::kNotFound, ErrorCode::kNotFound, kAllowed,
       ErrorCode::kForbidden},
  };
  auto code = [](const Status& s) -> std::optional<ErrorCode> {
    if (s.ok()) return kAllowed;
    return s.error().code;
  };
  for (const Case& c : cases) {
    const Actor a = viewer(c.viewer);
    SCOPED_TRACE(c.viewer);
    EXPECT_EQ(code(policy::can_read_scholar_report(a, kScope, kScholar, kStream)),
              c.scholar_report);
    EXPECT_EQ(code(policy::can_read_submission(a, kScope, by_peer)), c.peer_submission);
    EXPECT_EQ(code(policy::can_read_submission(a, kScope, self)), c.self_submission);
    EXPECT_EQ(code(policy::can_read_cohort_report(a, kScope)), c.cohort_report);
    EXPECT_EQ(code(policy::can_read_heatmap(a, kScope)), c.heatmap);
  }
}

TEST(AssessmentPolicy, GroupThresholdNeverFallsBelowTheFloor) {
  EXPECT_EQ(policy::group_threshold(5), 5);
  EXPECT_EQ(policy::group_threshold(12), 12);
  EXPECT_EQ(policy::group_threshold(1), kMinGroupSizeFloor);
}

TEST(AssessmentPolicy, MentorsRateFirstWithholdsTheSelfRatingFromTheMentorOnly) {
  struct Case {
    const char* viewer;
    bool setting_on, viewer_submitted;
    bool withheld;
  } cases[] = {
      {"mentor", true, false, true},         // the stream's mentor, not rated yet
      {"mentor", true, true, false},         // rated: the self-rating opens
      {"mentor", false, false, false},       // the program turned the rule off
      {"mentor_other", true, false, false},  // sees nothing anyway; not this rule's business
      {"scholar", true, false, false},       // their own self-rating
      {"organizer", true, false, false},    {"admin", true, false, false},
      {"analyst", true, false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.viewer);
    const bool withheld = policy::self_rating_withheld(viewer(c.viewer), kScope, kScholar, kStream,
                                                       c.setting_on, c.viewer_submitted);
    EXPECT_EQ(withheld, c.withheld);
    const auto v = policy::scholar_visibility(viewer(c.viewer), kScope, kScholar, kStream, false,
                                              true, withheld);
    if (withheld) {
      EXPECT_FALSE(v.self);
    }
  }
  Assignment self;
  self.kind = RaterKind::kSelf;
  self.rater_id = self.subject_id = kScholar;
  self.subject_stream_id = kStream;
  const Status denied = policy::can_read_submission(viewer("mentor"), kScope, self, true);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(policy::can_read_submission(viewer("scholar"), kScope, self, true).ok());
  EXPECT_TRUE(policy::can_read_submission(viewer("mentor"), kScope, self, false).ok());
}

}  // namespace
}  // namespace trellis
