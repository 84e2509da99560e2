#include "http/static_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace trellis::http {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "trellis-static-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    base_ = pattern;
    root_ = base_ / "dist";
    write_file(root_ / "index.html", "<!doctype html><title>Trellis</title>");
    write_file(root_ / "assets" / "app.3f9a.js", "console.log(1)");
    write_file(root_ / "robots.txt", "User-agent: *");
    write_file(root_ / "weird.xyz", "?");
    write_file(base_ / "secret.txt", "top secret");
    fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
    fs::create_directory_symlink(base_, root_ / "up");
  }
  void TearDown() override { fs::remove_all(base_); }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesIndexForRoot) {
  StaticFiles files(root_.string());
  ASSERT_TRUE(files.enabled());
  auto r = files.serve("/", std::nullopt);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r->body, "<!doctype html><title>Trellis</title>");
}

TEST_F(StaticFilesTest, SendsTheGzipCopyOnlyToClientsThatAcceptIt) {
  write_file(root_ / "assets" / "app.3f9a.js.gz", "GZIP-BYTES");
  StaticFiles files(root_.string());
  auto header = [](const Response& r, std::string_view name) -> std::string {
    for (const auto& h : r.headers)
      if (h.first == name) return h.second;
    return {};
  };
  auto gz = files.serve("/assets/app.3f9a.js", std::nullopt, "br, gzip;q=0.8");
  ASSERT_TRUE(gz.ok());
  EXPECT_EQ(gz->body, "GZIP-BYTES");
  EXPECT_EQ(header(*gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(*gz, "Vary"), "Accept-Encoding");
  EXPECT_EQ(gz->content_type, "text/javascript; charset=utf-8");  // of the original, not .gz

  for (std::optional<std::string_view> refuses :
       {std::optional<std::string_view>{}, std::optional<std::string_view>{"identity"},
        std::optional<std::string_view>{"gzip;q=0"}, std::optional<std::string_view>{"br"}}) {
    auto plain = files.serve("/assets/app.3f9a.js", std::nullopt, refuses);
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain->body, "console.log(1)");
    EXPECT_EQ(header(*plain, "Content-Encoding"), "");
    EXPECT_EQ(header(*plain, "Vary"), "Accept-Encoding");
    // The two encodings never share an entity tag.
    EXPECT_NE(header(*plain, "ETag"), header(*gz, "ETag"));
  }
  // No gzip copy: the plain file, whatever the client accepts.
  auto index = files.serve("/", std::nullopt, "gzip");
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->body, "<!doctype html><title>Trellis</title>");
}

TEST(AcceptEncoding, ReadsCodingsAndQualities) {
  EXPECT_TRUE(StaticFiles::accepts_gzip("gzip"));
  EXPECT_TRUE(StaticFiles::accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(StaticFiles::accepts_gzip("br;q=1.0, gzip;q=0.5"));
  EXPECT_TRUE(StaticFiles::accepts_gzip("*"));
  EXPECT_FALSE(StaticFiles::accepts_gzip(""));
  EXPECT_FALSE(StaticFiles::accepts_gzip("br, deflate"));
  EXPECT_FALSE(StaticFiles::accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(StaticFiles::accepts_gzip("gzip;q=0.000"));
  EXPECT_FALSE(StaticFiles::accepts_gzip("xgzip"));
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  StaticFiles files(root_.string());
  auto r = files.serve("/assets/app.3f9a.js", std::nullopt);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(r->headers[0], (Header{"Cache-Control", "public, max-age=31536000, immutable"}));
  auto robots = files.serve("/robots.txt", std::nullopt);
  ASSERT_TRUE(robots.ok());
  EXPECT_EQ(robots->headers[0], (Header{"Cache-Control", "no-cache"}));
  EXPECT_EQ(robots->content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(files.serve("/weird.xyz", std::nullopt)->content_type, "application/octet-stream");
}

TEST_F(StaticFilesTest, ClientRoutesGetIndex) {
  StaticFiles files(root_.string());
  auto r = files.serve("/programs/123/cohorts", std::nullopt);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "<!doctype html><title>Trellis</title>");
  EXPECT_EQ(r->headers[0], (Header{"Cache-Control", "no-cache"}));
}

TEST_F(StaticFilesTest, MissingFileWithExtensionIs404) {
  StaticFiles files(root_.string());
  auto r = files.serve("/assets/gone.js", std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST_F(StaticFilesTest, EtagGives304) {
  StaticFiles files(root_.string());
  auto first = files.serve("/robots.txt", std::nullopt);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->headers[1].first, "ETag");
  std::string etag = first->headers[1].second;
  auto again = files.serve("/robots.txt", "W/\"nope\", " + etag);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(files.serve("/robots.txt", "\"other\"")->status, 200);
}

TEST_F(StaticFilesTest, ChangedFileIsServedFresh) {
  StaticFiles files(root_.string());
  EXPECT_EQ(files.serve("/robots.txt", std::nullopt)->body, "User-agent: *");
  write_file(root_ / "robots.txt", "User-agent: none, longer now");
  EXPECT_EQ(files.serve("/robots.txt", std::nullopt)->body, "User-agent: none, longer now");
}

TEST_F(StaticFilesTest, TraversalAttemptsAreRefused) {
  StaticFiles files(root_.string());
  for (std::string_view path :
       {"/../secret.txt", "/assets/../../secret.txt", "/./index.html", "/..", "/assets/..",
        "/..\\secret.txt", "/assets\\..\\..\\secret.txt", "/leak.txt", "/up/secret.txt",
        "/up/dist/index.html"}) {
    auto r = files.serve(path, std::nullopt);
    // Either refused, or (for extension-less paths) the index page: never the secret.
    if (r.ok()) {
      EXPECT_EQ(r->body.find("top secret"), std::string::npos) << path;
    } else {
      EXPECT_EQ(r.error().code, ErrorCode::kNotFound) << path;
    }
  }
  EXPECT_FALSE(files.serve(std::string_view("/index.html\0.js", 15), std::nullopt).ok());
}

TEST(StaticFilesPaths, SafeRelativePath) {
  EXPECT_EQ(StaticFiles::safe_relative_path("/"), "");
  EXPECT_EQ(StaticFiles::safe_relative_path("/assets/a.js"), "assets/a.js");
  EXPECT_EQ(StaticFiles::safe_relative_path("/a..b/c...js"), "a..b/c...js");
  EXPECT_EQ(StaticFiles::safe_relative_path("/.."), std::nullopt);
  EXPECT_EQ(StaticFiles::safe_relative_path("/a/../b"), std::nullopt);
  EXPECT_EQ(StaticFiles::safe_relative_path("/a/./b"), std::nullopt);
  EXPECT_EQ(StaticFiles::safe_relative_path("/a\\b"), std::nullopt);
  EXPECT_EQ(StaticFiles::safe_relative_path(std::string_view("/a\0b", 4)), std::nullopt);
  EXPECT_EQ(StaticFiles::safe_relative_path("relative"), std::nullopt);
}

TEST(StaticFilesPaths, ReservedPaths) {
  EXPECT_TRUE(StaticFiles::is_reserved_path("/api"));
  EXPECT_TRUE(StaticFiles::is_reserved_path("/api/v1/x"));
  EXPECT_TRUE(StaticFiles::is_reserved_path("/healthz"));
  EXPECT_TRUE(StaticFiles::is_reserved_path("/metrics"));
  EXPECT_FALSE(StaticFiles::is_reserved_path("/apical"));
  EXPECT_FALSE(StaticFiles::is_reserved_path("/"));
}

TEST(StaticFilesPaths, DisabledWithoutIndex) {
  EXPECT_FALSE(StaticFiles("").enabled());
  EXPECT_FALSE(StaticFiles("/nonexistent-folder-for-trellis-tests").enabled());
  EXPECT_FALSE(StaticFiles("").serve("/", std::nullopt).ok());
}

}  // namespace
}  // namespace trellis::http
