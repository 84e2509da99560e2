// JSON shapes of check-ins: the cadence, check-ins and their periods, what is due, the
// scholar's history, consent and disclosures, mentors' flags and the cohort view. A withheld
// aggregate is withheld_json (mapping.h), as in the assessment reports. Also the readers of the
// request bodies.
#pragma once

#include <boost/json.hpp>

#include "service/checkins/checkin_service.h"

namespace trellis::http {

boost::json::object to_json(const CheckinSchedule& s);
boost::json::object to_json(const CheckinView& v);
boost::json::object to_json(const DueCheckins& d);
boost::json::object to_json(const CheckinHistory& h);
boost::json::object to_json(const Consent& c);
boost::json::object to_json(const ConsentChange& c);
boost::json::object to_json(const DisclosureView& d);
boost::json::object to_json(const SupportFlag& f);
boost::json::object to_json(const CohortCheckinReport& r);
boost::json::object to_json(const CheckinSettings& s);

// PUT /cohorts/{id}/checkin-schedule: cadence and due_weekday required, weeks_off optional.
Result<ScheduleInput> schedule_from_json(const boost::json::object& body);
// POST /me/checkins.
Result<NewCheckin> new_checkin_from_json(const boost::json::object& body);
// PATCH /checkins/{id}: only the fields given.
Result<CheckinPatch> checkin_patch_from_json(const boost::json::object& body);
// PUT /programs/{id}/checkin-settings: every threshold required, help_channels optional.
Result<CheckinSettings> settings_from_json(const boost::json::object& body);
// PUT /me/checkin-consent: level and mentor_flag required.
Result<ConsentInput> consent_from_json(const boost::json::object& body);

}  // namespace trellis::http
