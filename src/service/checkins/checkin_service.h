// CheckinService: the use cases of check-ins. A cohort's cadence (organizers); what a scholar
// has due; submitting a check-in for a period (late is fine, a future period or one outside the
// cohort's dates is refused, a second one for the same period is a conflict) and editing it
// until the next one is due; the scholar's own history with streak, stuck stretches and the
// answers for the trend; the scholar's consent, its history and the log of what was shared;
// the "could use support" flags a stream's mentors may see; the program's settings (thresholds
// of the alert rules, the stuck time box and help channels); and the cohort's aggregate view for
// organizers and analysts, which obeys complement suppression (domain/suppression.h) exactly as
// the assessment reports do.
//
// Who sees what is decided by domain/checkins/checkin_policy.h; the rules of periods, windows
// and validation are domain/checkins/checkin_rules.h. "Today" is the UTC date of the Clock.
// Every read that shows someone else a scholar's wellbeing (answers to support, a flag to a
// mentor) logs a Disclosure in the same transaction, so the scholar's "what was shared" view is
// complete. Consent changes are audited; check-ins are not (the audit log is the organizers' to
// read, and who checked in when is the scholar's own business). Thread-safe (no state).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/checkins/alert_rules.h"
#include "domain/checkins/checkin.h"
#include "domain/checkins/checkin_rules.h"
#include "domain/suppression.h"
#include "storage/checkins/checkin_repositories.h"
#include "storage/store.h"

namespace trellis {

// A cohort's cadence as an organizer saves it (the whole schedule is replaced).
struct ScheduleInput {
  Cadence cadence = Cadence::kWeekly;
  int due_weekday = 5;
  std::vector<DateRange> weeks_off;
};

// What a scholar answers.
struct CheckinAnswers {
  int energy = 0;
  int mood = 0;
  int progress = 0;
  bool stuck = false;
  std::optional<std::string> stuck_since;
  std::string stuck_on;
  std::string wins;
  std::string blockers;
  std::string support_note;
};

struct NewCheckin {
  std::string cohort_id;
  std::optional<std::string> period_start;  // default: the period containing today
  CheckinAnswers answers;
};

// An edit: only the fields given change. Saying "not stuck" clears stuck_since and stuck_on;
// stuck_since may be cleared with an empty inner value.
struct CheckinPatch {
  std::optional<int> energy;
  std::optional<int> mood;
  std::optional<int> progress;
  std::optional<bool> stuck;
  std::optional<std::optional<std::string>> stuck_since;
  std::optional<std::string> stuck_on;
  std::optional<std::string> wins;
  std::optional<std::string> blockers;
  std::optional<std::string> support_note;
};

// A check-in with its period and, for its scholar, until when it may be edited.
struct CheckinView {
  Checkin checkin;
  checkins::Period period;
  bool editable = false;       // the viewer is its scholar and the window is open
  std::string editable_until;  // the last day it may be edited (the next period's due day)
};

// What one cohort expects of the scholar.
struct DueCheckins {
  Cohort cohort;
  Cadence cadence = Cadence::kWeekly;
  // The period containing today, when it expects a check-in (not a week off, inside the
  // cohort's dates): open, missed (its due day passed) or submitted.
  std::optional<checkins::PeriodStatus> current;
  std::vector<checkins::Period> missed;  // earlier periods without a check-in, oldest first
  int streak = 0;
  // Stuck longer than the program's time box without having asked for help: the nudge to ask,
  // with the people and channels the program lists.
  std::optional<checkins::StuckNudge> nudge;
};

struct CheckinHistory {
  Cohort cohort;
  CheckinSchedule schedule;
  std::vector<checkins::PeriodStatus> periods;  // every period so far, oldest first
  int streak = 0;
  std::vector<checkins::StuckStretch> stuck_stretches;
  std::vector<CheckinView> checkins;  // oldest period first
};

struct ConsentInput {
  ConsentLevel level = ConsentLevel::kNone;
  bool mentor_flag = false;
};

// A disclosure as the scholar reads it, with the recipient's name when it is one person.
struct DisclosureView {
  Disclosure disclosure;
  std::string recipient_name;
};

// A scholar of the mentor's stream who allowed the flag and could use support now.
struct SupportFlag {
  std::string scholar_id;
  std::string display_name;
  std::string checkin_period;  // the period of the check-in that raised it
};

// ---- the cohort view ------------------------------------------------------------------------

struct ScaleFigures {
  std::array<long long, 5> distribution{};  // check-ins answering 1..5
  double mean = 0;
};

// The answers of one period; shown only when their respondents pass complement suppression.
struct PeriodAnswers {
  double stuck_share = 0;
  ScaleFigures mood;
  ScaleFigures energy;
  ScaleFigures progress;
};

struct CohortCheckinPeriod {
  checkins::Period period;
  // Who answered, against the cohort's scholars; withheld when the cohort itself is too small.
  privacy::Gated<long long> respondents;
  std::optional<double> response_rate;  // when respondents are shown
  // Withheld for too few respondents, giving their number only when `respondents` is shown.
  privacy::Gated<PeriodAnswers> answers;
};

// Least-squares slope of each scale's mean, in points per period, over the last periods whose
// answers are shown (at most kTrendPeriods, at least two).
struct CohortTrend {
  long long periods = 0;
  std::string from;  // first day of the first period used
  std::string to;    // first day of the last period used
  double mood = 0;
  double energy = 0;
  double progress = 0;
};
inline constexpr std::size_t kTrendPeriods = 6;

struct CohortCheckinReport {
  Cohort cohort;
  Cadence cadence = Cadence::kWeekly;
  int min_group_size = 5;
  long long scholars = 0;
  std::vector<CohortCheckinPeriod> periods;  // oldest first
  std::optional<CohortTrend> trend;          // nullopt: fewer than two periods shown
  // Scholars with an unresolved alert; nullopt when fewer than min_group_size (none included),
  // so that a count never points at a few people.
  std::optional<long long> alerted_scholars;
};

class CheckinService {
 public:
  CheckinService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The cohort's schedule (the default when none was saved): any member of the cohort.
  Result<CheckinSchedule> schedule(const Actor& actor, const std::string& cohort_id);
  // Replaces the schedule (the program's organizers, administrators); audited.
  Result<CheckinSchedule> save_schedule(const Actor& actor, const std::string& cohort_id,
                                        const ScheduleInput& input);

  // For each cohort where the actor is a scholar and that has started: the current period and
  // the missed ones. Empty for anyone who is nobody's scholar.
  Result<std::vector<DueCheckins>> due(const Actor& actor);

  // Checks in for a period of a cohort where the actor is a scholar. invalid (naming the
  // field) for a bad answer or a period that does not start a period of the cadence, is in the
  // future, outside the cohort's dates or a week off; conflict on period_start when the scholar
  // already checked in for it (edit that one instead).
  Result<CheckinView> submit(const Actor& actor, const NewCheckin& input);
  // Changes a check-in (its scholar only) while the editing window is open: until the next
  // period's due day; conflict once it has closed.
  Result<CheckinView> edit(const Actor& actor, const std::string& checkin_id,
                           const CheckinPatch& patch);
  // One check-in: its scholar, or support of the cohort with answers consent (logged as a
  // disclosure to that person). Anyone else: not found.
  Result<CheckinView> get(const Actor& actor, const std::string& checkin_id);
  // The actor's own check-ins in the cohort, with streak and stuck stretches.
  Result<CheckinHistory> history(const Actor& actor, const std::string& cohort_id);

  // The program's check-in settings (the defaults when none were saved): its members.
  Result<CheckinSettings> settings(const Actor& actor, const std::string& program_id);
  // Replaces them (the program's organizers, administrators), validated field by field
  // (validate(CheckinSettings)); audited.
  Result<CheckinSettings> save_settings(const Actor& actor, const std::string& program_id,
                                        CheckinSettings input);

  // The actor's own consent in the program (the default shares nothing) and its changes.
  Result<Consent> consent(const Actor& actor, const std::string& program_id);
  // Records a change (history and audit) when it changes anything; returns the consent.
  Result<Consent> set_consent(const Actor& actor, const std::string& program_id,
                              const ConsentInput& input);
  Result<std::vector<ConsentChange>> consent_history(const Actor& actor,
                                                     const std::string& program_id);
  // What of the actor's wellbeing reached whom in the program, newest first.
  Result<std::vector<DisclosureView>> disclosures(const Actor& actor,
                                                  const std::string& program_id);

  // The raised "could use support" flags of the stream's scholars who allowed their mentor to
  // see them (the stream's mentors only); each flag shown is logged as a disclosure.
  Result<std::vector<SupportFlag>> support_flags(const Actor& actor, const std::string& stream_id);

  // The cohort's aggregate view (organizers, analysts, administrators).
  Result<CohortCheckinReport> cohort_report(const Actor& actor, const std::string& cohort_id);

 private:
  std::string today() const;

  Store& store_;
  const Clock& clock_;
};

}  // namespace trellis
