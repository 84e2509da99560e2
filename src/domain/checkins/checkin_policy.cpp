#include "domain/checkins/checkin_policy.h"

#include <algorithm>

#include "domain/policy.h"
#include "domain/suppression.h"

namespace trellis::policy {
namespace {

bool mentors_stream(const Actor& actor, const std::string& cohort_id,
                    const std::string& stream_id) {
  if (stream_id.empty()) return false;
  return std::any_of(actor.grants.begin(), actor.grants.end(), [&](const Grant& g) {
    return g.cohort_id == cohort_id && g.role == Role::kMentor && g.stream_id == stream_id;
  });
}

bool is_organizer(const Actor& actor, const std::string& program_id) {
  return actor.is_superuser() || organizes(actor, program_id);
}

Error hidden_cohort() {
  return Error::not_found("This cohort does not exist.");
}

// Signed in and able to see the cohort; not found otherwise.
Status sees_cohort(const Actor& actor, const CheckinScope& scope) {
  TRY(require_signed_in(actor));
  if (!can_read_cohort(actor, scope.program_id, scope.cohort_id)) return hidden_cohort();
  return ok_status();
}

}  // namespace

WellbeingVisibility wellbeing_visibility(const Actor& actor, const CheckinScope& scope,
                                         const std::string& scholar_id,
                                         const std::string& scholar_stream_id,
                                         const Consent& consent) {
  WellbeingVisibility v;
  if (!actor.signed_in()) return v;
  if (actor.user_id == scholar_id) {
    v.own = v.answers = v.alerts = v.support_flag = true;
    return v;
  }
  if (holds(actor, scope.cohort_id, Role::kSupport)) {
    v.alerts = consent.level != ConsentLevel::kNone;
    v.answers = consent.level == ConsentLevel::kAlertsAndAnswers;
  }
  if (mentors_stream(actor, scope.cohort_id, scholar_stream_id)) {
    v.support_flag = v.support_flag || consent.mentor_flag;
  }
  return v;
}

Status can_read_schedule(const Actor& actor, const CheckinScope& scope) {
  return sees_cohort(actor, scope);
}

Status can_manage_schedule(const Actor& actor, const CheckinScope& scope) {
  TRY(sees_cohort(actor, scope));
  if (is_organizer(actor, scope.program_id)) return ok_status();
  return Error::forbidden("Only the program's organizers can change the check-in schedule.");
}

Status can_read_checkin_settings(const Actor& actor, const std::string& program_id) {
  return as_hidden(can_read_program(actor, program_id), "program");
}

Status can_manage_checkin_settings(const Actor& actor, const std::string& program_id) {
  TRY(can_read_checkin_settings(actor, program_id));
  if (is_organizer(actor, program_id)) return ok_status();
  return Error::forbidden("Only the program's organizers can change check-in settings.");
}

Status can_check_in(const Actor& actor, const CheckinScope& scope) {
  TRY(require_signed_in(actor));
  if (actor.signed_in() && holds(actor, scope.cohort_id, Role::kScholar)) return ok_status();
  if (!can_read_cohort(actor, scope.program_id, scope.cohort_id)) return hidden_cohort();
  return Error::forbidden("Only the cohort's scholars check in.");
}

Status can_read_checkin(const Actor& actor, const CheckinScope& scope, const Checkin& checkin,
                        const std::string& scholar_stream_id, const Consent& consent) {
  TRY(require_signed_in(actor));
  if (wellbeing_visibility(actor, scope, checkin.scholar_id, scholar_stream_id, consent).answers)
    return ok_status();
  return Error::not_found("This check-in does not exist.");
}

Status can_edit_checkin(const Actor& actor, const CheckinScope& scope, const Checkin& checkin,
                        const std::string& scholar_stream_id, const Consent& consent) {
  TRY(can_read_checkin(actor, scope, checkin, scholar_stream_id, consent));
  if (actor.user_id == checkin.scholar_id) return ok_status();
  return Error::forbidden("Only the scholar who checked in can change a check-in.");
}

Status can_manage_consent(const Actor& actor, const std::string& scholar_id, bool sees_scholar) {
  TRY(require_signed_in(actor));
  if (actor.signed_in() && actor.user_id == scholar_id) return ok_status();
  if (sees_scholar) return Error::forbidden("Only the scholar can see or change their consent.");
  return Error::not_found("This scholar does not exist.");
}

Status can_give_consent(const Actor& actor, const std::string& program_id) {
  TRY(can_read_checkin_settings(actor, program_id));
  const bool scholar = std::any_of(actor.grants.begin(), actor.grants.end(), [&](const Grant& g) {
    return g.program_id == program_id && g.role == Role::kScholar;
  });
  if (actor.signed_in() && scholar) return ok_status();
  return Error::forbidden(
      "Only the program's scholars give check-in consent, each for their own check-ins.");
}

Status can_read_cohort_checkins(const Actor& actor, const CheckinScope& scope) {
  TRY(sees_cohort(actor, scope));
  if (is_organizer(actor, scope.program_id) || holds(actor, scope.cohort_id, Role::kAnalyst))
    return ok_status();
  return Error::forbidden("Only the cohort's organizers and analysts see its check-in figures.");
}

Status can_read_support_flags(const Actor& actor, const CheckinScope& scope,
                              const std::string& stream_id) {
  TRY(sees_cohort(actor, scope));
  if (actor.signed_in() && mentors_stream(actor, scope.cohort_id, stream_id)) return ok_status();
  return Error::forbidden("Only the stream's mentors see its support flags.");
}

bool may_raise_alerts(const Consent& consent) {
  return consent.level != ConsentLevel::kNone;
}

AlertVisibility alert_visibility(const Actor& actor, const CheckinScope& scope, AlertReason reason,
                                 const std::string& scholar_id,
                                 const std::string& scholar_stream_id, const Consent& consent) {
  AlertVisibility v;
  if (!actor.signed_in() || actor.user_id == scholar_id) return v;
  if (holds(actor, scope.cohort_id, Role::kSupport)) {
    v.item = reason == AlertReason::kConversationRequest || may_raise_alerts(consent);
    v.answers = v.item && consent.level == ConsentLevel::kAlertsAndAnswers;
  }
  if (mentors_stream(actor, scope.cohort_id, scholar_stream_id)) {
    v.support_flag = consent.mentor_flag;
  }
  return v;
}

Status can_read_support_queue(const Actor& actor) {
  TRY(require_signed_in(actor));
  const bool support = std::any_of(actor.grants.begin(), actor.grants.end(),
                                   [](const Grant& g) { return g.role == Role::kSupport; });
  if (actor.signed_in() && support) return ok_status();
  return Error::forbidden("Only support staff work on the support queue.");
}

Status can_work_on_alert(const Actor& actor, const CheckinScope& scope, AlertReason reason,
                         const std::string& scholar_id, const Consent& consent) {
  TRY(require_signed_in(actor));
  if (alert_visibility(actor, scope, reason, scholar_id, "", consent).item) return ok_status();
  return Error::not_found("This support-queue item does not exist.");
}

Status can_ask_for_conversation(const Actor& actor, const CheckinScope& scope) {
  TRY(require_signed_in(actor));
  if (actor.signed_in() && holds(actor, scope.cohort_id, Role::kScholar)) return ok_status();
  if (!can_read_cohort(actor, scope.program_id, scope.cohort_id)) return hidden_cohort();
  return Error::forbidden("Only the cohort's scholars ask its support team for a conversation.");
}

Status can_run_alert_evaluation(const Actor& actor) {
  TRY(require_signed_in(actor));
  if (actor.is_superuser()) return ok_status();
  return Error::forbidden("Only site administrators run the alert evaluation.");
}

bool may_show_alert_count(long long scholars_with_alerts, long long min_group_size) {
  return privacy::may_show({scholars_with_alerts, 0}, min_group_size);
}

bool sees_answers_of(const Actor& actor, const CheckinScope& scope, const std::string& scholar_id,
                     const Consent& consent) {
  return wellbeing_visibility(actor, scope, scholar_id, "", consent).answers;
}

}  // namespace trellis::policy
