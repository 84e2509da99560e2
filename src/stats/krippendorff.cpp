#include "stats/krippendorff.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "stats/kappa.h"

namespace trellis::stats {

std::string_view measurement_level_name(MeasurementLevel level) {
  switch (level) {
    case MeasurementLevel::kNominal:
      return "nominal";
    case MeasurementLevel::kOrdinal:
      return "ordinal";
    case MeasurementLevel::kInterval:
      return "interval";
    case MeasurementLevel::kRatio:
      return "ratio";
  }
  return "nominal";
}

std::optional<MeasurementLevel> parse_measurement_level(std::string_view name) {
  for (auto level : {MeasurementLevel::kNominal, MeasurementLevel::kOrdinal,
                     MeasurementLevel::kInterval, MeasurementLevel::kRatio})
    if (measurement_level_name(level) == name) return level;
  return std::nullopt;
}

// Long on purpose: one formula (coincidence matrix, then observed and expected disagreement) in
// order.
Result<AlphaResult> krippendorff_alpha(const Matrix& ratings, MeasurementLevel level) {
  // Only pairable units (two or more values) take part.
  Matrix pairable;
  for (const Row& row : ratings) {
    Row values;
    for (const auto& x : row)
      if (x) values.push_back(x);
    if (values.size() >= 2) pairable.push_back(std::move(values));
  }
  if (pairable.empty())
    return Error::invalid(
        "Krippendorff's alpha needs at least one unit rated by two or more raters; there is "
        "none.");
  const std::vector<double> values = categories_of(pairable);
  if (level == MeasurementLevel::kRatio && values.front() < 0)
    return Error::invalid("Ratio-level alpha needs values of zero or more; " +
                          std::to_string(values.front()) + " is negative.");
  if (values.size() < 2)
    return Error::invalid(
        "Krippendorff's alpha is undefined: all pairable values are identical, so no "
        "disagreement is possible.");

  // The coincidence matrix: each ordered pair of values within a unit of m values adds
  // 1 / (m - 1).
  const std::size_t v = values.size();
  std::vector<std::vector<double>> o(v, std::vector<double>(v, 0.0));
  auto index_of = [&values](double x) {
    return static_cast<std::size_t>(std::lower_bound(values.begin(), values.end(), x) -
                                    values.begin());
  };
  for (const Row& unit : pairable) {
    const double weight = 1.0 / static_cast<double>(unit.size() - 1);
    for (std::size_t a = 0; a < unit.size(); ++a)
      for (std::size_t b = 0; b < unit.size(); ++b)
        if (a != b) o[index_of(*unit[a])][index_of(*unit[b])] += weight;
  }
  std::vector<double> marginal(v, 0);
  double n = 0;
  for (std::size_t c = 0; c < v; ++c) {
    for (std::size_t k = 0; k < v; ++k) marginal[c] += o[c][k];
    n += marginal[c];
  }

  // Squared difference functions (Krippendorff 2011, section F).
  auto delta2 = [&](std::size_t c, std::size_t k) -> double {
    if (c == k) return 0;
    switch (level) {
      case MeasurementLevel::kNominal:
        return 1;
      case MeasurementLevel::kOrdinal: {
        std::size_t lo = std::min(c, k), hi = std::max(c, k);
        double s = 0;
        for (std::size_t g = lo; g <= hi; ++g) s += marginal[g];
        s -= (marginal[c] + marginal[k]) / 2;
        return s * s;
      }
      case MeasurementLevel::kInterval: {
        double d = values[c] - values[k];
        return d * d;
      }
      case MeasurementLevel::kRatio: {
        double d = (values[c] - values[k]) / (values[c] + values[k]);
        return d * d;
      }
    }
    return 0;
  };

  double observed = 0, expected = 0;
  for (std::size_t c = 0; c < v; ++c)
    for (std::size_t k = 0; k < v; ++k) {
      const double d = delta2(c, k);
      observed += o[c][k] * d;
      expected += marginal[c] * marginal[k] * d;
    }
  AlphaResult r;
  r.n = std::lround(n);
  r.observed_disagreement = observed / n;
  r.expected_disagreement = expected / (n * (n - 1));
  r.alpha = 1 - r.observed_disagreement / r.expected_disagreement;
  return r;
}

}  // namespace trellis::stats
