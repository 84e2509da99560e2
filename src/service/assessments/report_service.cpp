#include "service/assessments/report_service.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "domain/assessments/assessment_policy.h"
#include "domain/policy.h"
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

constexpr long long kMinPeers = 3;  // peer ratings are shown only as a mean of at least three

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

// The actor's mentor streams in the cohort; nullopt when the actor sees every stream.
std::optional<std::vector<std::string>> visible_streams(const Actor& actor,
                                                        const policy::RoundScope& scope) {
  if (actor.is_superuser() || policy::organizes(actor, scope.program_id)) return std::nullopt;
  std::vector<std::string> streams;
  for (const Grant& g : actor.grants)
    if (g.cohort_id == scope.cohort_id && g.role == Role::kMentor && !g.stream_id.empty())
      streams.push_back(g.stream_id);
  return streams;
}

// Per-scholar values of one quality and kind.
std::vector<double> values_of(const RoundAggregates& a, std::size_t q, RaterKind k) {
  std::vector<double> out;
  for (std::size_t s = 0; s < a.subjects.size(); ++s)
    if (auto v = a.value(s, q, k)) out.push_back(*v);
  return out;
}

Gated<ChangeStats> change_between(const RoundAggregates& now, std::size_t q,
                                  const RoundAggregates& before, RaterKind k, long long min_n) {
  auto pq = before.quality_index(now.qualities[q].key);
  if (!pq) return std::nullopt;
  std::vector<double> a = values_of(now, q, k), b = values_of(before, *pq, k);
  if (static_cast<long long>(a.size()) < min_n || static_cast<long long>(b.size()) < min_n)
    return std::nullopt;
  ChangeStats c;
  c.previous_mean = mean_of(b);
  c.delta = mean_of(a) - c.previous_mean;
  if (double sd = sd_of(b); sd > 0) c.sd_units = c.delta / sd;
  return c;
}

// Weighted kappa (quadratic weights over the five levels) between self and mentor ratings, per
// quality and pooled, from scholars with exactly one of each; and the one-way ICC(1,k) of kinds
// with several raters per scholar (peers, or several mentors), from scholars with at least k
// ratings, k the most common number of raters. Undefined values (no variation) are left out;
// groups below the minimum are suppressed.
std::vector<Reliability> reliability(const RoundAggregates& a, const AssessmentRound& round,
                                     long long min_n) {
  std::vector<Reliability> out;
  const auto weights = stats::kappa_weight_matrix(5, stats::KappaWeights::kQuadratic);
  if (round.includes(RaterKind::kSelf) && round.includes(RaterKind::kMentor)) {
    stats::CountTable pooled(5, std::vector<double>(5, 0.0));
    long long pooled_n = 0;
    for (std::size_t q = 0; q <= a.qualities.size(); ++q) {
      const bool all = q == a.qualities.size();
      stats::CountTable table(5, std::vector<double>(5, 0.0));
      long long n = 0;
      if (all) {
        table = pooled;
        n = pooled_n;
      } else {
        for (std::size_t s = 0; s < a.subjects.size(); ++s) {
          const auto& c = a.cell(s, q);
          if (c.count[index_of(RaterKind::kSelf)] != 1 ||
              c.count[index_of(RaterKind::kMentor)] != 1)
            continue;
          auto self = c.sum[index_of(RaterKind::kSelf)],
               mentor = c.sum[index_of(RaterKind::kMentor)];
          table[self - 1][mentor - 1] += 1;
          pooled[self - 1][mentor - 1] += 1;
          ++n;
          ++pooled_n;
        }
      }
      Reliability rel{"weighted_kappa_self_mentor", all ? "" : a.qualities[q].key, std::nullopt, n};
      if (n >= min_n) {
        auto kappa = stats::cohen_kappa(table, weights);
        if (!kappa) continue;  // undefined: every rating in one category
        rel.value = kappa->kappa;
      }
      out.push_back(std::move(rel));
    }
  }
  for (const auto& [kind, lists] : a.individual) {
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
      for (std::size_t s = 0; s < a.subjects.size(); ++s) {
        const auto& l = lists[s * a.qualities.size() + q];
        if (l.size() < k) continue;
        matrix.emplace_back(l.begin(), l.begin() + static_cast<std::ptrdiff_t>(k));
      }
      const auto n = static_cast<long long>(matrix.size());
      Reliability rel{"icc1k_" + std::string(rater_kind_name(kind)), a.qualities[q].key,
                      std::nullopt, n};
      if (n >= min_n) {
        auto icc = stats::icc(matrix);
        if (!icc) continue;
        rel.value = (*icc)[stats::IccForm::k1_k].value;
      }
      out.push_back(std::move(rel));
    }
  }
  return out;
}

}  // namespace

ReportService::ReportService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
ReportService::~ReportService() = default;

void ReportService::clear_cache() {
  std::lock_guard lock(mutex_);
  cache_.clear();
  report_cache_.clear();
}

Result<std::shared_ptr<const RoundAggregates>> ReportService::aggregates(
    Repositories& r, const AssessmentRound& round) {
  {
    std::lock_guard lock(mutex_);
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
    std::lock_guard lock(mutex_);
    cache_.emplace(round.id, out);
  }
  return out;
}

Result<std::shared_ptr<const CohortReport>> ReportService::cohort_report(
    const Actor& actor, const std::string& round_id) {
  TRY(policy::require_signed_in(actor));
  CohortReport report;
  std::shared_ptr<const RoundAggregates> now, before;
  std::shared_ptr<const CohortReport> cached;
  std::vector<Stream> streams;
  std::string cache_key;
  bool cacheable = false;
  TRY(store_.read([&](Repositories& r) -> Status {
    Context c = TRY(load(r, round_id));
    TRY(policy::can_read_cohort_report(actor, c.scope));
    report.round = c.round;
    report.min_group_size = c.program.min_group_size;
    // The round before this one in the cohort's order (opening time, then creation).
    std::string previous;
    for (const AssessmentRound& other : TRY(r.assessments().list_rounds(c.round.cohort_id))) {
      if (other.id == c.round.id) {
        report.previous_round_id = previous;
        break;
      }
      previous = other.id;
    }
    // A report of two closed rounds never changes (for the same minimum group size).
    const Timestamp at = clock_.now();
    cacheable = round_state(c.round, at) == RoundState::kClosed;
    std::optional<AssessmentRound> previous_round;
    if (!report.previous_round_id.empty()) {
      previous_round = TRY(r.assessments().find_round(report.previous_round_id));
      cacheable = cacheable && round_state(*previous_round, at) == RoundState::kClosed;
    }
    cache_key = round_id + "/" + std::to_string(report.min_group_size) + "/" + previous;
    if (cacheable) {
      std::lock_guard lock(mutex_);
      if (auto it = report_cache_.find(cache_key); it != report_cache_.end()) {
        cached = it->second;
        return ok_status();
      }
    }
    now = TRY(aggregates(r, c.round));
    if (previous_round) before = TRY(aggregates(r, *previous_round));
    streams = TRY(r.streams().list_by_cohort(c.round.cohort_id));
    return ok_status();
  }));
  if (cached) return cached;
  report.state = round_state(report.round, clock_.now());
  const RoundAggregates& a = *now;
  const long long min_n = std::max<long long>(report.min_group_size, kMinGroupSizeFloor);
  report.scholars = static_cast<long long>(a.subjects.size());
  const bool has_gap =
      report.round.includes(RaterKind::kSelf) && report.round.includes(RaterKind::kMentor);

  for (std::size_t q = 0; q < a.qualities.size(); ++q) {
    QualityReport qr;
    qr.key = a.qualities[q].key;
    qr.name = a.qualities[q].name;
    for (RaterKind k : report.round.rater_kinds) {
      std::vector<double> v = values_of(a, q, k);
      if (static_cast<long long>(v.size()) < min_n) {
        qr.kinds[k] = std::nullopt;
        continue;
      }
      KindStats ks;
      ks.n = static_cast<long long>(v.size());
      ks.mean = mean_of(v);
      ks.sd = sd_of(v);
      ks.distribution = a.distribution[q][index_of(k)];
      qr.kinds[k] = ks;
      if (before) qr.change[k] = change_between(a, q, *before, k, min_n);
    }
    if (before)
      for (RaterKind k : report.round.rater_kinds)
        if (!qr.change.contains(k)) qr.change[k] = std::nullopt;
    if (has_gap) {
      std::vector<double> gaps;
      for (std::size_t s = 0; s < a.subjects.size(); ++s) {
        auto self = a.value(s, q, RaterKind::kSelf), mentor = a.value(s, q, RaterKind::kMentor);
        if (self && mentor) gaps.push_back(*self - *mentor);
      }
      if (static_cast<long long>(gaps.size()) < min_n) {
        qr.gap = Gated<GapStats>();
      } else {
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
      }
    }
    report.qualities.push_back(std::move(qr));
  }

  report.reliability = reliability(a, report.round, min_n);

  // Streams: a stream is shown when it and the rest of the cohort both reach the minimum
  // (the rest may be empty: then the stream is the cohort). When exactly one stream is hidden
  // the smallest shown one is hidden too, or the cohort total minus the others would reveal it.
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t s = 0; s < a.subjects.size(); ++s) members[a.streams[s]].push_back(s);
  std::map<std::string, std::string> names;
  for (const Stream& s : streams) names[s.id] = s.name;
  const long long total = static_cast<long long>(a.subjects.size());
  for (const auto& [stream_id, subjects] : members) {
    StreamReport sr;
    sr.stream_id = stream_id;
    sr.name = stream_id.empty() ? "" : names[stream_id];
    const long long n = static_cast<long long>(subjects.size());
    sr.suppressed = n < min_n || (total - n > 0 && total - n < min_n);
    report.streams.push_back(std::move(sr));
  }
  if (std::count_if(report.streams.begin(), report.streams.end(),
                    [](const StreamReport& s) { return s.suppressed; }) == 1) {
    StreamReport* smallest = nullptr;
    for (StreamReport& s : report.streams)
      if (!s.suppressed &&
          (!smallest || members[s.stream_id].size() < members[smallest->stream_id].size()))
        smallest = &s;
    if (smallest) smallest->suppressed = true;
  }
  for (StreamReport& sr : report.streams) {
    if (sr.suppressed) continue;
    for (std::size_t q = 0; q < a.qualities.size(); ++q) {
      std::vector<double> self, mentor, gaps;
      for (std::size_t s : members[sr.stream_id]) {
        auto sv = a.value(s, q, RaterKind::kSelf), mv = a.value(s, q, RaterKind::kMentor);
        if (sv) self.push_back(*sv);
        if (mv) mentor.push_back(*mv);
        if (sv && mv) gaps.push_back(*sv - *mv);
      }
      StreamQuality sq;
      sq.key = a.qualities[q].key;
      if (static_cast<long long>(self.size()) >= min_n) sq.self_mean = mean_of(self);
      if (static_cast<long long>(mentor.size()) >= min_n) sq.mentor_mean = mean_of(mentor);
      if (static_cast<long long>(gaps.size()) >= min_n) sq.gap_mean = mean_of(gaps);
      sr.qualities.push_back(std::move(sq));
    }
  }
  auto out = std::make_shared<const CohortReport>(std::move(report));
  if (cacheable) {
    std::lock_guard lock(mutex_);
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
    FrameworkVersion framework = TRY(r.frameworks().find_version(c.round.framework_version_id));
    std::map<std::string, std::size_t> quality_of;
    for (const Quality& q : framework.qualities) {
      if (q.retired) continue;
      quality_of[q.key] = out.quality_keys.size();
      out.quality_keys.push_back(q.key);
    }
    Page<SubjectName> subjects =
        TRY(r.assessment_reports().subjects(round_id, visible_streams(actor, c.scope), page));
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
      if (sc.kind == RaterKind::kPeer && sc.count < kMinPeers) continue;
      out.rows[row->second].values[sc.kind][q->second] =
          static_cast<double>(sc.sum) / static_cast<double>(sc.count);
    }
    return ok_status();
  }));
  return out;
}

Result<ScholarReport> ReportService::scholar_report(const Actor& actor,
                                                    const std::string& cohort_id,
                                                    const std::string& scholar_id,
                                                    const std::string& round_id) {
  TRY(policy::require_signed_in(actor));
  ScholarReport report;
  report.scholar_id = scholar_id;
  TRY(store_.read([&](Repositories& r) -> Status {
    Cohort cohort = TRY(r.cohorts().find(cohort_id));
    policy::RoundScope scope{cohort.program_id, cohort.id};
    TRY(policy::can_read_round(actor, scope));
    Program program = TRY(r.programs().find(cohort.program_id));
    const Timestamp now = clock_.now();
    const long long min_n = std::max<long long>(program.min_group_size, kMinGroupSizeFloor);

    // The scholar, as a scholar of this cohort (the stream decides who else may look).
    std::optional<Membership> membership;
    for (const Membership& m : TRY(r.memberships().list_by_user(scholar_id)))
      if (m.cohort_id == cohort_id && m.role == Role::kScholar) membership = m;
    if (!membership) return Error::not_found("This scholar does not exist.");
    const std::string stream = membership->stream_id.value_or("");
    TRY(policy::can_read_scholar_report(actor, scope, scholar_id, stream));
    report.display_name = TRY(r.users().find(scholar_id)).display_name;

    std::vector<AssessmentRound> rounds;
    for (AssessmentRound& round : TRY(r.assessments().list_rounds(cohort_id)))
      if (round.opens_at <= now) rounds.push_back(std::move(round));
    if (!round_id.empty()) {
      auto it = std::find_if(rounds.begin(), rounds.end(),
                             [&](const AssessmentRound& x) { return x.id == round_id; });
      if (it == rounds.end()) return Error::not_found("This assessment round does not exist.");
      rounds.erase(it + 1, rounds.end());
    }
    if (rounds.empty())
      return Error::not_found("This cohort has no assessment round that has opened yet.");
    report.round = rounds.back();
    report.state = round_state(report.round, now);

    FrameworkVersion framework =
        TRY(r.frameworks().find_version(report.round.framework_version_id));
    std::vector<const Quality*> qualities;
    for (const Quality& q : framework.qualities)
      if (!q.retired) qualities.push_back(&q);

    // Per round: this scholar's values, as far as the actor may see them.
    struct RoundValues {
      std::map<std::string, std::array<std::optional<double>, kRaterKindCount>> value;
      policy::ScholarVisibility visible;
    };
    std::vector<RoundValues> history;
    for (const AssessmentRound& round : rounds) {
      RoundValues rv;
      rv.visible = policy::scholar_visibility(actor, scope, scholar_id, stream,
                                              round_state(round, now) == RoundState::kClosed,
                                              program.show_mentor_ratings_to_scholars);
      for (const SubjectScores& sc :
           TRY(r.assessment_reports().subject_scores(round.id, scholar_id, scholar_id))) {
        if (sc.count == 0) continue;
        bool shown = (sc.kind == RaterKind::kSelf && rv.visible.self) ||
                     ((sc.kind == RaterKind::kMentor || sc.kind == RaterKind::kSupport) &&
                      rv.visible.mentor) ||
                     (sc.kind == RaterKind::kPeer && rv.visible.peer_mean && sc.count >= kMinPeers);
        if (shown)
          rv.value[sc.quality_key][index_of(sc.kind)] =
              static_cast<double>(sc.sum) / static_cast<double>(sc.count);
      }
      history.push_back(std::move(rv));
    }
    const RoundValues& latest = history.back();
    report.mentor_visible = latest.visible.mentor;
    report.peer_visible = latest.visible.peer_mean;

    std::vector<RatingRow> evidence;
    if (latest.visible.evidence)
      evidence = TRY(r.assessment_reports().ratings(report.round.id, std::nullopt, scholar_id));
    std::map<std::string, long long> peers_scoring;
    for (const RatingRow& row : evidence)
      if (row.kind == RaterKind::kPeer && row.score) ++peers_scoring[row.quality_key];

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
      if (latest.visible.peer_mean && report.round.includes(RaterKind::kPeer))
        sq.peer_mean = Gated<double>(v[index_of(RaterKind::kPeer)]);
      if (v[index_of(RaterKind::kSelf)] && sq.mentor)
        sq.gap = *v[index_of(RaterKind::kSelf)] - *sq.mentor;
      for (const RatingRow& row : evidence) {
        if (row.quality_key != q->key || row.evidence.empty()) continue;
        if (row.kind == RaterKind::kSelf && latest.visible.self)
          sq.evidence_self.push_back(row.evidence);
        else if ((row.kind == RaterKind::kMentor || row.kind == RaterKind::kSupport) &&
                 latest.visible.mentor)
          sq.evidence_mentor.push_back(row.evidence);
        else if (row.kind == RaterKind::kPeer && latest.visible.peer_mean &&
                 peers_scoring[q->key] >= kMinPeers)
          sq.evidence_peers.push_back(row.evidence);
      }
      std::sort(sq.evidence_peers.begin(), sq.evidence_peers.end());
      report.qualities.push_back(std::move(sq));
    }

    if (latest.visible.mentor) {
      std::vector<const ScholarQuality*> rated;
      for (const ScholarQuality& sq : report.qualities)
        if (sq.mentor) rated.push_back(&sq);
      std::stable_sort(rated.begin(), rated.end(),
                       [](const auto* x, const auto* y) { return *x->mentor > *y->mentor; });
      for (std::size_t i = 0; i < rated.size() && i < 3; ++i)
        report.strongest.push_back(rated[i]->key);
      std::stable_sort(rated.begin(), rated.end(),
                       [](const auto* x, const auto* y) { return *x->mentor < *y->mentor; });
      for (std::size_t i = 0; i < rated.size() && i < 3; ++i)
        report.weakest.push_back(rated[i]->key);
    }

    // Growth: from the first round with a value to this one, in points and in units of the
    // cohort's standard deviation in that first round.
    for (const Quality* q : qualities) {
      Growth g;
      g.key = q->key;
      std::map<RaterKind, std::size_t> first;
      for (std::size_t i = 0; i < rounds.size(); ++i) {
        GrowthPoint p{rounds[i].id, rounds[i].name, std::nullopt, std::nullopt};
        auto found = history[i].value.find(q->key);
        if (found != history[i].value.end()) {
          p.self = found->second[index_of(RaterKind::kSelf)];
          p.mentor = found->second[index_of(RaterKind::kMentor)];
        }
        if (p.self && !first.contains(RaterKind::kSelf)) first[RaterKind::kSelf] = i;
        if (p.mentor && !first.contains(RaterKind::kMentor)) first[RaterKind::kMentor] = i;
        g.points.push_back(std::move(p));
      }
      for (auto [kind, index] : first) {
        // From the first round with a value to the latest one with a value.
        auto value = [kind](const GrowthPoint& p) {
          return kind == RaterKind::kSelf ? p.self : p.mentor;
        };
        std::size_t last = g.points.size() - 1;
        while (last > index && !value(g.points[last])) --last;
        if (last == index) continue;
        std::optional<double> end = value(g.points[last]);
        const GrowthPoint& start = g.points[index];
        ChangeStats c;
        c.previous_mean = *(kind == RaterKind::kSelf ? start.self : start.mentor);
        c.delta = *end - c.previous_mean;
        auto baseline = TRY(aggregates(r, rounds[index]));
        bool small = true;
        if (auto bq = baseline->quality_index(q->key)) {
          std::vector<double> cohort_values = values_of(*baseline, *bq, kind);
          small = static_cast<long long>(cohort_values.size()) < min_n;
          if (double sd = sd_of(cohort_values); !small && sd > 0) c.sd_units = c.delta / sd;
        }
        g.change[kind] = c;
        g.sd_units_suppressed[kind] = small;
      }
      report.growth.push_back(std::move(g));
    }
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
            staff_only_streams ? visible_streams(actor, scope)
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
        if (total.second < kMinPeers) continue;
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
