#include "service/assessments/round_aggregates.h"

#include "stats/descriptive.h"

namespace trellis::reports {

double mean_of(const std::vector<double>& v) {
  auto m = stats::mean(v);
  return m ? *m : 0.0;
}

double sd_of(const std::vector<double>& v) {
  auto sd = stats::sample_sd(v);
  return sd ? *sd : 0.0;
}

std::vector<double> values_of(const RoundAggregates& a, std::size_t q, RaterKind k) {
  std::vector<double> out;
  for (std::size_t s = 0; s < a.subjects.size(); ++s)
    if (auto v = a.value(s, q, k)) out.push_back(*v);
  return out;
}

}  // namespace trellis::reports
