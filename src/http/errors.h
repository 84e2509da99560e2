// The one place that decides how an Error looks to the outside: its HTTP status and its JSON
// body {"error": {"code", "message", "field", "details"}}. Internal errors are logged with the
// request id and answered with a generic message.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/error.h"
#include "http/request.h"

namespace trellis::http {

int status_for(ErrorCode code);

// {"code", "message", "field", "details"}: what every error body carries under "error", and a
// failed job under its own "error". An internal error's message is generic and asks to quote
// `reference` ("request id …", "job …"); the real message never leaves the server.
boost::json::object error_json(const Error& error, std::string_view reference);

// The HTTP answer to an error; internal errors are logged with the request id.
Response error_response(const Error& error, std::string_view request_id);

}  // namespace trellis::http
