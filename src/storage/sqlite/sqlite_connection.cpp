#include "storage/sqlite/sqlite_connection.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <exception>

namespace trellis {
namespace {

// SOCI reads a connect string containing '=' as "key=value" pairs; quote such paths.
std::string soci_connect_string(const std::string& path) {
  if (path.find('=') == std::string::npos) return path;
  return "db=\"" + path + "\"";
}

}  // namespace

Result<std::unique_ptr<soci::session>> open_sqlite_connection(const std::string& path,
                                                              int busy_timeout_ms,
                                                              SqliteAccess access) {
  if (path.find('"') != std::string::npos) {
    return Error::invalid("The SQLite path must not contain a double quote: " + path);
  }
  try {
    auto session = std::make_unique<soci::session>(soci::sqlite3, soci_connect_string(path));
    std::string journal_mode;
    *session << "PRAGMA journal_mode=WAL", soci::into(journal_mode);
    if (journal_mode != "wal") {
      return Error::unavailable("SQLite could not use write-ahead logging for " + path +
                                " (journal mode is \"" + journal_mode + "\").");
    }
    *session << "PRAGMA synchronous=FULL";
    *session << "PRAGMA foreign_keys=ON";
    *session << "PRAGMA busy_timeout=" + std::to_string(busy_timeout_ms);
    if (access == SqliteAccess::kReader) *session << "PRAGMA query_only=ON";
    return session;
  } catch (const std::exception& e) {
    const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e);
    return Error::unavailable("Cannot open the SQLite database " + path + ": " +
                              (soci_error ? soci_error->get_error_message() : e.what()));
  }
}

}  // namespace trellis
