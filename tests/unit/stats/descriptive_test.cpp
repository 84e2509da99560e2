#include "stats/descriptive.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace trellis::stats {
namespace {

TEST(Descriptive, MeanAndSampleStandardDeviation) {
  std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_DOUBLE_EQ(*mean(v), 5.0);
  EXPECT_NEAR(*sample_sd(v), std::sqrt(32.0 / 7.0), 1e-12);
}

TEST(Descriptive, TooFewValuesAreErrorsNotNaN) {
  std::vector<double> none, one = {3};
  EXPECT_FALSE(mean(none).ok());
  EXPECT_FALSE(sample_sd(one).ok());
  EXPECT_FALSE(mean_confidence_interval(one).ok());
  std::vector<double> two = {1, 2};
  EXPECT_FALSE(mean_confidence_interval(two, 1.0).ok());
  EXPECT_FALSE(mean_confidence_interval(two, 0.0).ok());
}

// The 0.975 quantile of Student's t with 3 degrees of freedom is 3.182 (standard t tables, e.g.
// Fisher & Yates); for {2, 4, 4, 6}: mean 4, sd sqrt(8/3), half-width 3.1824 * 1.6330 / 2.
TEST(Descriptive, ConfidenceIntervalOfAMeanFromStudentT) {
  std::vector<double> v = {2, 4, 4, 6};
  auto r = mean_confidence_interval(v);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 4);
  EXPECT_DOUBLE_EQ(r->mean, 4);
  EXPECT_NEAR(r->t_critical, 3.182446, 1e-6);
  EXPECT_NEAR(r->ci.lower, 4 - 3.182446 * std::sqrt(8.0 / 3.0) / 2, 1e-6);
  EXPECT_NEAR(r->ci.upper, 4 + 3.182446 * std::sqrt(8.0 / 3.0) / 2, 1e-6);
  // Large samples approach the normal quantile 1.960.
  std::vector<double> many(10001);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<double>(i % 7);
  EXPECT_NEAR(mean_confidence_interval(many)->t_critical, 1.960, 0.001);
}

TEST(Descriptive, EqualValuesGiveAPointInterval) {
  std::vector<double> v = {3, 3, 3};
  auto r = mean_confidence_interval(v);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->ci.lower, 3);
  EXPECT_DOUBLE_EQ(r->ci.upper, 3);
}

}  // namespace
}  // namespace trellis::stats
