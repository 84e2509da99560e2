#include "service/assessments/report_service.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "domain/assessments/assessment_policy.h"
#include "domain/policy.h"
#include "domain/suppression.h"
#include "service/assessments/mentor_rated.h"
#include "service/assessments/round_aggregates.h"
#include "stats/descriptive.h"
#include "stats/icc.h"
#include "stats/kappa.h"

namespace trellis {
using reports::mean_of;
using reports::sd_of;
using reports::values_of;
using reports::Viewer;

namespace {

struct Context {
  AssessmentRound round;
  policy::RoundScope scope;
  Program program;
};

Result<Context> load(Repositories& r, const std::string& round_id) {
  Context c;
  c.round = TRY(r.assessments().find_round(round_id));
  Cohort cohort = TRY(r.cohorts().find(c.round.cohort_id));
  c.scope = {cohort.program_id, cohort.id};
  c.program = TRY(r.programs().find(cohort.program_id));
  return c;
}

// One round's aggregates, whether the round is closed (peer aggregates need it), and which of
// its scholars the viewer sees row by row.
struct ViewedRound {
  const RoundAggregates* a = nullptr;
  bool closed = false;
  std::vector<bool> seen;
};

// The scholars among `subjects` (indices into the round) for whom `has` holds, and how many of
// them the viewer sees row by row.
template <typename Has>
privacy::Coverage coverage_of(const ViewedRound& v, const std::vector<std::size_t>& subjects,
                              Has has) {
  privacy::Coverage c;
  for (std::size_t s : subjects) {
    if (!has(s)) continue;
    ++c.covered;
    if (v.seen[s]) ++c.seen;
  }
  return c;
}

std::vector<std::size_t> all_subjects(const RoundAggregates& a) {
  std::vector<std::size_t> out(a.subjects.size());
  std::iota(out.begin(), out.end(), std::size_t{0});
  return out;
}

// Why the viewer may not see an aggregate of kind `k` for quality `q` over the whole round;
// nullopt when they may.
std::optional<privacy::Withheld> kind_withheld(const ViewedRound& v, std::size_t q, RaterKind k,
                                               long long threshold) {
  if (!policy::aggregates_kind(k, v.closed))
    return privacy::Withheld{privacy::WithheldReason::kRoundOpen, 0, threshold};
  auto c = coverage_of(v, all_subjects(*v.a),
                       [&](std::size_t s) { return v.a->value(s, q, k).has_value(); });
  return privacy::withheld(c, threshold);
}

Gated<ChangeStats> change_between(const ViewedRound& now, std::size_t q, const ViewedRound& before,
                                  RaterKind k, long long threshold) {
  auto pq = before.a->quality_index(now.a->qualities[q].key);
  if (!pq) return privacy::Withheld{privacy::WithheldReason::kNotComparable, 0, threshold};
  if (auto why = kind_withheld(now, q, k, threshold)) return *why;
  if (auto why = kind_withheld(before, *pq, k, threshold)) return *why;
  std::vector<double> a = values_of(*now.a, q, k), b = values_of(*before.a, *pq, k);
  ChangeStats c;
  c.previous_mean = mean_of(b);
  c.delta = mean_of(a) - c.previous_mean;
  if (double sd = sd_of(b); sd > 0) c.sd_units = c.delta / sd;
  return c;
}

// Quadratic-weighted kappa between self and mentor ratings, per quality and pooled, from
// scholars with exactly one of each. Undefined values (no variation) are left out; a value
// whose scholars fail complement suppression is suppressed.
void add_self_mentor_kappa(const ViewedRound& v, long long threshold,
                           std::vector<Reliability>& out) {
  const RoundAggregates& a = *v.a;
  const auto weights = stats::kappa_weight_matrix(5, stats::KappaWeights::kQuadratic);
  stats::CountTable pooled(5, std::vector<double>(5, 0.0));
  long long pooled_n = 0;
  std::vector<bool> pooled_scholars(a.subjects.size());
  auto one_each = [&](std::size_t s, std::size_t q) {
    const auto& c = a.cell(s, q);
    return c.count[index_of(RaterKind::kSelf)] == 1 && c.count[index_of(RaterKind::kMentor)] == 1;
  };
  auto add = [&](const std::string& quality, const stats::CountTable& table, long long n,
                 const privacy::Coverage& scholars) {
    if (auto why = privacy::withheld(scholars, threshold)) {
      out.push_back(Reliability{"weighted_kappa_self_mentor", quality, *why, n});
      return;
    }
    auto kappa = stats::cohen_kappa(table, weights);
    if (!kappa) return;  // undefined: every rating in one category
    out.push_back(Reliability{"weighted_kappa_self_mentor", quality, kappa->kappa, n});
  };
  for (std::size_t q = 0; q < a.qualities.size(); ++q) {
    stats::CountTable table(5, std::vector<double>(5, 0.0));
    long long n = 0;
    for (std::size_t s = 0; s < a.subjects.size(); ++s) {
      if (!one_each(s, q)) continue;
      const auto& c = a.cell(s, q);
      const auto self = c.sum[index_of(RaterKind::kSelf)];
      const auto mentor = c.sum[index_of(RaterKind::kMentor)];
      table[self - 1][mentor - 1] += 1;
      pooled[self - 1][mentor - 1] += 1;
      pooled_scholars[s] = true;
      ++n;
      ++pooled_n;
    }
    add(a.qualities[q].key, table, n,
        coverage_of(v, all_subjects(a), [&](std::size_t s) { return one_each(s, q); }));
  }
  add("", pooled, pooled_n,
      coverage_of(v, all_subjects(a), [&](std::size_t s) { return pooled_scholars[s]; }));
}

// The one-way ICC(1,k) of kinds with several raters per scholar (peers, or several mentors),
// from scholars with at least k ratings, k the most common number of raters.
void add_icc(const ViewedRound& v, long long threshold, std::vector<Reliability>& out) {
  const RoundAggregates& a = *v.a;
  for (const auto& [kind, lists] : a.individual) {
    if (!policy::aggregates_kind(kind, v.closed)) continue;
    std::map<std::size_t, long long> sizes;
    for (const auto& l : lists)
      if (l.size() > 1) ++sizes[l.size()];
    if (sizes.empty()) continue;
    const std::size_t k =
        std::max_element(sizes.begin(), sizes.end(), [](const auto& x, const auto& y) {
          return x.second < y.second;
        })->first;
    for (std::size_t q = 0; q < a.qualities.size(); ++q) {
      stats::Matrix matrix;
      privacy::Coverage scholars;
      for (std::size_t s = 0; s < a.subjects.size(); ++s) {
        const auto& l = lists[s * a.qualities.size() + q];
        if (l.size() < k) continue;
        matrix.emplace_back(l.begin(), l.begin() + static_cast<std::ptrdiff_t>(k));
        ++scholars.covered;
        if (v.seen[s]) ++scholars.seen;
      }
      const std::string measure = "icc1k_" + std::string(rater_kind_name(kind));
      if (auto why = privacy::withheld(scholars, threshold)) {
        out.push_back(Reliability{measure, a.qualities[q].key, *why, scholars.covered});
        continue;
      }
      auto icc = stats::icc(matrix);
      if (!icc) continue;
      out.push_back(Reliability{measure, a.qualities[q].key, (*icc)[stats::IccForm::k1_k].value,
                                scholars.covered});
    }
  }
}

std::vector<Reliability> reliability(const ViewedRound& v, const AssessmentRound& round,
                                     long long threshold) {
  std::vector<Reliability> out;
  if (round.includes(RaterKind::kSelf) && round.includes(RaterKind::kMentor))
    add_self_mentor_kappa(v, threshold, out);
  add_icc(v, threshold, out);
  return out;
}

// The figures of one quality over the whole cohort: each kind's statistics, the self − mentor
// gap and the change since the previous round, each shown only when it passes complement
// suppression for the viewer.
Result<QualityReport> quality_report(const ViewedRound& now, const ViewedRound* before,
                                     const AssessmentRound& round, std::size_t q,
                                     long long threshold) {
  const RoundAggregates& a = *now.a;
  QualityReport qr;
  qr.key = a.qualities[q].key;
  qr.name = a.qualities[q].name;
  for (RaterKind k : round.rater_kinds) {
    if (before) qr.change.insert_or_assign(k, change_between(now, q, *before, k, threshold));
    if (auto why = kind_withheld(now, q, k, threshold)) {
      qr.kinds.insert_or_assign(k, *why);
      continue;
    }
    std::vector<double> v = values_of(a, q, k);
    KindStats ks;
    ks.n = static_cast<long long>(v.size());
    ks.mean = mean_of(v);
    ks.sd = sd_of(v);
    ks.distribution = a.distribution[q][index_of(k)];
    qr.kinds.insert_or_assign(k, ks);
  }
  if (!round.includes(RaterKind::kSelf) || !round.includes(RaterKind::kMentor)) return qr;
  auto has_gap = [&](std::size_t s) {
    return a.value(s, q, RaterKind::kSelf) && a.value(s, q, RaterKind::kMentor);
  };
  if (auto why = privacy::withheld(coverage_of(now, all_subjects(a), has_gap), threshold)) {
    qr.gap = Gated<GapStats>(*why);
    return qr;
  }
  std::vector<double> gaps;
  for (std::size_t s = 0; s < a.subjects.size(); ++s)
    if (has_gap(s))
      gaps.push_back(*a.value(s, q, RaterKind::kSelf) - *a.value(s, q, RaterKind::kMentor));
  GapStats g;
  g.n = static_cast<long long>(gaps.size());
  stats::MeanInterval ci = TRY(stats::mean_confidence_interval(gaps, 0.95));
  g.mean = ci.mean;
  g.sd = ci.sd;
  g.ci_low = ci.ci.lower;
  g.ci_high = ci.ci.upper;
  const auto over = std::count_if(gaps.begin(), gaps.end(), [](double x) { return x > 0; });
  const auto under = std::count_if(gaps.begin(), gaps.end(), [](double x) { return x < 0; });
  g.over_share = static_cast<double>(over) / static_cast<double>(g.n);
  g.under_share = static_cast<double>(under) / static_cast<double>(g.n);
  qr.gap = Gated<GapStats>(g);
  return qr;
}

// The stream breakdown. The streams split the cohort, so each figure (a stream as a whole, and
// each stream's self, mentor and gap means per quality) goes through disclose_breakdown with
// the cohort's figure as the total: a stream is shown only when neither it nor what the viewer
// could subtract their way to is a small group.
std::vector<StreamReport> stream_reports(const ViewedRound& v,
                                         const std::map<std::string, std::string>& names,
                                         long long threshold) {
  const RoundAggregates& a = *v.a;
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t s = 0; s < a.subjects.size(); ++s) members[a.streams[s]].push_back(s);
  // Decides, per stream, whether the figure `has` describes may be shown.
  auto disclose = [&](auto has) {
    std::vector<privacy::Coverage> parts;
    for (const auto& entry : members) parts.push_back(coverage_of(v, entry.second, has));
    return privacy::disclose_breakdown(coverage_of(v, all_subjects(a), has), parts, threshold)
        .parts;
  };
  const std::vector<bool> stream_shown = disclose([](std::size_t) { return true; });
  std::vector<StreamReport> out;
  for (const auto& [stream_id, subjects] : members) {
    StreamReport sr;
    sr.stream_id = stream_id;
    if (auto it = names.find(stream_id); it != names.end()) sr.name = it->second;
    if (!stream_shown[out.size()])
      sr.withheld = privacy::withheld_part(
          coverage_of(v, subjects, [](std::size_t) { return true; }), threshold);
    out.push_back(std::move(sr));
  }
  for (std::size_t q = 0; q < a.qualities.size(); ++q) {
    auto self = [&](std::size_t s) { return a.value(s, q, RaterKind::kSelf); };
    auto mentor = [&](std::size_t s) { return a.value(s, q, RaterKind::kMentor); };
    const std::vector<bool> self_shown =
        disclose([&](std::size_t s) { return self(s).has_value(); });
    const std::vector<bool> mentor_shown =
        disclose([&](std::size_t s) { return mentor(s).has_value(); });
    const std::vector<bool> gap_shown =
        disclose([&](std::size_t s) { return self(s) && mentor(s); });
    std::size_t i = 0;
    for (const auto& [stream_id, subjects] : members) {
      StreamReport& sr = out[i];
      if (!sr.withheld) {
        std::vector<double> selves, mentors, gaps;
        for (std::size_t s : subjects) {
          auto sv = self(s), mv = mentor(s);
          if (sv) selves.push_back(*sv);
          if (mv) mentors.push_back(*mv);
          if (sv && mv) gaps.push_back(*sv - *mv);
        }
        StreamQuality sq;
        sq.key = a.qualities[q].key;
        if (self_shown[i]) sq.self_mean = mean_of(selves);
        if (mentor_shown[i]) sq.mentor_mean = mean_of(mentors);
        if (gap_shown[i]) sq.gap_mean = mean_of(gaps);
        sr.qualities.push_back(std::move(sq));
      }
      ++i;
    }
  }
  return out;
}
}  // namespace

ReportService::ReportService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
ReportService::~ReportService() = default;

void ReportService::clear_cache() {
  MutexLock lock(mutex_);
  cache_.clear();
  report_cache_.clear();
}

Result<std::shared_ptr<const RoundAggregates>> ReportService::aggregates(
    Repositories& r, const AssessmentRound& round) {
  {
    MutexLock lock(mutex_);
    if (auto it = cache_.find(round.id); it != cache_.end()) return it->second;
  }
  auto a = std::make_shared<RoundAggregates>();
  FrameworkVersion framework = TRY(r.frameworks().find_version(round.framework_version_id));
  std::map<std::string, std::size_t> quality_of;
  for (const Quality& q : framework.qualities) {
    if (q.retired) continue;
    quality_of[q.key] = a->qualities.size();
    a->qualities.push_back(q);
  }
  const std::size_t nq = a->qualities.size();
  a->distribution.resize(nq);
  RoundScores scores = TRY(r.assessment_reports().round_scores(round.id));
  // The round's quality keys as active quality indices (none for retired or unknown keys).
  std::vector<std::optional<std::size_t>> active(scores.quality_keys.size());
  for (std::size_t i = 0; i < scores.quality_keys.size(); ++i) {
    auto q = quality_of.find(scores.quality_keys[i]);
    if (q == quality_of.end()) continue;
    active[i] = q->second;
    for (std::size_t k = 0; k < kRaterKindCount; ++k)
      for (int score = kMinScore; score <= kMaxScore; ++score)
        a->distribution[q->second][k][score - 1] += scores.distribution[i][k][score - 1];
  }
  // A scholar counts from the first row of an active quality (rows come by subject, then
  // stream); a subject listed under several streams keeps the first one's.
  std::optional<std::size_t> last;
  for (const RoundScores::Row& row : scores.rows) {
    const auto q = active[row.quality];
    if (!q) continue;
    if (last != row.subject) {
      const RoundScores::Subject& subject = scores.subjects[row.subject];
      if (a->subjects.empty() || a->subjects.back() != subject.id) {
        a->subjects.push_back(subject.id);
        a->streams.push_back(subject.stream_id);
        a->cells.resize(a->cells.size() + nq);
      }
      last = row.subject;
    }
    auto& cell = a->cells[(a->subjects.size() - 1) * nq + *q];
    for (std::size_t k = 0; k < kRaterKindCount; ++k) {
      cell.sum[k] += row.sum[k];
      cell.count[k] += row.count[k];
    }
  }
  // Kinds where some scholar has several raters: their individual scores feed the ICC.
  for (RaterKind kind : {RaterKind::kMentor, RaterKind::kPeer}) {
    bool several = std::any_of(a->cells.begin(), a->cells.end(),
                               [&](const auto& c) { return c.count[index_of(kind)] > 1; });
    if (!several) continue;
    std::map<std::string, std::size_t> subject_of;
    for (std::size_t i = 0; i < a->subjects.size(); ++i) subject_of[a->subjects[i]] = i;
    auto& lists = a->individual[kind];
    lists.resize(a->cells.size());
    for (const RatingRow& row : TRY(r.assessment_reports().ratings(round.id, kind, std::nullopt))) {
      auto s = subject_of.find(row.subject_id);
      auto q = quality_of.find(row.quality_key);
      if (s == subject_of.end() || q == quality_of.end() || !row.score) continue;
      lists[s->second * nq + q->second].push_back(*row.score);
    }
  }
  std::shared_ptr<const RoundAggregates> out = std::move(a);
  // A closed round never changes again, so its numbers can be kept.
  if (round_state(round, clock_.now()) == RoundState::kClosed) {
    MutexLock lock(mutex_);
    cache_.emplace(round.id, out);
  }
  return out;
}

namespace {
// The round before `round` in its cohort's order (opening time, then creation), if any.
Result<std::optional<AssessmentRound>> previous_round_of(Repositories& r,
                                                         const AssessmentRound& round) {
  std::optional<AssessmentRound> previous;
  for (AssessmentRound& other : TRY(r.assessments().list_rounds(round.cohort_id))) {
    if (other.id == round.id) return previous;
    previous = std::move(other);
  }
  return std::optional<AssessmentRound>();
}

// Fills the report's figures from the round's aggregates (and the previous round's), as the
// viewer may see them.
Result<CohortReport> assemble_cohort_report(CohortReport report, const ViewedRound& now,
                                            const ViewedRound* before,
                                            const std::map<std::string, std::string>& names,
                                            long long threshold) {
  const RoundAggregates& a = *now.a;
  report.scholars = static_cast<long long>(a.subjects.size());
  for (std::size_t q = 0; q < a.qualities.size(); ++q)
    report.qualities.push_back(TRY(quality_report(now, before, report.round, q, threshold)));
  report.reliability = reliability(now, report.round, threshold);
  report.streams = stream_reports(now, names, threshold);
  return report;
}

}  // namespace

Result<std::shared_ptr<const CohortReport>> ReportService::cohort_report(
    const Actor& actor, const std::string& round_id) {
  TRY(policy::require_signed_in(actor));
  CohortReport report;
  std::shared_ptr<const RoundAggregates> now, before;
  std::optional<AssessmentRound> previous_round;
  std::shared_ptr<const CohortReport> cached;
  std::map<std::string, std::string> stream_names;
  Viewer viewer;
  std::string cache_key;
  bool cacheable = false;
  const Timestamp at = clock_.now();
  TRY(store_.read([&](Repositories& r) -> Status {
    Context c = TRY(load(r, round_id));
    TRY(policy::can_read_cohort_report(actor, c.scope));
    report.round = c.round;
    report.min_group_size = c.program.min_group_size;
    viewer = {policy::group_threshold(c.program.min_group_size),
              policy::row_streams(actor, c.scope)};
    previous_round = TRY(previous_round_of(r, c.round));
    if (previous_round) report.previous_round_id = previous_round->id;
    // A report of two closed rounds never changes (for the same minimum group size and the
    // same rows seen by the viewer).
    cacheable = round_state(c.round, at) == RoundState::kClosed &&
                (!previous_round || round_state(*previous_round, at) == RoundState::kClosed);
    cache_key = round_id + "/" + std::to_string(report.min_group_size) + "/" +
                report.previous_round_id + "/" + viewer.rows_key();
    if (cacheable) {
      MutexLock lock(mutex_);
      if (auto it = report_cache_.find(cache_key); it != report_cache_.end()) {
        cached = it->second;
        return ok_status();
      }
    }
    now = TRY(aggregates(r, c.round));
    if (previous_round) before = TRY(aggregates(r, *previous_round));
    for (const Stream& s : TRY(r.streams().list_by_cohort(c.round.cohort_id)))
      stream_names[s.id] = s.name;
    return ok_status();
  }));
  if (cached) return cached;
  report.state = round_state(report.round, at);
  const ViewedRound current{now.get(), report.state == RoundState::kClosed, viewer.seen(*now)};
  std::optional<ViewedRound> earlier;
  if (before)
    earlier = ViewedRound{before.get(), round_state(*previous_round, at) == RoundState::kClosed,
                          viewer.seen(*before)};
  auto out = std::make_shared<const CohortReport>(TRY(assemble_cohort_report(
      std::move(report), current, earlier ? &*earlier : nullptr, stream_names, viewer.threshold)));
  if (cacheable) {
    MutexLock lock(mutex_);
    report_cache_.emplace(cache_key, out);
  }
  return out;
}

Result<Heatmap> ReportService::heatmap(const Actor& actor, const std::string& round_id,
                                       const PageRequest& page) {
  TRY(policy::require_signed_in(actor));
  Heatmap out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Context c = TRY(load(r, round_id));
    TRY(policy::can_read_heatmap(actor, c.scope));
    const bool closed = round_state(c.round, clock_.now()) == RoundState::kClosed;
    FrameworkVersion framework = TRY(r.frameworks().find_version(c.round.framework_version_id));
    std::map<std::string, std::size_t> quality_of;
    for (const Quality& q : framework.qualities) {
      if (q.retired) continue;
      quality_of[q.key] = out.quality_keys.size();
      out.quality_keys.push_back(q.key);
    }
    Page<SubjectName> subjects =
        TRY(r.assessment_reports().subjects(round_id, policy::row_streams(actor, c.scope), page));
    out.next_cursor = subjects.next_cursor;
    if (subjects.items.empty()) return ok_status();
    const std::set<std::string> rated = TRY(reports::mentor_rated(r, round_id, actor));
    std::map<std::string, std::size_t> row_of;
    for (const SubjectName& s : subjects.items) {
      HeatmapRow row{s.id, s.display_name, s.stream_id, {}};
      for (RaterKind k : c.round.rater_kinds)
        row.values[k].assign(out.quality_keys.size(), std::nullopt);
      row_of[s.id] = out.rows.size();
      out.rows.push_back(std::move(row));
    }
    for (const SubjectScores& sc : TRY(r.assessment_reports().subject_scores(
             round_id, subjects.items.front().id, subjects.items.back().id))) {
      auto row = row_of.find(sc.subject_id);
      auto q = quality_of.find(sc.quality_key);
      if (row == row_of.end() || q == quality_of.end() || sc.count == 0) continue;
      if (sc.kind == RaterKind::kPeer && !policy::peer_mean_shown(sc.count, closed)) continue;
      if (sc.kind == RaterKind::kSelf &&
          policy::self_rating_withheld(actor, c.scope, sc.subject_id,
                                       out.rows[row->second].stream_id,
                                       c.program.mentors_rate_first, rated.contains(sc.subject_id)))
        continue;
      out.rows[row->second].values[sc.kind][q->second] =
          static_cast<double>(sc.sum) / static_cast<double>(sc.count);
    }
    return ok_status();
  }));
  return out;
}

}  // namespace trellis
