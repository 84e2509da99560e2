// The one place that decides how an Error looks to the outside: its HTTP status and its JSON
// body {"error": {"code", "message", "field", "details"}}. Internal errors are logged with the
// request id and answered with a generic message.
#pragma once

#include <string_view>

#include "core/error.h"
#include "http/request.h"

namespace trellis::http {

int status_for(ErrorCode code);

Response error_response(const Error& error, std::string_view request_id);

}  // namespace trellis::http
