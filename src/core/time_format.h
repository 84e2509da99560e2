// Conversions between Timestamps and the API's text forms: RFC 3339 in UTC
// ("2026-11-26T09:30:00Z", with ".123" when there are milliseconds) and dates ("2026-11-26").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace trellis {

std::string format_rfc3339(Timestamp t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" or with a numeric offset ("+02:00"). nullopt when invalid.
std::optional<Timestamp> parse_rfc3339(std::string_view s);

// True when s is a real calendar date in the form YYYY-MM-DD.
bool is_valid_date(std::string_view s);

// The UTC calendar date of t, as YYYY-MM-DD.
std::string date_of(Timestamp t);

}  // namespace trellis
