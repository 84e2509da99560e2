// Migration: one numbered schema change, and the list of them this binary carries.
//
// Migrations are append-only SQL files named NNNN_title.sql (both backends), or
// NNNN_title.sqlite.sql / NNNN_title.postgres.sql when a backend needs its own text. A file runs
// in one transaction together with its schema_version row, so it applies completely or not at
// all. Write plain SQL: the file is handed to the database as it is (several statements allowed),
// without BEGIN/COMMIT of its own and nothing that cannot run inside a transaction (such as
// PostgreSQL's CREATE INDEX CONCURRENTLY).
//
// schema_version keeps the SHA-256 of every file it applied; a file changed after it was
// applied is refused at the next start (see migrator.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/store.h"

namespace trellis {

struct Migration {
  int version = 0;   // NNNN, > 0; the order migrations run in
  std::string name;  // the file name, e.g. "0001_people.sql"; recorded in schema_version
  std::string sql;
};

// The SHA-256 of a migration's SQL text, hex-encoded: what schema_version records.
std::string migration_checksum(std::string_view sql);

// The embedded migrations that apply to `backend`, in version order. Errors (internal) when a
// file name has no NNNN_ prefix or two files claim the same version for one backend: both are
// mistakes in the source tree, caught by the storage tests.
Result<std::vector<Migration>> builtin_migrations(Backend backend);

}  // namespace trellis
