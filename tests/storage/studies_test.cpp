// The study repositories (storage/studies/study_repositories.h) on both backends: studies and their
// instrument, participation and one-time links, responses and answers, the codebook and memos,
// coded segments with their conflicts, the report aggregates, and jobs.
#include <algorithm>

#include "storage/studies/study_repositories.h"
#include "store_fixture.h"

namespace trellis::test {
namespace {

constexpr Timestamp kNow = 1795685400000;

class StudiesStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Program p = program("Fellowship");
    program_id_ = p.id;
    User coder = user("coder@example.org");
    coder_id_ = coder.id;
    ASSERT_OK(write([&](Repositories& r) -> Status {
      TRY(r.programs().insert(p));
      return r.users().insert(coder, "x");
    }));
    study_ = make_study("Mentor interviews", StudyMode::kAnonymous);
    ASSERT_OK(write([&](Repositories& r) { return r.studies().study().insert(study_); }));
  }

  Study make_study(const std::string& title, StudyMode mode) {
    Study s;
    s.id = new_id();
    s.program_id = program_id_;
    s.title = title;
    s.mode = mode;
    s.status = StudyStatus::kOpen;
    s.created_by = coder_id_;
    s.created_at = kNow;
    for (int i = 0; i < 2; ++i) {
      Question q;
      q.id = new_id();
      q.study_id = s.id;
      q.position = i + 1;
      q.kind = QuestionKind::kOpenText;
      q.prompt = "Question " + std::to_string(i + 1);
      s.questions.push_back(q);
    }
    Question ranking;
    ranking.id = new_id();
    ranking.study_id = s.id;
    ranking.position = 3;
    ranking.kind = QuestionKind::kRanking;
    ranking.prompt = "Rank what you lack";
    ranking.options = {"grit", "reading", "credentials", "network"};
    s.questions.push_back(ranking);
    return s;
  }

  // A response of `group` answering both open questions (and the ranking, when given).
  struct Made {
    StudyResponse response;
    std::vector<Answer> answers;
  };
  Made respond(const std::string& group, std::vector<std::string> ranked = {}) {
    Made m;
    m.response.id = new_id();
    m.response.study_id = study_.id;
    m.response.anonymous = true;
    m.response.respondent_group = group;
    m.response.submitted_on = "2026-11-26";
    for (const Question& q : study_.questions) {
      Answer a;
      a.id = new_id();
      a.response_id = m.response.id;
      a.study_id = study_.id;
      a.question_id = q.id;
      a.anonymous = true;
      if (q.kind == QuestionKind::kRanking) {
        if (ranked.empty()) continue;
        a.choices = ranked;
      } else {
        a.text = "Perseverance, and reading every week.";
        a.length = static_cast<long long>(a.text.size());
      }
      m.answers.push_back(a);
    }
    EXPECT_TRUE(write([&](Repositories& r) {
                  return r.studies().responses().insert(m.response, m.answers);
                }).ok());
    return m;
  }

  Code make_code(const std::string& name, std::optional<std::string> parent = std::nullopt) {
    Code c;
    c.id = new_id();
    c.study_id = study_.id;
    c.parent_id = std::move(parent);
    c.name = name;
    c.created_at = kNow;
    return c;
  }

  Segment segment(const Made& m, std::size_t answer, const Code& code, long long start,
                  long long end) {
    Segment s;
    s.id = new_id();
    s.study_id = study_.id;
    s.answer_id = m.answers[answer].id;
    s.response_id = m.response.id;
    s.question_id = m.answers[answer].question_id;
    s.question_position = static_cast<int>(answer + 1);
    s.code_id = code.id;
    s.coder_id = coder_id_;
    s.start = start;
    s.end = end;
    s.created_at = kNow;
    return s;
  }

  std::string program_id_, coder_id_;
  Study study_;
};

TEST_F(StudiesStoreTest, StudyKeepsItsInstrumentAndSettings) {
  Result<Study> found =
      read<Study>([&](Repositories& r) { return r.studies().study().find(study_.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->title, "Mentor interviews");
  EXPECT_EQ(found->mode, StudyMode::kAnonymous);
  ASSERT_EQ(found->questions.size(), 3u);
  EXPECT_EQ(found->questions[2].options,
            (std::vector<std::string>{"grit", "reading", "credentials", "network"}));
  EXPECT_EQ(found->questions[0].position, 1);

  Study changed = *found;
  changed.title = "Renamed";
  changed.blind_coding = true;
  ASSERT_OK(write([&](Repositories& r) { return r.studies().study().update(changed); }));
  found = read<Study>([&](Repositories& r) { return r.studies().study().find(study_.id); });
  EXPECT_EQ(found->title, "Renamed");
  EXPECT_TRUE(found->blind_coding);

  // The codebook version moves only from the version the editor read.
  ASSERT_OK(write([&](Repositories& r) {
    return r.studies().study().advance_codebook_version(study_.id, found->codebook_version);
  }));
  Status stale = write([&](Repositories& r) {
    return r.studies().study().advance_codebook_version(study_.id, found->codebook_version);
  });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);

  Study other = make_study("Scholar survey", StudyMode::kNamed);
  ASSERT_OK(write([&](Repositories& r) { return r.studies().study().insert(other); }));
  auto listed = read<Page<Study>>([&](Repositories& r) {
    return r.studies().study().list_by_program(program_id_, PageRequest{});
  });
  ASSERT_OK(listed);
  EXPECT_EQ(listed->items.size(), 2u);
  ASSERT_OK(write([&](Repositories& r) { return r.studies().study().remove(other.id); }));
  auto gone = read<Study>([&](Repositories& r) { return r.studies().study().find(other.id); });
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

TEST_F(StudiesStoreTest, ParticipationAndLinksAreUsedOnce) {
  ASSERT_OK(write([&](Repositories& r) {
    return r.studies().study().insert_participant(study_.id, coder_id_);
  }));
  EXPECT_TRUE(*read<bool>(
      [&](Repositories& r) { return r.studies().study().has_participated(study_.id, coder_id_); }));
  EXPECT_EQ(*read<std::vector<std::string>>(
                [&](Repositories& r) { return r.studies().study().participants(study_.id); }),
            std::vector<std::string>{coder_id_});

  StudyLink link{new_id(), study_.id, "hash-1", "Dr Ada", "ada@example.org", false, kNow};
  ASSERT_OK(write([&](Repositories& r) { return r.studies().study().insert_link(link); }));
  auto found = read<StudyLink>(
      [&](Repositories& r) { return r.studies().study().find_link_by_token_hash("hash-1"); });
  ASSERT_OK(found);
  EXPECT_EQ(found->label, "Dr Ada");
  ASSERT_OK(write([&](Repositories& r) { return r.studies().study().mark_link_used(link.id); }));
  Status again =
      write([&](Repositories& r) { return r.studies().study().mark_link_used(link.id); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto counts = read<std::pair<long long, long long>>(
      [&](Repositories& r) { return r.studies().study().count_links(study_.id); });
  EXPECT_EQ(*counts, (std::pair<long long, long long>{1, 1}));
}

TEST_F(StudiesStoreTest, ResponsesKeepTheirAnswersAndNamedPeopleAnswerOnce) {
  Made m = respond("mentor", {"reading", "grit", "network", "credentials"});
  auto answers = read<std::vector<Answer>>(
      [&](Repositories& r) { return r.studies().responses().answers_of(m.response.id); });
  ASSERT_OK(answers);
  EXPECT_EQ(answers->size(), 3u);
  auto found = read<StudyResponse>(
      [&](Repositories& r) { return r.studies().responses().find(m.response.id); });
  ASSERT_OK(found);
  EXPECT_TRUE(found->anonymous);
  EXPECT_FALSE(found->respondent_user_id.has_value());
  EXPECT_EQ(found->respondent_group, "mentor");

  StudyResponse named;
  named.id = new_id();
  named.study_id = study_.id;
  named.respondent_user_id = coder_id_;
  named.respondent_label = "Coder";
  named.respondent_group = "mentor";
  named.submitted_on = "2026-11-26";
  named.submitted_at = kNow;
  ASSERT_OK(write([&](Repositories& r) { return r.studies().responses().insert(named, {}); }));
  named.id = new_id();
  Status twice = write([&](Repositories& r) { return r.studies().responses().insert(named, {}); });
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(
      *read<long long>([&](Repositories& r) { return r.studies().responses().count(study_.id); }),
      2);

  ASSERT_OK(write([&](Repositories& r) { return r.studies().responses().remove(m.response.id); }));
  auto removed = read<Answer>(
      [&](Repositories& r) { return r.studies().responses().find_answer(m.answers[0].id); });
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, ErrorCode::kNotFound);
}

TEST_F(StudiesStoreTest, CodebookNamesAreUniqueAmongSiblingsAndMemosFollowCodes) {
  Code grit = make_code("Grit");
  Code child = make_code("Grit", grit.id);  // the same name under another parent is fine
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.studies().codebook().insert(grit));
    return r.studies().codebook().insert(child);
  }));
  Code twin = make_code("Grit");
  Status clash = write([&](Repositories& r) { return r.studies().codebook().insert(twin); });
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);
  EXPECT_EQ(clash.error().field, "name");

  Memo memo{new_id(), study_.id, grit.id, coder_id_, "Mentors mean stamina here.", 1, kNow, kNow};
  ASSERT_OK(write([&](Repositories& r) { return r.studies().codebook().insert_memo(memo); }));
  auto memos = read<std::vector<Memo>>(
      [&](Repositories& r) { return r.studies().codebook().list_memos(study_.id, grit.id); });
  ASSERT_OK(memos);
  ASSERT_EQ(memos->size(), 1u);
  EXPECT_EQ(memos->front().text, "Mentors mean stamina here.");

  // Removing a code removes its descendants and their memos.
  ASSERT_OK(write([&](Repositories& r) { return r.studies().codebook().remove(grit.id); }));
  EXPECT_TRUE(read<std::vector<Code>>([&](Repositories& r) {
                return r.studies().codebook().list(study_.id);
              })->empty());
  EXPECT_TRUE(read<std::vector<Memo>>([&](Repositories& r) {
                return r.studies().codebook().list_memos(study_.id, std::nullopt);
              })->empty());
}

TEST_F(StudiesStoreTest, ACodeKeepsItsCategoryFlag) {
  Code grouping = make_code("Obstacles");
  grouping.category = true;
  Code plain = make_code("No time", grouping.id);
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.studies().codebook().insert(grouping));
    return r.studies().codebook().insert(plain);
  }));
  auto found =
      read<Code>([&](Repositories& r) { return r.studies().codebook().find(grouping.id); });
  ASSERT_OK(found);
  EXPECT_TRUE(found->category);
  EXPECT_FALSE(
      read<Code>([&](Repositories& r) { return r.studies().codebook().find(plain.id); })->category);

  grouping.category = false;
  plain.category = true;
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.studies().codebook().update(grouping));
    return r.studies().codebook().update(plain);
  }));
  auto codes = read<std::vector<Code>>(
      [&](Repositories& r) { return r.studies().codebook().list(study_.id); });
  ASSERT_OK(codes);
  ASSERT_EQ(codes->size(), 2u);
  for (const Code& c : *codes) EXPECT_EQ(c.category, c.id == plain.id) << c.name;
}

TEST_F(StudiesStoreTest, SegmentsRefuseDuplicatesAndStaleVersions) {
  Made m = respond("mentor");
  Code grit = make_code("Grit");
  ASSERT_OK(write([&](Repositories& r) { return r.studies().codebook().insert(grit); }));
  Segment s = segment(m, 0, grit, 0, 12);
  ASSERT_OK(write([&](Repositories& r) { return r.studies().segments().insert(s); }));
  Segment same = s;
  same.id = new_id();
  Status duplicate = write([&](Repositories& r) { return r.studies().segments().insert(same); });
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);

  Segment moved = s;
  moved.end = 10;
  moved.version = 2;
  ASSERT_OK(write([&](Repositories& r) { return r.studies().segments().update(moved, 1); }));
  Status stale = write([&](Repositories& r) { return r.studies().segments().update(moved, 1); });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  auto found = read<Segment>([&](Repositories& r) { return r.studies().segments().find(s.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->end, 10);
  EXPECT_EQ(found->version, 2);

  SegmentFilter by_code;
  by_code.code_id = grit.id;
  auto listed = read<Page<Segment>>([&](Repositories& r) {
    return r.studies().segments().list(study_.id, by_code, PageRequest{});
  });
  ASSERT_OK(listed);
  EXPECT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(*read<std::vector<std::string>>([&](Repositories& r) {
    return r.studies().segments().answers_coded_by(study_.id, coder_id_);
  }),
            std::vector<std::string>{m.answers[0].id});
}

TEST_F(StudiesStoreTest, ReportAggregatesCountRespondentsPerScopeAndGroup) {
  Code grit = make_code("Grit"), reading = make_code("Reading");
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.studies().codebook().insert(grit));
    return r.studies().codebook().insert(reading);
  }));
  std::vector<Made> mentors, scholars;
  for (int i = 0; i < 3; ++i)
    mentors.push_back(respond("mentor", {"grit", "reading", "network", "credentials"}));
  for (int i = 0; i < 2; ++i) scholars.push_back(respond("scholar"));
  std::vector<Segment> segments;
  for (const Made& m : mentors) {
    segments.push_back(segment(m, 0, grit, 0, 5));
    segments.push_back(segment(m, 0, reading, 6, 12));
  }
  segments.push_back(segment(scholars[0], 1, grit, 0, 5));
  ASSERT_OK(write(
      [&](Repositories& r) { return r.studies().segments().insert_all(study_.id, segments); }));

  auto respondents = [&](ReportScope scope) {
    return *read<long long>(
        [&](Repositories& r) { return r.studies().reports().respondents(study_.id, scope); });
  };
  EXPECT_EQ(respondents({}), 5);
  EXPECT_EQ(respondents({std::string("mentor"), std::nullopt, std::nullopt}), 3);
  EXPECT_EQ(respondents({std::nullopt, study_.questions[2].id, std::nullopt}), 3);  // ranked
  using Sizes = std::map<std::string, long long>;
  auto sizes =
      read<Sizes>([&](Repositories& r) { return r.studies().reports().group_sizes(study_.id); });
  ASSERT_OK(sizes);
  EXPECT_EQ(*sizes, (Sizes{{"mentor", 3}, {"scholar", 2}}));

  auto themes = read<std::vector<ThemeRow>>(
      [&](Repositories& r) { return r.studies().reports().themes(study_.id, {}); });
  ASSERT_OK(themes);
  std::map<std::string, ThemeRow> by_code;
  for (const ThemeRow& t : *themes) by_code[t.code_id] = t;
  EXPECT_EQ(by_code[grit.id].respondents, 4);
  EXPECT_EQ(by_code[grit.id].segments, 4);
  EXPECT_EQ(by_code[reading.id].respondents, 3);
  auto in_group = read<std::vector<ThemeRow>>([&](Repositories& r) {
    return r.studies().reports().themes(study_.id,
                                        {std::string("scholar"), std::nullopt, std::nullopt});
  });
  ASSERT_EQ(in_group->size(), 1u);
  EXPECT_EQ(in_group->front().respondents, 1);

  auto pairs = read<std::vector<std::tuple<std::string, std::string, long long>>>(
      [&](Repositories& r) { return r.studies().reports().co_occurrence(study_.id, {}); });
  ASSERT_OK(pairs);
  ASSERT_EQ(pairs->size(), 1u);
  EXPECT_EQ(std::get<2>(pairs->front()), 3);  // three answers carry both codes

  auto by_group = read<std::vector<std::tuple<std::string, std::string, long long>>>(
      [&](Repositories& r) { return r.studies().reports().code_by_group(study_.id); });
  ASSERT_OK(by_group);
  EXPECT_NE(std::find(by_group->begin(), by_group->end(),
                      std::make_tuple(std::string("mentor"), grit.id, 3LL)),
            by_group->end());
  EXPECT_NE(std::find(by_group->begin(), by_group->end(),
                      std::make_tuple(std::string("scholar"), grit.id, 1LL)),
            by_group->end());

  auto ranked = read<std::vector<std::vector<std::string>>>([&](Repositories& r) {
    return r.studies().reports().ranked_choices(study_.id, study_.questions[2].id, std::nullopt, 2);
  });
  ASSERT_OK(ranked);
  ASSERT_EQ(ranked->size(), 3u);
  EXPECT_EQ(ranked->front(), (std::vector<std::string>{"grit", "reading"}));
}

TEST_F(StudiesStoreTest, JobsAreFoundByIdAndByIdempotencyKey) {
  Job job;
  job.id = new_id();
  job.program_id = program_id_;
  job.kind = "transcript_import";
  job.resource_id = study_.id;
  job.status = "queued";
  job.total = 4;
  job.created_by = coder_id_;
  job.idempotency_key = "key-1";
  job.request_hash = "abc";
  job.created_at = job.updated_at = kNow;
  ASSERT_OK(write([&](Repositories& r) { return r.studies().jobs().insert(job); }));
  job.status = "succeeded";
  job.done = 4;
  job.outcome = JobOutcome{};
  ASSERT_OK(write([&](Repositories& r) { return r.studies().jobs().update(job); }));
  auto found = read<Job>([&](Repositories& r) { return r.studies().jobs().find(job.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->status, "succeeded");
  EXPECT_EQ(found->done, 4);
  auto by_key = read<Job>(
      [&](Repositories& r) { return r.studies().jobs().find_by_key(coder_id_, "key-1"); });
  ASSERT_OK(by_key);
  EXPECT_EQ(by_key->id, job.id);
  auto none = read<Job>(
      [&](Repositories& r) { return r.studies().jobs().find_by_key(coder_id_, "key-2"); });
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace trellis::test
