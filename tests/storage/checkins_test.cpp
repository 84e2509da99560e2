// The check-in repositories (schedules, check-ins, consent, disclosures, settings) on both
// backends.
#include "storage/checkins/checkin_repositories.h"
#include "store_fixture.h"

namespace trellis::test {
namespace {

class CheckinsStoreTest : public StoreTest {
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
      for (int i = 0; i < 3; ++i) {
        User u = user("s" + std::to_string(i) + "@example.org");
        TRY(r.users().insert(u, "x"));
        scholars_.push_back(u.id);
      }
      return ok_status();
    }));
  }

  Checkin checkin(const std::string& scholar, const std::string& period, int mood) {
    Checkin c;
    c.id = new_id();
    c.scholar_id = scholar;
    c.cohort_id = cohort_id_;
    c.period_start = period;
    c.energy = 4;
    c.mood = mood;
    c.progress = 2;
    c.wins = "Ran the first experiment";
    c.blockers = "Cluster queue";
    c.support_note = "Sleeping badly";
    c.created_at = c.updated_at = 1795685400000;
    return c;
  }

  Status insert(const Checkin& c) {
    return write([&](Repositories& r) { return r.checkins().checkins().insert(c); });
  }

  std::string program_id_, cohort_id_;
  std::vector<std::string> scholars_;
};

TEST_F(CheckinsStoreTest, ACheckinReadsBackAsWritten) {
  Checkin c = checkin(scholars_[0], "2027-01-11", 2);
  c.stuck = true;
  c.stuck_since = "2027-01-12";
  c.stuck_on = "Deriving the gradient";
  ASSERT_OK(insert(c));
  auto found = read<Checkin>([&](Repositories& r) { return r.checkins().checkins().find(c.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->scholar_id, c.scholar_id);
  EXPECT_EQ(found->period_start, "2027-01-11");
  EXPECT_EQ(found->mood, 2);
  EXPECT_EQ(found->energy, 4);
  EXPECT_EQ(found->progress, 2);
  EXPECT_TRUE(found->stuck);
  EXPECT_EQ(found->stuck_since, std::optional<std::string>("2027-01-12"));
  EXPECT_EQ(found->stuck_on, "Deriving the gradient");
  EXPECT_EQ(found->support_note, "Sleeping badly");
}

TEST_F(CheckinsStoreTest, ASecondCheckinForTheSamePeriodIsAConflictOnPeriodStart) {
  ASSERT_OK(insert(checkin(scholars_[0], "2027-01-11", 3)));
  Status again = insert(checkin(scholars_[0], "2027-01-11", 4));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "period_start");
  // Another scholar, or another period, is fine.
  ASSERT_OK(insert(checkin(scholars_[1], "2027-01-11", 4)));
  ASSERT_OK(insert(checkin(scholars_[0], "2027-01-18", 4)));
}

TEST_F(CheckinsStoreTest, TheSchemaRefusesScalesOutsideOneToFive) {
  Status low = insert(checkin(scholars_[0], "2027-01-11", 0));
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(low.error().field, "mood");
  auto rows = read<std::vector<Checkin>>([&](Repositories& r) {
    return r.checkins().checkins().list_by_scholar(scholars_[0], cohort_id_);
  });
  ASSERT_OK(rows);
  EXPECT_TRUE(rows->empty());
}

TEST_F(CheckinsStoreTest, UpdateReplacesTheAnswersButNotThePeriod) {
  Checkin c = checkin(scholars_[0], "2027-01-11", 3);
  ASSERT_OK(insert(c));
  c.mood = 5;
  c.wins = "Paper accepted";
  c.period_start = "2027-01-18";
  c.updated_at = c.created_at + 1000;
  ASSERT_OK(write([&](Repositories& r) { return r.checkins().checkins().update(c); }));
  auto found = read<Checkin>([&](Repositories& r) { return r.checkins().checkins().find(c.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->mood, 5);
  EXPECT_EQ(found->wins, "Paper accepted");
  EXPECT_EQ(found->period_start, "2027-01-11");
  EXPECT_EQ(found->updated_at, c.created_at + 1000);

  Checkin gone = checkin(scholars_[0], "2027-02-01", 3);
  Status missing = write([&](Repositories& r) { return r.checkins().checkins().update(gone); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(CheckinsStoreTest, ListsComeInPeriodOrderWithinTheirRange) {
  ASSERT_OK(insert(checkin(scholars_[0], "2027-01-25", 3)));
  ASSERT_OK(insert(checkin(scholars_[0], "2027-01-11", 2)));
  ASSERT_OK(insert(checkin(scholars_[1], "2027-01-18", 4)));
  auto mine = read<std::vector<Checkin>>([&](Repositories& r) {
    return r.checkins().checkins().list_by_scholar(scholars_[0], cohort_id_);
  });
  ASSERT_OK(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].period_start, "2027-01-11");
  EXPECT_EQ((*mine)[1].period_start, "2027-01-25");

  auto range = read<std::vector<Checkin>>([&](Repositories& r) {
    return r.checkins().checkins().list_by_cohort(cohort_id_, "2027-01-12", "2027-01-25");
  });
  ASSERT_OK(range);
  ASSERT_EQ(range->size(), 2u);
  EXPECT_EQ((*range)[0].period_start, "2027-01-18");
  EXPECT_EQ((*range)[1].period_start, "2027-01-25");
}

TEST_F(CheckinsStoreTest, PeriodCountsAddUpDistributionsAndStuck) {
  Checkin stuck = checkin(scholars_[0], "2027-01-11", 2);
  stuck.stuck = true;
  stuck.stuck_since = "2027-01-11";
  ASSERT_OK(insert(stuck));
  ASSERT_OK(insert(checkin(scholars_[1], "2027-01-11", 2)));
  ASSERT_OK(insert(checkin(scholars_[2], "2027-01-11", 5)));
  ASSERT_OK(insert(checkin(scholars_[0], "2027-01-18", 1)));

  auto all = read<std::vector<CheckinPeriodCounts>>([&](Repositories& r) {
    return r.checkins().checkins().period_counts(cohort_id_, "2027-01-01", "2027-12-31",
                                                 std::nullopt);
  });
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 2u);
  const CheckinPeriodCounts& first = (*all)[0];
  EXPECT_EQ(first.period_start, "2027-01-11");
  EXPECT_EQ(first.respondents, 3);
  EXPECT_EQ(first.stuck, 1);
  EXPECT_EQ(first.mood, (std::array<long long, 5>{0, 2, 0, 0, 1}));
  EXPECT_EQ(first.energy, (std::array<long long, 5>{0, 0, 0, 3, 0}));
  EXPECT_EQ(first.progress, (std::array<long long, 5>{0, 3, 0, 0, 0}));
  EXPECT_EQ((*all)[1].respondents, 1);

  auto some = read<std::vector<CheckinPeriodCounts>>([&](Repositories& r) {
    return r.checkins().checkins().period_counts(
        cohort_id_, "2027-01-01", "2027-12-31",
        std::vector<std::string>{scholars_[1], scholars_[2]});
  });
  ASSERT_OK(some);
  ASSERT_EQ(some->size(), 1u);
  EXPECT_EQ((*some)[0].respondents, 2);
  EXPECT_EQ((*some)[0].stuck, 0);

  auto none = read<std::vector<CheckinPeriodCounts>>([&](Repositories& r) {
    return r.checkins().checkins().period_counts(cohort_id_, "2027-01-01", "2027-12-31",
                                                 std::vector<std::string>{});
  });
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

// The whole cohort's counts come from totals that triggers keep (migration 0019); some
// scholars' counts are summed from the check-ins. After inserts and edits that move answers
// between values, the two agree.
TEST_F(CheckinsStoreTest, CohortTotalsFollowEveryEdit) {
  std::vector<Checkin> written;
  for (std::size_t i = 0; i < scholars_.size(); ++i) {
    for (const char* period : {"2027-01-11", "2027-01-18"}) {
      written.push_back(checkin(scholars_[i], period, static_cast<int>(i) + 1));
      ASSERT_OK(insert(written.back()));
    }
  }
  Checkin& edited = written[2];  // scholar 1, 2027-01-11: mood 2 -> 5, now stuck
  edited.mood = 5;
  edited.progress = 4;
  edited.stuck = true;
  edited.stuck_since = "2027-01-11";
  ASSERT_OK(write([&](Repositories& r) { return r.checkins().checkins().update(edited); }));
  Checkin& again = written[5];  // scholar 2, 2027-01-18: energy 4 -> 1
  again.energy = 1;
  ASSERT_OK(write([&](Repositories& r) { return r.checkins().checkins().update(again); }));

  auto counts = [&](std::optional<std::vector<std::string>> only) {
    auto out = read<std::vector<CheckinPeriodCounts>>([&](Repositories& r) {
      return r.checkins().checkins().period_counts(cohort_id_, "2027-01-01", "2027-12-31", only);
    });
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : std::vector<CheckinPeriodCounts>{};
  };
  const auto totals = counts(std::nullopt);
  const auto summed = counts(scholars_);
  ASSERT_EQ(totals.size(), 2u);
  ASSERT_EQ(summed.size(), 2u);
  for (std::size_t p = 0; p < totals.size(); ++p) {
    EXPECT_EQ(totals[p].period_start, summed[p].period_start);
    EXPECT_EQ(totals[p].respondents, summed[p].respondents);
    EXPECT_EQ(totals[p].stuck, summed[p].stuck);
    EXPECT_EQ(totals[p].mood, summed[p].mood);
    EXPECT_EQ(totals[p].energy, summed[p].energy);
    EXPECT_EQ(totals[p].progress, summed[p].progress);
  }
  EXPECT_EQ(totals[0].mood, (std::array<long long, 5>{1, 0, 1, 0, 1}));
  EXPECT_EQ(totals[0].stuck, 1);
  EXPECT_EQ(totals[0].progress, (std::array<long long, 5>{0, 2, 0, 1, 0}));
  EXPECT_EQ(totals[1].energy, (std::array<long long, 5>{1, 0, 0, 2, 0}));
}

TEST_F(CheckinsStoreTest, ASavedScheduleReplacesItsWeeksOff) {
  auto missing = read<CheckinSchedule>(
      [&](Repositories& r) { return r.checkins().schedules().find(cohort_id_); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  CheckinSchedule s = default_schedule(cohort_id_);
  s.cadence = Cadence::kFortnightly;
  s.due_weekday = 3;
  s.weeks_off = {{"2027-03-01", "2027-03-07"}, {"2027-02-15", "2027-02-21"}};
  s.updated_at = 1795685400000;
  s.updated_by = scholars_[0];
  ASSERT_OK(write([&](Repositories& r) { return r.checkins().schedules().save(s); }));
  s.weeks_off = {{"2027-04-05", "2027-04-18"}};
  s.cadence = Cadence::kDaily;
  ASSERT_OK(write([&](Repositories& r) { return r.checkins().schedules().save(s); }));

  auto found = read<CheckinSchedule>(
      [&](Repositories& r) { return r.checkins().schedules().find(cohort_id_); });
  ASSERT_OK(found);
  EXPECT_EQ(found->cadence, Cadence::kDaily);
  EXPECT_EQ(found->due_weekday, 3);
  EXPECT_EQ(found->updated_by, scholars_[0]);
  ASSERT_EQ(found->weeks_off.size(), 1u);
  EXPECT_EQ(found->weeks_off[0].starts_on, "2027-04-05");
  EXPECT_EQ(found->weeks_off[0].ends_on, "2027-04-18");
}

TEST_F(CheckinsStoreTest, ConsentKeepsTheCurrentLevelAndEveryChange) {
  auto none = read<Consent>(
      [&](Repositories& r) { return r.checkins().consents().find(scholars_[0], program_id_); });
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);

  const ConsentLevel levels[] = {ConsentLevel::kAlerts, ConsentLevel::kAlertsAndAnswers,
                                 ConsentLevel::kNone};
  Timestamp at = 1795685400000;
  for (ConsentLevel level : levels) {
    at += 1000;
    Consent c{scholars_[0], program_id_, level, level != ConsentLevel::kNone, at};
    ConsentChange change{new_id(), scholars_[0], program_id_, level, c.mentor_flag, at};
    ASSERT_OK(write([&](Repositories& r) { return r.checkins().consents().save(c, change); }));
  }
  auto current = read<Consent>(
      [&](Repositories& r) { return r.checkins().consents().find(scholars_[0], program_id_); });
  ASSERT_OK(current);
  EXPECT_EQ(current->level, ConsentLevel::kNone);
  EXPECT_FALSE(current->mentor_flag);
  EXPECT_EQ(current->changed_at, at);

  auto history = read<std::vector<ConsentChange>>(
      [&](Repositories& r) { return r.checkins().consents().history(scholars_[0], program_id_); });
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].level, ConsentLevel::kNone);
  EXPECT_EQ((*history)[1].level, ConsentLevel::kAlertsAndAnswers);
  EXPECT_TRUE((*history)[1].mentor_flag);
  EXPECT_EQ((*history)[2].level, ConsentLevel::kAlerts);

  auto in_program = read<std::vector<Consent>>(
      [&](Repositories& r) { return r.checkins().consents().list_by_program(program_id_); });
  ASSERT_OK(in_program);
  ASSERT_EQ(in_program->size(), 1u);
  EXPECT_EQ((*in_program)[0].scholar_id, scholars_[0]);
}

TEST_F(CheckinsStoreTest, ADisclosureIsLoggedOnceAndListedNewestFirst) {
  Disclosure d{new_id(),
               scholars_[0],
               program_id_,
               std::string(kRecipientSupportTeam),
               DisclosureKind::kAlert,
               "alert-1",
               1795685400000};
  std::optional<bool> inserted;
  ASSERT_OK(write([&](Repositories& r) -> Status {
    inserted = TRY(r.checkins().disclosures().insert_once(d));
    return ok_status();
  }));
  EXPECT_EQ(inserted, true);
  Disclosure again = d;
  again.id = new_id();
  again.disclosed_at += 5000;
  ASSERT_OK(write([&](Repositories& r) -> Status {
    inserted = TRY(r.checkins().disclosures().insert_once(again));
    return ok_status();
  }));
  EXPECT_EQ(inserted, false);
  Disclosure flag{
      new_id(),    scholars_[0], program_id_, scholars_[1], DisclosureKind::kSupportFlag,
      "checkin-1", 1795685460000};
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.checkins().disclosures().insert_once(flag));
    return ok_status();
  }));

  auto listed = read<std::vector<Disclosure>>([&](Repositories& r) {
    return r.checkins().disclosures().list_by_scholar(scholars_[0], program_id_);
  });
  ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].what, DisclosureKind::kSupportFlag);
  EXPECT_EQ((*listed)[0].recipient, scholars_[1]);
  EXPECT_EQ((*listed)[1].what, DisclosureKind::kAlert);
  EXPECT_EQ((*listed)[1].disclosed_at, 1795685400000);
  auto others = read<std::vector<Disclosure>>([&](Repositories& r) {
    return r.checkins().disclosures().list_by_scholar(scholars_[1], program_id_);
  });
  ASSERT_OK(others);
  EXPECT_TRUE(others->empty());
}

TEST_F(CheckinsStoreTest, SettingsDefaultUntilSavedAndRefuseAnOutOfRangeTimeBox) {
  auto missing = read<CheckinSettings>(
      [&](Repositories& r) { return r.checkins().settings().find(program_id_); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  CheckinSettings s;
  s.program_id = program_id_;
  s.stuck_time_box_days = 4;
  s.updated_at = 1795685400000;
  ASSERT_OK(write([&](Repositories& r) { return r.checkins().settings().save(s); }));
  s.stuck_time_box_days = 0;
  Status bad = write([&](Repositories& r) { return r.checkins().settings().save(s); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "stuck_time_box_days");
  auto found = read<CheckinSettings>(
      [&](Repositories& r) { return r.checkins().settings().find(program_id_); });
  ASSERT_OK(found);
  EXPECT_EQ(found->stuck_time_box_days, 4);
}

}  // namespace
}  // namespace trellis::test
