// FrameworkRepository, AssessmentRepository and AssessmentReportRepository on both backends.
#include "domain/assessments/framework.h"
#include "storage/assessments/assessment_repositories.h"
#include "store_fixture.h"

namespace trellis::test {
namespace {

class AssessmentsStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Program p = program("Fellowship");
    Cohort c = cohort(p.id, "Winter");
    program_id_ = p.id;
    cohort_id_ = c.id;
    ASSERT_OK(write([&](Repositories& r) -> Status {
      TRY(r.programs().insert(p));
      TRY(r.cohorts().insert(c));
      for (int i = 0; i < 4; ++i) {
        User u = user("s" + std::to_string(i) + "@example.org");
        TRY(r.users().insert(u, "x"));
        users_.push_back(u.id);
      }
      return ok_status();
    }));
    version_.id = new_id();
    version_.program_id = program_id_;
    version_.number = 1;
    version_.name = "Research qualities";
    version_.qualities = default_qualities();
    version_.created_at = 1795685400000;
    ASSERT_OK(write([&](Repositories& r) { return r.frameworks().insert_version(version_); }));
  }

  AssessmentRound round(const std::string& name, Timestamp opens_at) {
    AssessmentRound r;
    r.id = new_id();
    r.cohort_id = cohort_id_;
    r.name = name;
    r.opens_at = opens_at;
    r.closes_at = opens_at + 86400000;
    r.framework_version_id = version_.id;
    r.rater_kinds = {RaterKind::kSelf, RaterKind::kMentor, RaterKind::kPeer};
    r.peers_per_scholar = 3;
    r.peer_selection = PeerSelection::kRandom;
    r.created_at = 1795685400000;
    return r;
  }

  Assignment assignment(const std::string& round_id, const std::string& rater,
                        const std::string& subject, RaterKind kind) {
    Assignment a;
    a.id = new_id();
    a.round_id = round_id;
    a.rater_id = rater;
    a.subject_id = subject;
    a.subject_stream_id = "stream-a";
    a.kind = kind;
    a.created_at = a.updated_at = 1795685400000;
    return a;
  }

  std::string program_id_, cohort_id_;
  std::vector<std::string> users_;
  FrameworkVersion version_;
};

TEST_F(AssessmentsStoreTest, FrameworkVersionsKeepTheirQualitiesInOrder) {
  FrameworkVersion v2 = version_;
  v2.id = new_id();
  v2.number = 2;
  v2.created_by = users_[0];
  std::swap(v2.qualities[0], v2.qualities[1]);
  v2.qualities[0].retired = true;
  ASSERT_OK(write([&](Repositories& r) { return r.frameworks().insert_version(v2); }));
  auto latest = read<FrameworkVersion>(
      [&](Repositories& r) { return r.frameworks().find_latest(program_id_); });
  ASSERT_OK(latest);
  EXPECT_EQ(latest->number, 2);
  EXPECT_EQ(latest->created_by, users_[0]);
  ASSERT_EQ(latest->qualities.size(), 9u);
  EXPECT_EQ(latest->qualities[0].key, "resourcefulness");
  EXPECT_TRUE(latest->qualities[0].retired);
  EXPECT_EQ(latest->qualities[1].levels[4], default_qualities()[0].levels[4]);
  auto first = read<FrameworkVersion>(
      [&](Repositories& r) { return r.frameworks().find_version(version_.id); });
  ASSERT_OK(first);
  EXPECT_EQ(first->qualities[0].key, "perseverance");
  EXPECT_TRUE(first->created_by.empty());
  auto list = read<std::vector<FrameworkVersion>>(
      [&](Repositories& r) { return r.frameworks().list_versions(program_id_); });
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].number, 2);
  EXPECT_EQ(
      read<FrameworkVersion>([&](Repositories& r) { return r.frameworks().find_latest(new_id()); })
          .error()
          .code,
      ErrorCode::kNotFound);
}

TEST_F(AssessmentsStoreTest, RoundsAndAssignments) {
  AssessmentRound later = round("Final", 1795800000000);
  AssessmentRound first = round("Midterm", 1795700000000);
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.assessments().insert_round(later));
    return r.assessments().insert_round(first);
  }));
  first.closed_at = 1795700000500;
  first.name = "Midterm review";
  ASSERT_OK(write([&](Repositories& r) { return r.assessments().update_round(first); }));
  auto rounds = read<std::vector<AssessmentRound>>(
      [&](Repositories& r) { return r.assessments().list_rounds(cohort_id_); });
  ASSERT_OK(rounds);
  ASSERT_EQ(rounds->size(), 2u);
  EXPECT_EQ((*rounds)[0].name, "Midterm review");
  EXPECT_EQ((*rounds)[0].closed_at, first.closed_at);
  EXPECT_FALSE((*rounds)[1].closed_at);
  EXPECT_EQ((*rounds)[1].rater_kinds, later.rater_kinds);
  EXPECT_EQ((*rounds)[1].peer_selection, PeerSelection::kRandom);

  Assignment a = assignment(first.id, users_[0], users_[0], RaterKind::kSelf);
  ASSERT_OK(write([&](Repositories& r) { return r.assessments().insert_assignment(a); }));
  Assignment twice = assignment(first.id, users_[0], users_[0], RaterKind::kSelf);
  EXPECT_EQ(
      write([&](Repositories& r) { return r.assessments().insert_assignment(twice); }).error().code,
      ErrorCode::kConflict);

  // Saving checks the version; a stale one is a conflict and changes nothing.
  a.status = SubmissionStatus::kDraft;
  auto saved = [&](long long expected, std::vector<Rating> ratings) {
    std::optional<Result<Assignment>> out;
    Status s = store_->write([&](Repositories& r) -> Status {
      out.emplace(r.assessments().save_submission(a, expected, ratings));
      return out->ok() ? ok_status() : out->error();
    });
    return s.ok() ? std::move(*out) : Result<Assignment>(s.error());
  };
  auto v1 = saved(0, {{"reading", 4, "weekly"}, {"wellbeing", std::nullopt, ""}});
  ASSERT_OK(v1);
  EXPECT_EQ(v1->version, 1);
  auto stale = saved(0, {{"reading", 1, ""}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().field, "version");
  auto ratings = read<std::vector<Rating>>(
      [&](Repositories& r) { return r.assessments().list_ratings(a.id); });
  ASSERT_OK(ratings);
  ASSERT_EQ(ratings->size(), 2u);
  EXPECT_EQ((*ratings)[0].quality_key, "reading");  // framework order: reading before wellbeing
  EXPECT_EQ((*ratings)[0].score, 4);
  EXPECT_EQ((*ratings)[0].evidence, "weekly");
  EXPECT_FALSE((*ratings)[1].score);

  auto due = read<std::vector<DueAssignment>>(
      [&](Repositories& r) { return r.assessments().list_due(users_[0], 1795700000100); });
  ASSERT_OK(due);
  EXPECT_TRUE(due->empty());  // the round was closed early
}

TEST_F(AssessmentsStoreTest, ReportQueriesCountSubmittedRatingsOnly) {
  AssessmentRound r1 = round("Midterm", 1795700000000);
  ASSERT_OK(write([&](Repositories& r) { return r.assessments().insert_round(r1); }));
  struct Given {
    int rater, subject;
    RaterKind kind;
    int score;
    SubmissionStatus status;
  } given[] = {
      {0, 0, RaterKind::kSelf, 5, SubmissionStatus::kSubmitted},
      {1, 0, RaterKind::kPeer, 4, SubmissionStatus::kSubmitted},
      {2, 0, RaterKind::kPeer, 2, SubmissionStatus::kSubmitted},
      {3, 0, RaterKind::kPeer, 1, SubmissionStatus::kDraft},  // drafts never count
      {1, 1, RaterKind::kSelf, 3, SubmissionStatus::kSubmitted},
  };
  for (const Given& g : given) {
    Assignment a = assignment(r1.id, users_[g.rater], users_[g.subject], g.kind);
    a.status = g.status;
    ASSERT_OK(write([&](Repositories& r) -> Status {
      TRY(r.assessments().insert_assignment(a));
      TRY(r.assessments().save_submission(a, 0, {{"reading", g.score, "words"}}));
      return ok_status();
    }));
  }
  auto scores = read<std::vector<SubjectScores>>(
      [&](Repositories& r) { return r.assessment_reports().subject_scores(r1.id, {}, {}); });
  ASSERT_OK(scores);
  ASSERT_EQ(scores->size(), 3u);
  long long peer_sum = 0, peer_count = 0;
  for (const SubjectScores& s : *scores)
    if (s.kind == RaterKind::kPeer) peer_sum = s.sum, peer_count = s.count;
  EXPECT_EQ(peer_sum, 6);
  EXPECT_EQ(peer_count, 2);
  auto one = read<std::vector<SubjectScores>>([&](Repositories& r) {
    return r.assessment_reports().subject_scores(r1.id, users_[1], users_[1]);
  });
  ASSERT_OK(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].sum, 3);

  auto counts = read<std::vector<ScoreCount>>(
      [&](Repositories& r) { return r.assessment_reports().score_counts(r1.id); });
  ASSERT_OK(counts);
  EXPECT_EQ(counts->size(), 4u);  // self 5, self 3, peer 4, peer 2

  auto peers = read<std::vector<RatingRow>>([&](Repositories& r) {
    return r.assessment_reports().ratings(r1.id, RaterKind::kPeer, users_[0]);
  });
  ASSERT_OK(peers);
  ASSERT_EQ(peers->size(), 2u);
  EXPECT_EQ((*peers)[0].score, 2);  // by score, never by rater

  PageRequest page;
  page.limit = 1;
  auto subjects = read<Page<SubjectName>>(
      [&](Repositories& r) { return r.assessment_reports().subjects(r1.id, std::nullopt, page); });
  ASSERT_OK(subjects);
  EXPECT_EQ(subjects->items.size(), 1u);
  EXPECT_FALSE(subjects->next_cursor.empty());
  auto none = read<Page<SubjectName>>([&](Repositories& r) {
    return r.assessment_reports().subjects(r1.id, std::vector<std::string>{"other"}, {});
  });
  ASSERT_OK(none);
  EXPECT_TRUE(none->items.empty());
}

}  // namespace
}  // namespace trellis::test
