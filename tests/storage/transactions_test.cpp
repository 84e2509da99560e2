// Store::write and Store::read semantics, concurrency and pool accounting on both backends.
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store_fixture.h"
#include "support/wait.h"

namespace trellis::test {
namespace {

using TransactionsTest = StoreTest;

bool user_exists(Store& store, const std::string& id) {
  bool exists = false;
  Status s = store.read([&](Repositories& r) -> Status {
    exists = r.users().find(id).ok();
    return ok_status();
  });
  EXPECT_TRUE(s.ok());
  return exists;
}

TEST_F(TransactionsTest, WriteCommitsWhenFnSucceeds) {
  User ada = user("ada@example.org");
  ASSERT_OK(write([&](Repositories& r) { return r.users().insert(ada, "h"); }));
  EXPECT_TRUE(user_exists(*store_, ada.id));
}

TEST_F(TransactionsTest, WriteRollsBackWhenFnReturnsAnError) {
  User ada = user("ada@example.org");
  Status s = write([&](Repositories& r) -> Status {
    TRY(r.users().insert(ada, "h"));
    return Error::invalid("changed my mind");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "changed my mind");
  EXPECT_FALSE(user_exists(*store_, ada.id));
}

TEST_F(TransactionsTest, WriteRollsBackAndRethrowsWhenFnThrows) {
  User ada = user("ada@example.org");
  EXPECT_THROW((void)write([&](Repositories& r) -> Status {
                 TRY(r.users().insert(ada, "h"));
                 throw std::runtime_error("boom");
               }),
               std::runtime_error);
  EXPECT_FALSE(user_exists(*store_, ada.id));
  // The connection came back clean: the next write works.
  ASSERT_OK(write([&](Repositories& r) { return r.users().insert(ada, "h"); }));
  EXPECT_TRUE(user_exists(*store_, ada.id));
}

TEST_F(TransactionsTest, WriteRefusesToCommitAfterAFailedStatementEvenWhenFnSaysOk) {
  ASSERT_OK(write([&](Repositories& r) { return r.users().insert(user("ada@example.org"), "h"); }));
  User grace = user("grace@example.org");
  Status s = write([&](Repositories& r) -> Status {
    (void)r.users().insert(user("ada@example.org"), "h");  // conflict, ignored by fn
    (void)r.users().insert(grace, "h");
    return ok_status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(user_exists(*store_, grace.id));
}

TEST_F(TransactionsTest, ReadCannotWrite) {
  User ada = user("ada@example.org");
  Status s = store_->read([&](Repositories& r) { return r.users().insert(ada, "h"); });
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(user_exists(*store_, ada.id));
}

TEST_F(TransactionsTest, ReadSeesOneSnapshot) {
  ASSERT_OK(write([&](Repositories& r) { return r.users().insert(user("a@x.org"), "h"); }));
  long long before = -1, after = -1;
  ASSERT_OK(store_->read([&](Repositories& r) -> Status {
    before = TRY(r.users().count());
    // A write committed by another thread while this read is open stays invisible to it.
    std::thread writer([&] {
      EXPECT_TRUE(
          write([&](Repositories& w) { return w.users().insert(user("b@x.org"), "h"); }).ok());
    });
    writer.join();
    after = TRY(r.users().count());
    return ok_status();
  }));
  EXPECT_EQ(before, 1);
  EXPECT_EQ(after, 1);
  auto now = read<long long>([&](Repositories& r) { return r.users().count(); });
  EXPECT_EQ(*now, 2);
}

TEST_F(TransactionsTest, ConcurrentWritersAllLand) {
  constexpr int kThreads = 8;
  constexpr int kWritesEach = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesEach; ++i) {
        const std::string email = "t" + std::to_string(t) + "-" + std::to_string(i) + "@x.org";
        Status s =
            store_->write([&](Repositories& r) { return r.users().insert(user(email), "h"); });
        if (!s.ok()) {
          ++failures;
          ADD_FAILURE() << s.error().message;
        }
        // Readers run alongside the writers.
        Status r = store_->read([](Repositories& repos) {
          return repos.users().count().ok() ? ok_status() : Error::internal("count");
        });
        if (!r.ok()) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto count = read<long long>([&](Repositories& r) { return r.users().count(); });
  ASSERT_OK(count);
  EXPECT_EQ(*count, kThreads * kWritesEach);
}

// Writers that arrive while another writes are written together on SQLite (group commit, one
// transaction with a savepoint each); on PostgreSQL each has its own transaction. Either way each
// writer's outcome is its own: the failing ones leave nothing, the others all land.
TEST_F(TransactionsTest, WritersArrivingTogetherSucceedAndFailAlone) {
  std::atomic<bool> holding{false}, release{false};
  std::thread first([&] {
    EXPECT_TRUE(store_
                    ->write([&](Repositories& r) -> Status {
                      TRY(r.users().insert(user("first@x.org"), "h"));
                      holding = true;
                      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                      return ok_status();
                    })
                    .ok());
  });
  ASSERT_TRUE(wait_until("the first write to start", [&] { return holding.load(); }));

  enum class Kind { kOk, kReturnsError, kThrows, kFailedStatement };
  const std::vector<Kind> kinds = {Kind::kOk, Kind::kReturnsError,    Kind::kOk, Kind::kThrows,
                                   Kind::kOk, Kind::kFailedStatement, Kind::kOk};
  std::vector<Status> results(kinds.size(), ok_status());
  std::vector<bool> threw(kinds.size(), false);
  std::atomic<int> started{0};
  std::vector<std::thread> writers;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    writers.emplace_back([&, i] {
      const std::string email = "w" + std::to_string(i) + "@x.org";
      ++started;
      try {
        results[i] = store_->write([&](Repositories& r) -> Status {
          TRY(r.users().insert(user(email), "h"));
          switch (kinds[i]) {
            case Kind::kReturnsError:
              return Error::invalid("changed my mind");
            case Kind::kThrows:
              throw std::runtime_error("boom");
            case Kind::kFailedStatement:
              (void)r.users().insert(user("first@x.org"), "h");  // duplicate email
              return ok_status();
            case Kind::kOk:
              break;
          }
          return ok_status();
        });
      } catch (const std::runtime_error&) {
        threw[i] = true;
      }
    });
  }
  EXPECT_TRUE(wait_until("every writer to start", [&] { return started.load() == 7; }));
  release = true;
  first.join();
  for (std::thread& t : writers) t.join();

  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const std::string email = "w" + std::to_string(i) + "@x.org";
    auto found = read<User>([&](Repositories& r) { return r.users().find_by_email(email); });
    const bool ok = kinds[i] == Kind::kOk;
    EXPECT_EQ(found.ok(), ok) << i;
    if (!threw[i]) {
      EXPECT_EQ(results[i].ok(), ok) << i;
    }
    EXPECT_EQ(threw[i], kinds[i] == Kind::kThrows) << i;
  }
  auto count = read<long long>([&](Repositories& r) { return r.users().count(); });
  ASSERT_OK(count);
  EXPECT_EQ(*count, 5);  // first and the four that succeeded
}

TEST_F(TransactionsTest, PoolStatsCountConnectionsLeasesAndWaits) {
  auto store = open(url_, 1);
  ASSERT_TRUE(store);
  const PoolStats fresh = store->pool_stats();
  // SQLite: one writer plus the readers; PostgreSQL: the pool.
  EXPECT_EQ(fresh.connections, store->backend() == Backend::kSqlite ? 2 : 1);
  EXPECT_EQ(fresh.in_use, 0);
  EXPECT_EQ(fresh.waiting, 0);

  // Hold the only read connection, and start a second read that has to wait for it.
  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    EXPECT_TRUE(store
                    ->read([&](Repositories&) -> Status {
                      holding = true;
                      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                      return ok_status();
                    })
                    .ok());
  });
  // Released however this test ends, so that a failed wait does not leave threads hanging.
  auto release_and_join = [&] {
    release = true;
    if (holder.joinable()) holder.join();
  };
  if (!wait_until("the first read to hold the connection", [&] { return holding.load(); })) {
    release_and_join();
    FAIL() << "the first read never started";
  }
  EXPECT_EQ(store->pool_stats().in_use, 1);
  std::thread waiter(
      [&] { EXPECT_TRUE(store->read([](Repositories&) { return ok_status(); }).ok()); });
  EXPECT_TRUE(wait_until("the second read to wait for the connection",
                         [&] { return store->pool_stats().waiting == 1; }));
  release = true;
  holder.join();
  waiter.join();

  const PoolStats done = store->pool_stats();
  EXPECT_EQ(done.in_use, 0);
  EXPECT_EQ(done.waiting, 0);
  EXPECT_GE(done.acquired_total, fresh.acquired_total + 2);
  EXPECT_GT(done.wait_seconds_total, 0.0);
}

TEST_F(TransactionsTest, SqliteFileUsesWriteAheadLogging) {
  if (is_postgres()) GTEST_SKIP() << "SQLite only";
  ASSERT_OK(write([&](Repositories& r) { return r.users().insert(user("a@x.org"), "h"); }));
  const std::string path = url_.substr(std::string("sqlite:").size());
  EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
}

// The server drops every connection (as in a restart); the pool reconnects instead of failing.
TEST_F(TransactionsTest, PostgresSurvivesDroppedConnections) {
  if (!is_postgres()) GTEST_SKIP() << "PostgreSQL only";
  for (int i = 0; i < 4; ++i) {
    ASSERT_OK(store_->read([](Repositories& r) {
      return r.users().count().ok() ? ok_status() : Error::internal("count");
    }));
  }
  PGconn* admin = PQconnectdb(url_.c_str());
  ASSERT_EQ(PQstatus(admin), CONNECTION_OK) << PQerrorMessage(admin);
  PGresult* killed = PQexec(admin,
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  EXPECT_EQ(PQresultStatus(killed), PGRES_TUPLES_OK) << PQerrorMessage(admin);
  EXPECT_GE(PQntuples(killed), 1);
  PQclear(killed);
  // pg_terminate_backend only signals: wait until the backends are really gone.
  EXPECT_TRUE(wait_until("the pool's backends to end", [&] {
    PGresult* left = PQexec(admin,
                            "SELECT count(*) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    const bool gone = PQresultStatus(left) == PGRES_TUPLES_OK && PQntuples(left) == 1 &&
                      std::string(PQgetvalue(left, 0, 0)) == "0";
    PQclear(left);
    return gone;
  }));
  PQfinish(admin);

  for (int i = 0; i < 8; ++i) {
    ASSERT_OK(write([&](Repositories& r) {
      return r.users().insert(user("u" + std::to_string(i) + "@x.org"), "h");
    }));
    ASSERT_OK(store_->read([](Repositories& r) {
      return r.users().count().ok() ? ok_status() : Error::internal("count");
    }));
  }
  ASSERT_OK(store_->ready());
}

}  // namespace
}  // namespace trellis::test
