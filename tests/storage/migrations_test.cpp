// The migrator on a real database: applies, skips, rolls back, refuses.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <thread>
#include <vector>

#include "storage/migrations/migration.h"
#include "storage/open_with_migrations.h"
#include "store_fixture.h"

namespace trellis::test {
namespace {

std::vector<Migration> builtin(Backend backend) {
  auto migrations = builtin_migrations(backend);
  EXPECT_TRUE(migrations.ok()) << migrations.error().message;
  return migrations.ok() ? *migrations : std::vector<Migration>{};
}

std::unique_ptr<Store> open_with(const std::string& url, std::vector<Migration> migrations) {
  StoreOptions options;
  options.url = url;
  options.pool_size = 2;
  auto store = open_store_with_migrations(options, std::move(migrations));
  EXPECT_TRUE(store.ok()) << store.error().message;
  return store.ok() ? std::move(*store) : nullptr;
}

// Runs SQL on the database behind `url` directly, as an operator (or an older Trellis) would,
// outside the store; fails the test when the database refuses it.
void exec_sql(const std::string& url, const std::string& sql) {
  if (url.rfind("sqlite:", 0) == 0) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(url.substr(7).c_str(), &db, SQLITE_OPEN_READWRITE, nullptr),
              SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string error = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << error;
    return;
  }
  PGconn* conn = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string error = PQerrorMessage(conn);
  PQclear(result);
  PQfinish(conn);
  ASSERT_TRUE(ok) << error;
}

Backend test_backend() {
  return backend_name() == "postgres" ? Backend::kPostgres : Backend::kSqlite;
}

TEST(BuiltinMigrations, AreNumberedInOrderForBothBackends) {
  for (Backend backend : {Backend::kSqlite, Backend::kPostgres}) {
    std::vector<Migration> migrations = builtin(backend);
    ASSERT_FALSE(migrations.empty());
    EXPECT_EQ(migrations.front().version, 1);
    EXPECT_EQ(migrations.front().name, "0001_people.sql");
    for (std::size_t i = 1; i < migrations.size(); ++i)
      EXPECT_LT(migrations[i - 1].version, migrations[i].version);
  }
}

TEST(Migrate, EmptyDatabaseReachesLatestAndSecondRunIsANoOp) {
  auto store = StoreTest::open(fresh_database_url());
  ASSERT_TRUE(store);
  auto before = store->migration_status();
  ASSERT_OK(before);
  EXPECT_EQ(before->current_version, 0);
  const int latest = builtin(store->backend()).back().version;
  EXPECT_EQ(before->latest_version, latest);

  auto first = store->migrate();
  ASSERT_OK(first);
  EXPECT_EQ(first->current_version, latest);
  EXPECT_EQ(first->latest_version, latest);

  auto second = store->migrate();
  ASSERT_OK(second);
  EXPECT_EQ(second->current_version, latest);

  // The schema is really there: every table of 0001 takes a row.
  Status wrote = store->write([](Repositories& r) -> Status {
    User u = StoreTest::user("ada@example.org");
    TRY(r.users().insert(u, "hash"));
    Program p = StoreTest::program("Fellowship");
    TRY(r.programs().insert(p));
    Cohort c = StoreTest::cohort(p.id, "Winter 2027");
    TRY(r.cohorts().insert(c));
    Stream s = StoreTest::stream(c.id, "Interpretability");
    TRY(r.streams().insert(s));
    Membership m = StoreTest::membership(u.id, c.id, Role::kScholar);
    m.stream_id = s.id;
    return r.memberships().insert(m);
  });
  ASSERT_OK(wrote);
}

TEST(Migrate, ReadyIsUnavailableBeforeMigrateAndOkAfter) {
  auto store = StoreTest::open(fresh_database_url());
  ASSERT_TRUE(store);
  Status before = store->ready();
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().code, ErrorCode::kUnavailable);
  ASSERT_OK(store->migrate());
  ASSERT_OK(store->ready());
}

TEST(Migrate, BrokenMigrationLeavesSchemaAndVersionUnchanged) {
  const std::string url = fresh_database_url();
  std::vector<Migration> migrations = builtin(test_backend());
  const int latest = migrations.back().version;
  ASSERT_OK(open_with(url, migrations)->migrate());

  // Two good statements, then a bad one: all three must vanish together.
  Migration broken{latest + 1, "9001_broken.sql",
                   "CREATE TABLE broken_a (id TEXT PRIMARY KEY);\n"
                   "INSERT INTO broken_a (id) VALUES ('x');\n"
                   "INSERT INTO no_such_table (id) VALUES ('y');\n"};
  std::vector<Migration> with_broken = migrations;
  with_broken.push_back(broken);
  auto store = open_with(url, with_broken);
  auto result = store->migrate();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(result.error().message.find("9001_broken.sql"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("no_such_table"), std::string::npos)
      << result.error().message;

  auto status = store->migration_status();
  ASSERT_OK(status);
  EXPECT_EQ(status->current_version, latest);
  EXPECT_EQ(status->latest_version, latest + 1);

  // broken_a was rolled back: a migration creating it again succeeds.
  std::vector<Migration> fixed = migrations;
  fixed.push_back({latest + 1, "9001_fixed.sql", "CREATE TABLE broken_a (id TEXT PRIMARY KEY)"});
  auto repaired = open_with(url, fixed)->migrate();
  ASSERT_OK(repaired);
  EXPECT_EQ(repaired->current_version, latest + 1);
}

TEST(Migrate, BrokenFirstMigrationLeavesAnEmptyDatabase) {
  const std::string url = fresh_database_url();
  auto store = open_with(url, {{1, "0001_a.sql", "CREATE TABLE a (id TEXT);\nCREATE TABLE b (;"}});
  auto result = store->migrate();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("0001_a.sql"), std::string::npos);
  auto status = store->migration_status();
  ASSERT_OK(status);
  EXPECT_EQ(status->current_version, 0);
  // Table a did not survive.
  ASSERT_OK(open_with(url, {{1, "0001_a.sql", "CREATE TABLE a (id TEXT)"}})->migrate());
}

TEST(Migrate, DatabaseNewerThanTheBinaryIsRefused) {
  const std::string url = fresh_database_url();
  std::vector<Migration> migrations = builtin(test_backend());
  const int latest = migrations.back().version;
  std::vector<Migration> future = migrations;
  future.push_back({latest + 1, "9002_future.sql", "CREATE TABLE from_the_future (id TEXT)"});
  ASSERT_OK(open_with(url, future)->migrate());

  auto store = StoreTest::open(url);
  ASSERT_TRUE(store);
  auto refused = store->migrate();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(refused.error().message.find("newer"), std::string::npos) << refused.error().message;

  auto status = store->migration_status();
  ASSERT_OK(status);
  EXPECT_EQ(status->current_version, latest + 1);
  EXPECT_EQ(status->latest_version, latest);
  EXPECT_FALSE(store->ready().ok());
}

TEST(Migrate, MigrationsBelowTheAppliedVersionAreRefused) {
  const std::string url = fresh_database_url();
  ASSERT_OK(open_with(url, {{1, "0001_a.sql", "CREATE TABLE a (id TEXT)"},
                            {3, "0003_c.sql", "CREATE TABLE c (id TEXT)"}})
                ->migrate());
  auto result = open_with(url, {{1, "0001_a.sql", "CREATE TABLE a (id TEXT)"},
                                {2, "0002_b.sql", "CREATE TABLE b (id TEXT)"},
                                {3, "0003_c.sql", "CREATE TABLE c (id TEXT)"}})
                    ->migrate();
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("0002_b.sql"), std::string::npos);
}

const Migration kFirst{1, "0001_a.sql", "CREATE TABLE a (id TEXT)"};
const Migration kSecond{2, "0002_b.sql", "CREATE TABLE b (id TEXT)"};

TEST(Migrate, AnAppliedMigrationChangedAfterwardsIsRefusedByName) {
  const std::string url = fresh_database_url();
  ASSERT_OK(open_with(url, {kFirst, kSecond})->migrate());

  Migration edited = kSecond;
  edited.sql = "CREATE TABLE b (id TEXT, added_later TEXT)";
  auto store = open_with(url, {kFirst, edited, {3, "0003_c.sql", "CREATE TABLE c (id TEXT)"}});
  auto refused = store->migrate();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(refused.error().message.find("Migration 0002_b.sql was changed after it was applied"),
            std::string::npos)
      << refused.error().message;
  // Reading the status and readiness say the same, and nothing was applied meanwhile.
  auto status = store->migration_status();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("0002_b.sql"), std::string::npos);
  EXPECT_FALSE(store->ready().ok());

  // With the file as it was, the database is current and takes the next migration.
  auto restored =
      open_with(url, {kFirst, kSecond, {3, "0003_c.sql", "CREATE TABLE c (id TEXT)"}})->migrate();
  ASSERT_OK(restored);
  EXPECT_EQ(restored->current_version, 3);
}

TEST(Migrate, WhitespaceInAnAppliedMigrationCountsAsAChange) {
  const std::string url = fresh_database_url();
  ASSERT_OK(open_with(url, {kFirst})->migrate());
  Migration reformatted = kFirst;
  reformatted.sql += "\n";
  EXPECT_FALSE(open_with(url, {reformatted})->migrate().ok());
}

TEST(Migrate, DatabasesFromBeforeChecksumsGetThemOnTheFirstMigrate) {
  const std::string url = fresh_database_url();
  ASSERT_OK(open_with(url, {kFirst, kSecond})->migrate());
  // What an older Trellis left: schema_version without checksums.
  exec_sql(url, "ALTER TABLE schema_version DROP COLUMN checksum");
  if (HasFatalFailure()) return;

  // Nothing to compare yet: the status reads, and migrate records the checksums of the files.
  Migration edited = kSecond;
  edited.sql = "CREATE TABLE b (id TEXT, added_later TEXT)";
  ASSERT_OK(open_with(url, {kFirst, kSecond})->migration_status());
  auto upgraded = open_with(url, {kFirst, kSecond})->migrate();
  ASSERT_OK(upgraded);
  EXPECT_EQ(upgraded->current_version, 2);

  // From then on a change is caught.
  auto refused = open_with(url, {kFirst, edited})->migrate();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("0002_b.sql"), std::string::npos)
      << refused.error().message;
  ASSERT_OK(open_with(url, {kFirst, kSecond})->migrate());
}

TEST(Migrate, TheBuiltinMigrationsPassTheirOwnChecksumsOnASecondStart) {
  const std::string url = fresh_database_url();
  ASSERT_OK(StoreTest::open(url)->migrate());
  auto again = StoreTest::open(url);
  ASSERT_TRUE(again);
  ASSERT_OK(again->migrate());
  ASSERT_OK(again->ready());
}

TEST(Migrate, ServersMigratingAtOnceApplyEachMigrationOnce) {
  const std::string url = fresh_database_url();
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 4; ++i) stores.push_back(StoreTest::open(url, 1));
  std::vector<Result<MigrationStatus>> results(stores.size(), Error::internal("not run"));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < stores.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = stores[i]->migrate(); });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& r : results) {
    ASSERT_OK(r);
    EXPECT_EQ(r->current_version, r->latest_version);
  }
}

}  // namespace
}  // namespace trellis::test
