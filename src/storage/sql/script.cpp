#include "storage/sql/script.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <string>

namespace trellis {
namespace {

// SOCI's header wraps the SQLite API in namespace sqlite_api (and its include guard then hides
// the global one), so the SQLite functions are named through it.
Status exec_sqlite(soci::session& session, const std::string& sql) {
  using namespace sqlite_api;
  auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
  char* message = nullptr;
  if (sqlite3_exec(backend->conn_, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) {
    return ok_status();
  }
  std::string text = message != nullptr ? message : sqlite3_errmsg(backend->conn_);
  sqlite3_free(message);
  return Error::internal(std::move(text));
}

Status exec_postgres(soci::session& session, const std::string& sql) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  PGresult* result = PQexec(backend->conn_, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);  // PGRES_FATAL_ERROR for a null result
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    PQclear(result);
    return ok_status();
  }
  std::string text = result != nullptr ? PQresultErrorMessage(result) : "";
  if (text.empty()) text = PQerrorMessage(backend->conn_);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  PQclear(result);
  return Error::internal(std::move(text));
}

}  // namespace

Status exec_script(soci::session& session, Backend backend, std::string_view sql) {
  const std::string text(sql);
  return backend == Backend::kSqlite ? exec_sqlite(session, text) : exec_postgres(session, text);
}

}  // namespace trellis
