// Turning a postgres:// URL into what SOCI's PostgreSQL backend accepts, and keeping its
// password out of messages.
//
// SOCI 4.0.3 does not pass a URL through to libpq: it re-splits the connect string on spaces and
// '=' and would mangle it. So the URL is parsed by libpq here and rebuilt as keyword=value pairs.
// A value containing a space cannot survive that re-splitting and is refused.
#pragma once

#include <string>

#include "core/result.h"

namespace trellis {

struct PostgresTarget {
  std::string connect_string;  // keyword=value form, for soci::session; holds the password
  std::string description;     // "user@host:port/dbname", safe to show
};

// Errors: invalid, naming what is wrong, never the password. Adds connect_timeout=10 and
// application_name=trellis unless the URL sets them.
Result<PostgresTarget> parse_postgres_url(const std::string& url);

// `message` with any occurrence of the URL's password replaced by "***".
std::string redact_password(std::string message, const std::string& url);

}  // namespace trellis
