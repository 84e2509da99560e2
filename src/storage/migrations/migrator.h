// The migrator: brings one database connection's schema up to a list of migrations and reports
// how far it is. Used by both stores (on the SQLite writer connection, on a pooled PostgreSQL
// session); tests call it with their own migration lists.
//
// Guarantees:
//  - each pending migration runs in its own transaction together with its schema_version row;
//    a failure rolls that migration back and names the file and the database's message;
//  - on PostgreSQL every migration transaction first takes a transaction-scoped advisory lock,
//    so servers starting at once apply each migration exactly once;
//  - a database whose schema is newer than the list is refused, never touched;
//  - schema_version records the SHA-256 of each applied file, and a file changed since it was
//    applied is refused (unavailable, naming it) by both functions below; rows from before
//    checksums were kept get theirs recorded by the next apply_migrations.
// Not thread-safe per session: the caller owns the session for the duration of a call.
#pragma once

#include <soci/session.h>

#include <vector>

#include "core/result.h"
#include "storage/migrations/migration.h"
#include "storage/store.h"

namespace trellis {

// Applies every migration of `migrations` (sorted by version) not yet recorded in
// schema_version, creating that table when missing. Errors: unavailable when a migration fails,
// an applied migration's file changed, or the database is newer than the list; internal when
// the list itself is malformed.
Result<MigrationStatus> apply_migrations(soci::session& session, Backend backend,
                                         const std::vector<Migration>& migrations);

// The highest applied version (0 when schema_version does not exist yet) and the latest version
// of `migrations`. Does not write. Errors: unavailable when an applied migration's file changed.
Result<MigrationStatus> read_migration_status(soci::session& session, Backend backend,
                                              const std::vector<Migration>& migrations);

// Ok when the status is fully migrated; unavailable with a message saying what to do otherwise.
Status require_current(const MigrationStatus& status);

}  // namespace trellis
