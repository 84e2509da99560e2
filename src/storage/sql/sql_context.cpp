#include "storage/sql/errors.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {

Error SqlContext::fail(const std::exception& e, std::string_view table) {
  Error error = translate_db_error(e, table);
  if (!first_failure) first_failure = error;
  return error;
}

}  // namespace trellis
