// The rules of assessment rounds and ratings, and the seeded peer draw.
#include "domain/assessments/assessment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace trellis {
namespace {

AssessmentRound valid_round() {
  AssessmentRound r;
  r.name = "Midterm";
  r.opens_at = 1000;
  r.closes_at = 2000;
  r.rater_kinds = {RaterKind::kSelf, RaterKind::kPeer};
  r.peers_per_scholar = 3;
  r.peer_selection = PeerSelection::kRandom;
  return r;
}

TEST(AssessmentRound, RulesNameTheField) {
  EXPECT_TRUE(validate(valid_round()).ok());
  auto field_of = [](AssessmentRound r) { return validate(r).error().field; };
  AssessmentRound r = valid_round();
  r.closes_at = r.opens_at;
  EXPECT_EQ(field_of(r), "closes_at");
  r = valid_round();
  r.rater_kinds.clear();
  EXPECT_EQ(field_of(r), "rater_kinds");
  r = valid_round();
  r.peers_per_scholar = 11;
  EXPECT_EQ(field_of(r), "peers_per_scholar");
  r = valid_round();
  r.peer_selection = PeerSelection::kNone;
  EXPECT_EQ(field_of(r), "peer_selection");
  r = valid_round();
  r.rater_kinds = {RaterKind::kSelf};
  EXPECT_EQ(field_of(r), "peers_per_scholar");  // peer settings without peers
}

TEST(AssessmentRound, StateFollowsTheClockAndAnEarlyClose) {
  AssessmentRound r = valid_round();
  EXPECT_EQ(round_state(r, 999), RoundState::kScheduled);
  EXPECT_EQ(round_state(r, 1000), RoundState::kOpen);
  EXPECT_EQ(round_state(r, 2000), RoundState::kClosed);
  r.closed_at = 1500;
  EXPECT_EQ(round_state(r, 1500), RoundState::kClosed);
  EXPECT_EQ(split_rater_kinds(join_rater_kinds(r.rater_kinds)), r.rater_kinds);
}

TEST(Ratings, DraftsMayBePartialSubmissionsMayNot) {
  std::vector<Quality> qualities = default_qualities();
  qualities[8].retired = true;
  std::vector<Rating> some = {{"reading", 4, ""}, {"ml_expertise", std::nullopt, "new to it"}};
  EXPECT_TRUE(validate_ratings(some, qualities, false).ok());
  EXPECT_EQ(validate_ratings(some, qualities, true).error().field, "ratings");
  std::vector<Rating> all;
  for (std::size_t i = 0; i < 8; ++i) all.push_back({qualities[i].key, 3, ""});
  EXPECT_TRUE(validate_ratings(all, qualities, true).ok());  // the retired one is not needed
  all.push_back({"wellbeing", 3, ""});
  EXPECT_EQ(validate_ratings(all, qualities, true).error().field, "ratings[8].quality");
  EXPECT_EQ(validate_ratings({{"reading", 0, ""}}, qualities, false).error().field,
            "ratings[0].score");
  EXPECT_EQ(
      validate_ratings({{"reading", 3, ""}, {"reading", 4, ""}}, qualities, false).error().field,
      "ratings[1].quality");
}

TEST(PeerDraw, IsSeededBalancedAndNeverSelf) {
  std::vector<std::string> stream = {"a", "b", "c", "d", "e", "f"};
  auto first = draw_peers(stream, 3, seed_from("round-1"));
  std::vector<std::string> reversed(stream.rbegin(), stream.rend());
  EXPECT_EQ(draw_peers(reversed, 3, seed_from("round-1")), first);  // input order is irrelevant
  EXPECT_NE(draw_peers(stream, 3, seed_from("round-2")), first);
  std::map<std::string, int> rates, rated;
  for (const auto& [rater, subject] : first) {
    EXPECT_NE(rater, subject);
    ++rates[rater];
    ++rated[subject];
  }
  for (const auto& s : stream) {
    EXPECT_EQ(rates[s], 3);
    EXPECT_EQ(rated[s], 3);
  }
  EXPECT_EQ(draw_peers({"a", "b"}, 5, 1).size(), 2u);  // capped at the stream's size − 1
  EXPECT_TRUE(draw_peers({"a"}, 3, 1).empty());
}

TEST(AssessmentRound, DatesMustOverlapTheCohortsAndNameTheDate) {
  const Timestamp day = 24LL * 3600 * 1000;
  const Timestamp jan_11_2027 = 1799625600000;  // 2027-01-11T00:00:00Z
  struct Case {
    Timestamp opens, closes;
    const char* field;  // "" when accepted
  } cases[] = {
      {jan_11_2027, jan_11_2027 + 30 * day, ""},
      {jan_11_2027 - 30 * day, jan_11_2027, ""},  // a baseline before the start
      {jan_11_2027 - 30 * day, jan_11_2027 - day, "closes_at"},
      {jan_11_2027 + 116 * day, jan_11_2027 + 200 * day, ""},  // opens on the last day
      {jan_11_2027 + 117 * day, jan_11_2027 + 200 * day, "opens_at"},
  };
  for (const Case& c : cases) {
    AssessmentRound r = valid_round();
    r.opens_at = c.opens;
    r.closes_at = c.closes;
    Status s = check_round_dates(r, "2027-01-11", "2027-05-07");
    SCOPED_TRACE(c.field);
    if (std::string(c.field).empty()) {
      EXPECT_TRUE(s.ok());
    } else {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().field, c.field);
      EXPECT_TRUE(s.error().semantic);
    }
  }
}

TEST(AssessmentRound, RoundsOverlapWhileBothAcceptRatings) {
  AssessmentRound a = valid_round(), b = valid_round();
  b.opens_at = 1500;
  b.closes_at = 2500;
  EXPECT_TRUE(rounds_overlap(a, b));
  b.opens_at = 2000;
  EXPECT_FALSE(rounds_overlap(a, b));  // one closes as the other opens
  b.opens_at = 1500;
  a.closed_at = 1400;  // closed early, before b opened
  EXPECT_FALSE(rounds_overlap(a, b));
}

TEST(StrongestAndWeakest, NeverPutsOneQualityInBothLists) {
  using Ratings = std::vector<std::pair<std::string, double>>;
  using Keys = std::vector<std::string>;
  struct Case {
    const char* name;
    Ratings ratings;
    Keys strongest;
    Keys weakest;
  };
  const Case cases[] = {
      {"none rated", {}, {}, {}},
      {"all equal: nothing stands out", {{"a", 3}, {"b", 3}, {"c", 3}, {"d", 3}}, {}, {}},
      {"spread out",
       {{"a", 5}, {"b", 1}, {"c", 4}, {"d", 2}, {"e", 3}, {"f", 4.5}, {"g", 1.5}},
       Keys{"a", "f", "c"},
       Keys{"b", "g", "d"}},
      {"few qualities: a middle one tied with a strongest is not to grow",
       {{"a", 4}, {"b", 4}, {"c", 2}, {"d", 4}},
       Keys{"a", "b", "d"},
       Keys{"c"}},
      {"two levels", {{"a", 3}, {"b", 4}, {"c", 3}}, Keys{"b"}, Keys{"a", "c"}},
      {"one high, many tied low",
       {{"a", 2}, {"b", 2}, {"c", 5}, {"d", 2}, {"e", 2}},
       Keys{"c"},
       Keys{"a", "b", "d"}},
  };
  for (const Case& c : cases) {
    StrongestAndWeakest got = strongest_and_weakest(c.ratings);
    EXPECT_EQ(got.strongest, c.strongest) << c.name;
    EXPECT_EQ(got.weakest, c.weakest) << c.name;
    for (const std::string& k : got.strongest)
      EXPECT_EQ(std::count(got.weakest.begin(), got.weakest.end(), k), 0) << c.name << ": " << k;
  }
}

}  // namespace
}  // namespace trellis
