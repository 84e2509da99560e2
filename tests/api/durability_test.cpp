// Durability: a server killed with SIGKILL in the middle of a stream of writes loses none of
// the writes it acknowledged, and (on SQLite) leaves a database file that passes its own
// integrity check.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api/api_fixture.h"
#include "support/wait.h"

namespace trellis::test {
namespace {

class DurabilityApi : public ApiTest {
 protected:
  // Every stream name of the cohort, as the given browser sees them.
  std::set<std::string> stream_names(const Browser& b, const std::string& cohort) {
    std::set<std::string> names;
    Reply r = get(b, "/api/v1/cohorts/" + cohort + "/streams");
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 500);
    if (r.status != 200) return names;
    const boost::json::value body = r.json();
    for (const auto& s : body.at("items").as_array())
      names.insert(std::string(s.at("name").as_string()));
    return names;
  }
};

// `PRAGMA integrity_check` on an SQLite file: "ok" when the file is sound.
std::string sqlite_integrity(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return "cannot open: " + message;
  }
  std::string result;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      if (!result.empty()) result += "\n";
      result += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
  } else {
    result = std::string("cannot check: ") + sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

TEST_F(DurabilityApi, SigkillDuringWritesLosesNoAcknowledgedWrite) {
  std::string program = create_program("Fellowship");
  std::string cohort = create_cohort(program, "Winter");
  ASSERT_FALSE(cohort.empty());

  // The writer has its own connection (the client is not thread-safe) and stops at the first
  // request that gets no answer.
  const std::string target = "/api/v1/cohorts/" + cohort + "/streams";
  const HeaderList headers = admin_.headers(origin());
  std::vector<std::string> acknowledged;
  std::vector<std::string> unexpected;  // answers other than 201
  std::atomic<int> acknowledged_count{0};
  std::string stopped_by;
  std::atomic<bool> writer_stopped{false};  // early, by an error: no use waiting for more writes
  std::thread writer([&] {
    std::unique_ptr<HttpClient> client = new_client();
    client->set_timeout(std::chrono::seconds(5));
    for (int i = 0;; ++i) {
      std::string name = "stream " + std::to_string(i);
      try {
        Reply r = client->post(target, {{"name", name}}, headers);
        if (r.status == 201) {
          acknowledged.push_back(name);
          acknowledged_count.fetch_add(1);
        } else {
          unexpected.push_back(std::to_string(r.status) + " " + r.body);
        }
      } catch (const std::runtime_error& e) {
        stopped_by = e.what();
        writer_stopped = true;
        return;
      }
      if (i > 1000000) return;  // a server that never dies: the checks below will say so
    }
  });

  // Kill once enough writes were acknowledged for the test to mean something, however fast or
  // slow the machine is; the writer is still writing then.
  constexpr int kEnoughWrites = 50;
  const ::testing::AssertionResult enough = wait_until("50 acknowledged writes", [&] {
    return acknowledged_count.load() >= kEnoughWrites || writer_stopped.load();
  });
  int before_kill = acknowledged_count.load();
  server_->kill_hard();
  writer.join();
  ASSERT_TRUE(enough) << "; " << before_kill << " writes were acknowledged before the kill";

  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << " writes were refused, the first: "
                                  << (unexpected.empty() ? "" : unexpected.front());
  EXPECT_FALSE(stopped_by.empty()) << "the writer never noticed the server die";
  RecordProperty("acknowledged_writes", static_cast<int>(acknowledged.size()));
  ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(kEnoughWrites))
      << "too few writes were acknowledged for the test to mean anything (" << before_kill
      << " before the kill)";

  if (database_url_.rfind("sqlite:", 0) == 0) {
    EXPECT_EQ(sqlite_integrity(database_url_.substr(7)), "ok");
  }

  start_server();
  ASSERT_NE(server_->port(), 0);
  admin_ = sign_in(kAdminEmail);
  std::set<std::string> stored = stream_names(admin_, cohort);
  std::vector<std::string> lost;
  for (const std::string& name : acknowledged)
    if (!stored.contains(name)) lost.push_back(name);
  EXPECT_TRUE(lost.empty()) << lost.size() << " of " << acknowledged.size()
                            << " acknowledged writes are gone, the first: " << lost.front();
  // At most the one write in flight at the kill was committed without an acknowledgement.
  EXPECT_LE(stored.size(), acknowledged.size() + 1);
  // The server works on the recovered database.
  EXPECT_FALSE(create_stream(cohort, "after the crash").empty());
}

}  // namespace
}  // namespace trellis::test
