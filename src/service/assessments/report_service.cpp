#include "service/assessments/report_service.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "domain/assessments/assessment_policy.h"
#include "domain/policy.h"
#include "domain/suppression.h"
#include "stats/descriptive.h"
#include "stats/icc.h"
#include "stats/kappa.h"

namespace trellis {

// The numbers of one round that every report is made of: per scholar (with a submitted
// rating), per active quality, per rater kind, the sum and count of scores; and per quality
// and kind how many ratings gave each score.
struct RoundAggregates {
  struct Cell {
    std::array<long long, kRaterKindCount> sum{};
    std::array<long long, kRaterKindCount> count{};
  };
  std::vector<Quality> qualities;  // active qualities of the round's framework version
  std::vector<std::string> subjects;
  std::vector<std::string> streams;  // parallel to subjects
  std::vector<Cell> cells;           // subjects.size() × qualities.size()
  std::vector<std::array<std::array<long long, 5>, kRaterKindCount>> distribution;
  // Individual scores of kinds with several raters per scholar (peers, several mentors), per
  // subject and quality, for inter-rater reliability: [kind][subject * qualities + quality].
  std::map<RaterKind, std::vector<std::vector<double>>> individual;

  const Cell& cell(std::size_t s, std::size_t q) const { return cells[s * qualities.size() + q]; }
  std::optional<double> value(std::size_t s, std::size_t q, RaterKind k) const {
    const Cell& c = cell(s, q);
    const auto i = index_of(k);
    if (c.count[i] == 0) return std::nullopt;
    return static_cast<double>(c.sum[i]) / static_cast<double>(c.count[i]);
  }
  std::optional<std::size_t> quality_index(const std::string& key) const {
    for (std::size_t q = 0; q < qualities.size(); ++q)
      if (qualities[q].key == key) return q;
    return std::nullopt;
  }
};

namespace {

// ---- Statistics ----------------------------------------------------------------------------
// Thin wrappers over src/stats for the cases a report meets: an empty group has no mean, a
// group of one has no spread.

double mean_of(const std::vector<double>& v) {
  auto m = stats::mean(v);
  return m ? *m : 0.0;
}

double sd_of(const std::vector<double>& v) {
  auto sd = stats::sample_sd(v);
  return sd ? *sd : 0.0;
}

// ---- Helpers -------------------------------------------------------------------------------

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

// What one viewer may be shown of a round's aggregates: the program's threshold and which of
// the round's scholars they already see row by row (policy::row_streams).
struct Viewer {
  long long threshold = kMinGroupSizeFloor;
  std::optional<std::vector<std::string>> rows;  // nullopt: every stream

  std::vector<bool> seen(const RoundAggregates& a) const {
    std::vector<bool> out(a.subjects.size());
    for (std::size_t s = 0; s < a.subjects.size(); ++s)
      out[s] = policy::sees_rows_of(rows, a.streams[s]);
    return out;
  }
  // A key naming what the viewer sees row by row, for the report cache.
  std::string rows_key() const {
    if (!rows) return "*";
    std::vector<std::string> sorted = *rows;
    std::sort(sorted.begin(), sorted.end());
    std::string key;
    for (const std::string& s : sorted) key += s + ",";
    return key;
  }
};

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

// Per-scholar values of one quality and kind.
std::vector<double> values_of(const RoundAggregates& a, std::size_t q, RaterKind k) {
  std::vector<double> out;
  for (std::size_t s = 0; s < a.subjects.size(); ++s)
    if (auto v = a.value(s, q, k)) out.push_back(*v);
  return out;
}

// Whether the viewer may see an aggregate of kind `k` for quality `q` over the whole round.
bool kind_shown(const ViewedRound& v, std::size_t q, RaterKind k, long long threshold) {
  if (!policy::aggregates_kind(k, v.closed)) return false;
  auto c = coverage_of(v, all_subjects(*v.a),
                       [&](std::size_t s) { return v.a->value(s, q, k).has_value(); });
  return privacy::may_show(c, threshold);
}

Gated<ChangeStats> change_between(const ViewedRound& now, std::size_t q, const ViewedRound& before,
                                  RaterKind k, long long threshold) {
  auto pq = before.a->quality_index(now.a->qualities[q].key);
  if (!pq) return std::nullopt;
  if (!kind_shown(now, q, k, threshold) || !kind_shown(before, *pq, k, threshold))
    return std::nullopt;
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
    Reliability rel{"weighted_kappa_self_mentor", quality, std::nullopt, n};
    if (privacy::may_show(scholars, threshold)) {
      auto kappa = stats::cohen_kappa(table, weights);
      if (!kappa) return;  // undefined: every rating in one category
      rel.value = kappa->kappa;
    }
    out.push_back(std::move(rel));
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
      Reliability rel{"icc1k_" + std::string(rater_kind_name(kind)), a.qualities[q].key,
                      std::nullopt, scholars.covered};
      if (privacy::may_show(scholars, threshold)) {
        auto icc = stats::icc(matrix);
        if (!icc) continue;
        rel.value = (*icc)[stats::IccForm::k1_k].value;
      }
      out.push_back(std::move(rel));
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
    if (before) qr.change[k] = change_between(now, q, *before, k, threshold);
    if (!kind_shown(now, q, k, threshold)) {
      qr.kinds[k] = std::nullopt;
      continue;
    }
    std::vector<double> v = values_of(a, q, k);
    KindStats ks;
    ks.n = static_cast<long long>(v.size());
    ks.mean = mean_of(v);
    ks.sd = sd_of(v);
    ks.distribution = a.distribution[q][index_of(k)];
    qr.kinds[k] = ks;
  }
  if (!round.includes(RaterKind::kSelf) || !round.includes(RaterKind::kMentor)) return qr;
  auto has_gap = [&](std::size_t s) {
    return a.value(s, q, RaterKind::kSelf) && a.value(s, q, RaterKind::kMentor);
  };
  if (!privacy::may_show(coverage_of(now, all_subjects(a), has_gap), threshold)) {
    qr.gap = Gated<GapStats>();
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
    sr.suppressed = !stream_shown[out.size()];
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
      if (!sr.suppressed) {
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
      out.rows[row->second].values[sc.kind][q->second] =
          static_cast<double>(sc.sum) / static_cast<double>(sc.count);
    }
    return ok_status();
  }));
  return out;
}

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
  rv.visible = policy::scholar_visibility(actor, s.scope, scholar_id, s.stream, rv.closed,
                                          s.program.show_mentor_ratings_to_scholars);
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
    if (latest.visible.peer_mean && round.includes(RaterKind::kPeer))
      sq.peer_mean = Gated<double>(v[index_of(RaterKind::kPeer)]);
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

// Up to three qualities with the highest and the lowest mentor rating.
void add_strongest_and_weakest(ScholarReport& report) {
  std::vector<const ScholarQuality*> rated;
  for (const ScholarQuality& sq : report.qualities)
    if (sq.mentor) rated.push_back(&sq);
  std::stable_sort(rated.begin(), rated.end(),
                   [](const auto* x, const auto* y) { return *x->mentor > *y->mentor; });
  for (std::size_t i = 0; i < rated.size() && i < 3; ++i) report.strongest.push_back(rated[i]->key);
  std::stable_sort(rated.begin(), rated.end(),
                   [](const auto* x, const auto* y) { return *x->mentor < *y->mentor; });
  for (std::size_t i = 0; i < rated.size() && i < 3; ++i) report.weakest.push_back(rated[i]->key);
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
    bool small = true;
    if (auto bq = baseline->quality_index(key)) {
      privacy::Coverage cohort;
      for (std::size_t s = 0; s < baseline->subjects.size(); ++s) {
        if (!baseline->value(s, *bq, kind)) continue;
        ++cohort.covered;
        if (policy::sees_rows_of(viewer.rows, baseline->streams[s]) ||
            (actor.signed_in() && baseline->subjects[s] == actor.user_id))
          ++cohort.seen;
      }
      small = !privacy::may_show(cohort, viewer.threshold);
      if (double sd = sd_of(values_of(*baseline, *bq, kind)); !small && sd > 0)
        c.sd_units = c.delta / sd;
    }
    g.change[kind] = c;
    g.sd_units_suppressed[kind] = small;
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
      for (const RatingRow& row :
           TRY(r.assessment_reports().ratings(round.id, std::nullopt, std::nullopt))) {
        auto subject = subjects.find(row.subject_id);
        if (subject == subjects.end()) continue;
        policy::ScholarVisibility v =
            policy::scholar_visibility(actor, scope, row.subject_id, subject->second.stream_id,
                                       closed, program.show_mentor_ratings_to_scholars);
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
