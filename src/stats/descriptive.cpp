#include "stats/descriptive.h"

#include <cmath>
#include <string>

#include "stats/distributions.h"

namespace trellis::stats {

Result<double> mean(std::span<const double> values) {
  if (values.empty()) return Error::invalid("The mean of no values is undefined.");
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

Result<double> sample_sd(std::span<const double> values) {
  if (values.size() < 2)
    return Error::invalid("The standard deviation needs at least two values; there are " +
                          std::to_string(values.size()) + ".");
  double m = TRY(mean(values));
  double ss = 0;
  for (double v : values) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(values.size() - 1));
}

Result<MeanInterval> mean_confidence_interval(std::span<const double> values, double level) {
  if (!(level > 0 && level < 1))
    return Error::invalid("The confidence level must be strictly between 0 and 1.");
  if (values.size() < 2)
    return Error::invalid("A confidence interval of a mean needs at least two values; there are " +
                          std::to_string(values.size()) + ".");
  MeanInterval r;
  r.n = static_cast<long>(values.size());
  r.mean = TRY(mean(values));
  r.sd = TRY(sample_sd(values));
  r.t_critical = detail::t_quantile(1 - (1 - level) / 2, static_cast<double>(r.n - 1));
  double half = r.t_critical * r.sd / std::sqrt(static_cast<double>(r.n));
  r.ci = {r.mean - half, r.mean + half};
  return r;
}

}  // namespace trellis::stats
