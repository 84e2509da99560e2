// The access rules of check-ins, in the style of policy.h: pure functions of the Actor, the
// scholar's consent and facts about the cohort. Wellbeing belongs to the scholar (PRODUCT.md,
// "Private by design"); the rules are listed in docs/access-control.md ("Check-ins and
// wellbeing").
//
//  - The scholar sees all of their own check-ins, consent, history and what was shared.
//  - Support staff of the cohort learn of alerts only with consent "alerts" or above, and see
//    answers (scores, stuck, wins, blockers, the support note) only with "alerts_and_answers".
//  - A mentor sees only a plain "could use support" flag for the scholars of their own stream,
//    and only when the scholar allowed it (mentor_flag); never the answers.
//  - Organizers and analysts see aggregates only; site administrators are treated as organizers
//    here (no answers).
//  - Only the scholar changes their consent; nobody else, administrators included.
#pragma once

#include <string>

#include "core/result.h"
#include "domain/actor.h"
#include "domain/checkins/checkin.h"

namespace trellis::policy {

struct CheckinScope {
  std::string program_id;
  std::string cohort_id;
};

// What of one scholar's check-ins the actor may see.
struct WellbeingVisibility {
  bool answers = false;       // scores, stuck, wins, blockers and the support note
  bool alerts = false;        // that an alert rule fired for the scholar
  bool support_flag = false;  // a plain "could use support" flag
  bool own = false;           // the actor is the scholar: everything, including history
  bool any() const { return answers || alerts || support_flag || own; }
};

WellbeingVisibility wellbeing_visibility(const Actor& actor, const CheckinScope& scope,
                                         const std::string& scholar_id,
                                         const std::string& scholar_stream_id,
                                         const Consent& consent);

// Any member of the cohort reads its cadence; its organizers (and administrators) change it.
Status can_read_schedule(const Actor& actor, const CheckinScope& scope);
Status can_manage_schedule(const Actor& actor, const CheckinScope& scope);
// The program's check-in settings: read by its members, changed by its organizers.
Status can_read_checkin_settings(const Actor& actor, const std::string& program_id);
Status can_manage_checkin_settings(const Actor& actor, const std::string& program_id);

// Checking in (and reading one's own check-ins): scholars of the cohort. Other members are
// forbidden; anyone else does not see the cohort.
Status can_check_in(const Actor& actor, const CheckinScope& scope);

// One check-in by id: its scholar, or support with answers consent. Anyone else is told it does
// not exist (API.md: another scholar's check-in answers 404).
Status can_read_checkin(const Actor& actor, const CheckinScope& scope, const Checkin& checkin,
                        const std::string& scholar_stream_id, const Consent& consent);

// Changing a check-in: its scholar only (until the editing window closes, a rule of the
// service). Someone who may read it (support with answers consent) is forbidden; anyone else is
// told it does not exist, as for reading.
Status can_edit_checkin(const Actor& actor, const CheckinScope& scope, const Checkin& checkin,
                        const std::string& scholar_stream_id, const Consent& consent);

// Reading or changing a scholar's consent, history and disclosures: the scholar only. Others
// get forbidden when they can see the scholar exists (`sees_scholar`), not found otherwise.
Status can_manage_consent(const Actor& actor, const std::string& scholar_id, bool sees_scholar);

// Giving one's own consent in a program (and reading it, its history and what was shared):
// people who are scholars in a cohort of the program. Other members of the program, and site
// administrators, are forbidden (they have no check-ins to share); anyone else does not see
// the program.
Status can_give_consent(const Actor& actor, const std::string& program_id);

// The cohort's aggregate check-in view: organizers, analysts of the cohort, administrators.
Status can_read_cohort_checkins(const Actor& actor, const CheckinScope& scope);

// The "could use support" flags of a stream: its mentors (their own stream only).
Status can_read_support_flags(const Actor& actor, const CheckinScope& scope,
                              const std::string& stream_id);

// ---- alerts and the support queue ------------------------------------------------------------
//
//  - Rules raise nothing at all for a scholar whose consent is "none" (may_raise_alerts).
//  - Support staff of the cohort see an alert (that a rule fired, and which) while the
//    scholar's consent is "alerts" or above, and the answers behind it only at
//    "alerts_and_answers"; they see a scholar's request for a conversation whatever the consent
//    (the scholar sent it to them), with its answers under the same rule.
//  - A mentor of the scholar's stream learns at most the plain "could use support" flag, and
//    only with mentor_flag; never an alert or a request.
//  - Organizers, analysts and administrators see no alert; organizers see counts only, each
//    shown only when it passes the program's minimum group size (may_show_alert_count).

bool may_raise_alerts(const Consent& consent);

// What of one support-queue item the actor sees.
struct AlertVisibility {
  bool item = false;          // the item: its reason, period, status, claim and notes
  bool answers = false;       // the check-ins behind it
  bool support_flag = false;  // only a plain "could use support" flag
  bool any() const { return item || answers || support_flag; }
};
AlertVisibility alert_visibility(const Actor& actor, const CheckinScope& scope, AlertReason reason,
                                 const std::string& scholar_id,
                                 const std::string& scholar_stream_id, const Consent& consent);

// The support queue: people who are support staff of some cohort. Others are forbidden (the
// queue itself is no secret; its items are).
Status can_read_support_queue(const Actor& actor);
// One item (reading, claiming, noting, resolving, reopening): support staff who see it; anyone
// else is told it does not exist.
Status can_work_on_alert(const Actor& actor, const CheckinScope& scope, AlertReason reason,
                         const std::string& scholar_id, const Consent& consent);

// Asking the support team for a conversation (and reading one's own requests): the cohort's
// scholars, whatever their consent; other members are forbidden, anyone else does not see it.
Status can_ask_for_conversation(const Actor& actor, const CheckinScope& scope);

// Running the alert evaluation on demand: site administrators.
Status can_run_alert_evaluation(const Actor& actor);

// Organizers see how many scholars have an alert only when that count passes the minimum group
// size (complement suppression with nothing seen row by row): a count of 1..threshold-1 is
// withheld, and so is 0 below the threshold, so that "none" cannot be told from "a few".
bool may_show_alert_count(long long scholars_with_alerts, long long min_group_size);

// Whether the actor sees this scholar's answers one by one somewhere (so an aggregate that
// covers the scholar minus that row is what the actor could derive): the scholar, or support
// with answers consent. Used as Coverage::seen for complement suppression.
bool sees_answers_of(const Actor& actor, const CheckinScope& scope, const std::string& scholar_id,
                     const Consent& consent);

}  // namespace trellis::policy
