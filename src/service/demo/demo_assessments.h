// The demo program's assessments: two closed rounds and one open round of the demo cohort,
// with believable, seeded ratings (see demo_assessments.cpp), written through the services.
#pragma once

#include <string>

#include "core/clock.h"
#include "storage/store.h"

namespace trellis {

// Adds the rounds to the cohort, whose scholars, mentors and streams must already exist.
// The same store contents and clock give the same ratings.
Status load_demo_assessments(Store& store, const Clock& clock, const std::string& cohort_id);

}  // namespace trellis
