#include "stats/kappa.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "stats/distributions.h"

namespace trellis::stats {
namespace {

// Chance agreement this close to 1 leaves kappa as 0/0.
constexpr double kUndefinedMargin = 1e-12;

std::string count(std::size_t n) {
  return std::to_string(n);
}

}  // namespace

std::string_view kappa_weights_name(KappaWeights weights) {
  switch (weights) {
    case KappaWeights::kNone:
      return "none";
    case KappaWeights::kLinear:
      return "linear";
    case KappaWeights::kQuadratic:
      return "quadratic";
  }
  return "none";
}

std::vector<std::vector<double>> kappa_weight_matrix(std::size_t categories, KappaWeights weights) {
  std::vector<std::vector<double>> w(categories, std::vector<double>(categories, 0.0));
  const double span = categories > 1 ? static_cast<double>(categories - 1) : 1.0;
  for (std::size_t i = 0; i < categories; ++i)
    for (std::size_t j = 0; j < categories; ++j) {
      const double d = std::fabs(static_cast<double>(i) - static_cast<double>(j)) / span;
      switch (weights) {
        case KappaWeights::kNone:
          w[i][j] = i == j ? 1.0 : 0.0;
          break;
        case KappaWeights::kLinear:
          w[i][j] = 1 - d;
          break;
        case KappaWeights::kQuadratic:
          w[i][j] = 1 - d * d;
          break;
      }
    }
  return w;
}

Result<KappaResult> cohen_kappa(const CountTable& table,
                                const std::vector<std::vector<double>>& weights) {
  const std::size_t c = table.size();
  if (c == 0) return Error::invalid("Kappa needs a table with at least one category.");
  if (weights.size() != c)
    return Error::invalid("The weight matrix has " + count(weights.size()) +
                          " rows but the table has " + count(c) + " categories.");
  double total = 0;
  for (std::size_t i = 0; i < c; ++i) {
    if (table[i].size() != c)
      return Error::invalid("The table must be square: row " + count(i + 1) + " has " +
                            count(table[i].size()) + " cells, expected " + count(c) + ".");
    if (weights[i].size() != c)
      return Error::invalid("The weight matrix must be " + count(c) + " by " + count(c) + ".");
    for (double x : table[i]) {
      if (!(x >= 0)) return Error::invalid("Counts must not be negative.");
      total += x;
    }
  }
  if (total < 2)
    return Error::invalid("Kappa needs at least two rated units; there are " +
                          std::to_string(static_cast<long>(total)) + ".");

  std::vector<double> row(c, 0), col(c, 0);
  for (std::size_t i = 0; i < c; ++i)
    for (std::size_t j = 0; j < c; ++j) {
      row[i] += table[i][j] / total;
      col[j] += table[i][j] / total;
    }
  double po = 0, pe = 0;
  for (std::size_t i = 0; i < c; ++i)
    for (std::size_t j = 0; j < c; ++j) {
      po += weights[i][j] * table[i][j] / total;
      pe += weights[i][j] * row[i] * col[j];
    }
  if (1 - pe <= kUndefinedMargin)
    return Error::invalid(
        "Kappa is undefined: the agreement expected by chance is 1 (all ratings fall in one "
        "category).");

  KappaResult r;
  r.n = static_cast<long>(std::lround(total));
  r.kappa = (po - pe) / (1 - pe);

  // Fleiss, Cohen & Everitt (1969): weighted mean weights of row i and column j.
  std::vector<double> w_row(c, 0), w_col(c, 0);
  for (std::size_t i = 0; i < c; ++i)
    for (std::size_t j = 0; j < c; ++j) {
      w_row[i] += col[j] * weights[i][j];
      w_col[j] += row[i] * weights[i][j];
    }
  const double k = r.kappa;
  double sum = 0, sum_null = 0;
  for (std::size_t i = 0; i < c; ++i)
    for (std::size_t j = 0; j < c; ++j) {
      const double d = weights[i][j] - (w_row[i] + w_col[j]) * (1 - k);
      sum += table[i][j] / total * d * d;
      const double d0 = weights[i][j] - (w_row[i] + w_col[j]);
      sum_null += row[i] * col[j] * d0 * d0;
    }
  const double scale = total * (1 - pe) * (1 - pe);
  const double var = (sum - (k - pe * (1 - k)) * (k - pe * (1 - k))) / scale;
  const double var_null = (sum_null - pe * pe) / scale;
  r.se = std::sqrt(std::max(var, 0.0));
  r.se_null = std::sqrt(std::max(var_null, 0.0));
  const double z = detail::normal_quantile(0.975);
  r.ci95 = {k - z * r.se, k + z * r.se};
  return r;
}

std::vector<double> categories_of(const Matrix& ratings) {
  std::set<double> seen;
  for (const Row& row : ratings)
    for (const auto& x : row)
      if (x) seen.insert(*x);
  return {seen.begin(), seen.end()};
}

Result<CountTable> cross_table(const Matrix& ratings, const std::vector<double>& categories) {
  CountTable table(categories.size(), std::vector<double>(categories.size(), 0.0));
  auto index_of = [&categories](double x) -> std::optional<std::size_t> {
    auto it = std::lower_bound(categories.begin(), categories.end(), x);
    if (it == categories.end() || *it != x) return std::nullopt;
    return static_cast<std::size_t>(it - categories.begin());
  };
  for (std::size_t u = 0; u < ratings.size(); ++u) {
    const Row& row = ratings[u];
    if (row.size() != 2)
      return Error::invalid("Cohen's kappa is for exactly two raters; unit " + count(u + 1) +
                            " has " + count(row.size()) + " rating columns.");
    if (!row[0] || !row[1])
      return Error::invalid("Cohen's kappa needs complete rows: unit " + count(u + 1) +
                            " is missing a rating.");
    auto a = index_of(*row[0]), b = index_of(*row[1]);
    if (!a || !b)
      return Error::invalid("Unit " + count(u + 1) + " has a rating outside the categories.");
    table[*a][*b] += 1;
  }
  return table;
}

Result<KappaResult> cohen_kappa(const Matrix& ratings, KappaWeights weights) {
  std::vector<double> categories = categories_of(ratings);
  CountTable table = TRY(cross_table(ratings, categories));
  return cohen_kappa(table, kappa_weight_matrix(categories.size(), weights));
}

Result<FleissResult> fleiss_kappa_counts(const std::vector<std::vector<double>>& counts) {
  if (counts.size() < 2)
    return Error::invalid("Fleiss' kappa needs at least two units; there are " +
                          count(counts.size()) + ".");
  const std::size_t categories = counts[0].size();
  double m = -1;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i].size() != categories)
      return Error::invalid("Every unit needs a count for each of the " + count(categories) +
                            " categories; unit " + count(i + 1) + " has " +
                            count(counts[i].size()) + ".");
    double sum = 0;
    for (double x : counts[i]) {
      if (!(x >= 0)) return Error::invalid("Counts must not be negative.");
      sum += x;
    }
    if (sum < 2)
      return Error::invalid("Fleiss' kappa needs at least two ratings per unit; unit " +
                            count(i + 1) + " has " + std::to_string(static_cast<long>(sum)) + ".");
    if (m < 0) m = sum;
    if (sum != m)
      return Error::invalid(
          "Fleiss' kappa needs the same number of ratings for every unit: unit 1 has " +
          std::to_string(static_cast<long>(m)) + ", unit " + count(i + 1) + " has " +
          std::to_string(static_cast<long>(sum)) + ".");
  }
  const double units = static_cast<double>(counts.size());
  double p_bar = 0;
  std::vector<double> share(categories, 0);
  for (const auto& unit : counts) {
    double squares = 0;
    for (std::size_t j = 0; j < categories; ++j) {
      squares += unit[j] * unit[j];
      share[j] += unit[j] / (units * m);
    }
    p_bar += (squares - m) / (m * (m - 1)) / units;
  }
  double pe = 0;
  for (double p : share) pe += p * p;
  if (1 - pe <= kUndefinedMargin)
    return Error::invalid(
        "Fleiss' kappa is undefined: every rating is in the same category, so chance agreement "
        "is 1.");
  FleissResult r;
  r.n = static_cast<long>(counts.size());
  r.k = static_cast<long>(m);
  r.kappa = (p_bar - pe) / (1 - pe);
  return r;
}

Result<FleissResult> fleiss_kappa(const Matrix& ratings) {
  std::vector<double> categories = categories_of(ratings);
  std::vector<std::vector<double>> counts(ratings.size(),
                                          std::vector<double>(categories.size(), 0.0));
  for (std::size_t u = 0; u < ratings.size(); ++u)
    for (const auto& x : ratings[u])
      if (x) {
        auto it = std::lower_bound(categories.begin(), categories.end(), *x);
        counts[u][static_cast<std::size_t>(it - categories.begin())] += 1;
      }
  return fleiss_kappa_counts(counts);
}

}  // namespace trellis::stats
