#include "core/id.h"

#include <gtest/gtest.h>

#include <set>

namespace trellis {
namespace {

TEST(Id, IsCanonicalUuidVersion7) {
  std::string id = new_id();
  ASSERT_TRUE(is_valid_id(id)) << id;
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
}

TEST(Id, SortsByCreationTime) {
  EXPECT_LT(new_id_at(1000), new_id_at(1001));
  EXPECT_LT(new_id_at(1795685400000), new_id_at(1795685400000 + 86400000));
}

TEST(Id, IsUniqueAcrossManyCalls) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(new_id());
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(Id, RejectsNonCanonicalForms) {
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("0190c2a5-7b3e-7c1d-9a2b-3c4d5e6f7A8B"));  // upper case
  EXPECT_FALSE(is_valid_id("0190c2a5-7b3e-7c1d-9a2b-3c4d5e6f7a8"));   // short
  EXPECT_FALSE(is_valid_id("0190c2a57b3e-7c1d-9a2b-3c4d5e6f7a8b0"));  // misplaced dash
  EXPECT_FALSE(is_valid_id("../../etc/passwd-aaaaaaaaaaaaaaaaaaaaa"));
}

TEST(Id, RandomHexHasTheRequestedLength) {
  EXPECT_EQ(random_hex(32).size(), 64u);
  EXPECT_NE(random_hex(16), random_hex(16));
}

}  // namespace
}  // namespace trellis
