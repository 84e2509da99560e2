#include "stats/distributions.h"

#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace trellis::stats::detail {

double f_quantile(double p, double df1, double df2) {
  return boost::math::quantile(boost::math::fisher_f_distribution<double>(df1, df2), p);
}

double f_upper_tail(double x, double df1, double df2) {
  return boost::math::cdf(
      boost::math::complement(boost::math::fisher_f_distribution<double>(df1, df2), x));
}

double t_quantile(double p, double df) {
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
}

double normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

}  // namespace trellis::stats::detail
