#include "stats/icc.h"

#include <gtest/gtest.h>

namespace trellis::stats {
namespace {

// Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
// reliability. Psychological Bulletin 86(2), 420-428. Table 2: six targets rated by four judges.
Matrix shrout_fleiss_table2() {
  return {{9, 2, 5, 8}, {6, 1, 3, 2}, {8, 4, 6, 8}, {7, 1, 2, 6}, {10, 5, 6, 9}, {6, 2, 4, 7}};
}

TEST(Icc, ReproducesShroutFleissTable2) {
  auto r = icc(shrout_fleiss_table2());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->n, 6);
  EXPECT_EQ(r->k, 4);
  // The six estimates the paper reports for these data, to its two decimals.
  EXPECT_NEAR((*r)[IccForm::k1_1].value, 0.17, 0.005);
  EXPECT_NEAR((*r)[IccForm::k2_1].value, 0.29, 0.005);
  EXPECT_NEAR((*r)[IccForm::k3_1].value, 0.71, 0.005);
  EXPECT_NEAR((*r)[IccForm::k1_k].value, 0.44, 0.005);
  EXPECT_NEAR((*r)[IccForm::k2_k].value, 0.62, 0.005);
  EXPECT_NEAR((*r)[IccForm::k3_k].value, 0.91, 0.005);
  // The paper's analysis of variance of these data (mean squares, two decimals).
  EXPECT_NEAR(r->bms, 11.24, 0.005);
  EXPECT_NEAR(r->wms, 6.26, 0.005);
  EXPECT_NEAR(r->jms, 32.49, 0.005);
  EXPECT_NEAR(r->ems, 1.02, 0.005);
}

TEST(Icc, FTestsUseTheOneWayAndTwoWayErrorTerms) {
  auto r = icc(shrout_fleiss_table2());
  ASSERT_TRUE(r.ok());
  const auto& one_way = *(*r)[IccForm::k1_1].f;
  EXPECT_NEAR(one_way.value, 11.24 / 6.26, 0.01);
  EXPECT_EQ(one_way.df1, 5);
  EXPECT_EQ(one_way.df2, 18);
  const auto& two_way = *(*r)[IccForm::k3_1].f;
  EXPECT_NEAR(two_way.value, 11.03, 0.01);
  EXPECT_EQ(two_way.df1, 5);
  EXPECT_EQ(two_way.df2, 15);
  EXPECT_NEAR(two_way.p, 0.00013, 0.00001);
  EXPECT_EQ((*r)[IccForm::k2_k].f->value, two_way.value);
}

// The intervals follow Shrout & Fleiss (1979) and McGraw & Wong (1996, Table 7). No published
// table of these limits for Table 2 was available to check against, so the expected values are
// those formulas evaluated independently for these data (to three decimals).
TEST(Icc, ConfidenceIntervalsOfShroutFleissTable2) {
  auto r = icc(shrout_fleiss_table2());
  ASSERT_TRUE(r.ok());
  auto expect_ci = [&](IccForm form, double lo, double hi) {
    const auto& ci = (*r)[form].ci;
    ASSERT_TRUE(ci.has_value()) << icc_form_name(form);
    EXPECT_NEAR(ci->lower, lo, 0.0005) << icc_form_name(form);
    EXPECT_NEAR(ci->upper, hi, 0.0005) << icc_form_name(form);
    EXPECT_LE(ci->lower, (*r)[form].value);
    EXPECT_GE(ci->upper, (*r)[form].value);
  };
  expect_ci(IccForm::k1_1, -0.133, 0.723);
  expect_ci(IccForm::k2_1, 0.019, 0.761);
  expect_ci(IccForm::k3_1, 0.342, 0.946);
  expect_ci(IccForm::k1_k, -0.884, 0.912);
  expect_ci(IccForm::k2_k, 0.071, 0.927);
  expect_ci(IccForm::k3_k, 0.676, 0.986);
}

TEST(Icc, PerfectAgreementIsOneWithoutAnFTest) {
  auto r = icc({{1, 1}, {2, 2}, {3, 3}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  for (IccForm form : kIccForms) {
    EXPECT_DOUBLE_EQ((*r)[form].value, 1.0) << icc_form_name(form);
    EXPECT_FALSE((*r)[form].f.has_value());
    EXPECT_FALSE((*r)[form].ci.has_value());
  }
}

TEST(Icc, AllValuesIdenticalIsUndefined) {
  auto r = icc({{3, 3}, {3, 3}, {3, 3}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("identical"), std::string::npos);
}

TEST(Icc, UnitsThatDoNotDifferLeaveTheAverageFormsUndefined) {
  auto r = icc({{1, 2}, {2, 1}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("undefined"), std::string::npos);
}

TEST(Icc, RejectsTooFewUnitsOrRatersAndMissingCells) {
  EXPECT_FALSE(icc({{1, 2}}).ok());
  EXPECT_FALSE(icc({{1}, {2}}).ok());
  auto missing = icc({{1, 2}, {2, std::nullopt}, {3, 4}});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("unit 2"), std::string::npos);
  EXPECT_FALSE(icc({{1, 2}, {2, 3, 4}}).ok());
}

}  // namespace
}  // namespace trellis::stats
