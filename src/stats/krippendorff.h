// Krippendorff's alpha for any number of raters, with missing ratings, at the nominal, ordinal,
// interval or ratio level (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"
#include "stats/matrix.h"

namespace trellis::stats {

enum class MeasurementLevel { kNominal, kOrdinal, kInterval, kRatio };

// "nominal", "ordinal", "interval", "ratio".
std::string_view measurement_level_name(MeasurementLevel level);
std::optional<MeasurementLevel> parse_measurement_level(std::string_view name);

struct AlphaResult {
  long n = 0;  // pairable values: the values in units rated by at least two raters
  double alpha = 0;
  double observed_disagreement = 0;  // D_o
  double expected_disagreement = 0;  // D_e
};

// Units are rows, raters columns; a missing cell is simply not counted. Units with fewer than
// two values are not pairable and are left out. Errors (Error::invalid): no unit with two or
// more values, all pairable values identical (alpha is undefined), a negative value at the
// ratio level.
Result<AlphaResult> krippendorff_alpha(const Matrix& ratings, MeasurementLevel level);

}  // namespace trellis::stats
