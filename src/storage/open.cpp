#include <string_view>

#include "storage/open_with_migrations.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"

namespace trellis {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

// "sqlite:PATH" (also "sqlite://PATH") or a bare path → PATH.
std::string sqlite_path(const std::string& url) {
  if (!starts_with(url, "sqlite:")) return url;
  std::string path = url.substr(7);
  if (starts_with(path, "//")) path = path.substr(2);
  return path;
}

Status check_options(const StoreOptions& options) {
  if (options.pool_size < 1) return Error::invalid("The pool size must be at least 1.");
  if (options.busy_timeout_ms < 0) return Error::invalid("The busy timeout cannot be negative.");
  return ok_status();
}

}  // namespace

Result<Backend> backend_of(const std::string& url) {
  if (url.empty()) return Error::invalid("The database URL is empty.");
  if (starts_with(url, "postgres://") || starts_with(url, "postgresql://")) {
    return Backend::kPostgres;
  }
  if (starts_with(url, "sqlite:")) return Backend::kSqlite;
  // Anything else with a scheme is a database we do not speak. (The scheme is safe to show:
  // the password comes after it.)
  if (const std::size_t colon = url.find("://"); colon != std::string::npos) {
    return Error::invalid("Unsupported database URL scheme \"" + url.substr(0, colon) +
                          "\": use sqlite:PATH or postgresql://USER@HOST/DB.");
  }
  return Backend::kSqlite;
}

Result<std::unique_ptr<Store>> open_store_with_migrations(const StoreOptions& options,
                                                          std::vector<Migration> migrations) {
  TRY(check_options(options));
  const Backend backend = TRY(backend_of(options.url));
  if (backend == Backend::kPostgres) {
    return open_postgres_store(options.url, options, std::move(migrations));
  }
  return open_sqlite_store(sqlite_path(options.url), options, std::move(migrations));
}

Result<std::unique_ptr<Store>> open_store(const StoreOptions& options) {
  const Backend backend = TRY(backend_of(options.url));
  return open_store_with_migrations(options, TRY(builtin_migrations(backend)));
}

}  // namespace trellis
