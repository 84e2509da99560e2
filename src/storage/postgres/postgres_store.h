// The PostgreSQL Store: a pool of sessions to one database, shared by several app servers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/migrations/migration.h"
#include "storage/store.h"

namespace trellis {

// Connects options.pool_size sessions to the database `url` names. `migrations` are the ones
// migrate() applies. Errors: invalid for a bad URL, unavailable when the server cannot be
// reached or refuses the login; messages never contain the password.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url,
                                                   const StoreOptions& options,
                                                   std::vector<Migration> migrations);

}  // namespace trellis
