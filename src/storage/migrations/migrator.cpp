#include "storage/migrations/migrator.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <string>

#include "core/clock.h"
#include "storage/sql/errors.h"
#include "storage/sql/script.h"

namespace trellis {
namespace {

constexpr std::string_view kCreateSchemaVersion =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

// Any fixed number works, as long as every Trellis server sharing a database uses the same one.
constexpr std::string_view kPostgresBeginLocked = "BEGIN; SELECT pg_advisory_xact_lock(7305421965)";

int latest_of(const std::vector<Migration>& migrations) {
  return migrations.empty() ? 0 : migrations.back().version;
}

Status check_list(const std::vector<Migration>& migrations) {
  int previous = 0;
  for (const Migration& m : migrations) {
    if (m.version <= previous) {
      return Error::internal("Migrations must have increasing versions above 0; " + m.name +
                             " breaks the order.");
    }
    previous = m.version;
  }
  return ok_status();
}

// Starts a transaction that has the right to change the schema: SQLite takes the write lock at
// once, PostgreSQL serialises migrating servers on the advisory lock.
Status begin_exclusive(soci::session& session, Backend backend) {
  return exec_script(session, backend,
                     backend == Backend::kSqlite ? "BEGIN IMMEDIATE" : kPostgresBeginLocked);
}

void rollback_quietly(soci::session& session, Backend backend) {
  (void)exec_script(session, backend, "ROLLBACK");
}

Result<bool> schema_version_exists(soci::session& session, Backend backend) {
  long long count = 0;
  try {
    if (backend == Backend::kSqlite) {
      session << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                 "'schema_version'",
          soci::into(count);
    } else {
      session << "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                 "AND tablename = 'schema_version'",
          soci::into(count);
    }
  } catch (const std::exception& e) {
    return translate_db_error(e, "schema_version");
  }
  return count > 0;
}

// Applied versions, ascending; empty when schema_version does not exist.
Result<std::vector<int>> applied_versions(soci::session& session, Backend backend) {
  std::vector<int> versions;
  if (!TRY(schema_version_exists(session, backend))) return versions;
  try {
    long long version = 0;
    soci::statement st = (session.prepare << "SELECT version FROM schema_version ORDER BY version",
                          soci::into(version));
    st.execute();
    while (st.fetch()) versions.push_back(static_cast<int>(version));
  } catch (const std::exception& e) {
    return translate_db_error(e, "schema_version");
  }
  return versions;
}

Error newer_than_binary(int current, int latest) {
  return Error::unavailable("The database schema is at version " + std::to_string(current) +
                            ", newer than this Trellis knows (" + std::to_string(latest) +
                            "). Run the newer Trellis release against this database.");
}

Status ensure_schema_version_table(soci::session& session, Backend backend) {
  // Checked first so PostgreSQL does not print "already exists, skipping" on every start; the
  // IF NOT EXISTS below covers servers racing past this check.
  Result<bool> exists = schema_version_exists(session, backend);
  if (exists.ok() && *exists) return ok_status();
  Status begun = begin_exclusive(session, backend);
  if (begun.ok()) begun = exec_script(session, backend, kCreateSchemaVersion);
  if (begun.ok()) begun = exec_script(session, backend, "COMMIT");
  if (!begun.ok()) {
    rollback_quietly(session, backend);
    spdlog::error("creating schema_version failed: {}", begun.error().message);
    return Error::unavailable("Cannot create the schema_version table: " + begun.error().message);
  }
  return ok_status();
}

// Applies one migration unless another server did it meanwhile (then returns false). The version
// checks repeat inside the transaction because only there do they see a settled database.
Result<bool> apply_one(soci::session& session, Backend backend, const Migration& m, int latest) {
  if (Status begun = begin_exclusive(session, backend); !begun.ok()) {
    rollback_quietly(session, backend);
    return Error::unavailable("Cannot start the transaction for migration " + m.name + ": " +
                              begun.error().message);
  }
  auto fail = [&](Error error) {
    rollback_quietly(session, backend);
    return error;
  };
  Result<std::vector<int>> applied = applied_versions(session, backend);
  if (!applied) return fail(std::move(applied).error());
  const int newest = applied->empty() ? 0 : applied->back();
  if (newest > latest) return fail(newer_than_binary(newest, latest));
  if (std::binary_search(applied->begin(), applied->end(), m.version)) {
    rollback_quietly(session, backend);
    return false;
  }
  if (m.version < newest) {
    return fail(Error::internal("Migration " + m.name + " was never applied, but the database " +
                                "is already at version " + std::to_string(newest) +
                                "; migrations are append-only, so give it a higher number."));
  }

  if (Status ran = exec_script(session, backend, m.sql); !ran.ok()) {
    spdlog::error("migration {} failed: {}", m.name, ran.error().message);
    return fail(Error::unavailable("Migration " + m.name + " failed: " + ran.error().message));
  }
  try {
    const long long version = m.version;
    const long long applied_at = SystemClock().now();
    session << "INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :t)",
        soci::use(version), soci::use(m.name), soci::use(applied_at);
  } catch (const std::exception& e) {
    return fail(translate_db_error(e, "schema_version"));
  }
  if (Status committed = exec_script(session, backend, "COMMIT"); !committed.ok()) {
    return fail(Error::unavailable("Migration " + m.name +
                                   " could not be committed: " + committed.error().message));
  }
  spdlog::info("applied migration {}", m.name);
  return true;
}

}  // namespace

Result<MigrationStatus> read_migration_status(soci::session& session, Backend backend,
                                              const std::vector<Migration>& migrations) {
  const std::vector<int> applied = TRY(applied_versions(session, backend));
  MigrationStatus status;
  status.current_version = applied.empty() ? 0 : applied.back();
  status.latest_version = latest_of(migrations);
  return status;
}

Result<MigrationStatus> apply_migrations(soci::session& session, Backend backend,
                                         const std::vector<Migration>& migrations) {
  TRY(check_list(migrations));
  const int latest = latest_of(migrations);
  TRY(ensure_schema_version_table(session, backend));
  const std::vector<int> applied = TRY(applied_versions(session, backend));
  if (!applied.empty() && applied.back() > latest) return newer_than_binary(applied.back(), latest);

  for (const Migration& m : migrations) {
    if (std::binary_search(applied.begin(), applied.end(), m.version)) continue;
    TRY(apply_one(session, backend, m, latest));
  }
  return read_migration_status(session, backend, migrations);
}

Status require_current(const MigrationStatus& status) {
  if (status.current_version > status.latest_version) {
    return newer_than_binary(status.current_version, status.latest_version);
  }
  if (status.current_version < status.latest_version) {
    return Error::unavailable("The database schema is at version " +
                              std::to_string(status.current_version) + " of " +
                              std::to_string(status.latest_version) + "; run the migrations.");
  }
  return ok_status();
}

}  // namespace trellis
