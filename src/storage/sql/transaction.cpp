#include "storage/sql/transaction.h"

#include <exception>
#include <optional>

#include "storage/sql/errors.h"
#include "storage/sql/sql_store_repositories.h"

namespace trellis {
namespace {

// Used while another error is already on its way out; a rollback that fails (the connection
// dropped) leaves nothing to undo on the server.
void rollback_quietly(soci::session& session) noexcept {
  try {
    session << "ROLLBACK";
  } catch (...) {
  }
}

Status begin(soci::session& session, const TransactionOptions& options) {
  try {
    session << std::string(options.begin);
    return ok_status();
  } catch (const std::exception& first) {
    if (!options.repair || !options.repair()) return translate_db_error(first, "transaction");
  }
  try {
    session << std::string(options.begin);
    return ok_status();
  } catch (const std::exception& again) {
    return translate_db_error(again, "transaction");
  }
}

}  // namespace

Status run_transaction(soci::session& session, const TransactionOptions& options,
                       const std::function<Status(Repositories&)>& fn) {
  TRY(begin(session, options));

  SqlRepositories repositories(session);
  std::optional<Status> outcome;
  try {
    outcome = fn(repositories);
  } catch (...) {
    rollback_quietly(session);
    throw;
  }
  if (!outcome->ok()) {
    rollback_quietly(session);
    return *outcome;
  }
  if (repositories.first_failure()) {
    // fn went on after a failed statement; PostgreSQL would turn the COMMIT into a ROLLBACK
    // without telling, so both backends refuse here.
    rollback_quietly(session);
    return *repositories.first_failure();
  }
  try {
    session << "COMMIT";
  } catch (const std::exception& e) {
    rollback_quietly(session);
    return translate_db_error(e, "transaction");
  }
  return ok_status();
}

}  // namespace trellis
