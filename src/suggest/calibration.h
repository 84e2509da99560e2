// Turning a code's similarity score into a confidence: a logistic model on the score and on its
// gap to the text's best score, fitted by maximum likelihood on held-out scores. Pure;
// thread-safe.
#pragma once

#include <array>
#include <vector>

namespace trellis::suggest {

// One code's score for one held-out text, and whether a coder applied that code.
struct CalibrationPoint {
  double score = 0;
  double gap = 0;  // score - the best score of any code for the same text (<= 0)
  bool positive = false;
};

// confidence = logistic(a * score + b * gap + c), as {a, b, c}.
using ConfidenceMapping = std::array<double, 3>;

double confidence(const ConfidenceMapping& m, double score, double gap);

// The maximum-likelihood mapping (Newton's method, with a small ridge penalty on a and b so that
// separable points still give finite weights). No points give {0, 0, 0}, a constant 0.5.
ConfidenceMapping fit_confidence_mapping(const std::vector<CalibrationPoint>& points);

}  // namespace trellis::suggest
