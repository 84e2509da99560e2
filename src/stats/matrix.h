// The data every statistic in src/stats reads: a ratings matrix of units (rows) by raters
// (columns), where an empty cell is a missing rating. Plain values, no I/O; thread-safe.
//
// Categorical statistics (kappa, Fleiss' kappa, Krippendorff's alpha) read the same matrix: a
// category is a number, and categories are ordered by that number. Callers with text categories
// number them first (the CLI numbers them in sorted order).
#pragma once

#include <optional>
#include <vector>

namespace trellis::stats {

using Row = std::vector<std::optional<double>>;
using Matrix = std::vector<Row>;

// A k-by-k table of counts: rows are the first rater's category, columns the second rater's,
// categories in the same order on both sides.
using CountTable = std::vector<std::vector<double>>;

// A two-sided interval, e.g. a 95% confidence interval.
struct Interval {
  double lower = 0;
  double upper = 0;
};

}  // namespace trellis::stats
