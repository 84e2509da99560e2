// The access rules of assessments and their reports, next to the people rules of policy.h and
// in the same style: pure functions of the Actor and facts about the resource. The rules are
// listed in docs/access-control.md ("Assessments").
//
//  - A scholar always sees their own self-assessment; their mentor's (and support's) ratings
//    only after the round closed and only when the program allows it; peer ratings only as an
//    average of at least three peers, after the round closed, never who gave them.
//  - A mentor sees the scholars of their own stream; organizers their program; site
//    administrators everything. An individual peer's ratings are seen by that peer only.
//  - The cohort report (aggregates) is for organizers, mentors and analysts of the cohort; its
//    per-scholar heatmap only for organizers and each mentor's own stream.
#pragma once

#include <string>

#include "core/result.h"
#include "domain/actor.h"
#include "domain/assessments/assessment.h"

namespace trellis::policy {

// Where a round sits: its program and cohort.
struct RoundScope {
  std::string program_id;
  std::string cohort_id;
};

Status can_read_framework(const Actor& actor, const std::string& program_id);
Status can_edit_framework(const Actor& actor, const std::string& program_id);

// Any member of the cohort sees its rounds; organizers manage them.
Status can_read_round(const Actor& actor, const RoundScope& scope);
Status can_manage_round(const Actor& actor, const RoundScope& scope);

// True for site administrators, the program's organizers and the mentor of that stream.
bool is_staff_for(const Actor& actor, const RoundScope& scope, const std::string& stream_id);

// Which kinds of ratings about one scholar the actor may see in a round (peers only ever as a
// mean). Empty when the actor may see none of the scholar's assessment.
struct ScholarVisibility {
  bool self = false;
  bool mentor = false;  // mentor and support ratings
  bool peer_mean = false;
  bool evidence = false;  // evidence texts of the visible kinds (peers' unattributed)
  bool any() const { return self || mentor || peer_mean; }
};
ScholarVisibility scholar_visibility(const Actor& actor, const RoundScope& scope,
                                     const std::string& scholar_id, const std::string& stream_id,
                                     bool round_closed, bool program_shows_mentor_ratings);

// A scholar's report: the scholar, or staff for them. Denied as forbidden when the actor can
// see that the scholar exists (same cohort roster) and as not found otherwise.
Status can_read_scholar_report(const Actor& actor, const RoundScope& scope,
                               const std::string& scholar_id, const std::string& stream_id);

// One submission: its rater; and, unless it is a peer's, staff for the subject.
Status can_read_submission(const Actor& actor, const RoundScope& scope,
                           const Assignment& assignment);

Status can_read_cohort_report(const Actor& actor, const RoundScope& scope);
// The heatmap and the export: organizers, administrators, and mentors of the cohort (who get
// their own stream's rows only). Scholars export their own data through the export too.
Status can_read_heatmap(const Actor& actor, const RoundScope& scope);
Status can_export(const Actor& actor, const RoundScope& scope);

}  // namespace trellis::policy
