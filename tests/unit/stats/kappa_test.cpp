#include "stats/kappa.h"

#include <gtest/gtest.h>

namespace trellis::stats {
namespace {

CountTable scaled(const std::vector<std::vector<double>>& proportions, double n) {
  CountTable t = proportions;
  for (auto& row : t)
    for (double& x : row) x *= n;
  return t;
}

// Agreement weights from Cohen's disagreement weights v: w = 1 - v / max(v).
std::vector<std::vector<double>> from_disagreement(std::vector<std::vector<double>> v) {
  double top = 0;
  for (const auto& row : v)
    for (double x : row) top = std::max(top, x);
  for (auto& row : v)
    for (double& x : row) x = 1 - x / top;
  return v;
}

// Cohen, J. (1968). Weighted kappa. Psychological Bulletin 70(4), 213-220. The worked example:
// proportions of 200 cases in three diagnostic categories. Cohen reports kappa = .492 and, with
// disagreement weights (0 1 3 / 1 0 6 / 3 6 0), weighted kappa = .348; with the asymmetric
// weights (0 1 4 / 1 0 6 / 2 2 0), .353.
TEST(CohenKappa, ReproducesCohen1968) {
  CountTable table = scaled({{0.44, 0.07, 0.09}, {0.05, 0.20, 0.05}, {0.01, 0.03, 0.06}}, 200);
  auto plain = cohen_kappa(table, kappa_weight_matrix(3, KappaWeights::kNone));
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_EQ(plain->n, 200);
  EXPECT_NEAR(plain->kappa, 0.492, 0.0005);

  auto weighted = cohen_kappa(table, from_disagreement({{0, 1, 3}, {1, 0, 6}, {3, 6, 0}}));
  ASSERT_TRUE(weighted.ok());
  EXPECT_NEAR(weighted->kappa, 0.348, 0.0005);

  auto asymmetric = cohen_kappa(table, from_disagreement({{0, 1, 4}, {1, 0, 6}, {2, 2, 0}}));
  ASSERT_TRUE(asymmetric.ok());
  EXPECT_NEAR(asymmetric->kappa, 0.353, 0.0005);
}

// A 3x3 table with SAS PROC FREQ's AGREE output (kappa, asymptotic standard error under the
// alternative and under the null, 95% limits), as recorded to four decimals in the statsmodels
// test suite (statsmodels/stats/tests/test_inter_rater.py, "table10"). SAS uses the Fleiss,
// Cohen & Everitt (1969) variance; its Cicchetti-Allison weights on equally spaced scores are the
// linear weights.
TEST(CohenKappa, StandardErrorsMatchFleissCohenEverittAsComputedBySas) {
  CountTable table = {{0, 4, 1}, {0, 8, 0}, {0, 1, 5}};
  auto plain = cohen_kappa(table, kappa_weight_matrix(3, KappaWeights::kNone));
  ASSERT_TRUE(plain.ok());
  EXPECT_NEAR(plain->kappa, 0.4842, 0.00005);
  EXPECT_NEAR(plain->se, 0.1380, 0.00005);
  EXPECT_NEAR(plain->se_null, 0.1484, 0.00005);
  EXPECT_NEAR(plain->ci95.lower, 0.2137, 0.00005);
  EXPECT_NEAR(plain->ci95.upper, 0.7547, 0.00005);

  auto linear = cohen_kappa(table, kappa_weight_matrix(3, KappaWeights::kLinear));
  ASSERT_TRUE(linear.ok());
  EXPECT_NEAR(linear->kappa, 0.4701, 0.00005);
  EXPECT_NEAR(linear->se, 0.1457, 0.00005);
  EXPECT_NEAR(linear->se_null, 0.1426, 0.00005);
  EXPECT_NEAR(linear->ci95.lower, 0.1845, 0.00005);
  EXPECT_NEAR(linear->ci95.upper, 0.7558, 0.00005);
}

// Two raters' anxiety ratings of 20 subjects, raters 2 and 3 of the "anxiety" data set of the R
// package irr (Gamer et al.), with irr's kappa2 values: unweighted -0.006289308, "equal"
// (linear) 0.1459075, "squared" (quadratic) 0.2520325. Like irr, the categories are the values
// that occur (1, 2, 3, 4, 6), equally spaced.
TEST(CohenKappa, LinearAndQuadraticWeightsMatchIrr) {
  const double rater2[] = {3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4};
  const double rater3[] = {2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2};
  Matrix m;
  for (int i = 0; i < 20; ++i) m.push_back({rater2[i], rater3[i]});
  auto none = cohen_kappa(m, KappaWeights::kNone);
  auto linear = cohen_kappa(m, KappaWeights::kLinear);
  auto quadratic = cohen_kappa(m, KappaWeights::kQuadratic);
  ASSERT_TRUE(none.ok() && linear.ok() && quadratic.ok());
  EXPECT_EQ(none->n, 20);
  EXPECT_NEAR(none->kappa, -0.006289308, 1e-9);
  EXPECT_NEAR(linear->kappa, 0.1459075, 1e-7);
  EXPECT_NEAR(quadratic->kappa, 0.2520325, 1e-7);
}

// Altman, D. G. (1991). Practical Statistics for Medical Research, section 14.3: two radiologists
// classify 85 xeromammograms (normal, benign, suspected cancer, cancer; data from Boyd et al.
// 1982). The same example in Penn State's STAT 509 notes (lesson 18) gives kappa = 0.47 and
// linearly weighted kappa = 0.57 with 95% interval (0.44, 0.70).
TEST(CohenKappa, ReproducesTheXeromammogramExample) {
  CountTable table = {{21, 12, 0, 0}, {4, 17, 1, 0}, {3, 9, 15, 2}, {0, 0, 0, 1}};
  auto plain = cohen_kappa(table, kappa_weight_matrix(4, KappaWeights::kNone));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->n, 85);
  EXPECT_NEAR(plain->kappa, 0.47, 0.005);
  auto linear = cohen_kappa(table, kappa_weight_matrix(4, KappaWeights::kLinear));
  ASSERT_TRUE(linear.ok());
  EXPECT_NEAR(linear->kappa, 0.57, 0.005);
  EXPECT_NEAR(linear->ci95.lower, 0.44, 0.005);
  EXPECT_NEAR(linear->ci95.upper, 0.70, 0.005);
}

TEST(CohenKappa, WeightMatrices) {
  auto linear = kappa_weight_matrix(5, KappaWeights::kLinear);
  EXPECT_DOUBLE_EQ(linear[0][0], 1);
  EXPECT_DOUBLE_EQ(linear[0][1], 0.75);
  EXPECT_DOUBLE_EQ(linear[0][4], 0);
  auto quadratic = kappa_weight_matrix(5, KappaWeights::kQuadratic);
  EXPECT_DOUBLE_EQ(quadratic[0][1], 1 - 1.0 / 16);
  EXPECT_DOUBLE_EQ(quadratic[1][3], 0.75);
  auto none = kappa_weight_matrix(3, KappaWeights::kNone);
  EXPECT_DOUBLE_EQ(none[1][1], 1);
  EXPECT_DOUBLE_EQ(none[1][2], 0);
}

TEST(CohenKappa, OneCategoryIsUndefined) {
  auto r = cohen_kappa(Matrix{{2, 2}, {2, 2}, {2, 2}}, KappaWeights::kLinear);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("undefined"), std::string::npos);
}

TEST(CohenKappa, RejectsBadShapes) {
  EXPECT_FALSE(cohen_kappa(Matrix{{1, 2, 3}, {1, 2, 3}}, KappaWeights::kNone).ok());
  auto missing = cohen_kappa(Matrix{{1, 2}, {1, std::nullopt}}, KappaWeights::kNone);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("unit 2"), std::string::npos);
  EXPECT_FALSE(
      cohen_kappa(CountTable{{1, 2}, {3}}, kappa_weight_matrix(2, KappaWeights::kNone)).ok());
  EXPECT_FALSE(cohen_kappa(CountTable{{1}}, kappa_weight_matrix(1, KappaWeights::kNone)).ok());
  EXPECT_FALSE(
      cohen_kappa(CountTable{{1, 2}, {3, 4}}, kappa_weight_matrix(3, KappaWeights::kNone)).ok());
}

// Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
// Bulletin 76(5), 378-382. Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses
// (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other); kappa = .430.
// The rows as packaged in the R package irr ("diagnoses").
TEST(FleissKappa, ReproducesFleiss1971) {
  const std::vector<std::vector<double>> rows = {
      {4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
      {2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
      {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
      {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
      {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
      {5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
      {1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
      {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5}};
  Matrix m;
  for (const auto& row : rows) m.push_back(Row(row.begin(), row.end()));
  auto r = fleiss_kappa(m);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->n, 30);
  EXPECT_EQ(r->k, 6);
  EXPECT_NEAR(r->kappa, 0.430, 0.0005);
}

// The worked example of Wikipedia's "Fleiss' kappa" article: 10 subjects, 14 raters each,
// 5 categories, given as counts; kappa = 0.210.
TEST(FleissKappa, ReproducesTheWikipediaExample) {
  const std::vector<std::vector<double>> counts = {
      {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
      {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
  auto r = fleiss_kappa_counts(counts);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->k, 14);
  EXPECT_NEAR(r->kappa, 0.210, 0.0005);
}

TEST(FleissKappa, MissingCellsAreFineWhenEveryUnitHasTheSameCount) {
  auto r = fleiss_kappa({{1, 1, std::nullopt}, {std::nullopt, 2, 2}, {1, std::nullopt, 2}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->k, 2);
}

TEST(FleissKappa, RejectsUnequalCountsAndOneCategory) {
  auto unequal = fleiss_kappa({{1, 1, 2}, {1, std::nullopt, 2}});
  ASSERT_FALSE(unequal.ok());
  EXPECT_NE(unequal.error().message.find("same number"), std::string::npos);
  auto one = fleiss_kappa({{3, 3}, {3, 3}});
  ASSERT_FALSE(one.ok());
  EXPECT_NE(one.error().message.find("undefined"), std::string::npos);
  EXPECT_FALSE(fleiss_kappa({{1, 2}}).ok());
  EXPECT_FALSE(fleiss_kappa({{1, std::nullopt}, {2, std::nullopt}}).ok());
}

}  // namespace
}  // namespace trellis::stats
