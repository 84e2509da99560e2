// UserRepository on both backends.
#include <set>

#include "store_fixture.h"

namespace trellis::test {
namespace {

using UsersTest = StoreTest;

TEST_F(UsersTest, InsertedUserCanBeFoundByIdAndEmail) {
  User ada = user("ada@example.org");
  ada.is_admin = true;
  ASSERT_OK(write([&](Repositories& r) { return r.users().insert(ada, "argon2-hash"); }));

  auto by_id = read<User>([&](Repositories& r) { return r.users().find(ada.id); });
  ASSERT_OK(by_id);
  EXPECT_EQ(by_id->id, ada.id);
  EXPECT_EQ(by_id->email, "ada@example.org");
  EXPECT_EQ(by_id->display_name, "Ada Lovelace");
  EXPECT_TRUE(by_id->is_admin);
  EXPECT_FALSE(by_id->disabled);
  EXPECT_EQ(by_id->created_at, 1795685400000);

  auto by_email = read<User>([&](Repositories& r) { return r.users().find_by_email(ada.email); });
  ASSERT_OK(by_email);
  EXPECT_EQ(by_email->id, ada.id);

  auto hash = read<std::string>([&](Repositories& r) { return r.users().password_hash(ada.id); });
  ASSERT_OK(hash);
  EXPECT_EQ(*hash, "argon2-hash");
}

TEST_F(UsersTest, MissingUsersAreNotFound) {
  const std::string nobody = new_id();
  auto find = read<User>([&](Repositories& r) { return r.users().find(nobody); });
  ASSERT_FALSE(find.ok());
  EXPECT_EQ(find.error().code, ErrorCode::kNotFound);
  auto by_email =
      read<User>([&](Repositories& r) { return r.users().find_by_email("nobody@example.org"); });
  EXPECT_EQ(by_email.error().code, ErrorCode::kNotFound);
  auto hash = read<std::string>([&](Repositories& r) { return r.users().password_hash(nobody); });
  EXPECT_EQ(hash.error().code, ErrorCode::kNotFound);

  User ghost = user("ghost@example.org");
  Status update = write([&](Repositories& r) { return r.users().update(ghost); });
  EXPECT_EQ(update.error().code, ErrorCode::kNotFound);
  Status set_hash =
      write([&](Repositories& r) { return r.users().set_password_hash(nobody, "h"); });
  EXPECT_EQ(set_hash.error().code, ErrorCode::kNotFound);
}

TEST_F(UsersTest, UpdateChangesNameFlagsAndNotEmail) {
  User ada = user("ada@example.org");
  ASSERT_OK(write([&](Repositories& r) { return r.users().insert(ada, "h1"); }));
  User changed = ada;
  changed.email = "other@example.org";
  changed.display_name = "Countess of Lovelace";
  changed.is_admin = true;
  changed.disabled = true;
  ASSERT_OK(write([&](Repositories& r) { return r.users().update(changed); }));
  ASSERT_OK(write([&](Repositories& r) { return r.users().set_password_hash(ada.id, "h2"); }));

  auto found = read<User>([&](Repositories& r) { return r.users().find(ada.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->email, "ada@example.org");
  EXPECT_EQ(found->display_name, "Countess of Lovelace");
  EXPECT_TRUE(found->is_admin);
  EXPECT_TRUE(found->disabled);
  auto hash = read<std::string>([&](Repositories& r) { return r.users().password_hash(ada.id); });
  EXPECT_EQ(*hash, "h2");
}

TEST_F(UsersTest, DuplicateEmailIsAConflictOnEmail) {
  ASSERT_OK(write([&](Repositories& r) { return r.users().insert(user("ada@example.org"), "h"); }));
  Status again =
      write([&](Repositories& r) { return r.users().insert(user("ada@example.org"), "h"); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "email");
  EXPECT_EQ(again.error().message, "A user with this email already exists.");
}

TEST_F(UsersTest, DuplicateIdIsAConflictOnId) {
  User ada = user("ada@example.org");
  ASSERT_OK(write([&](Repositories& r) { return r.users().insert(ada, "h"); }));
  User twin = user("twin@example.org");
  twin.id = ada.id;
  Status again = write([&](Repositories& r) { return r.users().insert(twin, "h"); });
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "id");
}

TEST_F(UsersTest, ListPagesThroughEveryUserOnce) {
  ASSERT_OK(write([&](Repositories& r) -> Status {
    for (int i = 0; i < 120; ++i)
      TRY(r.users().insert(user("u" + std::to_string(i) + "@x.org"), "h"));
    return ok_status();
  }));
  std::vector<std::size_t> sizes;
  std::set<std::string> seen;
  std::string last;
  PageRequest page;
  page.limit = 50;
  for (int guard = 0; guard < 10; ++guard) {
    auto result = read<Page<User>>([&](Repositories& r) { return r.users().list(page); });
    ASSERT_OK(result);
    sizes.push_back(result->items.size());
    for (const User& u : result->items) {
      EXPECT_GT(u.id, last) << "ids must ascend across pages";
      last = u.id;
      seen.insert(u.id);
    }
    if (result->next_cursor.empty()) break;
    EXPECT_EQ(result->next_cursor, result->items.back().id);
    page.after = result->next_cursor;
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{50, 50, 20}));
  EXPECT_EQ(seen.size(), 120u);
  auto count = read<long long>([&](Repositories& r) { return r.users().count(); });
  EXPECT_EQ(*count, 120);
}

TEST_F(UsersTest, PageLimitIsClamped) {
  ASSERT_OK(write([&](Repositories& r) -> Status {
    for (int i = 0; i < 3; ++i)
      TRY(r.users().insert(user("u" + std::to_string(i) + "@x.org"), "h"));
    return ok_status();
  }));
  PageRequest zero;
  zero.limit = 0;
  auto one = read<Page<User>>([&](Repositories& r) { return r.users().list(zero); });
  ASSERT_OK(one);
  EXPECT_EQ(one->items.size(), 1u);
  EXPECT_FALSE(one->next_cursor.empty());

  PageRequest huge;
  huge.limit = 1'000'000;
  auto all = read<Page<User>>([&](Repositories& r) { return r.users().list(huge); });
  ASSERT_OK(all);
  EXPECT_EQ(all->items.size(), 3u);
  EXPECT_TRUE(all->next_cursor.empty());
}

}  // namespace
}  // namespace trellis::test
