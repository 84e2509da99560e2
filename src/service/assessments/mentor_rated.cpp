#include "service/assessments/mentor_rated.h"

#include "storage/assessments/assessment_repositories.h"

namespace trellis::reports {

Result<std::set<std::string>> mentor_rated(Repositories& r, const std::string& round_id,
                                           const Actor& actor) {
  std::set<std::string> out;
  if (!actor.signed_in()) return out;
  AssignmentFilter mine;
  mine.rater_id = actor.user_id;
  mine.kind = RaterKind::kMentor;
  mine.status = SubmissionStatus::kSubmitted;
  PageRequest page{kMaxPageLimit, ""};
  for (;;) {
    Page<Assignment> p = TRY(r.assessments().list_assignments(round_id, mine, page));
    for (const Assignment& a : p.items) out.insert(a.subject_id);
    if (p.next_cursor.empty()) break;
    page.after = p.next_cursor;
  }
  return out;
}

}  // namespace trellis::reports
