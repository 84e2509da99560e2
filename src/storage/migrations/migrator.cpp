#include "storage/migrations/migrator.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <map>
#include <optional>
#include <string>

#include "core/clock.h"
#include "storage/sql/errors.h"
#include "storage/sql/script.h"

namespace trellis {
namespace {

// checksum is the SHA-256 of the applied file; NULL only in rows written before Trellis kept
// checksums, until the next migrate records them.
constexpr std::string_view kCreateSchemaVersion =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL, checksum TEXT)";
constexpr std::string_view kAddChecksumColumn =
    "ALTER TABLE schema_version ADD COLUMN checksum TEXT";

// One row of schema_version.
struct AppliedMigration {
  int version = 0;
  std::string name;
  std::optional<std::string> checksum;  // none when applied before checksums were kept
};

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

Result<bool> has_checksum_column(soci::session& session, Backend backend) {
  long long count = 0;
  try {
    if (backend == Backend::kSqlite) {
      session << "SELECT count(*) FROM pragma_table_info('schema_version') WHERE name = 'checksum'",
          soci::into(count);
    } else {
      session << "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                 "current_schema() AND table_name = 'schema_version' AND column_name = 'checksum'",
          soci::into(count);
    }
  } catch (const std::exception& e) {
    return translate_db_error(e, "schema_version");
  }
  return count > 0;
}

// Every row of schema_version, ascending; without checksums when the table predates them (a
// database not migrated since), empty when there is no table.
Result<std::vector<AppliedMigration>> applied_rows(soci::session& session, Backend backend) {
  std::vector<AppliedMigration> rows;
  if (!TRY(schema_version_exists(session, backend))) return rows;
  const bool with_checksums = TRY(has_checksum_column(session, backend));
  try {
    long long version = 0;
    std::string name;
    std::string checksum;
    soci::indicator checksum_null = soci::i_null;
    soci::statement st =
        with_checksums
            ? (session.prepare << "SELECT version, name, checksum FROM schema_version ORDER BY "
                                  "version",
               soci::into(version), soci::into(name), soci::into(checksum, checksum_null))
            : (session.prepare << "SELECT version, name FROM schema_version ORDER BY version",
               soci::into(version), soci::into(name));
    st.execute();
    while (st.fetch()) {
      AppliedMigration row{static_cast<int>(version), name, std::nullopt};
      if (with_checksums && checksum_null == soci::i_ok) row.checksum = checksum;
      rows.push_back(std::move(row));
    }
  } catch (const std::exception& e) {
    return translate_db_error(e, "schema_version");
  }
  return rows;
}

// Applied migrations are append-only: a file whose text changed after it was applied is refused,
// naming it, because the database never ran the new text.
Status check_applied_unchanged(const std::vector<AppliedMigration>& applied,
                               const std::vector<Migration>& migrations) {
  std::map<int, const Migration*> by_version;
  for (const Migration& m : migrations) by_version[m.version] = &m;
  for (const AppliedMigration& row : applied) {
    auto it = by_version.find(row.version);
    if (!row.checksum || it == by_version.end()) continue;
    const std::string now = migration_checksum(it->second->sql);
    if (now == *row.checksum) continue;
    return Error::unavailable(
        "Migration " + it->second->name + " was changed after it was applied to this database " +
        "(SHA-256 then " + row.checksum->substr(0, 12) + "…, now " + now.substr(0, 12) +
        "…). Applied migrations are append-only: restore the file as it was and put the change " +
        "in a new migration.");
  }
  return ok_status();
}

Error newer_than_binary(int current, int latest) {
  return Error::unavailable("The database schema is at version " + std::to_string(current) +
                            ", newer than this Trellis knows (" + std::to_string(latest) +
                            "). Run the newer Trellis release against this database.");
}

// Creates schema_version, or adds the checksum column to one from before checksums were kept.
Status ensure_schema_version_table(soci::session& session, Backend backend) {
  // Checked first so PostgreSQL does not print "already exists, skipping" on every start; the
  // checks repeat inside the transaction for servers racing past this one.
  Result<bool> exists = schema_version_exists(session, backend);
  if (exists.ok() && *exists) {
    Result<bool> has_column = has_checksum_column(session, backend);
    if (has_column.ok() && *has_column) return ok_status();
  }
  Status done = begin_exclusive(session, backend);
  if (done.ok()) done = exec_script(session, backend, kCreateSchemaVersion);
  if (done.ok()) {
    Result<bool> has_column = has_checksum_column(session, backend);
    if (!has_column)
      done = std::move(has_column).error();
    else if (!*has_column)
      done = exec_script(session, backend, kAddChecksumColumn);
  }
  if (done.ok()) done = exec_script(session, backend, "COMMIT");
  if (!done.ok()) {
    rollback_quietly(session, backend);
    spdlog::error("preparing schema_version failed: {}", done.error().message);
    return Error::unavailable("Cannot prepare the schema_version table: " + done.error().message);
  }
  return ok_status();
}

// Records the checksums of migrations applied before checksums were kept, trusting the files this
// binary carries (the only text there is to compare with from now on).
Status record_missing_checksums(soci::session& session, Backend backend,
                                const std::vector<AppliedMigration>& applied,
                                const std::vector<Migration>& migrations) {
  std::vector<const Migration*> missing;
  for (const Migration& m : migrations) {
    auto row = std::find_if(applied.begin(), applied.end(),
                            [&](const AppliedMigration& a) { return a.version == m.version; });
    if (row != applied.end() && !row->checksum) missing.push_back(&m);
  }
  if (missing.empty()) return ok_status();
  Status done = begin_exclusive(session, backend);
  try {
    for (const Migration* m : missing) {
      if (!done.ok()) break;
      const std::string checksum = migration_checksum(m->sql);
      const long long version = m->version;
      session << "UPDATE schema_version SET checksum = :c WHERE version = :v AND checksum IS NULL",
          soci::use(checksum), soci::use(version);
    }
  } catch (const std::exception& e) {
    done = translate_db_error(e, "schema_version");
  }
  if (done.ok()) done = exec_script(session, backend, "COMMIT");
  if (!done.ok()) {
    rollback_quietly(session, backend);
    return Error::unavailable("Cannot record the checksums of the applied migrations: " +
                              done.error().message);
  }
  spdlog::info(
      "recorded the SHA-256 of {} migrations applied before checksums were kept ({} to {}); "
      "from now on a changed migration file is refused",
      missing.size(), missing.front()->name, missing.back()->name);
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
    const std::string checksum = migration_checksum(m.sql);
    session << "INSERT INTO schema_version (version, name, applied_at, checksum) "
               "VALUES (:v, :n, :t, :c)",
        soci::use(version), soci::use(m.name), soci::use(applied_at), soci::use(checksum);
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
  const std::vector<AppliedMigration> applied = TRY(applied_rows(session, backend));
  TRY(check_applied_unchanged(applied, migrations));
  MigrationStatus status;
  status.current_version = applied.empty() ? 0 : applied.back().version;
  status.latest_version = latest_of(migrations);
  return status;
}

Result<MigrationStatus> apply_migrations(soci::session& session, Backend backend,
                                         const std::vector<Migration>& migrations) {
  TRY(check_list(migrations));
  const int latest = latest_of(migrations);
  TRY(ensure_schema_version_table(session, backend));
  const std::vector<AppliedMigration> applied = TRY(applied_rows(session, backend));
  if (!applied.empty() && applied.back().version > latest) {
    return newer_than_binary(applied.back().version, latest);
  }
  TRY(check_applied_unchanged(applied, migrations));
  TRY(record_missing_checksums(session, backend, applied, migrations));

  for (const Migration& m : migrations) {
    const bool done = std::any_of(applied.begin(), applied.end(), [&](const AppliedMigration& a) {
      return a.version == m.version;
    });
    if (done) continue;
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
