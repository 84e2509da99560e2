#include "domain/policy.h"

#include <algorithm>

namespace trellis::policy {
namespace {

Status signed_in(const Actor& actor) {
  if (actor.kind == Actor::Kind::kAnonymous) return Error::unauthenticated();
  return ok_status();
}

bool member_of_program(const Actor& actor, const std::string& program_id) {
  return std::any_of(actor.grants.begin(), actor.grants.end(),
                     [&](const Grant& g) { return g.program_id == program_id; });
}

bool member_of_cohort(const Actor& actor, const std::string& cohort_id) {
  return std::any_of(actor.grants.begin(), actor.grants.end(),
                     [&](const Grant& g) { return g.cohort_id == cohort_id; });
}

// Worded exactly like the repositories' not-found errors, so a hidden resource cannot be told apart
// from a missing one.
Error hidden(const char* what) {
  return Error::not_found(std::string("This ") + what + " does not exist.");
}

}  // namespace

Status as_hidden(Status denial, const char* what) {
  if (denial.ok() || denial.error().code != ErrorCode::kNotFound) return denial;
  return hidden(what);
}

bool holds(const Actor& actor, const std::string& cohort_id, Role role) {
  return std::any_of(actor.grants.begin(), actor.grants.end(),
                     [&](const Grant& g) { return g.cohort_id == cohort_id && g.role == role; });
}

bool organizes(const Actor& actor, const std::string& program_id) {
  return std::any_of(actor.grants.begin(), actor.grants.end(), [&](const Grant& g) {
    return g.program_id == program_id && g.role == Role::kOrganizer;
  });
}

Status require_signed_in(const Actor& actor) {
  return signed_in(actor);
}

Status can_create_program(const Actor& actor) {
  TRY(signed_in(actor));
  if (actor.is_superuser()) return ok_status();
  return Error::forbidden("Only site administrators can create programs.");
}

Status can_read_program(const Actor& actor, const std::string& program_id) {
  TRY(signed_in(actor));
  if (actor.is_superuser() || member_of_program(actor, program_id)) return ok_status();
  return hidden("program");
}

Status can_manage_program(const Actor& actor, const std::string& program_id) {
  TRY(can_read_program(actor, program_id));
  if (actor.is_superuser() || organizes(actor, program_id)) return ok_status();
  return Error::forbidden("Only the program's organizers can change it.");
}

Status can_read_cohort(const Actor& actor, const std::string& program_id,
                       const std::string& cohort_id) {
  TRY(signed_in(actor));
  if (actor.is_superuser() || organizes(actor, program_id) || member_of_cohort(actor, cohort_id))
    return ok_status();
  return hidden("cohort");
}

Status can_manage_cohort(const Actor& actor, const std::string& program_id) {
  TRY(signed_in(actor));
  if (actor.is_superuser() || organizes(actor, program_id)) return ok_status();
  if (member_of_program(actor, program_id))
    return Error::forbidden("Only the program's organizers can change cohorts and streams.");
  return hidden("cohort");
}

bool can_see_member(const Actor& actor, const std::string& program_id, const std::string& cohort_id,
                    Role member_role, const std::string& member_stream_id) {
  if (actor.is_superuser() || organizes(actor, program_id)) return true;
  if (!member_of_cohort(actor, cohort_id)) return false;
  if (member_role != Role::kScholar) return true;
  // A scholar is visible to staff roles that serve the whole cohort, and within their stream.
  for (const Grant& g : actor.grants) {
    if (g.cohort_id != cohort_id) continue;
    if (g.role == Role::kSupport || g.role == Role::kAnalyst || g.role == Role::kAlumnus)
      return true;
    if ((g.role == Role::kScholar || g.role == Role::kMentor) && !g.stream_id.empty() &&
        g.stream_id == member_stream_id)
      return true;
  }
  return false;
}

bool runs_studies(const Actor& actor, const std::string& program_id,
                  const std::optional<std::string>& cohort_id) {
  if (actor.is_superuser() || organizes(actor, program_id)) return true;
  return std::any_of(actor.grants.begin(), actor.grants.end(), [&](const Grant& g) {
    return g.role == Role::kAnalyst && g.program_id == program_id &&
           (!cohort_id || g.cohort_id == *cohort_id);
  });
}

bool in_study_audience(const Actor& actor, const std::optional<std::string>& cohort_id,
                       const std::vector<Role>& audience) {
  if (!cohort_id) return false;
  return std::any_of(audience.begin(), audience.end(),
                     [&](Role role) { return holds(actor, *cohort_id, role); });
}

Status can_create_study(const Actor& actor, const std::string& program_id,
                        const std::optional<std::string>& cohort_id) {
  TRY(can_read_program(actor, program_id));
  if (runs_studies(actor, program_id, cohort_id)) return ok_status();
  return Error::forbidden("Only the program's organizers and the cohort's analysts run studies.");
}

Status can_run_study(const Actor& actor, const std::string& program_id,
                     const std::optional<std::string>& cohort_id, bool in_audience) {
  TRY(signed_in(actor));
  if (runs_studies(actor, program_id, cohort_id)) return ok_status();
  if (in_audience)
    return Error::forbidden("Only the program's organizers and the cohort's analysts do this.");
  return hidden("study");
}

Status can_manage_users(const Actor& actor) {
  TRY(signed_in(actor));
  if (actor.is_superuser()) return ok_status();
  return Error::forbidden("Only site administrators can manage accounts.");
}

Status can_read_user(const Actor& actor, const std::string& user_id) {
  TRY(signed_in(actor));
  if (actor.is_superuser() || actor.user_id == user_id) return ok_status();
  return hidden("user");
}

}  // namespace trellis::policy
