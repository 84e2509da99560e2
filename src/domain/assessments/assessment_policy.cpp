#include "domain/assessments/assessment_policy.h"

#include <algorithm>

#include "domain/people.h"
#include "domain/policy.h"

namespace trellis::policy {
namespace {

bool mentors_stream(const Actor& actor, const std::string& cohort_id,
                    const std::string& stream_id) {
  if (stream_id.empty()) return false;
  return std::any_of(actor.grants.begin(), actor.grants.end(), [&](const Grant& g) {
    return g.cohort_id == cohort_id && g.role == Role::kMentor && g.stream_id == stream_id;
  });
}

bool is_program_staff(const Actor& actor, const RoundScope& scope) {
  return actor.is_superuser() || organizes(actor, scope.program_id);
}

Error hidden_round() {
  return Error::not_found("This assessment round does not exist.");
}

}  // namespace

Status can_read_framework(const Actor& actor, const std::string& program_id) {
  return as_hidden(can_read_program(actor, program_id), "program");
}

Status can_edit_framework(const Actor& actor, const std::string& program_id) {
  TRY(can_read_framework(actor, program_id));
  if (is_program_staff(actor, {program_id, ""})) return ok_status();
  return Error::forbidden("Only the program's organizers can change its framework.");
}

Status can_read_round(const Actor& actor, const RoundScope& scope) {
  TRY(require_signed_in(actor));
  if (!can_read_cohort(actor, scope.program_id, scope.cohort_id)) return hidden_round();
  return ok_status();
}

Status can_manage_round(const Actor& actor, const RoundScope& scope) {
  TRY(can_read_round(actor, scope));
  if (is_program_staff(actor, scope)) return ok_status();
  return Error::forbidden("Only the program's organizers can manage assessment rounds.");
}

bool is_staff_for(const Actor& actor, const RoundScope& scope, const std::string& stream_id) {
  return is_program_staff(actor, scope) || mentors_stream(actor, scope.cohort_id, stream_id);
}

ScholarVisibility scholar_visibility(const Actor& actor, const RoundScope& scope,
                                     const std::string& scholar_id, const std::string& stream_id,
                                     bool round_closed, bool program_shows_mentor_ratings,
                                     bool self_withheld) {
  ScholarVisibility v;
  if (!actor.signed_in() && !actor.is_superuser()) return v;
  if (is_staff_for(actor, scope, stream_id)) {
    v.mentor = v.evidence = true;
    v.self = !self_withheld;
    v.peer_mean = round_closed;
    return v;
  }
  if (actor.signed_in() && actor.user_id == scholar_id) {
    v.self = true;
    v.evidence = true;
    v.mentor = round_closed && program_shows_mentor_ratings;
    v.peer_mean = round_closed;
  }
  return v;
}

bool self_rating_withheld(const Actor& actor, const RoundScope& scope,
                          const std::string& scholar_id, const std::string& stream_id,
                          bool mentors_rate_first, bool viewer_submitted_mentor_rating) {
  if (!mentors_rate_first || viewer_submitted_mentor_rating) return false;
  if (is_program_staff(actor, scope)) return false;
  if (actor.signed_in() && actor.user_id == scholar_id) return false;
  return mentors_stream(actor, scope.cohort_id, stream_id);
}

Status can_read_scholar_report(const Actor& actor, const RoundScope& scope,
                               const std::string& scholar_id, const std::string& stream_id) {
  TRY(can_read_round(actor, scope));
  if (is_staff_for(actor, scope, stream_id) || actor.user_id == scholar_id) return ok_status();
  if (can_see_member(actor, scope.program_id, scope.cohort_id, Role::kScholar, stream_id))
    return Error::forbidden("Only the scholar, their mentor and the organizers see this report.");
  return Error::not_found("This scholar does not exist.");
}

Status can_read_submission(const Actor& actor, const RoundScope& scope,
                           const Assignment& assignment, bool self_withheld) {
  Error hidden = Error::not_found("This assessment does not exist.");
  TRY(as_hidden(can_read_round(actor, scope), "assessment"));
  if (actor.signed_in() && actor.user_id == assignment.rater_id) return ok_status();
  if (assignment.kind != RaterKind::kPeer &&
      is_staff_for(actor, scope, assignment.subject_stream_id)) {
    if (assignment.kind == RaterKind::kSelf && self_withheld)
      return Error::forbidden(
          "Submit your own rating of this scholar in this round first: their self-rating opens "
          "to you after that.");
    return ok_status();
  }
  return hidden;
}

long long group_threshold(int min_group_size) {
  return std::max<long long>(min_group_size, kMinGroupSizeFloor);
}

bool peer_mean_shown(long long peer_ratings, bool round_closed) {
  return aggregates_kind(RaterKind::kPeer, round_closed) && peer_ratings >= kMinPeers;
}

bool aggregates_kind(RaterKind kind, bool round_closed) {
  return kind != RaterKind::kPeer || round_closed;
}

std::optional<std::vector<std::string>> row_streams(const Actor& actor, const RoundScope& scope) {
  if (is_program_staff(actor, scope)) return std::nullopt;
  std::vector<std::string> streams;
  for (const Grant& g : actor.grants)
    if (g.cohort_id == scope.cohort_id && g.role == Role::kMentor && !g.stream_id.empty())
      streams.push_back(g.stream_id);
  return streams;
}

bool sees_rows_of(const std::optional<std::vector<std::string>>& streams,
                  const std::string& stream_id) {
  if (!streams) return true;
  return !stream_id.empty() &&
         std::find(streams->begin(), streams->end(), stream_id) != streams->end();
}

bool sees_assignment_progress(const Actor& actor, const RoundScope& scope,
                              const Assignment& assignment) {
  if (actor.signed_in() && actor.user_id == assignment.rater_id) return true;
  if (assignment.kind == RaterKind::kPeer) return false;
  return is_staff_for(actor, scope, assignment.subject_stream_id);
}

Status can_read_cohort_report(const Actor& actor, const RoundScope& scope) {
  TRY(can_read_round(actor, scope));
  if (is_program_staff(actor, scope) || holds(actor, scope.cohort_id, Role::kMentor) ||
      holds(actor, scope.cohort_id, Role::kAnalyst))
    return ok_status();
  return Error::forbidden("The cohort report is for organizers, mentors and analysts.");
}

Status can_read_heatmap(const Actor& actor, const RoundScope& scope) {
  TRY(can_read_round(actor, scope));
  if (is_program_staff(actor, scope) || holds(actor, scope.cohort_id, Role::kMentor))
    return ok_status();
  return Error::forbidden("The heatmap is for organizers and mentors.");
}

Status can_export(const Actor& actor, const RoundScope& scope) {
  TRY(can_read_round(actor, scope));
  if (is_program_staff(actor, scope) || holds(actor, scope.cohort_id, Role::kMentor) ||
      holds(actor, scope.cohort_id, Role::kScholar))
    return ok_status();
  return Error::forbidden("Exports are for organizers, mentors and scholars (their own data).");
}

}  // namespace trellis::policy
