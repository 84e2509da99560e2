// Quantiles and tail probabilities of the distributions the intervals need, from Boost.Math.
// Internal to src/stats. Arguments must be in range (degrees of freedom > 0, 0 < p < 1); the
// callers check that before calling.
#pragma once

namespace trellis::stats::detail {

// The p-quantile of F(df1, df2).
double f_quantile(double p, double df1, double df2);
// P(F > x) for F(df1, df2).
double f_upper_tail(double x, double df1, double df2);
// The p-quantile of Student's t with df degrees of freedom.
double t_quantile(double p, double df);
// The p-quantile of the standard normal distribution.
double normal_quantile(double p);

}  // namespace trellis::stats::detail
