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
//  - Peer ratings feed aggregates only once the round is closed (a mean that moves with each
//    submission would give away each peer's rating), and nobody but the peer sees how far a
//    peer got: organizers see peer completion as counts.
//  - Every aggregate over scholars obeys complement suppression (domain/suppression.h) against
//    the rows the viewer sees one by one (row_streams).
#pragma once

#include <optional>
#include <string>
#include <vector>

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
                                     bool round_closed, bool program_shows_mentor_ratings,
                                     bool self_withheld = false);

// Mentors rate first: with the program's mentors_rate_first setting on, the mentor of a
// scholar's stream does not see the scholar's self-rating in a round until they have submitted
// their own rating of that scholar in that round, so the self-rating cannot anchor theirs.
// Organizers and administrators always see it; the scholar always sees their own. Whether the
// viewer submitted is `viewer_submitted_mentor_rating` (their mentor assignment for the scholar
// in the round). The result is scholar_visibility's `self_withheld`.
bool self_rating_withheld(const Actor& actor, const RoundScope& scope,
                          const std::string& scholar_id, const std::string& stream_id,
                          bool mentors_rate_first, bool viewer_submitted_mentor_rating);

// A scholar's report: the scholar, or staff for them. Denied as forbidden when the actor can
// see that the scholar exists (same cohort roster) and as not found otherwise.
Status can_read_scholar_report(const Actor& actor, const RoundScope& scope,
                               const std::string& scholar_id, const std::string& stream_id);

// One submission: its rater; and, unless it is a peer's, staff for the subject. A
// self-assessment withheld by self_rating_withheld is forbidden to the mentor, saying why.
Status can_read_submission(const Actor& actor, const RoundScope& scope,
                           const Assignment& assignment, bool self_withheld = false);

// The smallest number of peer ratings shown, as a mean, for one scholar and quality.
inline constexpr long long kMinPeers = 3;

// The threshold aggregates over scholars obey: the program's min_group_size, never below the
// floor of people.h.
long long group_threshold(int min_group_size);

// A scholar's peer mean (of `peer_ratings` ratings) is shown only once the round is closed and
// only as a mean of at least kMinPeers peers.
bool peer_mean_shown(long long peer_ratings, bool round_closed);

// Whether ratings of `kind` feed aggregates (means, distributions, reliability, change) of a
// round in this state: peers' only once the round is closed; every other kind always.
bool aggregates_kind(RaterKind kind, bool round_closed);

// The streams whose scholars' ratings the actor sees row by row (in the heatmap and the
// export): nullopt for every stream (organizers, administrators), a mentor's own streams, and
// none for everyone else (analysts read aggregates only).
std::optional<std::vector<std::string>> row_streams(const Actor& actor, const RoundScope& scope);
bool sees_rows_of(const std::optional<std::vector<std::string>>& streams,
                  const std::string& stream_id);

// Whether the actor sees an assignment's progress (status, version, times): always its rater;
// for a peer's, nobody else, so that staff watching the list cannot tell which peer just
// submitted; for other kinds, staff for the subject.
bool sees_assignment_progress(const Actor& actor, const RoundScope& scope,
                              const Assignment& assignment);

Status can_read_cohort_report(const Actor& actor, const RoundScope& scope);
// The heatmap and the export: organizers, administrators, and mentors of the cohort (who get
// their own stream's rows only). Scholars export their own data through the export too.
Status can_read_heatmap(const Actor& actor, const RoundScope& scope);
Status can_export(const Actor& actor, const RoundScope& scope);

}  // namespace trellis::policy
