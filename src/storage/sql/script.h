// Runs a SQL script (one or more statements, no parameters) on a session through the backend's
// own C API. SOCI cannot do this: on SQLite it silently runs only the first statement of a
// string, and it rewrites ":word" as a bind placeholder on both backends.
#pragma once

#include <soci/session.h>

#include <string_view>

#include "core/result.h"
#include "storage/store.h"

namespace trellis {

// Ok when every statement succeeded; otherwise Error::internal carrying the database's message
// (the caller decides what to show). Execution stops at the first failing statement.
Status exec_script(soci::session& session, Backend backend, std::string_view sql);

}  // namespace trellis
