// JSON shapes of studies, responses, codes, segments, memos, jobs and study reports, and the
// request readers their routes share (arrays of strings, questions, answers, RFC 3339 times).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/request.h"
#include "service/studies/study_services.h"

namespace trellis::http {

boost::json::object to_json(const Question& q);
boost::json::object to_json(const Study& s);
boost::json::object to_json(const StudyView& v);
boost::json::object to_json(const Answer& a);
boost::json::object to_json(const ResponseView& v);
boost::json::object to_json(const StudyResponse& r);
boost::json::object to_json(const CodeView& c);
boost::json::object to_json(const Codebook& c);
boost::json::object to_json(const Segment& s);
boost::json::object to_json(const Memo& m);
boost::json::object to_json(const CoderState& c);
boost::json::object to_json(const Job& j);
boost::json::object to_json(const Participation& p);
boost::json::object to_json(const ThemeReport& r);
boost::json::object to_json(const CoOccurrenceReport& r);
boost::json::object to_json(const GroupReport& r);
boost::json::object to_json(const ComparisonReport& r);
boost::json::object to_json(const Quote& q);
boost::json::object to_json(const AgreementReport& r);
boost::json::object to_json(const StudyTemplate& t);

Result<std::vector<std::string>> string_array(const boost::json::object& o, std::string_view field,
                                              bool required);
Result<std::vector<Role>> role_array(const boost::json::object& o, std::string_view field);
Result<std::vector<Question>> questions_from(const boost::json::object& o, std::string_view field);
Result<std::vector<AnswerInput>> answers_from(const boost::json::object& o);
// An RFC 3339 time as a Timestamp; 0 when absent or null.
Result<std::optional<Timestamp>> optional_time(const boost::json::object& o,
                                               std::string_view field);
Result<long long> required_int(const boost::json::object& o, std::string_view field);

// A 409 carrying the current state beside the error, as API.md asks for stale versions.
Response conflict_with_current(const Error& error, const Request& request,
                               boost::json::object current);

// A CSV download with Content-Disposition.
Response csv_download(std::string body, const std::string& filename);

}  // namespace trellis::http
