// The demo cohort's check-ins: the cadence (weekly, due on Friday, a break ahead) and a
// check-in of every demo scholar for (nearly) every week so far, the last eight of which tell
// the cases the support team is there for:
// Lukas Brandt, who shares answers and lets his mentor see the flag, and whose mood falls; Sofia
// Marin, whose mood falls too but who shares nothing; and Ravi Iyer, stuck for a week. Written
// through CheckinService, each check-in at its own time (see demo_checkins.cpp). Ends with the
// program's help channels and one run of the alert rules, so the support queue holds Lukas's
// alerts (none of Sofia's) and Ravi's home page shows the nudge.
#pragma once

#include <string>

#include "core/clock.h"
#include "storage/store.h"

namespace trellis {

// Adds the check-ins to the cohort, whose scholars, mentors, support and organizer must exist
// and which must have begun, on a Monday, at least eight weeks before the clock's today.
Status load_demo_checkins(Store& store, const Clock& clock, const std::string& cohort_id);

}  // namespace trellis
