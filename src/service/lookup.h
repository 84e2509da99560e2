// For lookups whose "not found" the caller answers in its own words ("stream_id does not name a
// stream of this cohort"): only not_found may become that answer; any other failure, such as
// the database's, must pass through unchanged so that it is answered as what it is (500, 503).
#pragma once

#include "core/result.h"

namespace trellis {

// True when the lookup found its row, false when it failed with not_found; any other failure
// is returned as the error:  if (!TRY(found(s)) || s->cohort_id != cohort_id) return …;
template <typename T>
Result<bool> found(const Result<T>& lookup) {
  if (lookup) return true;
  if (lookup.error().code == ErrorCode::kNotFound) return false;
  return lookup.error();
}

}  // namespace trellis
