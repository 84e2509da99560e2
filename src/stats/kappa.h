// Agreement on categories: Cohen's kappa for two raters (unweighted or weighted, Cohen 1960,
// 1968) with the large-sample standard error of Fleiss, Cohen & Everitt (1969), and Fleiss'
// kappa for any fixed number of raters per unit (Fleiss 1971). Pure; thread-safe.
//
// Categories are ordered by their numeric value; weighted kappa spaces them equally by
// position in that order (linear: 1 - |i-j|/(c-1), quadratic: 1 - (i-j)^2/(c-1)^2).
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "stats/matrix.h"

namespace trellis::stats {

enum class KappaWeights { kNone, kLinear, kQuadratic };

// "none", "linear", "quadratic".
std::string_view kappa_weights_name(KappaWeights weights);

// Agreement weights for c ordered categories: 1 on the diagonal, 0 for the farthest pair
// (identity for kNone).
std::vector<std::vector<double>> kappa_weight_matrix(std::size_t categories, KappaWeights weights);

struct KappaResult {
  long n = 0;  // units rated by both raters
  double kappa = 0;
  // Standard error under the alternative (Fleiss, Cohen & Everitt 1969), as used for confidence
  // intervals, and under the null hypothesis kappa = 0, as used for the z test.
  double se = 0;
  double se_null = 0;
  Interval ci95;  // kappa -/+ 1.96 se
};

// Kappa from a square table of counts and a matrix of agreement weights of the same size (the
// identity gives Cohen's unweighted kappa). Errors: a table that is not square or is empty,
// negative counts, weights of the wrong size, a total below two, or chance agreement of 1
// (every rating in one category: kappa is undefined).
Result<KappaResult> cohen_kappa(const CountTable& table,
                                const std::vector<std::vector<double>>& weights);

// Cross-tabulates a two-column matrix over `categories` (ascending; every value must be one of
// them). Errors: not exactly two columns, a missing cell (naming the 1-based row), a value not
// in `categories`.
Result<CountTable> cross_table(const Matrix& ratings, const std::vector<double>& categories);

// The distinct non-missing values of a matrix, ascending.
std::vector<double> categories_of(const Matrix& ratings);

// Cohen's kappa of a two-column matrix, with the categories that occur in it.
Result<KappaResult> cohen_kappa(const Matrix& ratings, KappaWeights weights);

struct FleissResult {
  long n = 0;  // units
  long k = 0;  // ratings per unit
  double kappa = 0;
};

// Fleiss' kappa from a units-by-categories table of counts (how many raters put unit i in
// category j). Every unit must have the same number of ratings, at least two. Errors: fewer
// than two units, unequal or too few ratings per unit (naming the 1-based row), negative
// counts, or all ratings in one category (kappa is undefined).
Result<FleissResult> fleiss_kappa_counts(const std::vector<std::vector<double>>& counts);

// Fleiss' kappa from a ratings matrix: the cells of a row are the categories its raters chose;
// missing cells are allowed as long as every row has the same number of ratings.
Result<FleissResult> fleiss_kappa(const Matrix& ratings);

}  // namespace trellis::stats
