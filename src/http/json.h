// JSON at the HTTP boundary: decoding request bodies with clear errors, reading typed fields,
// and building JSON responses. Boost.JSON underneath.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"

namespace trellis::http {

// Checks the Content-Type is application/json (415 otherwise) and parses the body as a JSON
// object (400 "invalid" naming the position of a syntax error, or saying it is not an object).
Result<boost::json::object> parse_json_object(const Request& request);

// Field readers. A missing required field, a wrong type or a string that is not valid UTF-8
// gives Error::invalid naming the field.
Result<std::string> required_string(const boost::json::object& o, std::string_view field);
Result<std::optional<std::string>> optional_string(const boost::json::object& o,
                                                   std::string_view field);
Result<std::optional<long long>> optional_int(const boost::json::object& o, std::string_view field);
Result<std::optional<bool>> optional_bool(const boost::json::object& o, std::string_view field);
// Rejects fields not in `allowed` ("unknown field x") so typos do not pass silently.
Status reject_unknown_fields(const boost::json::object& o,
                             std::initializer_list<std::string_view> allowed);

// A JSON response with the given status.
Response json_response(int status, const boost::json::value& body);

}  // namespace trellis::http
