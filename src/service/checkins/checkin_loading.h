// What every check-in use case loads: a cohort's schedule, a scholar's consent and the
// program's settings, each with its default when none was saved; the signs of asking for help;
// and the view of a check-in. Internal to service/checkins.
#pragma once

#include <string>

#include "domain/checkins/alert_rules.h"
#include "domain/checkins/checkin.h"
#include "domain/checkins/checkin_policy.h"
#include "domain/people.h"
#include "service/checkins/checkin_service.h"
#include "storage/checkins/checkin_repositories.h"

namespace trellis::checkins {

Result<CheckinSchedule> schedule_of(Repositories& r, const std::string& cohort_id);
Result<Consent> consent_of(Repositories& r, const std::string& scholar_id,
                           const std::string& program_id);
Result<CheckinSettings> settings_of(Repositories& r, const std::string& program_id);

inline policy::CheckinScope scope_of(const Cohort& cohort) {
  return {cohort.program_id, cohort.id};
}

// The check-in with its period; editable only for its scholar (`owner`) while the window is
// open on `today`.
CheckinView view_of(const CheckinSchedule& schedule, const Cohort& cohort, Checkin checkin,
                    const std::string& today, bool owner);

// The days the scholar showed they asked for help in the cohort, for the stuck rule and the
// nudge: today, their requests to the support team for a conversation. This is the seam where
// help requests (capability 5) will add theirs.
Result<HelpSigns> help_signs_of(Repositories& r, const std::string& scholar_id,
                                const std::string& cohort_id);

// Every member of the cohort holding `role` (optionally in one stream), all pages.
Result<std::vector<Membership>> members_of(Repositories& r, const std::string& cohort_id, Role role,
                                           const std::optional<std::string>& stream_id = {});

}  // namespace trellis::checkins
