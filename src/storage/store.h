// Store: the database behind Trellis, as the services see it. Two implementations: SQLite
// (default, embedded) and PostgreSQL (several app servers sharing one database). Services never
// know which one they talk to; only the composition root (cli/serve) opens one via open_store().
//
// Thread-safety: a Store is shared by all request threads. write() and read() may be called
// concurrently; each call gets its own connection for its duration.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "storage/repositories.h"

namespace trellis {

enum class Backend { kSqlite, kPostgres };

struct PoolStats {
  int connections = 0;               // open connections (readers and writers)
  int in_use = 0;                    // currently lent out
  int waiting = 0;                   // callers waiting for a connection
  std::uint64_t acquired_total = 0;  // connections lent out since start
  double wait_seconds_total = 0;     // time callers spent waiting for a connection
};

struct MigrationStatus {
  int current_version = 0;  // highest applied migration, 0 for an empty database
  int latest_version = 0;   // highest migration this binary knows
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Backend backend() const = 0;

  // Runs fn inside one transaction. Commits when fn returns ok; rolls back when fn returns an
  // error or throws (the exception propagates). Writers are serialised on SQLite.
  // Database failures come back as Errors (conflict, invalid, unavailable, internal).
  virtual Status write(const std::function<Status(Repositories&)>& fn) = 0;

  // Runs fn on a read-only view (a reader connection on SQLite). Writes inside fail.
  virtual Status read(const std::function<Status(Repositories&)>& fn) = 0;

  // Applies every pending migration, each in its own transaction, recording it in
  // schema_version. A failing migration leaves the database as it was before that migration
  // and returns an error naming it.
  virtual Result<MigrationStatus> migrate() = 0;
  virtual Result<MigrationStatus> migration_status() = 0;

  // Ok when the database answers and is fully migrated; unavailable otherwise (for /readyz).
  virtual Status ready() = 0;

  virtual PoolStats pool_stats() const = 0;
};

struct StoreOptions {
  // "sqlite:PATH" or a bare file path for SQLite; "postgres://…" or "postgresql://…" for
  // PostgreSQL (libpq URI syntax).
  std::string url;
  int pool_size = 8;           // readers on SQLite; connections on PostgreSQL
  int busy_timeout_ms = 5000;  // SQLite: how long a writer waits for a lock
};

// Opens the store the URL names. Invalid URL, unreachable server or unopenable file → Error
// (invalid or unavailable) with a message that names the problem, never the password.
Result<std::unique_ptr<Store>> open_store(const StoreOptions& options);

}  // namespace trellis
