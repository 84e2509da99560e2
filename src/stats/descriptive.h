// Descriptive statistics for report aggregates: mean, sample standard deviation, and the
// confidence interval of a mean from Student's t. Pure functions; thread-safe.
//
// A statistic that is undefined for the input (too few values) is an Error::invalid with a
// sentence saying why, never a NaN.
#pragma once

#include <span>

#include "core/result.h"
#include "stats/matrix.h"

namespace trellis::stats {

// The arithmetic mean. Error when `values` is empty.
Result<double> mean(std::span<const double> values);

// The sample standard deviation (divisor n - 1). Error when there are fewer than two values.
Result<double> sample_sd(std::span<const double> values);

struct MeanInterval {
  long n = 0;
  double mean = 0;
  double sd = 0;          // sample standard deviation
  double t_critical = 0;  // the two-sided Student t quantile with n - 1 degrees of freedom
  Interval ci;            // mean -/+ t_critical * sd / sqrt(n)
};

// The mean with its two-sided confidence interval at `level` (default 95%) from Student's t
// with n - 1 degrees of freedom. Error when there are fewer than two values or when `level` is
// not strictly between 0 and 1. When all values are equal the interval is the single point.
Result<MeanInterval> mean_confidence_interval(std::span<const double> values, double level = 0.95);

}  // namespace trellis::stats
