#include "domain/assessments/framework.h"

#include <gtest/gtest.h>

#include <set>

namespace trellis {
namespace {

TEST(DefaultFramework, HasTheNineQualitiesOfTheProductBriefInOrder) {
  const auto& qualities = default_qualities();
  std::vector<std::string> keys;
  for (const auto& q : qualities) keys.push_back(q.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"perseverance", "resourcefulness", "help_seeking",
                                            "peer_mentorship", "domain_models", "reading",
                                            "ml_expertise", "communication", "wellbeing"}));
  EXPECT_TRUE(validate_qualities(qualities).ok());
}

TEST(DefaultFramework, DescribesLevelsOneThreeAndFiveDifferently) {
  for (const auto& q : default_qualities()) {
    std::set<std::string> described{q.levels[0], q.levels[2], q.levels[4]};
    EXPECT_EQ(described.size(), 3u) << q.key;
    EXPECT_FALSE(q.summary.empty()) << q.key;
  }
}

TEST(QualityKeys, FollowTheDocumentedShape) {
  EXPECT_TRUE(is_valid_quality_key("ml_expertise"));
  EXPECT_TRUE(is_valid_quality_key("q2"));
  for (const char* bad : {"", "2q", "ML", "has space", "dash-ed", "é"})
    EXPECT_FALSE(is_valid_quality_key(bad)) << bad;
  EXPECT_FALSE(is_valid_quality_key(std::string(41, 'a')));
}

TEST(Qualities, ErrorsNameTheFieldOfTheOffendingQuality) {
  auto qualities = default_qualities();
  qualities[3].levels[2].clear();
  auto s = validate_qualities(qualities);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "qualities[3].levels[3]");

  qualities = default_qualities();
  qualities[5].key = qualities[1].key;
  s = validate_qualities(qualities);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "qualities[5].key");

  qualities = default_qualities();
  qualities[0].name = " ";
  EXPECT_EQ(validate_qualities(qualities).error().field, "qualities[0].name");
}

TEST(Qualities, NeedOneThatIsNotRetiredAndAtMostForty) {
  auto qualities = default_qualities();
  for (auto& q : qualities) q.retired = true;
  EXPECT_EQ(validate_qualities(qualities).error().field, "qualities");

  std::vector<Quality> many;
  for (std::size_t i = 0; i <= kMaxQualities; ++i) {
    Quality q = default_qualities()[0];
    q.key = "q" + std::to_string(i);
    many.push_back(q);
  }
  EXPECT_FALSE(validate_qualities(many).ok());
  many.pop_back();
  EXPECT_TRUE(validate_qualities(many).ok());
}

}  // namespace
}  // namespace trellis
