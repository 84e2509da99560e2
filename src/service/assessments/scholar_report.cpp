#include <algorithm>
#include <cmath>

#include "domain/assessments/assessment_policy.h"
#include "domain/policy.h"
#include "domain/suppression.h"
#include "service/assessments/mentor_rated.h"
#include "service/assessments/report_service.h"
#include "service/assessments/round_aggregates.h"

namespace trellis {
using reports::mean_of;
using reports::sd_of;
using reports::values_of;
using reports::Viewer;

namespace {
// What a scholar report is read for: the scholar's cohort, stream and rounds up to the asked one.
struct ScholarScope {
  policy::RoundScope scope;
  Program program;
  std::string stream;
  std::vector<AssessmentRound> rounds;  // opened rounds, oldest first, ending with the asked one
};

Result<ScholarScope> load_scholar_scope(Repositories& r, const Actor& actor,
                                        const std::string& cohort_id, const std::string& scholar_id,
                                        const std::string& round_id, Timestamp now) {
  ScholarScope out;
  Cohort cohort = TRY(r.cohorts().find(cohort_id));
  out.scope = {cohort.program_id, cohort.id};
  TRY(policy::can_read_round(actor, out.scope));
  out.program = TRY(r.programs().find(cohort.program_id));
  // The scholar, as a scholar of this cohort (the stream decides who else may look).
  std::optional<Membership> membership;
  for (const Membership& m : TRY(r.memberships().list_by_user(scholar_id)))
    if (m.cohort_id == cohort_id && m.role == Role::kScholar) membership = m;
  if (!membership) return Error::not_found("This scholar does not exist.");
  out.stream = membership->stream_id.value_or("");
  TRY(policy::can_read_scholar_report(actor, out.scope, scholar_id, out.stream));
  for (AssessmentRound& round : TRY(r.assessments().list_rounds(cohort_id)))
    if (round.opens_at <= now) out.rounds.push_back(std::move(round));
  if (!round_id.empty()) {
    auto it = std::find_if(out.rounds.begin(), out.rounds.end(),
                           [&](const AssessmentRound& x) { return x.id == round_id; });
    if (it == out.rounds.end()) return Error::not_found("This assessment round does not exist.");
    out.rounds.erase(it + 1, out.rounds.end());
  }
  if (out.rounds.empty())
    return Error::not_found("This cohort has no assessment round that has opened yet.");
  return out;
}

// One round's values of the scholar, as far as the actor may see them.
struct ScholarRoundValues {
  std::map<std::string, std::array<std::optional<double>, kRaterKindCount>> value;
  policy::ScholarVisibility visible;
  bool closed = false;
};

Result<ScholarRoundValues> scholar_round_values(Repositories& r, const Actor& actor,
                                                const ScholarScope& s,
                                                const std::string& scholar_id,
                                                const AssessmentRound& round, Timestamp now) {
  ScholarRoundValues rv;
  rv.closed = round_state(round, now) == RoundState::kClosed;
  const bool withheld = policy::self_rating_withheld(
      actor, s.scope, scholar_id, s.stream, s.program.mentors_rate_first,
      TRY(reports::mentor_rated(r, round.id, actor)).contains(scholar_id));
  rv.visible = policy::scholar_visibility(actor, s.scope, scholar_id, s.stream, rv.closed,
                                          s.program.show_mentor_ratings_to_scholars, withheld);
  for (const SubjectScores& sc :
       TRY(r.assessment_reports().subject_scores(round.id, scholar_id, scholar_id))) {
    if (sc.count == 0) continue;
    const bool shown =
        (sc.kind == RaterKind::kSelf && rv.visible.self) ||
        ((sc.kind == RaterKind::kMentor || sc.kind == RaterKind::kSupport) && rv.visible.mentor) ||
        (sc.kind == RaterKind::kPeer && rv.visible.peer_mean &&
         policy::peer_mean_shown(sc.count, rv.closed));
    if (shown)
      rv.value[sc.quality_key][index_of(sc.kind)] =
          static_cast<double>(sc.sum) / static_cast<double>(sc.count);
  }
  return rv;
}

// The latest round's figures and evidence per quality.
std::vector<ScholarQuality> scholar_qualities(const std::vector<const Quality*>& qualities,
                                              const ScholarRoundValues& latest,
                                              const std::vector<RatingRow>& evidence,
                                              const AssessmentRound& round) {
  std::map<std::string, long long> peers_scoring;
  for (const RatingRow& row : evidence)
    if (row.kind == RaterKind::kPeer && row.score) ++peers_scoring[row.quality_key];
  std::vector<ScholarQuality> out;
  for (const Quality* q : qualities) {
    ScholarQuality sq;
    sq.key = q->key;
    sq.name = q->name;
    auto found = latest.value.find(q->key);
    std::array<std::optional<double>, kRaterKindCount> v{};
    if (found != latest.value.end()) v = found->second;
    if (auto s = v[index_of(RaterKind::kSelf)]) sq.self = static_cast<int>(std::lround(*s));
    if (latest.visible.mentor) {
      sq.mentor = v[index_of(RaterKind::kMentor)];
      sq.support = v[index_of(RaterKind::kSupport)];
    }
    if (latest.visible.peer_mean && round.includes(RaterKind::kPeer)) {
      if (auto peers = v[index_of(RaterKind::kPeer)])
        sq.peer_mean = Gated<double>(*peers);
      else if (!latest.closed)
        sq.peer_mean = Gated<double>(
            privacy::Withheld{privacy::WithheldReason::kRoundOpen, 0, policy::kMinPeers});
      else
        sq.peer_mean = Gated<double>(privacy::Withheld{privacy::WithheldReason::kGroupTooSmall,
                                                       peers_scoring[q->key], policy::kMinPeers});
    }
    if (v[index_of(RaterKind::kSelf)] && sq.mentor)
      sq.gap = *v[index_of(RaterKind::kSelf)] - *sq.mentor;
    const bool peer_words =
        latest.visible.peer_mean && policy::peer_mean_shown(peers_scoring[q->key], latest.closed);
    for (const RatingRow& row : evidence) {
      if (row.quality_key != q->key || row.evidence.empty()) continue;
      if (row.kind == RaterKind::kSelf && latest.visible.self)
        sq.evidence_self.push_back(row.evidence);
      else if ((row.kind == RaterKind::kMentor || row.kind == RaterKind::kSupport) &&
               latest.visible.mentor)
        sq.evidence_mentor.push_back(row.evidence);
      else if (row.kind == RaterKind::kPeer && peer_words)
        sq.evidence_peers.push_back(row.evidence);
    }
    std::sort(sq.evidence_peers.begin(), sq.evidence_peers.end());
    out.push_back(std::move(sq));
  }
  return out;
}

// Up to three qualities with the highest and the lowest mentor rating, never one in both.
void add_strongest_and_weakest(ScholarReport& report) {
  std::vector<std::pair<std::string, double>> rated;
  for (const ScholarQuality& sq : report.qualities)
    if (sq.mentor) rated.emplace_back(sq.key, *sq.mentor);
  StrongestAndWeakest picked = strongest_and_weakest(rated);
  report.strongest = std::move(picked.strongest);
  report.weakest = std::move(picked.weakest);
}

// One quality's points across the rounds, and for self and mentor the first round with a value
// (the baseline of the change).
Growth growth_points(const std::string& key, const std::vector<AssessmentRound>& rounds,
                     const std::vector<ScholarRoundValues>& history,
                     std::map<RaterKind, std::size_t>& first) {
  Growth g;
  g.key = key;
  for (std::size_t i = 0; i < rounds.size(); ++i) {
    GrowthPoint p{rounds[i].id, rounds[i].name, std::nullopt, std::nullopt};
    auto found = history[i].value.find(key);
    if (found != history[i].value.end()) {
      p.self = found->second[index_of(RaterKind::kSelf)];
      p.mentor = found->second[index_of(RaterKind::kMentor)];
    }
    if (p.self && !first.contains(RaterKind::kSelf)) first[RaterKind::kSelf] = i;
    if (p.mentor && !first.contains(RaterKind::kMentor)) first[RaterKind::kMentor] = i;
    g.points.push_back(std::move(p));
  }
  return g;
}

// Growth of one quality: from the first round with a value to the latest one with a value, in
// points and in units of the cohort's standard deviation in that first round. The SD is an
// aggregate over the cohort, so it obeys complement suppression against the rows the viewer
// sees (their stream's, or the scholar's own).
// `aggregates_of(round)` gives a round's aggregates.
template <typename AggregatesOf>
Result<Growth> growth(const Actor& actor, const Viewer& viewer, const std::string& key,
                      const std::vector<AssessmentRound>& rounds,
                      const std::vector<ScholarRoundValues>& history, AggregatesOf aggregates_of) {
  std::map<RaterKind, std::size_t> first;
  Growth g = growth_points(key, rounds, history, first);
  for (auto [kind_of_rater, index] : first) {
    // A copy: clang 14, which checks the lock annotations, cannot capture a binding.
    const RaterKind kind = kind_of_rater;
    auto value = [kind](const GrowthPoint& p) {
      return kind == RaterKind::kSelf ? p.self : p.mentor;
    };
    std::size_t last = g.points.size() - 1;
    while (last > index && !value(g.points[last])) --last;
    if (last == index) continue;
    ChangeStats c;
    c.previous_mean = *value(g.points[index]);
    c.delta = *value(g.points[last]) - c.previous_mean;
    auto baseline = TRY(aggregates_of(rounds[index]));
    std::optional<privacy::Withheld> small =
        privacy::Withheld{privacy::WithheldReason::kNotComparable, 0, viewer.threshold};
    if (auto bq = baseline->quality_index(key)) {
      privacy::Coverage cohort;
      for (std::size_t s = 0; s < baseline->subjects.size(); ++s) {
        if (!baseline->value(s, *bq, kind)) continue;
        ++cohort.covered;
        if (policy::sees_rows_of(viewer.rows, baseline->streams[s]) ||
            (actor.signed_in() && baseline->subjects[s] == actor.user_id))
          ++cohort.seen;
      }
      small = privacy::withheld(cohort, viewer.threshold);
      if (double sd = sd_of(values_of(*baseline, *bq, kind)); !small && sd > 0)
        c.sd_units = c.delta / sd;
    }
    g.change[kind] = c;
    if (small) g.sd_units_withheld[kind] = *small;
  }
  return g;
}

}  // namespace

Result<ScholarReport> ReportService::scholar_report(const Actor& actor,
                                                    const std::string& cohort_id,
                                                    const std::string& scholar_id,
                                                    const std::string& round_id) {
  TRY(policy::require_signed_in(actor));
  ScholarReport report;
  report.scholar_id = scholar_id;
  TRY(store_.read([&](Repositories& r) -> Status {
    const Timestamp now = clock_.now();
    ScholarScope s = TRY(load_scholar_scope(r, actor, cohort_id, scholar_id, round_id, now));
    report.display_name = TRY(r.users().find(scholar_id)).display_name;
    report.round = s.rounds.back();
    report.state = round_state(report.round, now);
    FrameworkVersion framework =
        TRY(r.frameworks().find_version(report.round.framework_version_id));
    std::vector<const Quality*> qualities;
    for (const Quality& q : framework.qualities)
      if (!q.retired) qualities.push_back(&q);

    std::vector<ScholarRoundValues> history;
    for (const AssessmentRound& round : s.rounds)
      history.push_back(TRY(scholar_round_values(r, actor, s, scholar_id, round, now)));
    const ScholarRoundValues& latest = history.back();
    report.mentor_visible = latest.visible.mentor;
    report.peer_visible = latest.visible.peer_mean;
    std::vector<RatingRow> evidence;
    if (latest.visible.evidence)
      evidence = TRY(r.assessment_reports().ratings(report.round.id, std::nullopt, scholar_id));
    report.qualities = scholar_qualities(qualities, latest, evidence, report.round);
    if (latest.visible.mentor) add_strongest_and_weakest(report);

    const Viewer viewer{policy::group_threshold(s.program.min_group_size),
                        policy::row_streams(actor, s.scope)};
    for (const Quality* q : qualities)
      report.growth.push_back(
          TRY(growth(actor, viewer, q->key, s.rounds, history,
                     [&](const AssessmentRound& round) { return aggregates(r, round); })));
    return ok_status();
  }));
  return report;
}

}  // namespace trellis
