// Who sees what of a scholar's check-ins (docs/access-control.md, "Check-ins and wellbeing"),
// table-driven: a viewer and the scholar's consent on one side, what they see on the other.
#include "domain/checkins/checkin_policy.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace trellis {
namespace {

const policy::CheckinScope kScope{"p1", "c1"};
const std::string kStream = "sA", kOtherStream = "sB";
const std::string kScholar = "scholar";
const std::optional<ErrorCode> kAllowed;

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

Actor viewer(const std::string& name) {
  if (name == "scholar") return person(kScholar, {grant(Role::kScholar, kStream)});
  if (name == "peer") return person("peer", {grant(Role::kScholar, kStream)});
  if (name == "mentor") return person("mentor", {grant(Role::kMentor, kStream)});
  if (name == "mentor_other") return person("mentor2", {grant(Role::kMentor, kOtherStream)});
  if (name == "support") return person("support", {grant(Role::kSupport)});
  if (name == "organizer") return person("org", {grant(Role::kOrganizer)});
  if (name == "analyst") return person("analyst", {grant(Role::kAnalyst)});
  if (name == "admin") return person("admin", {}, true);
  if (name == "support_elsewhere") {
    return person("support2", {Grant{"p1", "c2", Role::kSupport, ""}});
  }
  if (name == "outsider") return person("out", {Grant{"p2", "c9", Role::kOrganizer, ""}});
  if (name == "anonymous") return Actor::anonymous();
  ADD_FAILURE() << "no viewer " << name;
  return Actor::anonymous();
}

Consent consent(ConsentLevel level, bool mentor_flag) {
  return Consent{kScholar, kScope.program_id, level, mentor_flag, 1};
}

constexpr ConsentLevel kNone = ConsentLevel::kNone;
constexpr ConsentLevel kAlerts = ConsentLevel::kAlerts;
constexpr ConsentLevel kAnswers = ConsentLevel::kAlertsAndAnswers;

TEST(CheckinPolicy, WellbeingVisibilityByViewerAndConsent) {
  struct Case {
    const char* viewer;
    ConsentLevel level;
    bool mentor_flag;
    bool answers, alerts, support_flag, own;
  } cases[] = {
      // The scholar sees everything of their own, whatever they share.
      {"scholar", kNone, false, true, true, true, true},
      {"peer", kAnswers, true, false, false, false, false},
      // Support: alerts from "alerts", answers only from "alerts_and_answers".
      {"support", kNone, true, false, false, false, false},
      {"support", kAlerts, false, false, true, false, false},
      {"support", kAnswers, false, true, true, false, false},
      {"support_elsewhere", kAnswers, true, false, false, false, false},
      // The mentor of the stream: the flag, only with the scholar's leave, never answers.
      {"mentor", kAnswers, false, false, false, false, false},
      {"mentor", kNone, true, false, false, true, false},
      {"mentor", kAnswers, true, false, false, true, false},
      {"mentor_other", kAnswers, true, false, false, false, false},
      // Organizers, analysts and administrators: aggregates only.
      {"organizer", kAnswers, true, false, false, false, false},
      {"analyst", kAnswers, true, false, false, false, false},
      {"admin", kAnswers, true, false, false, false, false},
      {"outsider", kAnswers, true, false, false, false, false},
      {"anonymous", kAnswers, true, false, false, false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.viewer) + " consent " + std::string(consent_level_name(c.level)) +
                 (c.mentor_flag ? " +flag" : ""));
    auto v = policy::wellbeing_visibility(viewer(c.viewer), kScope, kScholar, kStream,
                                          consent(c.level, c.mentor_flag));
    EXPECT_EQ(v.answers, c.answers);
    EXPECT_EQ(v.alerts, c.alerts);
    EXPECT_EQ(v.support_flag, c.support_flag);
    EXPECT_EQ(v.own, c.own);
  }
}

TEST(CheckinPolicy, ReadingOneCheckinHidesItFromEveryoneWithoutAnswers) {
  Checkin checkin;
  checkin.id = "k1";
  checkin.scholar_id = kScholar;
  checkin.cohort_id = kScope.cohort_id;
  struct Case {
    const char* viewer;
    ConsentLevel level;
    std::optional<ErrorCode> denial;
  } cases[] = {
      {"scholar", kNone, kAllowed},
      {"support", kAnswers, kAllowed},
      {"support", kAlerts, ErrorCode::kNotFound},
      {"mentor", kAnswers, ErrorCode::kNotFound},
      {"organizer", kAnswers, ErrorCode::kNotFound},
      {"admin", kAnswers, ErrorCode::kNotFound},
      {"peer", kAnswers, ErrorCode::kNotFound},
      {"anonymous", kAnswers, ErrorCode::kUnauthenticated},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.viewer);
    Status s = policy::can_read_checkin(viewer(c.viewer), kScope, checkin, kStream,
                                        consent(c.level, true));
    EXPECT_EQ(s.ok() ? std::nullopt : std::optional(s.error().code), c.denial);
  }
}

TEST(CheckinPolicy, OnlyTheScholarEditsTheirCheckin) {
  Checkin checkin;
  checkin.id = "k1";
  checkin.scholar_id = kScholar;
  checkin.cohort_id = kScope.cohort_id;
  struct Case {
    const char* viewer;
    ConsentLevel level;
    std::optional<ErrorCode> denial;
  } cases[] = {
      {"scholar", kNone, kAllowed},
      // Support may read it with answers consent, so it is forbidden, not hidden.
      {"support", kAnswers, ErrorCode::kForbidden},
      {"support", kAlerts, ErrorCode::kNotFound},
      {"mentor", kAnswers, ErrorCode::kNotFound},
      {"peer", kAnswers, ErrorCode::kNotFound},
      {"organizer", kAnswers, ErrorCode::kNotFound},
      {"admin", kAnswers, ErrorCode::kNotFound},
      {"outsider", kAnswers, ErrorCode::kNotFound},
      {"anonymous", kAnswers, ErrorCode::kUnauthenticated},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.viewer) + " consent " + std::string(consent_level_name(c.level)));
    Status s = policy::can_edit_checkin(viewer(c.viewer), kScope, checkin, kStream,
                                        consent(c.level, true));
    EXPECT_EQ(s.ok() ? std::nullopt : std::optional(s.error().code), c.denial);
  }
}

TEST(CheckinPolicy, ConsentIsGivenByTheProgramsScholarsOnly) {
  struct Case {
    const char* viewer;
    std::optional<ErrorCode> denial;
  } cases[] = {
      {"scholar", kAllowed},
      {"peer", kAllowed},  // for their own check-ins
      {"mentor", ErrorCode::kForbidden},
      {"support", ErrorCode::kForbidden},
      {"support_elsewhere", ErrorCode::kForbidden},  // another cohort of the same program
      {"organizer", ErrorCode::kForbidden},
      {"analyst", ErrorCode::kForbidden},
      {"admin", ErrorCode::kForbidden},
      {"outsider", ErrorCode::kNotFound},
      {"anonymous", ErrorCode::kUnauthenticated},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.viewer);
    Status s = policy::can_give_consent(viewer(c.viewer), kScope.program_id);
    EXPECT_EQ(s.ok() ? std::nullopt : std::optional(s.error().code), c.denial);
  }
  // A scholar of another program's cohort gives consent there, not here.
  Actor elsewhere = person("s2", {Grant{"p2", "c9", Role::kScholar, "x"}});
  EXPECT_EQ(policy::can_give_consent(elsewhere, kScope.program_id).error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(policy::can_give_consent(elsewhere, "p2").ok());
}

TEST(CheckinPolicy, WhoMayDoWhatWithCheckins) {
  using policy::CheckinScope;
  struct Case {
    const char* viewer;
    std::optional<ErrorCode> check_in, read_schedule, manage_schedule, cohort_view, flags;
  } cases[] = {
      {"scholar", kAllowed, kAllowed, ErrorCode::kForbidden, ErrorCode::kForbidden,
       ErrorCode::kForbidden},
      {"mentor", ErrorCode::kForbidden, kAllowed, ErrorCode::kForbidden, ErrorCode::kForbidden,
       kAllowed},
      {"mentor_other", ErrorCode::kForbidden, kAllowed, ErrorCode::kForbidden,
       ErrorCode::kForbidden, ErrorCode::kForbidden},
      {"support", ErrorCode::kForbidden, kAllowed, ErrorCode::kForbidden, ErrorCode::kForbidden,
       ErrorCode::kForbidden},
      {"organizer", ErrorCode::kForbidden, kAllowed, kAllowed, kAllowed, ErrorCode::kForbidden},
      {"analyst", ErrorCode::kForbidden, kAllowed, ErrorCode::kForbidden, kAllowed,
       ErrorCode::kForbidden},
      {"admin", ErrorCode::kForbidden, kAllowed, kAllowed, kAllowed, ErrorCode::kForbidden},
      {"support_elsewhere", ErrorCode::kNotFound, ErrorCode::kNotFound, ErrorCode::kNotFound,
       ErrorCode::kNotFound, ErrorCode::kNotFound},
      {"outsider", ErrorCode::kNotFound, ErrorCode::kNotFound, ErrorCode::kNotFound,
       ErrorCode::kNotFound, ErrorCode::kNotFound},
      {"anonymous", ErrorCode::kUnauthenticated, ErrorCode::kUnauthenticated,
       ErrorCode::kUnauthenticated, ErrorCode::kUnauthenticated, ErrorCode::kUnauthenticated},
  };
  auto code = [](const Status& s) { return s.ok() ? std::nullopt : std::optional(s.error().code); };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.viewer);
    const Actor a = viewer(c.viewer);
    EXPECT_EQ(code(policy::can_check_in(a, kScope)), c.check_in);
    EXPECT_EQ(code(policy::can_read_schedule(a, kScope)), c.read_schedule);
    EXPECT_EQ(code(policy::can_manage_schedule(a, kScope)), c.manage_schedule);
    EXPECT_EQ(code(policy::can_read_cohort_checkins(a, kScope)), c.cohort_view);
    EXPECT_EQ(code(policy::can_read_support_flags(a, kScope, kStream)), c.flags);
  }
}

TEST(CheckinPolicy, OnlyTheScholarManagesTheirConsent) {
  struct Case {
    const char* viewer;
    bool sees_scholar;
    std::optional<ErrorCode> denial;
  } cases[] = {
      {"scholar", true, kAllowed},
      {"mentor", true, ErrorCode::kForbidden},
      {"support", true, ErrorCode::kForbidden},
      {"organizer", true, ErrorCode::kForbidden},
      {"admin", true, ErrorCode::kForbidden},
      {"mentor_other", false, ErrorCode::kNotFound},
      {"outsider", false, ErrorCode::kNotFound},
      {"anonymous", false, ErrorCode::kUnauthenticated},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.viewer);
    Status s = policy::can_manage_consent(viewer(c.viewer), kScholar, c.sees_scholar);
    EXPECT_EQ(s.ok() ? std::nullopt : std::optional(s.error().code), c.denial);
  }
}

TEST(CheckinPolicy, RowsAViewerSeesAreTheirOwnOrConsentedAnswersToSupport) {
  EXPECT_TRUE(policy::sees_answers_of(viewer("scholar"), kScope, kScholar, consent(kNone, false)));
  EXPECT_TRUE(
      policy::sees_answers_of(viewer("support"), kScope, kScholar, consent(kAnswers, false)));
  EXPECT_FALSE(
      policy::sees_answers_of(viewer("support"), kScope, kScholar, consent(kAlerts, true)));
  EXPECT_FALSE(
      policy::sees_answers_of(viewer("organizer"), kScope, kScholar, consent(kAnswers, true)));
  EXPECT_FALSE(
      policy::sees_answers_of(viewer("mentor"), kScope, kScholar, consent(kAnswers, true)));
}

TEST(CheckinPolicy, AlertsAreRaisedOnlyWithConsent) {
  EXPECT_FALSE(policy::may_raise_alerts(consent(kNone, true)));
  EXPECT_TRUE(policy::may_raise_alerts(consent(kAlerts, false)));
  EXPECT_TRUE(policy::may_raise_alerts(consent(kAnswers, false)));
}

TEST(CheckinPolicy, WhoSeesWhatOfASupportQueueItem) {
  constexpr AlertReason kRule = AlertReason::kLowMood;
  constexpr AlertReason kRequest = AlertReason::kConversationRequest;
  struct Case {
    const char* viewer;
    AlertReason reason;
    ConsentLevel level;
    bool mentor_flag;
    bool item, answers, support_flag;
  } cases[] = {
      // Support of the cohort: a rule's alert from "alerts", its answers from
      // "alerts_and_answers"; a conversation request whatever the consent.
      {"support", kRule, kNone, true, false, false, false},
      {"support", kRule, kAlerts, false, true, false, false},
      {"support", kRule, kAnswers, false, true, true, false},
      {"support", kRequest, kNone, false, true, false, false},
      {"support", kRequest, kAlerts, false, true, false, false},
      {"support", kRequest, kAnswers, false, true, true, false},
      {"support_elsewhere", kRule, kAnswers, true, false, false, false},
      {"support_elsewhere", kRequest, kAnswers, true, false, false, false},
      // The stream's mentor: at most the plain flag, with the scholar's leave.
      {"mentor", kRule, kAnswers, false, false, false, false},
      {"mentor", kRule, kAnswers, true, false, false, true},
      {"mentor", kRequest, kNone, true, false, false, true},
      {"mentor_other", kRule, kAnswers, true, false, false, false},
      // Nobody else sees an item, the scholar included (they see what was shared instead).
      {"scholar", kRule, kAnswers, true, false, false, false},
      {"peer", kRequest, kAnswers, true, false, false, false},
      {"organizer", kRule, kAnswers, true, false, false, false},
      {"organizer", kRequest, kAnswers, true, false, false, false},
      {"analyst", kRule, kAnswers, true, false, false, false},
      {"admin", kRule, kAnswers, true, false, false, false},
      {"admin", kRequest, kAnswers, true, false, false, false},
      {"outsider", kRule, kAnswers, true, false, false, false},
      {"anonymous", kRequest, kAnswers, true, false, false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.viewer) + " " + std::string(alert_reason_name(c.reason)) +
                 " consent " + std::string(consent_level_name(c.level)) +
                 (c.mentor_flag ? " +flag" : ""));
    auto v = policy::alert_visibility(viewer(c.viewer), kScope, c.reason, kScholar, kStream,
                                      consent(c.level, c.mentor_flag));
    EXPECT_EQ(v.item, c.item);
    EXPECT_EQ(v.answers, c.answers);
    EXPECT_EQ(v.support_flag, c.support_flag);
    Status work = policy::can_work_on_alert(viewer(c.viewer), kScope, c.reason, kScholar,
                                            consent(c.level, c.mentor_flag));
    if (c.item) {
      EXPECT_TRUE(work.ok());
    } else {
      ASSERT_FALSE(work.ok());
      EXPECT_EQ(work.error().code, std::string(c.viewer) == "anonymous"
                                       ? ErrorCode::kUnauthenticated
                                       : ErrorCode::kNotFound);
    }
  }
}

TEST(CheckinPolicy, WhoWorksTheQueueAsksForAConversationAndRunsTheEvaluation) {
  const std::optional<ErrorCode> kForbidden = ErrorCode::kForbidden;
  const std::optional<ErrorCode> kNotFound = ErrorCode::kNotFound;
  const std::optional<ErrorCode> kUnauthenticated = ErrorCode::kUnauthenticated;
  struct Case {
    const char* viewer;
    std::optional<ErrorCode> queue, ask, run;
  } cases[] = {
      {"scholar", kForbidden, kAllowed, kForbidden},
      {"mentor", kForbidden, kForbidden, kForbidden},
      {"support", kAllowed, kForbidden, kForbidden},
      {"support_elsewhere", kAllowed, kNotFound, kForbidden},
      {"organizer", kForbidden, kForbidden, kForbidden},
      {"analyst", kForbidden, kForbidden, kForbidden},
      {"admin", kForbidden, kForbidden, kAllowed},
      {"outsider", kForbidden, kNotFound, kForbidden},
      {"anonymous", kUnauthenticated, kUnauthenticated, kUnauthenticated},
  };
  auto code = [](const Status& s) { return s.ok() ? std::nullopt : std::optional(s.error().code); };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.viewer);
    EXPECT_EQ(code(policy::can_read_support_queue(viewer(c.viewer))), c.queue);
    EXPECT_EQ(code(policy::can_ask_for_conversation(viewer(c.viewer), kScope)), c.ask);
    EXPECT_EQ(code(policy::can_run_alert_evaluation(viewer(c.viewer))), c.run);
  }
}

TEST(CheckinPolicy, OrganizersSeeAlertCountsOnlyFromTheMinimumGroupSize) {
  struct Case {
    long long scholars;
    long long threshold;
    bool shown;
  } cases[] = {{0, 5, false}, {1, 5, false}, {4, 5, false}, {5, 5, true},
               {12, 5, true}, {0, 1, false}, {1, 1, true},  {2, 3, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.scholars) + " of threshold " + std::to_string(c.threshold));
    EXPECT_EQ(policy::may_show_alert_count(c.scholars, c.threshold), c.shown);
  }
}

}  // namespace
}  // namespace trellis
