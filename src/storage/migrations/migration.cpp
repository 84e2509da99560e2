#include "storage/migrations/migration.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "storage/migrations/embedded.h"

namespace trellis {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Whether a file named like this runs on `backend`.
bool applies_to(std::string_view name, Backend backend) {
  if (ends_with(name, ".sqlite.sql")) return backend == Backend::kSqlite;
  if (ends_with(name, ".postgres.sql")) return backend == Backend::kPostgres;
  return true;
}

// The NNNN of "NNNN_title…", or 0 when the name does not start that way.
int version_of(std::string_view name) {
  std::size_t digits = 0;
  while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
  if (digits == 0 || digits > 9 || digits >= name.size() || name[digits] != '_') return 0;
  return std::stoi(std::string(name.substr(0, digits)));
}

}  // namespace

std::string migration_checksum(std::string_view sql) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(sql.data()), sql.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Result<std::vector<Migration>> builtin_migrations(Backend backend) {
  std::vector<Migration> migrations;
  for (const EmbeddedMigrationFile& file : embedded_migrations()) {
    if (!applies_to(file.name, backend)) continue;
    const int version = version_of(file.name);
    if (version <= 0) {
      return Error::internal("Migration file " + std::string(file.name) +
                             " is not named NNNN_title.sql.");
    }
    migrations.push_back({version, std::string(file.name), std::string(file.sql)});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      return Error::internal("Migration files " + migrations[i - 1].name + " and " +
                             migrations[i].name + " share a version.");
    }
  }
  return migrations;
}

}  // namespace trellis
