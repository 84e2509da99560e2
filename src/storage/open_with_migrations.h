// open_store() with a chosen list of migrations instead of the ones built into the binary: for
// tests of the migrator (a broken migration, a database newer than the binary).
#pragma once

#include <memory>
#include <vector>

#include "core/result.h"
#include "storage/migrations/migration.h"
#include "storage/store.h"

namespace trellis {

Result<std::unique_ptr<Store>> open_store_with_migrations(const StoreOptions& options,
                                                          std::vector<Migration> migrations);

// The backend the URL names, or invalid naming the problem. Does not connect.
Result<Backend> backend_of(const std::string& url);

}  // namespace trellis
