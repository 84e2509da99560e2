#include "storage/sqlite/sqlite_store.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "storage/migrations/migrator.h"
#include "storage/sql/group_commit.h"
#include "storage/sql/session_pool.h"
#include "storage/sql/transaction.h"
#include "storage/sqlite/sqlite_connection.h"

namespace trellis {
namespace {

// Locking: SQLite allows one writer per file. Every write of this process goes through the one
// writer session, and writer_, a pool of one, is the writer mutex: holding its Lease is holding
// the right to write. Writes that arrive while one is being written are written together, each
// in its own savepoint, with one COMMIT (group commit, storage/sql/group_commit.h): with
// synchronous=FULL every COMMIT waits for the disk, so sharing it keeps concurrent requests fast.
// BEGIN IMMEDIATE takes the file's write lock at once, so another process writing the same file
// makes us wait (busy_timeout) before any work rather than fail at COMMIT. Readers never block the
// writer or each other (WAL); each read runs in one deferred transaction, so it sees a single
// snapshot.
class SqliteStore final : public Store {
 public:
  SqliteStore(std::vector<Migration> migrations, SessionPool::Sessions writer,
              SessionPool::Sessions readers)
      : migrations_(std::move(migrations)),
        writer_(std::move(writer)),
        readers_(std::move(readers)),
        group_([this](const std::vector<BatchedWrite*>& batch) {
          SessionPool::Lease lease = writer_.acquire();
          run_batch(lease.session(), {"BEGIN IMMEDIATE", nullptr}, batch);
        }) {}

  Backend backend() const override { return Backend::kSqlite; }

  Status write(const std::function<Status(Repositories&)>& fn) override { return group_.write(fn); }

  Status read(const std::function<Status(Repositories&)>& fn) override {
    SessionPool::Lease lease = readers_.acquire();
    return run_transaction(lease.session(), {"BEGIN", nullptr}, fn);
  }

  Result<MigrationStatus> migrate() override {
    SessionPool::Lease lease = writer_.acquire();
    return apply_migrations(lease.session(), Backend::kSqlite, migrations_);
  }

  Result<MigrationStatus> migration_status() override {
    SessionPool::Lease lease = readers_.acquire();
    return read_migration_status(lease.session(), Backend::kSqlite, migrations_);
  }

  Status ready() override { return require_current(TRY(migration_status())); }

  PoolStats pool_stats() const override { return writer_.stats() + readers_.stats(); }

 private:
  const std::vector<Migration> migrations_;
  SessionPool writer_;
  SessionPool readers_;
  GroupCommit group_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const StoreOptions& options,
                                                 std::vector<Migration> migrations) {
  if (path.empty()) return Error::invalid("The SQLite database path is empty.");
  if (path == ":memory:" || path.rfind("file:", 0) == 0) {
    return Error::invalid(
        "SQLite needs a file path: an in-memory or URI database cannot be shared by the "
        "writer and reader connections.");
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Error::unavailable("Cannot create the folder " + parent.string() +
                                " for the SQLite database: " + ec.message());
    }
  }

  // The writer first: it switches the file to WAL, which the readers then find.
  SessionPool::Sessions writer;
  writer.push_back(
      TRY(open_sqlite_connection(path, options.busy_timeout_ms, SqliteAccess::kWriter)));
  SessionPool::Sessions readers;
  for (int i = 0; i < options.pool_size; ++i) {
    readers.push_back(
        TRY(open_sqlite_connection(path, options.busy_timeout_ms, SqliteAccess::kReader)));
  }
  return std::unique_ptr<Store>(
      new SqliteStore(std::move(migrations), std::move(writer), std::move(readers)));
}

}  // namespace trellis
