#include "service/lookup.h"

#include <gtest/gtest.h>

#include <string>

namespace trellis {
namespace {

// Only not_found may become the caller's "not a … of this …" answer; every other failure,
// the database's above all, must reach the client as what it is.
TEST(Found, OnlyNotFoundBecomesFalseAndEveryOtherFailurePassesThrough) {
  struct Case {
    const char* name;
    Result<std::string> lookup;
    std::optional<bool> found;  // nullopt: the lookup's error comes back
  };
  const Case cases[] = {
      {"the row", std::string("row"), true},
      {"not found", Error::not_found("no such row"), false},
      {"database down", Error::unavailable("the database is unreachable"), std::nullopt},
      {"database failure", Error::internal("disk I/O error"), std::nullopt},
      {"conflict", Error::conflict("locked"), std::nullopt},
      {"forbidden", Error::forbidden("not yours"), std::nullopt},
      {"invalid", Error::invalid("bad id"), std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<bool> got = found(c.lookup);
    if (c.found) {
      ASSERT_TRUE(got.ok());
      EXPECT_EQ(*got, *c.found);
    } else {
      ASSERT_FALSE(got.ok());
      EXPECT_EQ(got.error().code, c.lookup.error().code);
      EXPECT_EQ(got.error().message, c.lookup.error().message);
    }
  }
}

}  // namespace
}  // namespace trellis
