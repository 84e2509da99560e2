// JSON shapes of frameworks, assessment rounds, assessments and their reports. A withheld
// aggregate is rendered by withheld_json (mapping.h), which says why.
#pragma once

#include <boost/json.hpp>

#include "domain/assessments/assessment.h"
#include "service/assessments/assessment_service.h"
#include "service/assessments/report_service.h"

namespace trellis::http {

boost::json::object to_json(const Quality& q);
boost::json::object to_json(const FrameworkVersion& v);
// Without qualities, for the list of versions.
boost::json::object version_summary_json(const FrameworkVersion& v);
boost::json::object to_json(const RoundView& r);
boost::json::object to_json(const Assignment& a);
boost::json::object to_json(const AssignmentView& v);
boost::json::object to_json(const ProgressRow& row);
boost::json::object to_json(const SubmissionView& s);
boost::json::object to_json(const DueAssignment& d);
boost::json::object to_json(const CohortReport& r);
boost::json::object to_json(const Heatmap& h);
boost::json::object to_json(const ScholarReport& r);

// Reads "qualities": [...] of a framework edit; errors name "qualities[i].field".
Result<std::vector<Quality>> qualities_from_json(const boost::json::value& v);
// Reads "ratings": [...] of an assessment; errors name "ratings[i].field".
Result<std::vector<Rating>> ratings_from_json(const boost::json::value& v);

}  // namespace trellis::http
