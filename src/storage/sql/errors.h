// The one place that turns database exceptions into Errors, for both backends.
//
//   UNIQUE violation      -> conflict, with the field and a sentence per known constraint
//   FOREIGN KEY violation -> invalid ("… does not exist"), field when the database names it
//   CHECK / NOT NULL      -> invalid, field from the constraint or column name
//   lost connection, busy -> unavailable
//   anything else         -> internal; the real message is logged, a generic one returned
// Messages never carry the values of the failing row (emails, password hashes).
#pragma once

#include <exception>
#include <string_view>

#include "core/error.h"

namespace trellis {

// `table` is the table the failing statement wrote to or read from; it picks the sentences.
Error translate_db_error(const std::exception& e, std::string_view table);

}  // namespace trellis
