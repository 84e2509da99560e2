// The fixture every storage contract test starts from: a brand-new database of the backend
// under test (TRELLIS_TEST_BACKEND), opened and migrated, plus small builders for rows.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "core/id.h"
#include "storage/store.h"
#include "support/backend.h"

namespace trellis::test {

// Asserts a Status/Result is ok, printing the error when not.
#define ASSERT_OK(expr)                                                     \
  do {                                                                      \
    const auto& assert_ok_result = (expr);                                  \
    ASSERT_TRUE(assert_ok_result.ok()) << assert_ok_result.error().message; \
  } while (0)

class StoreTest : public ::testing::Test {
 public:
  // Opens url (failing the test on error); nullptr when it could not.
  static std::unique_ptr<Store> open(const std::string& url, int pool_size = 4) {
    StoreOptions options;
    options.url = url;
    options.pool_size = pool_size;
    auto store = open_store(options);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return store.ok() ? std::move(*store) : nullptr;
  }

  // Rows with every field filled and fresh ids.
  static User user(const std::string& email) {
    User u;
    u.id = new_id();
    u.email = email;
    u.display_name = "Ada Lovelace";
    u.created_at = 1795685400000;
    return u;
  }

  static Program program(const std::string& name) {
    Program p;
    p.id = new_id();
    p.name = name;
    p.description = "A research program";
    p.min_group_size = 5;
    p.created_at = 1795685400000;
    return p;
  }

  static Cohort cohort(const std::string& program_id, const std::string& name) {
    Cohort c;
    c.id = new_id();
    c.program_id = program_id;
    c.name = name;
    c.starts_on = "2027-01-11";
    c.ends_on = "2027-05-07";
    c.timezone = "Europe/Berlin";
    c.created_at = 1795685400000;
    return c;
  }

  static Stream stream(const std::string& cohort_id, const std::string& name) {
    Stream s;
    s.id = new_id();
    s.cohort_id = cohort_id;
    s.name = name;
    s.created_at = 1795685400000;
    return s;
  }

  static Membership membership(const std::string& user_id, const std::string& cohort_id,
                               Role role) {
    Membership m;
    m.id = new_id();
    m.user_id = user_id;
    m.cohort_id = cohort_id;
    m.role = role;
    m.created_at = 1795685400000;
    return m;
  }

 protected:
  void SetUp() override {
    url_ = fresh_database_url();
    store_ = open(url_);
    ASSERT_TRUE(store_);
    auto migrated = store_->migrate();
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  }

  bool is_postgres() const { return store_->backend() == Backend::kPostgres; }

  // One write transaction around one call; returns its Status.
  template <typename F>
  Status write(F&& f) {
    return store_->write([&](Repositories& r) -> Status { return f(r); });
  }

  // One read transaction around one call that returns a Result; returns that Result.
  template <typename T, typename F>
  Result<T> read(F&& f) {
    std::optional<Result<T>> out;
    Status s = store_->read([&](Repositories& r) -> Status {
      out.emplace(f(r));
      return ok_status();
    });
    if (!s.ok()) return s.error();
    return std::move(*out);
  }

  std::string url_;
  std::unique_ptr<Store> store_;
};

}  // namespace trellis::test
