#include "suggest/calibration.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace trellis::suggest {
namespace {

double logistic(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

// Solves a x = b (3x3) by Gaussian elimination with partial pivoting; false when singular.
bool solve3(std::array<std::array<double, 3>, 3> a, std::array<double, 3> b,
            std::array<double, 3>& x) {
  for (int col = 0; col < 3; ++col) {
    int pivot = col;
    for (int r = col + 1; r < 3; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    if (std::abs(a[pivot][col]) < 1e-12) return false;
    std::swap(a[col], a[pivot]);
    std::swap(b[col], b[pivot]);
    for (int r = col + 1; r < 3; ++r) {
      double f = a[r][col] / a[col][col];
      for (int k = col; k < 3; ++k) a[r][k] -= f * a[col][k];
      b[r] -= f * b[col];
    }
  }
  for (int r = 2; r >= 0; --r) {
    double s = b[r];
    for (int k = r + 1; k < 3; ++k) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return true;
}

}  // namespace

double confidence(const ConfidenceMapping& m, double score, double gap) {
  return logistic(m[0] * score + m[1] * gap + m[2]);
}

ConfidenceMapping fit_confidence_mapping(const std::vector<CalibrationPoint>& points) {
  constexpr double kRidge = 1e-2;
  ConfidenceMapping w = {0, 0, 0};
  if (points.empty()) return w;
  for (int iter = 0; iter < 30; ++iter) {
    std::array<double, 3> grad = {kRidge * w[0], kRidge * w[1], 0};
    std::array<std::array<double, 3>, 3> hess = {{{kRidge, 0, 0}, {0, kRidge, 0}, {0, 0, 1e-9}}};
    for (const auto& p : points) {
      const double x[3] = {p.score, p.gap, 1.0};
      double q = confidence(w, p.score, p.gap);
      double residual = q - (p.positive ? 1.0 : 0.0);
      double curvature = q * (1 - q);
      for (int i = 0; i < 3; ++i) {
        grad[i] += residual * x[i];
        for (int j = 0; j < 3; ++j) hess[i][j] += curvature * x[i] * x[j];
      }
    }
    std::array<double, 3> step{};
    if (!solve3(hess, grad, step)) break;
    double change = 0;
    for (int i = 0; i < 3; ++i) {
      w[i] -= step[i];
      change = std::max(change, std::abs(step[i]));
    }
    if (change < 1e-6) break;  // Newton's method is there in a handful of steps
  }
  return w;
}

}  // namespace trellis::suggest
