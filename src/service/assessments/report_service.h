// ReportService: what the assessments say, for a scholar, for a cohort, and as an export.
// The database does the grouping (per scholar, quality and rater kind; per score); this class
// does the statistics and applies the visibility rules of domain/assessments/assessment_policy and
// the complement suppression of domain/suppression against the rows the viewer sees, so nobody can
// subtract their way to a hidden group; peer figures come from closed rounds only. Aggregates of
// a closed round never change, so they are cached in memory per round (and whole cohort reports
// per round and rows seen). Thread-safe (the cache is guarded by a mutex).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/mutex.h"
#include "domain/actor.h"
#include "domain/assessments/assessment.h"
#include "domain/suppression.h"
#include "storage/assessments/assessment_repositories.h"
#include "storage/store.h"

namespace trellis {

// ---- Cohort report -------------------------------------------------------------------------

struct KindStats {
  long long n = 0;  // scholars rated
  double mean = 0;  // mean over scholars of each scholar's mean rating
  double sd = 0;
  std::array<long long, 5> distribution{};  // ratings of 1..5
};

// Self − mentor per scholar (positive: the scholar rates themself higher).
struct GapStats {
  long long n = 0;
  double mean = 0;
  double sd = 0;
  double ci_low = 0, ci_high = 0;  // 95% confidence interval of the mean (Student's t)
  double over_share = 0;           // share of scholars with self > mentor
  double under_share = 0;          // self < mentor
};

struct ChangeStats {
  double previous_mean = 0;
  double delta = 0;                // this round − previous round, raw points
  std::optional<double> sd_units;  // delta / the previous round's SD across scholars
};

// A figure or the reason it is withheld (domain/suppression.h).
using privacy::Gated;

struct QualityReport {
  std::string key;
  std::string name;
  std::map<RaterKind, Gated<KindStats>> kinds;     // the round's rater kinds
  std::optional<Gated<GapStats>> gap;              // absent without self and mentor raters
  std::map<RaterKind, Gated<ChangeStats>> change;  // empty without a previous round
};

struct StreamQuality {
  std::string key;
  std::optional<double> self_mean, mentor_mean, gap_mean;
};

struct StreamReport {
  std::string stream_id;  // "" for scholars without a stream
  std::string name;
  std::optional<privacy::Withheld> withheld;  // why the stream is not shown
  std::vector<StreamQuality> qualities;       // empty when withheld
};

struct Reliability {
  // "weighted_kappa_self_mentor" (quadratic weights) or "icc1k_peer" / "icc1k_mentor"
  std::string measure;
  std::string quality;  // quality key, or "" for all qualities pooled
  Gated<double> value;
  long long n = 0;
};

struct CohortReport {
  AssessmentRound round;
  RoundState state = RoundState::kOpen;
  int min_group_size = 5;
  long long scholars = 0;  // scholars with at least one submitted rating
  std::string previous_round_id;
  std::vector<QualityReport> qualities;
  std::vector<StreamReport> streams;
  std::vector<Reliability> reliability;
};

// One page of the heatmap: per scholar, per quality (in `quality_keys` order) the mean rating
// of each kind; nullopt where there is none (or, for peers, fewer than three).
struct HeatmapRow {
  std::string scholar_id;
  std::string display_name;
  std::string stream_id;
  std::map<RaterKind, std::vector<std::optional<double>>> values;
};

struct Heatmap {
  std::vector<std::string> quality_keys;
  std::vector<HeatmapRow> rows;
  std::string next_cursor;
};

// ---- Scholar report ------------------------------------------------------------------------

struct ScholarQuality {
  std::string key;
  std::string name;
  std::optional<int> self;                   // the self-rating (nullopt: none or cannot judge)
  std::optional<double> mentor;              // mean of mentor ratings, when visible
  std::optional<double> support;             // mean of support ratings, when visible
  std::optional<Gated<double>> peer_mean;    // when visible; withheld below three peers
  std::optional<double> gap;                 // self − mentor
  std::vector<std::string> evidence_self;    // the scholar's own words
  std::vector<std::string> evidence_mentor;  // mentors' and support's evidence
  std::vector<std::string> evidence_peers;   // peers', unattributed, sorted
};

struct GrowthPoint {
  std::string round_id;
  std::string round_name;
  std::optional<double> self;
  std::optional<double> mentor;
};

struct Growth {
  std::string key;
  std::vector<GrowthPoint> points;          // one per round, oldest first
  std::map<RaterKind, ChangeStats> change;  // first round with a value → latest with one
  // Why the SD units are withheld, per kind, when the baseline group was too small to show.
  std::map<RaterKind, privacy::Withheld> sd_units_withheld;
};

struct ScholarReport {
  std::string scholar_id;
  std::string display_name;
  AssessmentRound round;
  RoundState state = RoundState::kOpen;
  bool mentor_visible = false;
  bool peer_visible = false;
  std::vector<ScholarQuality> qualities;
  std::vector<std::string> strongest;  // up to three keys, by mentor rating
  std::vector<std::string> weakest;
  std::vector<Growth> growth;
};

// ---- Export --------------------------------------------------------------------------------

struct ExportRow {
  std::string round_id;
  std::string round_name;
  std::string scholar_id;
  std::string scholar_name;
  RaterKind kind = RaterKind::kSelf;
  std::string quality;
  std::optional<double> score;  // a peer row carries the mean of at least three peers
};

// The per-round numbers the reports are made of (kept for closed rounds).
struct RoundAggregates;

class ReportService {
 public:
  ReportService(Store& store, const Clock& clock);
  ~ReportService();

  // Shared: a closed round's report is computed once and then handed to every reader.
  Result<std::shared_ptr<const CohortReport>> cohort_report(const Actor& actor,
                                                            const std::string& round_id);
  // Organizers see every scholar; mentors their own stream's.
  Result<Heatmap> heatmap(const Actor& actor, const std::string& round_id, const PageRequest& page);
  // The scholar's report for `round_id`, or for the cohort's latest opened round when empty.
  Result<ScholarReport> scholar_report(const Actor& actor, const std::string& cohort_id,
                                       const std::string& scholar_id, const std::string& round_id);
  // Every round of the cohort, long format, limited to what the actor may see.
  Result<std::vector<ExportRow>> export_rows(const Actor& actor, const std::string& cohort_id);

  // Drops cached aggregates (tests and benchmarks measure cold reports with it).
  void clear_cache();

 private:
  // shared_ptr: a cached entry is read by concurrent requests while the cache may drop it.
  Result<std::shared_ptr<const RoundAggregates>> aggregates(Repositories& r,
                                                            const AssessmentRound& round);

  Store& store_;
  const Clock& clock_;
  Mutex mutex_;
  std::map<std::string, std::shared_ptr<const RoundAggregates>> cache_ GUARDED_BY(mutex_);
  // "round/min_group_size/previous round/rows seen" → report; closed rounds only.
  std::map<std::string, std::shared_ptr<const CohortReport>> report_cache_ GUARDED_BY(mutex_);
};

}  // namespace trellis
