#include "storage/postgres/postgres_store.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "storage/migrations/migrator.h"
#include "storage/postgres/connect_string.h"
#include "storage/sql/session_pool.h"
#include "storage/sql/transaction.h"

namespace trellis {
namespace {

bool connection_ok(soci::session& session) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  return backend != nullptr && PQstatus(backend->conn_) == CONNECTION_OK;
}

// Replaces a broken connection (the server restarted, a proxy dropped it) with a new one.
bool reconnect(soci::session& session) {
  try {
    session.reconnect();
    return connection_ok(session);
  } catch (const std::exception& e) {
    spdlog::warn("reconnecting to PostgreSQL failed: {}", e.what());
    return false;
  }
}

Error connection_lost() {
  return Error::unavailable("The database connection was lost; try again.");
}

// Every call borrows one session for its duration. A session whose connection broke is
// reconnected when next borrowed, and a transaction whose BEGIN finds the connection broken is
// retried once on a fresh one, so a database restart costs at most the requests in flight.
class PostgresStore final : public Store {
 public:
  PostgresStore(std::vector<Migration> migrations, SessionPool::Sessions sessions)
      : migrations_(std::move(migrations)), pool_(std::move(sessions)) {}

  Backend backend() const override { return Backend::kPostgres; }

  Status write(const std::function<Status(Repositories&)>& fn) override {
    return in_transaction("BEGIN", fn);
  }

  // REPEATABLE READ: the whole callback sees one snapshot, as on SQLite.
  Status read(const std::function<Status(Repositories&)>& fn) override {
    return in_transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }

  Result<MigrationStatus> migrate() override {
    SessionPool::Lease lease = pool_.acquire();
    if (!usable(lease.session())) return connection_lost();
    return apply_migrations(lease.session(), Backend::kPostgres, migrations_);
  }

  Result<MigrationStatus> migration_status() override {
    SessionPool::Lease lease = pool_.acquire();
    if (!usable(lease.session())) return connection_lost();
    Result<MigrationStatus> status =
        read_migration_status(lease.session(), Backend::kPostgres, migrations_);
    if (!status && !connection_ok(lease.session())) return connection_lost();
    return status;
  }

  Status ready() override { return require_current(TRY(migration_status())); }

  PoolStats pool_stats() const override { return pool_.stats(); }

 private:
  static bool usable(soci::session& session) {
    return connection_ok(session) || reconnect(session);
  }

  Status in_transaction(std::string_view begin, const std::function<Status(Repositories&)>& fn) {
    SessionPool::Lease lease = pool_.acquire();
    soci::session& session = lease.session();
    if (!usable(session)) return connection_lost();
    // libpq notices a dead connection only when a statement fails, so BEGIN is where a restart
    // shows; nothing has run yet, so reconnecting and beginning again is safe.
    auto repair = [&session] { return !connection_ok(session) && reconnect(session); };
    Status result = run_transaction(session, {begin, repair}, fn);
    if (!result.ok() && !connection_ok(session)) return connection_lost();
    return result;
  }

  const std::vector<Migration> migrations_;
  SessionPool pool_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url,
                                                   const StoreOptions& options,
                                                   std::vector<Migration> migrations) {
  const PostgresTarget target = TRY(parse_postgres_url(url));
  SessionPool::Sessions sessions;
  for (int i = 0; i < options.pool_size; ++i) {
    try {
      sessions.push_back(std::make_unique<soci::session>(soci::postgresql, target.connect_string));
    } catch (const std::exception& e) {
      const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e);
      std::string why = soci_error != nullptr ? soci_error->get_error_message() : e.what();
      while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
      return Error::unavailable("Cannot connect to PostgreSQL at " + target.description + ": " +
                                redact_password(why, url));
    }
  }
  return std::unique_ptr<Store>(new PostgresStore(std::move(migrations), std::move(sessions)));
}

}  // namespace trellis
