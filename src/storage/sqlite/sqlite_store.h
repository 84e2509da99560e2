// The SQLite Store: one file, one writer connection, a pool of reader connections.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/migrations/migration.h"
#include "storage/store.h"

namespace trellis {

// Opens (creating when missing) the database file at `path` and its parent folder, with
// options.pool_size readers. `migrations` are the ones migrate() applies.
// Errors: invalid for a bad path or option, unavailable when the file cannot be opened.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const StoreOptions& options,
                                                 std::vector<Migration> migrations);

}  // namespace trellis
