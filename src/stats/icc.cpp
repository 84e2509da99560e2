#include "stats/icc.h"

#include <cmath>
#include <string>

#include "stats/distributions.h"

namespace trellis::stats {
namespace {

std::string row_name(std::size_t i) {
  return "unit " + std::to_string(i + 1);
}

// Mean squares below this share of the total variance are rounding noise around zero.
constexpr double kRelativeZero = 1e-12;

Status check_complete(const Matrix& ratings) {
  if (ratings.size() < 2)
    return Error::invalid("The ICC needs at least two units; there are " +
                          std::to_string(ratings.size()) + ".");
  std::size_t k = ratings[0].size();
  if (k < 2)
    return Error::invalid("The ICC needs at least two raters; there are " + std::to_string(k) +
                          ".");
  for (std::size_t i = 0; i < ratings.size(); ++i) {
    if (ratings[i].size() != k)
      return Error::invalid("Every unit needs a rating from each of the " + std::to_string(k) +
                            " raters; " + row_name(i) + " has " +
                            std::to_string(ratings[i].size()) + ".");
    for (std::size_t j = 0; j < k; ++j)
      if (!ratings[i][j])
        return Error::invalid("The ICC needs complete rows: " + row_name(i) +
                              " has no rating from rater " + std::to_string(j + 1) + ".");
  }
  return ok_status();
}

Error undefined(IccForm form, const std::string& why) {
  return Error::invalid(std::string(icc_form_name(form)) +
                        " is undefined for these ratings: " + why + ".");
}

// Lower and upper limits of F-based intervals: the observed F divided by the upper quantile,
// and multiplied by the upper quantile of the swapped degrees of freedom.
Interval f_limits(double f, double df1, double df2, double tail) {
  return {f / detail::f_quantile(1 - tail, df1, df2), f * detail::f_quantile(1 - tail, df2, df1)};
}

}  // namespace

std::string_view icc_form_name(IccForm form) {
  switch (form) {
    case IccForm::k1_1:
      return "ICC(1,1)";
    case IccForm::k2_1:
      return "ICC(2,1)";
    case IccForm::k3_1:
      return "ICC(3,1)";
    case IccForm::k1_k:
      return "ICC(1,k)";
    case IccForm::k2_k:
      return "ICC(2,k)";
    case IccForm::k3_k:
      return "ICC(3,k)";
  }
  return "ICC";
}

// Long on purpose: one formula (McGraw & Wong), its sums of squares beside the terms that use them.
Result<IccResult> icc(const Matrix& ratings, double confidence) {
  if (!(confidence > 0 && confidence < 1))
    return Error::invalid("The confidence level must be strictly between 0 and 1.");
  TRY(check_complete(ratings));
  const std::size_t n = ratings.size(), k = ratings[0].size();
  const double nd = static_cast<double>(n), kd = static_cast<double>(k);

  bool all_equal = true;
  double grand = 0;
  for (const Row& row : ratings)
    for (const auto& x : row) {
      grand += *x;
      all_equal = all_equal && *x == *ratings[0][0];
    }
  if (all_equal)
    return Error::invalid("All ratings are identical, so the ICC is undefined (no variance).");
  grand /= nd * kd;

  double ss_total = 0, ss_rows = 0, ss_cols = 0;
  std::vector<double> col_mean(k, 0);
  for (std::size_t i = 0; i < n; ++i) {
    double row_mean = 0;
    for (std::size_t j = 0; j < k; ++j) {
      double x = *ratings[i][j];
      row_mean += x;
      col_mean[j] += x;
      ss_total += (x - grand) * (x - grand);
    }
    row_mean /= kd;
    ss_rows += kd * (row_mean - grand) * (row_mean - grand);
  }
  for (double& c : col_mean) {
    c /= nd;
    ss_cols += nd * (c - grand) * (c - grand);
  }
  const double noise = kRelativeZero * ss_total;
  auto clean = [noise](double ss) { return ss <= noise ? 0.0 : ss; };
  const double ss_within = clean(ss_total - ss_rows);
  const double ss_error = clean(ss_total - ss_rows - ss_cols);

  IccResult r;
  r.n = static_cast<long>(n);
  r.k = static_cast<long>(k);
  r.confidence = confidence;
  r.bms = clean(ss_rows) / (nd - 1);
  r.wms = ss_within / (nd * (kd - 1));
  r.jms = clean(ss_cols) / (kd - 1);
  r.ems = ss_error / ((nd - 1) * (kd - 1));
  const double bms = r.bms, wms = r.wms, jms = r.jms, ems = r.ems;

  // Point estimates (Shrout & Fleiss 1979, Table 1 equations).
  struct Ratio {
    IccForm form;
    double numerator, denominator;
  };
  const Ratio ratios[] = {
      {IccForm::k1_1, bms - wms, bms + (kd - 1) * wms},
      {IccForm::k2_1, bms - ems, bms + (kd - 1) * ems + kd * (jms - ems) / nd},
      {IccForm::k3_1, bms - ems, bms + (kd - 1) * ems},
      {IccForm::k1_k, bms - wms, bms},
      {IccForm::k2_k, bms - ems, bms + (jms - ems) / nd},
      {IccForm::k3_k, bms - ems, bms},
  };
  for (const Ratio& q : ratios) {
    if (!(q.denominator > 0))
      return undefined(q.form, bms == 0 ? "the units do not differ (between-unit mean square is 0)"
                                        : "its denominator is zero");
    r.forms[static_cast<int>(q.form)].value = q.numerator / q.denominator;
  }
  auto& f11 = r.forms[static_cast<int>(IccForm::k1_1)];
  auto& f21 = r.forms[static_cast<int>(IccForm::k2_1)];
  auto& f31 = r.forms[static_cast<int>(IccForm::k3_1)];
  auto& f1k = r.forms[static_cast<int>(IccForm::k1_k)];
  auto& f2k = r.forms[static_cast<int>(IccForm::k2_k)];
  auto& f3k = r.forms[static_cast<int>(IccForm::k3_k)];
  const double tail = (1 - confidence) / 2;

  // One-way model: F = BMS / WMS on (n-1, n(k-1)) degrees of freedom.
  if (wms > 0) {
    FTest f{bms / wms, nd - 1, nd * (kd - 1), 0};
    f.p = detail::f_upper_tail(f.value, f.df1, f.df2);
    f11.f = f1k.f = f;
    Interval lim = f_limits(f.value, f.df1, f.df2, tail);
    f11.ci =
        Interval{(lim.lower - 1) / (lim.lower + kd - 1), (lim.upper - 1) / (lim.upper + kd - 1)};
    f1k.ci = Interval{1 - 1 / lim.lower, 1 - 1 / lim.upper};
  }

  // Two-way models: F = BMS / EMS on (n-1, (n-1)(k-1)) degrees of freedom.
  if (ems > 0) {
    FTest f{bms / ems, nd - 1, (nd - 1) * (kd - 1), 0};
    f.p = detail::f_upper_tail(f.value, f.df1, f.df2);
    f21.f = f2k.f = f31.f = f3k.f = f;
    Interval lim = f_limits(f.value, f.df1, f.df2, tail);
    f31.ci =
        Interval{(lim.lower - 1) / (lim.lower + kd - 1), (lim.upper - 1) / (lim.upper + kd - 1)};
    f3k.ci = Interval{1 - 1 / lim.lower, 1 - 1 / lim.upper};

    // ICC(2,1): Satterthwaite's approximate degrees of freedom for the denominator
    // (Shrout & Fleiss 1979, eq. 13; McGraw & Wong 1996, Table 7, case 2A).
    const double rho = f21.value;
    if (rho < 1) {
      const double a = kd * rho / (nd * (1 - rho));
      const double b = 1 + kd * rho * (nd - 1) / (nd * (1 - rho));
      const double num = (a * jms + b * ems) * (a * jms + b * ems);
      const double den =
          (a * jms) * (a * jms) / (kd - 1) + (b * ems) * (b * ems) / ((nd - 1) * (kd - 1));
      const double v = num / den;
      if (std::isfinite(v) && v > 0) {
        const double f_low = detail::f_quantile(1 - tail, nd - 1, v);
        const double f_high = detail::f_quantile(1 - tail, v, nd - 1);
        const double c = kd * jms + (kd * nd - kd - nd) * ems;
        f21.ci = Interval{nd * (bms - f_low * ems) / (f_low * c + nd * bms),
                          nd * (f_high * bms - ems) / (c + nd * f_high * bms)};
        // ICC(2,k): the same limits stepped up to k raters (McGraw & Wong 1996, case 2A, k).
        f2k.ci = Interval{nd * (bms - f_low * ems) / (f_low * (jms - ems) + nd * bms),
                          nd * (f_high * bms - ems) / (jms - ems + nd * f_high * bms)};
      }
    }
  }
  return r;
}

}  // namespace trellis::stats
