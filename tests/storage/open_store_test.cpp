// open_store(): URL handling, option checks and failure messages.
#include <filesystem>
#include <fstream>

#include "store_fixture.h"

namespace trellis::test {
namespace {

Result<std::unique_ptr<Store>> open_url(const std::string& url, int pool_size = 2) {
  StoreOptions options;
  options.url = url;
  options.pool_size = pool_size;
  return open_store(options);
}

TEST(OpenStore, RejectsBadUrlsAndOptionsNamingTheProblem) {
  auto empty = open_url("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalid);

  auto mysql = open_url("mysql://user:pw@host/db");
  ASSERT_FALSE(mysql.ok());
  EXPECT_EQ(mysql.error().code, ErrorCode::kInvalid);
  EXPECT_NE(mysql.error().message.find("mysql"), std::string::npos);

  auto memory = open_url("sqlite::memory:");
  ASSERT_FALSE(memory.ok());
  EXPECT_EQ(memory.error().code, ErrorCode::kInvalid);

  auto no_pool = open_url("sqlite:" + temp_dir() + "/db.sqlite", 0);
  ASSERT_FALSE(no_pool.ok());
  EXPECT_EQ(no_pool.error().code, ErrorCode::kInvalid);
}

TEST(OpenStore, SqliteCreatesMissingFolders) {
  const std::string path = temp_dir() + "/deep/er/db.sqlite";
  auto store = open_url("sqlite:" + path);
  ASSERT_OK(store);
  EXPECT_EQ((*store)->backend(), Backend::kSqlite);
  EXPECT_TRUE(std::filesystem::exists(path));
}

TEST(OpenStore, SqliteAcceptsABarePathAndAwkwardCharacters) {
  const std::string path = temp_dir() + "/with space=and equals/db.sqlite";
  auto store = open_url(path);
  ASSERT_OK(store);
  ASSERT_OK((*store)->migrate());
  EXPECT_TRUE(std::filesystem::exists(path));
}

TEST(OpenStore, SqliteUnopenablePathIsUnavailable) {
  const std::string file = temp_dir() + "/not-a-folder";
  std::ofstream(file) << "x";
  auto store = open_url("sqlite:" + file + "/db.sqlite");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
}

TEST(OpenStore, UnreachablePostgresIsUnavailableWithoutThePassword) {
  auto store = open_url("postgresql://trellis:s3cret-pw@127.0.0.1:1/trellis");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().message.find("127.0.0.1"), std::string::npos) << store.error().message;
  EXPECT_EQ(store.error().message.find("s3cret-pw"), std::string::npos) << store.error().message;
}

TEST(OpenStore, MalformedPostgresUrlIsInvalidWithoutThePassword) {
  for (const std::string url : {"postgresql://trellis:s3cret-pw@[::1/trellis",
                                "postgres://trellis:s3cret-pw@host/db?no_such_option=1",
                                "postgresql://trellis:s3cret%20pw@127.0.0.1:1/db"}) {
    auto store = open_url(url);
    ASSERT_FALSE(store.ok()) << url;
    EXPECT_EQ(store.error().code, ErrorCode::kInvalid) << url;
    EXPECT_EQ(store.error().message.find("s3cret"), std::string::npos) << store.error().message;
  }
}

}  // namespace
}  // namespace trellis::test
