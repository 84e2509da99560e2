#include "domain/assessments/assessment_policy.h"
#include "domain/policy.h"
#include "service/assessments/mentor_rated.h"
#include "service/assessments/report_service.h"

namespace trellis {

Result<std::vector<ExportRow>> ReportService::export_rows(const Actor& actor,
                                                          const std::string& cohort_id) {
  TRY(policy::require_signed_in(actor));
  std::vector<ExportRow> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Cohort cohort = TRY(r.cohorts().find(cohort_id));
    policy::RoundScope scope{cohort.program_id, cohort.id};
    TRY(policy::can_export(actor, scope));
    Program program = TRY(r.programs().find(cohort.program_id));
    const Timestamp now = clock_.now();
    const bool staff_only_streams = !actor.is_superuser() &&
                                    !policy::organizes(actor, scope.program_id) &&
                                    policy::holds(actor, cohort_id, Role::kMentor);
    for (const AssessmentRound& round : TRY(r.assessments().list_rounds(cohort_id))) {
      if (round.opens_at > now) continue;
      const bool closed = round_state(round, now) == RoundState::kClosed;
      std::map<std::string, SubjectName> subjects;
      PageRequest page;
      page.limit = kMaxPageLimit;
      for (;;) {
        Page<SubjectName> p = TRY(r.assessment_reports().subjects(
            round.id,
            staff_only_streams ? policy::row_streams(actor, scope)
                               : std::optional<std::vector<std::string>>(),
            page));
        for (SubjectName& s : p.items) subjects[s.id] = std::move(s);
        if (p.next_cursor.empty()) break;
        page.after = p.next_cursor;
      }
      std::map<std::pair<std::string, std::string>, std::pair<long long, long long>> peers;
      const std::set<std::string> rated = TRY(reports::mentor_rated(r, round.id, actor));
      for (const RatingRow& row :
           TRY(r.assessment_reports().ratings(round.id, std::nullopt, std::nullopt))) {
        auto subject = subjects.find(row.subject_id);
        if (subject == subjects.end()) continue;
        const bool withheld = policy::self_rating_withheld(
            actor, scope, row.subject_id, subject->second.stream_id, program.mentors_rate_first,
            rated.contains(row.subject_id));
        policy::ScholarVisibility v =
            policy::scholar_visibility(actor, scope, row.subject_id, subject->second.stream_id,
                                       closed, program.show_mentor_ratings_to_scholars, withheld);
        if (row.kind == RaterKind::kPeer) {
          if (!v.peer_mean || !row.score) continue;
          auto& [sum, n] = peers[{row.subject_id, row.quality_key}];
          sum += *row.score;
          ++n;
          continue;
        }
        bool shown = row.kind == RaterKind::kSelf ? v.self : v.mentor;
        if (!shown) continue;
        out.push_back({round.id, round.name, row.subject_id, subject->second.display_name, row.kind,
                       row.quality_key,
                       row.score ? std::optional<double>(*row.score) : std::nullopt});
      }
      for (const auto& [key, total] : peers) {
        if (!policy::peer_mean_shown(total.second, closed)) continue;
        out.push_back({round.id, round.name, key.first, subjects[key.first].display_name,
                       RaterKind::kPeer, key.second,
                       static_cast<double>(total.first) / static_cast<double>(total.second)});
      }
    }
    return ok_status();
  }));
  return out;
}

}  // namespace trellis
