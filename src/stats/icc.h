// Intraclass correlation: the six forms of Shrout & Fleiss (1979), with their F tests and
// confidence intervals (Shrout & Fleiss 1979; McGraw & Wong 1996, Table 7). Pure; thread-safe.
//
//   ICC(1,1), ICC(1,k)  one-way random: each unit is rated by a different set of raters
//   ICC(2,1), ICC(2,k)  two-way random, absolute agreement: raters are a sample of raters
//   ICC(3,1), ICC(3,k)  two-way mixed, consistency: these raters only
// The ",1" forms are the reliability of one rating, the ",k" forms of the mean of k ratings.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "stats/matrix.h"

namespace trellis::stats {

enum class IccForm { k1_1, k2_1, k3_1, k1_k, k2_k, k3_k };
inline constexpr std::array<IccForm, 6> kIccForms = {IccForm::k1_1, IccForm::k2_1, IccForm::k3_1,
                                                     IccForm::k1_k, IccForm::k2_k, IccForm::k3_k};

// "ICC(1,1)", "ICC(2,k)", ...: the names used in Shrout & Fleiss with k left as a letter.
std::string_view icc_form_name(IccForm form);

// The F test of "the ICC is zero" that goes with a form: BMS/WMS for the one-way forms,
// BMS/EMS for the two-way forms.
struct FTest {
  double value = 0;
  double df1 = 0;
  double df2 = 0;
  double p = 0;  // upper-tail probability
};

struct IccEstimate {
  double value = 0;
  // Absent when the error mean square is zero (the raters agree exactly), so that F is
  // infinite; the estimate itself is then 1.
  std::optional<FTest> f;
  std::optional<Interval> ci;
};

struct IccResult {
  long n = 0;  // units (subjects)
  long k = 0;  // raters
  double confidence = 0.95;
  // Mean squares of the two-way ANOVA: between units, within units, between raters, error.
  double bms = 0, wms = 0, jms = 0, ems = 0;
  std::array<IccEstimate, 6> forms;  // indexed by IccForm

  const IccEstimate& operator[](IccForm form) const { return forms[static_cast<int>(form)]; }
};

// Computes all six forms from a complete matrix (every unit rated by every rater).
// Errors (Error::invalid): fewer than two units or raters, rows of different lengths, a missing
// cell (naming the 1-based unit row and rater column), all values identical (the ICC is
// undefined), or a form whose denominator is zero.
Result<IccResult> icc(const Matrix& ratings, double confidence = 0.95);

}  // namespace trellis::stats
