// The support queue's storage (alerts raised once, conversation requests, compare-and-set
// status changes, coaching notes), the alert thresholds of the program settings, and job
// leases, on both backends; with two stores on one database racing for a firing and a lease.
#include <atomic>
#include <thread>

#include "storage/checkins/checkin_repositories.h"
#include "storage/jobs/job_lease_repository.h"
#include "store_fixture.h"

namespace trellis::test {
namespace {

// The Status of a Result, its value dropped.
template <typename T>
Status status_of(const Result<T>& r) {
  if (!r.ok()) return r.error();
  return ok_status();
}

class CheckinAlertsStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Program p = program("Fellowship");
    Cohort c = cohort(p.id, "Winter");
    Cohort other = cohort(p.id, "Summer");
    program_id_ = p.id;
    cohort_id_ = c.id;
    other_cohort_id_ = other.id;
    ASSERT_OK(write([&](Repositories& r) -> Status {
      TRY(r.programs().insert(p));
      TRY(r.cohorts().insert(c));
      TRY(r.cohorts().insert(other));
      for (int i = 0; i < 3; ++i) {
        User u = user("s" + std::to_string(i) + "@example.org");
        TRY(r.users().insert(u, "x"));
        people_.push_back(u.id);
      }
      return ok_status();
    }));
  }

  CheckinAlert alert(const std::string& scholar, AlertReason reason, const std::string& period,
                     Timestamp at = 1795685400000) {
    CheckinAlert a;
    a.id = new_id();
    a.scholar_id = scholar;
    a.cohort_id = cohort_id_;
    a.program_id = program_id_;
    a.reason = reason;
    a.period_start = period;
    a.raised_at = a.updated_at = at;
    return a;
  }

  CheckinAlert request(const std::string& scholar, Timestamp at = 1795685400000) {
    CheckinAlert a = alert(scholar, AlertReason::kConversationRequest, "", at);
    a.message = "Could we talk this week?";
    return a;
  }

  Result<bool> raise(const CheckinAlert& a) {
    std::optional<Result<bool>> out;
    Status s = store_->write([&](Repositories& r) -> Status {
      out.emplace(r.checkins().alerts().insert_once(a));
      return out->ok() ? ok_status() : out->error();
    });
    if (!s.ok()) return s.error();
    return *out;
  }

  std::vector<CheckinAlert> of_scholar(const std::string& scholar,
                                       std::optional<AlertReason> reason = std::nullopt) {
    auto listed = read<std::vector<CheckinAlert>>([&](Repositories& r) {
      return r.checkins().alerts().list_by_scholar(scholar, cohort_id_, reason);
    });
    EXPECT_TRUE(listed.ok()) << listed.error().message;
    return listed.ok() ? *listed : std::vector<CheckinAlert>{};
  }

  std::string program_id_, cohort_id_, other_cohort_id_;
  std::vector<std::string> people_;
};

TEST_F(CheckinAlertsStoreTest, AFiringIsRaisedOnceAndReadsBackAsWritten) {
  CheckinAlert first = alert(people_[0], AlertReason::kLowMood, "2027-02-01");
  auto raised = raise(first);
  ASSERT_OK(raised);
  EXPECT_TRUE(*raised);
  // The same firing again (a second evaluation) writes nothing.
  auto again = raise(alert(people_[0], AlertReason::kLowMood, "2027-02-01", 1795685500000));
  ASSERT_OK(again);
  EXPECT_FALSE(*again);
  // Another period, reason, scholar or cohort is another firing.
  EXPECT_TRUE(*raise(alert(people_[0], AlertReason::kLowMood, "2027-02-08")));
  EXPECT_TRUE(*raise(alert(people_[0], AlertReason::kMissedCheckins, "2027-02-01")));
  EXPECT_TRUE(*raise(alert(people_[1], AlertReason::kLowMood, "2027-02-01")));
  CheckinAlert elsewhere = alert(people_[0], AlertReason::kLowMood, "2027-02-01");
  elsewhere.cohort_id = other_cohort_id_;
  EXPECT_TRUE(*raise(elsewhere));

  auto found =
      read<CheckinAlert>([&](Repositories& r) { return r.checkins().alerts().find(first.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->scholar_id, people_[0]);
  EXPECT_EQ(found->cohort_id, cohort_id_);
  EXPECT_EQ(found->program_id, program_id_);
  EXPECT_EQ(found->reason, AlertReason::kLowMood);
  EXPECT_EQ(found->period_start, "2027-02-01");
  EXPECT_EQ(found->status, AlertStatus::kOpen);
  EXPECT_EQ(found->claimed_by, "");
  EXPECT_EQ(found->claimed_at, 0);
  EXPECT_EQ(found->raised_at, 1795685400000);
  EXPECT_EQ(of_scholar(people_[0]).size(), 3u);
  EXPECT_EQ(of_scholar(people_[0], AlertReason::kLowMood).size(), 2u);

  auto missing =
      read<CheckinAlert>([&](Repositories& r) { return r.checkins().alerts().find(new_id()); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(CheckinAlertsStoreTest, TwoStoresRaisingTheSameFiringAtOnceWriteOneRow) {
  auto second = open(url_);
  ASSERT_TRUE(second);
  constexpr int kRounds = 20;
  std::atomic<int> inserted{0}, failures{0};
  auto evaluate = [&](Store& store) {
    for (int i = 0; i < kRounds; ++i) {
      CheckinAlert a =
          alert(people_[0], AlertReason::kFallingTrend, "2027-01-" + std::to_string(10 + i));
      Status s = store.write([&](Repositories& r) -> Status {
        bool fresh = TRY(r.checkins().alerts().insert_once(a));
        if (fresh) ++inserted;
        return ok_status();
      });
      if (!s.ok()) {
        ++failures;
        ADD_FAILURE() << s.error().message;
      }
    }
  };
  std::thread a([&] { evaluate(*store_); });
  std::thread b([&] { evaluate(*second); });
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(inserted.load(), kRounds);
  EXPECT_EQ(of_scholar(people_[0]).size(), static_cast<std::size_t>(kRounds));
}

TEST_F(CheckinAlertsStoreTest, AScholarHasOneUnresolvedConversationRequestPerCohort) {
  CheckinAlert first = request(people_[0]);
  ASSERT_OK(write([&](Repositories& r) { return r.checkins().alerts().insert_request(first); }));
  Status twice = write(
      [&](Repositories& r) { return r.checkins().alerts().insert_request(request(people_[0])); });
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(twice.error().field, "cohort_id");
  // Another scholar may ask at the same time.
  ASSERT_OK(write(
      [&](Repositories& r) { return r.checkins().alerts().insert_request(request(people_[1])); }));
  // Once the first is resolved, the scholar may ask again; reopening the first then conflicts.
  CheckinAlert resolved = first;
  resolved.status = AlertStatus::kResolved;
  resolved.resolved_by = people_[2];
  resolved.resolved_at = resolved.updated_at = 1795685500000;
  ASSERT_OK(write([&](Repositories& r) -> Status {
    bool changed = TRY(r.checkins().alerts().update_status(resolved, AlertStatus::kOpen));
    return changed ? ok_status() : Error::internal("not changed");
  }));
  CheckinAlert second = request(people_[0], 1795685600000);
  ASSERT_OK(write([&](Repositories& r) { return r.checkins().alerts().insert_request(second); }));
  CheckinAlert reopened = resolved;
  reopened.status = AlertStatus::kOpen;
  Status reopen = write([&](Repositories& r) -> Status {
    return status_of(r.checkins().alerts().update_status(reopened, AlertStatus::kResolved));
  });
  ASSERT_FALSE(reopen.ok());
  EXPECT_EQ(reopen.error().code, ErrorCode::kConflict);
  EXPECT_EQ(reopen.error().field, "cohort_id");

  auto requests = of_scholar(people_[0], AlertReason::kConversationRequest);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].id, second.id);  // newest first
  EXPECT_EQ(requests[0].message, "Could we talk this week?");
  EXPECT_EQ(requests[0].period_start, "");
  // A request is never inserted as a firing, nor a firing as a request.
  auto wrong = raise(request(people_[2]));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().field, "reason");
  Status wrong_way = write([&](Repositories& r) {
    return r.checkins().alerts().insert_request(
        alert(people_[2], AlertReason::kStuck, "2027-02-01"));
  });
  ASSERT_FALSE(wrong_way.ok());
}

TEST_F(CheckinAlertsStoreTest, StatusChangesOnlyFromTheExpectedStatus) {
  CheckinAlert a = alert(people_[0], AlertReason::kStuck, "2027-02-01");
  ASSERT_TRUE(*raise(a));
  CheckinAlert claimed = a;
  claimed.status = AlertStatus::kClaimed;
  claimed.claimed_by = people_[2];
  claimed.claimed_at = claimed.updated_at = 1795685500000;
  auto change = [&](const CheckinAlert& to, AlertStatus expected) {
    std::optional<bool> changed;
    Status s = store_->write([&](Repositories& r) -> Status {
      changed = TRY(r.checkins().alerts().update_status(to, expected));
      return ok_status();
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return changed.value_or(false);
  };
  EXPECT_TRUE(change(claimed, AlertStatus::kOpen));
  // A second claim, made from the state its author saw, finds the item claimed already.
  CheckinAlert rival = claimed;
  rival.claimed_by = people_[1];
  EXPECT_FALSE(change(rival, AlertStatus::kOpen));
  auto found =
      read<CheckinAlert>([&](Repositories& r) { return r.checkins().alerts().find(a.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->status, AlertStatus::kClaimed);
  EXPECT_EQ(found->claimed_by, people_[2]);
  EXPECT_EQ(found->claimed_at, 1795685500000);
  EXPECT_EQ(found->updated_at, 1795685500000);
  CheckinAlert resolved = claimed;
  resolved.status = AlertStatus::kResolved;
  resolved.resolved_by = people_[2];
  resolved.resolved_at = resolved.updated_at = 1795685600000;
  EXPECT_TRUE(change(resolved, AlertStatus::kClaimed));
  found = read<CheckinAlert>([&](Repositories& r) { return r.checkins().alerts().find(a.id); });
  EXPECT_EQ(found->status, AlertStatus::kResolved);
  EXPECT_EQ(found->resolved_by, people_[2]);
  EXPECT_EQ(found->resolved_at, 1795685600000);
  // Reopened: the claim and resolution are cleared.
  CheckinAlert reopened = a;
  reopened.updated_at = 1795685700000;
  EXPECT_TRUE(change(reopened, AlertStatus::kResolved));
  found = read<CheckinAlert>([&](Repositories& r) { return r.checkins().alerts().find(a.id); });
  EXPECT_EQ(found->status, AlertStatus::kOpen);
  EXPECT_EQ(found->claimed_by, "");
  EXPECT_EQ(found->resolved_at, 0);
}

TEST_F(CheckinAlertsStoreTest, ListsFilterByCohortAndStatusNewestFirstAndCountAlertedScholars) {
  CheckinAlert old = alert(people_[0], AlertReason::kLowMood, "2027-01-25", 1795685400000);
  CheckinAlert newer = alert(people_[0], AlertReason::kStuck, "2027-02-01", 1795685500000);
  CheckinAlert other = alert(people_[1], AlertReason::kMissedCheckins, "2027-02-01", 1795685600000);
  CheckinAlert elsewhere = alert(people_[2], AlertReason::kLowMood, "2027-02-01", 1795685700000);
  elsewhere.cohort_id = other_cohort_id_;
  for (const CheckinAlert& a : {old, newer, other, elsewhere}) ASSERT_TRUE(*raise(a));
  ASSERT_OK(write(
      [&](Repositories& r) { return r.checkins().alerts().insert_request(request(people_[2])); }));
  CheckinAlert resolved = other;
  resolved.status = AlertStatus::kResolved;
  resolved.resolved_by = people_[2];
  resolved.resolved_at = resolved.updated_at = 1795685800000;
  ASSERT_OK(write([&](Repositories& r) {
    return status_of(r.checkins().alerts().update_status(resolved, AlertStatus::kOpen));
  }));

  auto ids = [&](std::vector<std::string> cohorts, std::vector<AlertStatus> statuses) {
    std::vector<std::string> out;
    auto listed = read<std::vector<CheckinAlert>>(
        [&](Repositories& r) { return r.checkins().alerts().list_by_cohorts(cohorts, statuses); });
    EXPECT_TRUE(listed.ok());
    if (listed.ok())
      for (const CheckinAlert& a : *listed) out.push_back(a.id);
    return out;
  };
  EXPECT_EQ(ids({cohort_id_}, {}).size(), 4u);
  EXPECT_EQ(ids({cohort_id_}, {AlertStatus::kOpen}).size(), 3u);  // the request is open too
  EXPECT_EQ(ids({cohort_id_}, {AlertStatus::kResolved}), std::vector<std::string>{other.id});
  const auto both =
      ids({cohort_id_, other_cohort_id_}, {AlertStatus::kOpen, AlertStatus::kClaimed});
  ASSERT_EQ(both.size(), 4u);
  EXPECT_EQ(both[0], elsewhere.id);
  EXPECT_EQ(both.back(), old.id);
  EXPECT_TRUE(ids({}, {}).empty());

  auto count = [&](const std::string& cohort) {
    auto n = read<long long>(
        [&](Repositories& r) { return r.checkins().alerts().count_alerted_scholars(cohort); });
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  };
  // people_[0] twice counts once; people_[1]'s is resolved; a request is no rule's alert.
  EXPECT_EQ(count(cohort_id_), 1);
  EXPECT_EQ(count(other_cohort_id_), 1);
}

TEST_F(CheckinAlertsStoreTest, CoachingNotesListOldestFirst) {
  CheckinAlert a = alert(people_[0], AlertReason::kLowMood, "2027-02-01");
  ASSERT_TRUE(*raise(a));
  for (int i = 0; i < 3; ++i) {
    CoachingNote n;
    n.id = new_id();
    n.alert_id = a.id;
    n.author_id = people_[2];
    n.text = "Note " + std::to_string(i);
    n.created_at = 1795685400000 + (2 - i);  // inserted newest first
    ASSERT_OK(write([&](Repositories& r) { return r.checkins().alerts().insert_note(n); }));
  }
  auto notes = read<std::vector<CoachingNote>>(
      [&](Repositories& r) { return r.checkins().alerts().notes(a.id); });
  ASSERT_OK(notes);
  ASSERT_EQ(notes->size(), 3u);
  EXPECT_EQ((*notes)[0].text, "Note 2");
  EXPECT_EQ((*notes)[2].text, "Note 0");
  EXPECT_EQ((*notes)[0].author_id, people_[2]);
  EXPECT_EQ((*notes)[0].alert_id, a.id);
  // A note needs its item.
  CoachingNote orphan = (*notes)[0];
  orphan.id = new_id();
  orphan.alert_id = new_id();
  EXPECT_FALSE(
      write([&](Repositories& r) { return r.checkins().alerts().insert_note(orphan); }).ok());
}

TEST_F(CheckinAlertsStoreTest, AConversationRequestIsADisclosureKind) {
  Disclosure d;
  d.id = new_id();
  d.scholar_id = people_[0];
  d.program_id = program_id_;
  d.recipient = std::string(kRecipientSupportTeam);
  d.what = DisclosureKind::kConversationRequest;
  d.reference_id = new_id();
  d.disclosed_at = 1795685400000;
  ASSERT_OK(
      write([&](Repositories& r) { return status_of(r.checkins().disclosures().insert_once(d)); }));
  auto listed = read<std::vector<Disclosure>>([&](Repositories& r) {
    return r.checkins().disclosures().list_by_scholar(people_[0], program_id_);
  });
  ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].what, DisclosureKind::kConversationRequest);
}

TEST_F(CheckinAlertsStoreTest, AlertThresholdsAndHelpChannelsAreSavedAndChecked) {
  CheckinSettings s;
  s.program_id = program_id_;
  s.stuck_time_box_days = 3;
  s.low_mood_at_most = 3;
  s.low_mood_checkins = 4;
  s.falling_trend_checkins = 5;
  s.stuck_alert_days = 9;
  s.missed_checkins = 1;
  s.help_channels = "#help-desk, or Maya (maya@example.org)";
  s.updated_at = 1795685400000;
  ASSERT_OK(write([&](Repositories& r) { return r.checkins().settings().save(s); }));
  auto found = read<CheckinSettings>(
      [&](Repositories& r) { return r.checkins().settings().find(program_id_); });
  ASSERT_OK(found);
  EXPECT_EQ(found->stuck_time_box_days, 3);
  EXPECT_EQ(found->low_mood_at_most, 3);
  EXPECT_EQ(found->low_mood_checkins, 4);
  EXPECT_EQ(found->falling_trend_checkins, 5);
  EXPECT_EQ(found->stuck_alert_days, 9);
  EXPECT_EQ(found->missed_checkins, 1);
  EXPECT_EQ(found->help_channels, "#help-desk, or Maya (maya@example.org)");
  struct Case {
    int CheckinSettings::*member;
    int value;
    const char* field;
  } cases[] = {
      {&CheckinSettings::low_mood_at_most, 5, "low_mood_at_most"},
      {&CheckinSettings::low_mood_checkins, 0, "low_mood_checkins"},
      {&CheckinSettings::falling_trend_checkins, 2, "falling_trend_checkins"},
      {&CheckinSettings::stuck_alert_days, 61, "stuck_alert_days"},
      {&CheckinSettings::missed_checkins, 9, "missed_checkins"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    CheckinSettings bad = s;
    bad.*c.member = c.value;
    Status saved = write([&](Repositories& r) { return r.checkins().settings().save(bad); });
    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().field, c.field);
  }
}

class JobLeasesStoreTest : public StoreTest {
 protected:
  Result<bool> acquire(Store& store, const std::string& holder, Timestamp now, Timestamp until) {
    std::optional<bool> got;
    Status s = store.write([&](Repositories& r) -> Status {
      got = TRY(r.job_leases().acquire("checkin-alerts", holder, now, until));
      return ok_status();
    });
    if (!s.ok()) return s.error();
    return *got;
  }
  Result<bool> acquire(const std::string& holder, Timestamp now, Timestamp until) {
    return acquire(*store_, holder, now, until);
  }
  Result<bool> release(const std::string& holder, Timestamp now) {
    std::optional<bool> done;
    Status s = store_->write([&](Repositories& r) -> Status {
      done = TRY(r.job_leases().release("checkin-alerts", holder, now));
      return ok_status();
    });
    if (!s.ok()) return s.error();
    return *done;
  }
};

TEST_F(JobLeasesStoreTest, ALeaseIsHeldByOneHolderUntilItExpiresOrIsGivenBack) {
  auto never =
      read<JobLease>([](Repositories& r) { return r.job_leases().find("checkin-alerts"); });
  ASSERT_FALSE(never.ok());
  EXPECT_EQ(never.error().code, ErrorCode::kNotFound);

  EXPECT_TRUE(*acquire("server-a", 1000, 61000));
  EXPECT_FALSE(*acquire("server-b", 2000, 62000));  // held by a
  EXPECT_TRUE(*acquire("server-a", 3000, 63000));   // a extends its own
  auto lease =
      read<JobLease>([](Repositories& r) { return r.job_leases().find("checkin-alerts"); });
  ASSERT_OK(lease);
  EXPECT_EQ(lease->holder, "server-a");
  EXPECT_EQ(lease->expires_at, 63000);
  // a died: once the lease expired, b takes it over.
  EXPECT_FALSE(*acquire("server-b", 63000, 123000));  // not before the end
  EXPECT_TRUE(*acquire("server-b", 63001, 123001));
  // Only the holder gives it back; then anyone may take it at once.
  EXPECT_FALSE(*release("server-a", 70000));
  EXPECT_TRUE(*release("server-b", 70000));
  EXPECT_TRUE(*acquire("server-a", 70001, 130001));
}

TEST_F(JobLeasesStoreTest, TwoStoresRacingForALeaseLetExactlyOneWin) {
  auto second = open(url_);
  ASSERT_TRUE(second);
  constexpr int kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    // Each round starts after the previous lease expired.
    const Timestamp now = 1000000 * (round + 1);
    std::atomic<int> winners{0}, failures{0};
    auto contend = [&](Store& store, const std::string& holder) {
      auto got = acquire(store, holder, now, now + 60000);
      if (!got.ok()) {
        ++failures;
        ADD_FAILURE() << got.error().message;
      } else if (*got) {
        ++winners;
      }
    };
    std::thread a([&] { contend(*store_, "server-a"); });
    std::thread b([&] { contend(*second, "server-b"); });
    a.join();
    b.join();
    EXPECT_EQ(failures.load(), 0) << "round " << round;
    EXPECT_EQ(winners.load(), 1) << "round " << round;
  }
}

}  // namespace
}  // namespace trellis::test
