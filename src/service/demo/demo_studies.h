// The demo program's studies: a finished mentor-interview study (a dozen mentors' transcripts,
// coded) and an anonymous scholar self-perception study (the cohort's scholars, coded), so the
// theme reports and the scholars-beside-mentors comparison show something real. Created through
// the study services, as an analyst of the cohort would.
#pragma once

#include "core/clock.h"
#include "domain/people.h"
#include "storage/store.h"

namespace trellis {

Status load_demo_studies(Store& store, const Clock& clock, const Program& program,
                         const Cohort& cohort);

}  // namespace trellis
