// The building blocks every assessment report shares: the aggregates of one round, what one
// viewer may see of them, and the statistics over them. Internal to service/assessments: the
// cohort report and heatmap (report_service.cpp), the scholar report (scholar_report.cpp) and
// the export (report_exports.cpp) are ReportService's, implemented in those files.
#pragma once

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/assessments/assessment.h"
#include "domain/assessments/assessment_policy.h"
#include "domain/policy.h"

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

namespace reports {

// Thin wrappers over src/stats for the cases a report meets: an empty group has no mean, a
// group of one has no spread.
double mean_of(const std::vector<double>& v);
double sd_of(const std::vector<double>& v);

// Per-scholar values of one quality and kind.
std::vector<double> values_of(const RoundAggregates& a, std::size_t q, RaterKind k);

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

}  // namespace reports
}  // namespace trellis
