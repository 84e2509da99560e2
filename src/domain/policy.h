// The access policy: the one place that answers "may this actor do this action on this
// resource". Every service call asks it before touching data; handlers never decide access.
// Pure functions of the Actor and facts about the resource (which program, cohort, stream).
// The rules are written as a table in docs/access-control.md; tests/api/access_test.cpp checks
// every route against that table.
//
// A denial is Error::not_found when the resource's existence is itself private (another
// program's cohort), Error::forbidden when the actor can see the resource but not change it,
// Error::unauthenticated when nobody is signed in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/actor.h"

namespace trellis::policy {

// Unauthenticated unless someone is signed in (or the system acts). Services call it before
// loading anything, so a signed-out caller cannot learn which ids exist.
Status require_signed_in(const Actor& actor);

// Programs
Status can_create_program(const Actor& actor);
Status can_read_program(const Actor& actor, const std::string& program_id);
Status can_manage_program(const Actor& actor, const std::string& program_id);

// Cohorts and streams (read: any member of the cohort; manage: the program's organizers)
Status can_read_cohort(const Actor& actor, const std::string& program_id,
                       const std::string& cohort_id);
Status can_manage_cohort(const Actor& actor, const std::string& program_id);

// Whether the actor may see that a member with this role and stream is in the cohort.
// Scholars and mentors see the scholars of their own stream only; everyone in the cohort sees
// its staff (mentors, organizers, support, alumni, analysts).
bool can_see_member(const Actor& actor, const std::string& program_id, const std::string& cohort_id,
                    Role member_role, const std::string& member_stream_id);

// Accounts
Status can_manage_users(const Actor& actor);  // site administrators only
Status can_read_user(const Actor& actor, const std::string& user_id);

// Studies (interviews and surveys). The study's staff are the program's organizers and the
// analysts of the study's cohort (of any cohort of the program when the study has none); they
// create and run studies, read answers and code them. Respondents are the audience: members
// holding one of the audience roles in the study's cohort. Anyone else in the program does not
// see the study (not_found); a respondent asking for staff work gets forbidden.
bool runs_studies(const Actor& actor, const std::string& program_id,
                  const std::optional<std::string>& cohort_id);
Status can_create_study(const Actor& actor, const std::string& program_id,
                        const std::optional<std::string>& cohort_id);
Status can_run_study(const Actor& actor, const std::string& program_id,
                     const std::optional<std::string>& cohort_id, bool in_audience);
bool in_study_audience(const Actor& actor, const std::optional<std::string>& cohort_id,
                       const std::vector<Role>& audience);

// A cohort-level denial restated for a resource inside the cohort ("This stream does not
// exist."), so the answer reads like a missing resource; unauthenticated stays unauthenticated.
Status as_hidden(Status denial, const char* what);

// True when the actor holds `role` in the cohort (any stream).
bool holds(const Actor& actor, const std::string& cohort_id, Role role);
// True when the actor organizes any cohort of the program.
bool organizes(const Actor& actor, const std::string& program_id);

}  // namespace trellis::policy
