// Check-ins over HTTP, on the backend of the suite: the cadence, what is due, checking in late,
// editing until the next one is due, the scholar's history, consent and what was shared, the
// mentors' flag and the cohort view; and above all who sees what (docs/access-control.md,
// "Check-ins and wellbeing") for every role: the scholar, another scholar of the stream (peer)
// and of another stream, the mentor of the stream and of another stream, support, organizer,
// analyst, alumnus, site administrator, another program's organizer and an anonymous caller.
// Bad input gets the documented error and writes nothing.
//
// The server runs on the real clock, so the cohort sits around today: it started eight weeks
// before this week and ends eight weeks after it. Its check-ins are due on Sundays, so last
// week's check-in may always still be edited and the one before may not. Dates are counted from
// the current period the server itself reports.
#include <algorithm>
#include <map>
#include <set>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

class CheckinsApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    // Three is the smallest minimum group size a program may have: small enough to fill.
    Reply p = post(admin_, "/api/v1/programs", {{"name", "Fellowship"}, {"min_group_size", 3}});
    ASSERT_EQ(p.status, 201) << p.body;
    program_ = str(p.json(), "id");
    const std::string this_monday = monday_of(utc_today());
    starts_on_ = add_days(this_monday, -56);
    Reply c = post(
        admin_, "/api/v1/programs/" + program_ + "/cohorts",
        {{"name", "Now"}, {"starts_on", starts_on_}, {"ends_on", add_days(this_monday, 56 + 4)}});
    ASSERT_EQ(c.status, 201) << c.body;
    cohort_ = str(c.json(), "id");
    s1_ = create_stream(cohort_, "Interpretability");
    s2_ = create_stream(cohort_, "Evaluations");
    std::string other_program = create_program("Other fellowship");
    std::string other_cohort = create_cohort(other_program, "Spring");
    add_cast(
        {
            {"scholar", cohort_, "scholar", s1_},
            {"peer", cohort_, "scholar", s1_},
            {"other", cohort_, "scholar", s2_},
            {"mentor", cohort_, "mentor", s1_},
            {"mentor_other", cohort_, "mentor", s2_},
            {"support", cohort_, "support", ""},
            {"organizer", cohort_, "organizer", ""},
            {"analyst", cohort_, "analyst", ""},
            {"alumnus", cohort_, "alumnus", ""},
            {"organizer_other", other_cohort, "organizer", ""},
        },
        ids_, who_);

    Reply s = put(who_["organizer"], schedule_path(),
                  {{"cadence", "weekly"}, {"due_weekday", 7}, {"weeks_off", boost::json::array{}}});
    ASSERT_EQ(s.status, 200) << s.body;
    // This week's first day as the server counts it.
    Reply due = get(who_["scholar"], "/api/v1/me/checkins/due");
    ASSERT_EQ(due.status, 200) << due.body;
    ASSERT_EQ(due.json().at("items").as_array().size(), 1u) << due.body;
    this_week_ = std::string(
        due.json().at("items").at(0).at("current").at("period").at("starts_on").as_string());
  }

  std::string schedule_path() const { return "/api/v1/cohorts/" + cohort_ + "/checkin-schedule"; }
  std::string week(int weeks_from_now) const { return add_days(this_week_, 7 * weeks_from_now); }

  boost::json::object answers(const std::string& period, int mood = 3) const {
    return {{"cohort_id", cohort_}, {"period_start", period}, {"energy", 3},
            {"mood", mood},         {"progress", 3},          {"wins", "Read two papers."}};
  }

  // Checks in as `name`; returns the check-in's id.
  std::string check_in(const std::string& name, boost::json::object body) {
    Reply r = post(who_[name], "/api/v1/me/checkins", body);
    EXPECT_EQ(r.status, 201) << name << ": " << r.body;
    return r.status == 201 ? str(r.json(), "id") : "missing";
  }

  boost::json::value history(const std::string& name) {
    Reply r = get(who_[name], "/api/v1/me/checkins?cohort_id=" + cohort_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json() : boost::json::value(nullptr);
  }

  std::size_t checkin_count(const std::string& name) {
    auto h = history(name);
    return h.is_object() ? h.at("items").as_array().size() : 0;
  }

  Reply set_consent(const std::string& name, const std::string& level, bool flag) {
    return put(who_[name], "/api/v1/me/checkin-consent?program_id=" + program_,
               {{"level", level}, {"mentor_flag", flag}});
  }

  std::string program_, cohort_, s1_, s2_, starts_on_, this_week_;
  std::map<std::string, std::string> ids_;
  std::map<std::string, Browser> who_;
};

const char* const kEveryone[] = {"scholar", "peer",      "other",   "mentor",  "mentor_other",
                                 "support", "organizer", "analyst", "alumnus", "organizer_other",
                                 "admin",   "anon"};

TEST_F(CheckinsApi, TheCadenceIsReadByTheCohortAndChangedByOrganizers) {
  const std::map<std::string, int> read = {
      {"scholar", 200},         {"peer", 200},         {"other", 200},
      {"mentor", 200},          {"mentor_other", 200}, {"support", 200},
      {"organizer", 200},       {"analyst", 200},      {"alumnus", 200},
      {"organizer_other", 404}, {"admin", 200},        {"anon", 401}};
  const std::map<std::string, int> change = {
      {"scholar", 403},         {"peer", 403},         {"other", 403},
      {"mentor", 403},          {"mentor_other", 403}, {"support", 403},
      {"organizer", 200},       {"analyst", 403},      {"alumnus", 403},
      {"organizer_other", 404}, {"admin", 200},        {"anon", 401}};
  const boost::json::object weekly{{"cadence", "weekly"}, {"due_weekday", 7}};
  for (const char* name : kEveryone) {
    SCOPED_TRACE(name);
    EXPECT_EQ(get(who_[name], schedule_path()).status, read.at(name));
    EXPECT_EQ(put(who_[name], schedule_path(), weekly).status, change.at(name));
  }

  Reply saved =
      put(who_["organizer"], schedule_path(),
          {{"cadence", "weekly"},
           {"due_weekday", 7},
           {"weeks_off", boost::json::array{boost::json::object{
                             {"starts_on", week(-2)}, {"ends_on", add_days(week(-2), 6)}}}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_FALSE(saved.json().at("is_default").as_bool());
  EXPECT_EQ(saved.json().at("weeks_off").as_array().size(), 1u);

  // Bad cadences are refused, naming the field, and change nothing.
  struct Bad {
    boost::json::object body;
    const char* field;
  } bad[] = {
      {{{"cadence", "monthly"}, {"due_weekday", 5}}, "cadence"},
      {{{"cadence", "weekly"}, {"due_weekday", 8}}, "due_weekday"},
      {{{"cadence", "weekly"}}, "due_weekday"},
      {{{"cadence", "weekly"},
        {"due_weekday", 5},
        {"weeks_off", boost::json::array{boost::json::object{{"starts_on", "2027-03-08"},
                                                             {"ends_on", "2027-03-01"}}}}},
       "weeks_off"},
      {{{"cadence", "weekly"},
        {"due_weekday", 5},
        {"weeks_off", boost::json::array{boost::json::object{{"starts_on", "2027-02-30"},
                                                             {"ends_on", "2027-03-01"}}}}},
       "weeks_off"},
      {{{"cadence", "weekly"}, {"due_weekday", 5}, {"every", "week"}}, "every"},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(boost::json::serialize(b.body));
    Reply r = put(who_["organizer"], schedule_path(), b.body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(str(r.json().at("error"), "field"), b.field) << r.body;
  }
  Reply after = get(who_["scholar"], schedule_path());
  EXPECT_EQ(after.json().at("due_weekday").as_int64(), 7);
  EXPECT_EQ(after.json().at("weeks_off").as_array().size(), 1u);

  // The week off expects no check-in, and is not missed.
  Reply off = post(who_["scholar"], "/api/v1/me/checkins", answers(week(-2)));
  EXPECT_EQ(off.status, 400) << off.body;
  EXPECT_NE(off.body.find("week off"), std::string::npos) << off.body;
  Reply due = get(who_["scholar"], "/api/v1/me/checkins/due");
  EXPECT_EQ(due.json().at("items").at(0).at("missed").as_array().size(), 7u) << due.body;
}

TEST_F(CheckinsApi, AScholarChecksInLateEditsUntilTheNextIsDueAndSeesTheirHistory) {
  // Eight weeks have passed without a check-in: all are missed, this week is current.
  Reply due = get(who_["scholar"], "/api/v1/me/checkins/due");
  ASSERT_EQ(due.status, 200);
  auto item = due.json().at("items").at(0);
  EXPECT_EQ(str(item, "cohort_id"), cohort_);
  EXPECT_EQ(str(item, "program_id"), program_);
  EXPECT_EQ(item.at("missed").as_array().size(), 8u) << due.body;
  EXPECT_EQ(str(item.at("current"), "state"), "open");  // due on Sunday, so never missed yet
  for (const char* name : {"mentor", "support", "organizer", "analyst", "admin"}) {
    Reply none = get(who_[name], "/api/v1/me/checkins/due");
    EXPECT_EQ(none.status, 200) << name;
    EXPECT_TRUE(none.json().at("items").as_array().empty()) << name << ": " << none.body;
  }
  EXPECT_EQ(get(who_["anon"], "/api/v1/me/checkins/due").status, 401);

  // Three weeks late, stuck since then; two weeks late, still stuck; last week, unstuck.
  boost::json::object stuck = answers(week(-3), 2);
  stuck["stuck"] = true;
  stuck["stuck_since"] = add_days(week(-3), 2);
  stuck["stuck_on"] = "The probe does not train.";
  const std::string three_ago = check_in("scholar", stuck);
  stuck["period_start"] = week(-2);
  stuck["stuck_on"] = "The probe still does not train.";
  check_in("scholar", stuck);
  const std::string last = check_in("scholar", answers(week(-1), 4));
  // Without a period: this week's.
  boost::json::object now = answers(week(0), 5);
  now.erase("period_start");
  Reply current = post(who_["scholar"], "/api/v1/me/checkins", now);
  ASSERT_EQ(current.status, 201) << current.body;
  EXPECT_EQ(str(current.json().at("period"), "starts_on"), this_week_);
  EXPECT_EQ(current.header("Location").value_or(""),
            "/api/v1/checkins/" + str(current.json(), "id"));

  // Late ones are dated to their week; the missed list shrinks.
  due = get(who_["scholar"], "/api/v1/me/checkins/due");
  item = due.json().at("items").at(0);
  EXPECT_EQ(item.at("missed").as_array().size(), 5u) << due.body;
  EXPECT_EQ(str(item.at("current"), "state"), "submitted");
  EXPECT_EQ(item.at("streak").as_int64(), 4);

  auto h = history("scholar");
  ASSERT_TRUE(h.is_object());
  EXPECT_EQ(h.at("streak").as_int64(), 4);
  EXPECT_EQ(h.at("periods").as_array().size(), 9u);
  const auto& items = h.at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(str(items[0].at("period"), "starts_on"), week(-3));
  EXPECT_EQ(items[0].at("mood").as_int64(), 2);
  EXPECT_EQ(items[3].at("mood").as_int64(), 5);
  const auto& stretches = h.at("stuck_stretches").as_array();
  ASSERT_EQ(stretches.size(), 1u) << boost::json::serialize(h);
  EXPECT_EQ(str(stretches[0], "since"), add_days(week(-3), 2));
  EXPECT_EQ(str(stretches[0], "on"), "The probe still does not train.");
  EXPECT_EQ(stretches[0].at("checkins").as_int64(), 2);
  EXPECT_FALSE(stretches[0].at("ongoing").as_bool());

  // Last week's may still be changed (until this Sunday); three weeks ago's may not.
  EXPECT_TRUE(items[2].at("editable").as_bool());
  EXPECT_EQ(str(items[2], "editable_until"), add_days(this_week_, 6));
  EXPECT_FALSE(items[0].at("editable").as_bool());
  Reply edited = patch(who_["scholar"], "/api/v1/checkins/" + last,
                       {{"mood", 3}, {"blockers", "Compute queue."}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().at("mood").as_int64(), 3);
  EXPECT_EQ(str(edited.json(), "wins"), "Read two papers.");  // untouched fields stay
  Reply closed = patch(who_["scholar"], "/api/v1/checkins/" + three_ago, {{"mood", 5}});
  EXPECT_EQ(closed.status, 409) << closed.body;
  Reply read = get(who_["scholar"], "/api/v1/checkins/" + three_ago);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.json().at("mood").as_int64(), 2);

  // Saying "not stuck" in an edit clears what it was about.
  Reply unstick = patch(who_["scholar"], "/api/v1/checkins/" + str(current.json(), "id"),
                        {{"stuck", true}, {"stuck_on", "Reviews"}});
  ASSERT_EQ(unstick.status, 200) << unstick.body;
  unstick =
      patch(who_["scholar"], "/api/v1/checkins/" + str(current.json(), "id"), {{"stuck", false}});
  ASSERT_EQ(unstick.status, 200) << unstick.body;
  EXPECT_EQ(str(unstick.json(), "stuck_on"), "");
}

TEST_F(CheckinsApi, BadCheckinsGetTheDocumentedErrorAndWriteNothing) {
  check_in("scholar", answers(week(-1)));
  const std::string long_text(2001, 'x');
  const std::string longest(2000, 'x');
  struct Bad {
    const char* what;
    boost::json::object body;
    int status;
    const char* field;
  };
  auto with = [this](const std::string& period, const char* key, boost::json::value v) {
    boost::json::object b = answers(period);
    if (v.is_null())
      b.erase(key);
    else
      b[key] = std::move(v);
    return b;
  };
  std::vector<Bad> bad = {
      {"mood 0", with(week(-2), "mood", 0), 400, "mood"},
      {"mood 6", with(week(-2), "mood", 6), 400, "mood"},
      {"energy huge", with(week(-2), "energy", 4294967299LL), 400, "energy"},
      {"progress 2.5", with(week(-2), "progress", 2.5), 400, "progress"},
      {"progress missing", with(week(-2), "progress", nullptr), 400, "progress"},
      {"mood as text", with(week(-2), "mood", "good"), 400, "mood"},
      {"a week in the future", answers(week(2)), 400, "period_start"},
      {"before the cohort", answers(add_days(starts_on_, -7)), 400, "period_start"},
      {"not a Monday", answers(add_days(week(-2), 1)), 400, "period_start"},
      {"not a date", answers("last week"), 400, "period_start"},
      {"wins too long", with(week(-2), "wins", boost::json::value(long_text)), 400, "wins"},
      {"blockers too long", with(week(-2), "blockers", boost::json::value(long_text)), 400,
       "blockers"},
      {"support note too long", with(week(-2), "support_note", boost::json::value(long_text)), 400,
       "support_note"},
      {"stuck on without being stuck", with(week(-2), "stuck_on", "A bug"), 400, "stuck_on"},
      {"an unknown field", with(week(-2), "feeling", "fine"), 400, "feeling"},
      {"a second check-in for last week", answers(week(-1)), 409, "period_start"},
  };
  boost::json::object future_stuck = answers(week(-2));
  future_stuck["stuck"] = true;
  future_stuck["stuck_since"] = add_days(this_week_, 14);
  bad.push_back({"stuck since a future day", future_stuck, 400, "stuck_since"});
  boost::json::object no_cohort = answers(week(-2));
  no_cohort.erase("cohort_id");
  bad.push_back({"no cohort", no_cohort, 400, "cohort_id"});
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.what);
    Reply r = post(who_["scholar"], "/api/v1/me/checkins", b.body);
    EXPECT_EQ(r.status, b.status) << r.body;
    if (r.status == b.status) {
      EXPECT_EQ(str(r.json().at("error"), "field"), b.field) << r.body;
    }
  }
  EXPECT_EQ(checkin_count("scholar"), 1u);

  // A wrong cohort: another program's is not there; a cohort where one is no scholar refuses.
  std::map<std::string, int> others = {
      {"mentor", 403},  {"support", 403}, {"organizer", 403},       {"analyst", 403},
      {"alumnus", 403}, {"admin", 403},   {"organizer_other", 404}, {"anon", 401}};
  for (const auto& [name, status] : others) {
    SCOPED_TRACE(name);
    EXPECT_EQ(post(who_[name], "/api/v1/me/checkins", answers(week(-2))).status, status);
    EXPECT_EQ(get(who_[name], "/api/v1/me/checkins?cohort_id=" + cohort_).status, status);
  }

  // The longest texts are fine; so is a late check-in with every field.
  boost::json::object full = answers(week(-2));
  full["wins"] = longest;
  full["blockers"] = longest;
  full["support_note"] = longest;
  full["stuck"] = true;
  full["stuck_on"] = longest;
  full["stuck_since"] = week(-2);
  check_in("scholar", full);
  EXPECT_EQ(checkin_count("scholar"), 2u);

  // Edits are validated alike and write nothing when refused.
  // Last week's, whose editing window is open (two weeks ago's is closed: 409 before anything).
  const std::string id = history("scholar").at("items").at(1).at("id").as_string().c_str();
  struct BadEdit {
    boost::json::object body;
    const char* field;
  } edits[] = {{{{"mood", 9}}, "mood"},
               {{{"wins", long_text}}, "wins"},
               {{{"stuck", false}, {"stuck_on", "Still"}}, "stuck_on"},
               {{{"period_start", week(-3)}}, "period_start"}};
  for (const BadEdit& e : edits) {
    SCOPED_TRACE(boost::json::serialize(e.body));
    Reply r = patch(who_["scholar"], "/api/v1/checkins/" + id, e.body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(str(r.json().at("error"), "field"), e.field) << r.body;
  }
  Reply unchanged = get(who_["scholar"], "/api/v1/checkins/" + id);
  EXPECT_EQ(unchanged.json().at("mood").as_int64(), 3);
  EXPECT_EQ(str(unchanged.json(), "wins"), "Read two papers.");
}

TEST_F(CheckinsApi, AnswersReachOnlyTheScholarAndSupportWithConsent) {
  boost::json::object body = answers(week(-1), 1);
  body["support_note"] = "Rough week at home.";
  const std::string id = check_in("scholar", body);
  const std::string target = "/api/v1/checkins/" + id;

  // Shares nothing (the default): only the scholar reads it; nobody else may even see it.
  auto expect_readers = [&](const std::set<std::string>& readers) {
    for (const char* name : kEveryone) {
      SCOPED_TRACE(std::string(name) + " reading");
      int expected = readers.contains(name) ? 200 : 404;
      if (std::string(name) == "anon") expected = 401;
      Reply r = get(who_[name], target);
      EXPECT_EQ(r.status, expected) << r.body;
    }
  };
  expect_readers({"scholar"});
  ASSERT_EQ(set_consent("scholar", "alerts", true).status, 200);
  expect_readers({"scholar"});  // alerts only: that a rule fired, never the answers
  ASSERT_EQ(set_consent("scholar", "alerts_and_answers", true).status, 200);
  expect_readers({"scholar", "support"});
  Reply seen = get(who_["support"], target);
  EXPECT_EQ(str(seen.json(), "support_note"), "Rough week at home.");
  EXPECT_FALSE(seen.json().at("editable").as_bool());

  // Only the scholar changes it: support, who may read it, is forbidden; the rest see nothing.
  for (const char* name : kEveryone) {
    SCOPED_TRACE(std::string(name) + " editing");
    std::string n = name;
    int expected = n == "scholar" ? 200 : n == "support" ? 403 : n == "anon" ? 401 : 404;
    EXPECT_EQ(patch(who_[name], target, {{"wins", n}}).status, expected);
  }
  EXPECT_EQ(str(get(who_["scholar"], target).json(), "wins"), "scholar");

  // The scholar sees that support read it, by name, once however often it was read.
  Reply shared = get(who_["scholar"], "/api/v1/me/disclosures?program_id=" + program_);
  ASSERT_EQ(shared.status, 200) << shared.body;
  const boost::json::array log = shared.json().at("items").as_array();
  ASSERT_EQ(log.size(), 1u) << shared.body;
  EXPECT_EQ(str(log[0], "recipient"), ids_["support"]);
  EXPECT_EQ(str(log[0], "recipient_name"), "support");
  EXPECT_EQ(str(log[0], "what"), "answers");
  EXPECT_EQ(str(log[0], "reference_id"), id);

  // Withdrawn: support no longer reads it.
  ASSERT_EQ(set_consent("scholar", "none", false).status, 200);
  expect_readers({"scholar"});
  // A peer's own disclosures say nothing of the scholar's.
  Reply peer_log = get(who_["peer"], "/api/v1/me/disclosures?program_id=" + program_);
  EXPECT_TRUE(peer_log.json().at("items").as_array().empty());
}

TEST_F(CheckinsApi, ConsentIsTheScholarsToGiveAndItsHistoryIsKept) {
  const std::string target = "/api/v1/me/checkin-consent?program_id=" + program_;
  Reply initial = get(who_["scholar"], target);
  ASSERT_EQ(initial.status, 200) << initial.body;
  EXPECT_EQ(str(initial.json(), "level"), "none");
  EXPECT_FALSE(initial.json().at("mentor_flag").as_bool());
  EXPECT_FALSE(initial.json().as_object().contains("changed_at"));

  ASSERT_EQ(set_consent("scholar", "alerts", false).status, 200);
  ASSERT_EQ(set_consent("scholar", "alerts", false).status, 200);  // no change: not recorded
  Reply changed = set_consent("scholar", "alerts_and_answers", true);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(str(changed.json(), "level"), "alerts_and_answers");
  EXPECT_TRUE(changed.json().as_object().contains("changed_at"));

  const std::string history_path = "/api/v1/me/checkin-consent/history?program_id=" + program_;
  auto history_size = [&] {
    Reply h = get(who_["scholar"], history_path);
    EXPECT_EQ(h.status, 200) << h.body;
    return h.status == 200 ? h.json().at("items").as_array().size() : 0u;
  };
  Reply h = get(who_["scholar"], history_path);
  const boost::json::array changes = h.json().at("items").as_array();
  ASSERT_EQ(changes.size(), 2u) << h.body;
  EXPECT_EQ(str(changes[0], "level"), "alerts_and_answers");  // newest first
  EXPECT_EQ(str(changes[1], "level"), "alerts");

  // Nobody else gives consent: there is no route naming another scholar, and staff have no
  // check-ins of their own to share. Nothing of the scholar's changes.
  std::map<std::string, int> others = {
      {"mentor", 403},  {"support", 403}, {"organizer", 403},       {"analyst", 403},
      {"alumnus", 403}, {"admin", 403},   {"organizer_other", 404}, {"anon", 401}};
  for (const auto& [name, status] : others) {
    SCOPED_TRACE(name);
    EXPECT_EQ(put(who_[name], target, {{"level", "none"}, {"mentor_flag", false}}).status, status);
    EXPECT_EQ(get(who_[name], target).status, status);
    EXPECT_EQ(get(who_[name], history_path).status, status);
    EXPECT_EQ(get(who_[name], "/api/v1/me/disclosures?program_id=" + program_).status, status);
  }
  Reply still = get(who_["scholar"], target);
  EXPECT_EQ(str(still.json(), "level"), "alerts_and_answers");
  EXPECT_EQ(history_size(), 2u);
  // A peer's consent is their own.
  EXPECT_EQ(str(get(who_["peer"], target).json(), "level"), "none");

  // Bad input: said clearly, nothing written.
  struct Bad {
    boost::json::object body;
    const char* field;
  } bad[] = {
      {{{"level", "everything"}, {"mentor_flag", false}}, "level"},
      {{{"level", "alerts"}}, "mentor_flag"},
      {{{"mentor_flag", true}}, "level"},
      {{{"level", "alerts"}, {"mentor_flag", "yes"}}, "mentor_flag"},
      {{{"level", "alerts"}, {"mentor_flag", true}, {"scholar_id", ids_["peer"]}}, "scholar_id"}};
  for (const Bad& b : bad) {
    SCOPED_TRACE(boost::json::serialize(b.body));
    Reply r = put(who_["scholar"], target, b.body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(str(r.json().at("error"), "field"), b.field) << r.body;
  }
  Reply no_program = put(who_["scholar"], "/api/v1/me/checkin-consent",
                         {{"level", "none"}, {"mentor_flag", false}});
  EXPECT_EQ(no_program.status, 400);
  EXPECT_EQ(history_size(), 2u);

  // Each change is audited, without the level chosen.
  Reply audit = get(who_["organizer"],
                    "/api/v1/programs/" + program_ + "/audit-events?action=checkin_consent");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const boost::json::array events = audit.json().at("items").as_array();
  ASSERT_EQ(events.size(), 2u) << audit.body;
  for (const auto& e : events) {
    EXPECT_EQ(str(e, "action"), "checkin_consent.change");
    EXPECT_EQ(audit.body.find("alerts_and_answers"), std::string::npos);
  }
}

TEST_F(CheckinsApi, MentorsSeeOnlyAFlagAndOnlyWhenTheScholarAllowsIt) {
  check_in("scholar", answers(week(-1), 1));
  check_in("peer", answers(week(-1), 1));  // low too, but never lets the mentor know
  const std::string flags = "/api/v1/streams/" + s1_ + "/checkin-flags";
  Reply none = get(who_["mentor"], flags);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.json().at("items").as_array().empty());

  ASSERT_EQ(set_consent("scholar", "none", true).status, 200);
  ASSERT_EQ(set_consent("peer", "alerts_and_answers", false).status, 200);
  Reply raised = get(who_["mentor"], flags);
  ASSERT_EQ(raised.status, 200) << raised.body;
  const boost::json::array items = raised.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << raised.body;
  EXPECT_EQ(str(items[0], "scholar_id"), ids_["scholar"]);
  EXPECT_EQ(str(items[0], "checkin_period"), week(-1));
  // A flag, never the answers.
  for (const char* answer : {"mood", "energy", "progress", "wins", "support_note", "stuck"})
    EXPECT_FALSE(items[0].as_object().contains(answer)) << answer;
  // The mentor still cannot open the check-in.
  const std::string id = history("scholar").at("items").at(0).at("id").as_string().c_str();
  EXPECT_EQ(get(who_["mentor"], "/api/v1/checkins/" + id).status, 404);

  const std::map<std::string, int> expected = {
      {"scholar", 403},      {"peer", 403},    {"other", 403},           {"mentor", 200},
      {"mentor_other", 403}, {"support", 403}, {"organizer", 403},       {"analyst", 403},
      {"alumnus", 403},      {"admin", 403},   {"organizer_other", 404}, {"anon", 401}};
  for (const auto& [name, status] : expected) {
    SCOPED_TRACE(name);
    EXPECT_EQ(get(who_[name], flags).status, status);
  }

  // The scholar sees that their mentor was shown the flag.
  Reply shared = get(who_["scholar"], "/api/v1/me/disclosures?program_id=" + program_);
  const boost::json::array log = shared.json().at("items").as_array();
  ASSERT_EQ(log.size(), 1u) << shared.body;
  EXPECT_EQ(str(log[0], "what"), "support_flag");
  EXPECT_EQ(str(log[0], "recipient"), ids_["mentor"]);
  EXPECT_EQ(str(log[0], "recipient_name"), "mentor");
}

TEST_F(CheckinsApi, TheCohortViewShowsOnlyAggregatesOfLargeEnoughGroups) {
  // The analyst is also a scholar of the cohort: their own row is one they see.
  Reply both = post(admin_, "/api/v1/cohorts/" + cohort_ + "/members",
                    {{"email", "analyst@example.org"},
                     {"display_name", "analyst"},
                     {"role", "scholar"},
                     {"stream_id", s2_}});
  ASSERT_EQ(both.status, 201) << both.body;
  who_["analyst"] = sign_in("analyst@example.org");
  // Two weeks ago: four answered (the analyst among them); last week: two.
  check_in("scholar", answers(week(-2), 1));
  check_in("peer", answers(week(-2), 2));
  check_in("other", answers(week(-2), 4));
  boost::json::object stuck = answers(week(-2), 5);
  stuck["stuck"] = true;
  check_in("analyst", stuck);
  check_in("scholar", answers(week(-1), 3));
  check_in("peer", answers(week(-1), 3));

  const std::string report = "/api/v1/cohorts/" + cohort_ + "/checkin-report";
  const std::map<std::string, int> expected = {
      {"scholar", 403},      {"peer", 403},    {"other", 403},           {"mentor", 403},
      {"mentor_other", 403}, {"support", 403}, {"organizer", 200},       {"analyst", 200},
      {"alumnus", 403},      {"admin", 200},   {"organizer_other", 404}, {"anon", 401}};
  for (const auto& [name, status] : expected) {
    SCOPED_TRACE(name);
    EXPECT_EQ(get(who_[name], report).status, status);
  }

  auto period = [&](const boost::json::value& r, const std::string& start) {
    for (const auto& p : r.at("periods").as_array())
      if (p.at("period").at("starts_on").as_string() == start) return p;
    ADD_FAILURE() << "no period " << start;
    return boost::json::value();
  };
  Reply organizer = get(who_["organizer"], report);
  ASSERT_EQ(organizer.status, 200) << organizer.body;
  const boost::json::value o = organizer.json();
  EXPECT_EQ(o.at("min_group_size").as_int64(), 3);
  EXPECT_EQ(o.at("scholars").as_int64(), 4);
  EXPECT_EQ(o.at("periods").as_array().size(), 9u);
  boost::json::value two_ago = period(o, week(-2));
  EXPECT_EQ(two_ago.at("respondents").as_int64(), 4);
  EXPECT_DOUBLE_EQ(two_ago.at("response_rate").as_double(), 1.0);
  const auto& mood = two_ago.at("answers").at("mood");
  EXPECT_EQ(boost::json::serialize(mood.at("distribution")), "[1,1,0,1,1]");
  EXPECT_DOUBLE_EQ(mood.at("mean").as_double(), 3.0);
  EXPECT_DOUBLE_EQ(two_ago.at("answers").at("stuck_share").as_double(), 0.25);
  // Two respondents are fewer than three: the answers are withheld, the count is not.
  boost::json::value last = period(o, week(-1));
  EXPECT_EQ(last.at("respondents").as_int64(), 2);
  EXPECT_TRUE(last.at("answers").at("suppressed").as_bool()) << organizer.body;
  EXPECT_EQ(str(last.at("answers"), "reason"), "group_too_small");
  EXPECT_EQ(last.at("answers").at("n").as_int64(), 2);
  EXPECT_EQ(last.at("answers").at("min_group_size").as_int64(), 3);
  // Weeks nobody answered show no answers either.
  EXPECT_TRUE(period(o, week(-5)).at("answers").at("suppressed").as_bool());
  EXPECT_FALSE(o.as_object().contains("trend"));  // one period shown is no trend

  // The analyst sees their own row: four minus one leaves three, still enough.
  Reply analyst = get(who_["analyst"], report);
  ASSERT_EQ(analyst.status, 200) << analyst.body;
  EXPECT_FALSE(period(analyst.json(), week(-2)).at("answers").as_object().contains("suppressed"));

  // A third scholar answers last week: now shown, and two periods make a trend.
  check_in("other", answers(week(-1), 3));
  Reply again = get(who_["organizer"], report);
  boost::json::value r = again.json();
  EXPECT_FALSE(period(r, week(-1)).at("answers").as_object().contains("suppressed"));
  ASSERT_TRUE(r.as_object().contains("trend")) << again.body;
  EXPECT_EQ(r.at("trend").at("periods").as_int64(), 2);
  EXPECT_DOUBLE_EQ(r.at("trend").at("mood").as_double(), 0.0);  // 3.0 then 3.0
  // The analyst-scholar did not answer last week, so nothing of theirs is subtracted there;
  // two weeks ago still leaves three.
  Reply analyst_again = get(who_["analyst"], report);
  EXPECT_FALSE(
      period(analyst_again.json(), week(-1)).at("answers").as_object().contains("suppressed"));
}

TEST_F(CheckinsApi, SupportWhoSeesRowsGetsNoReportAndMentorsNoAnswersAnywhere) {
  // What a mentor may read about a scholar's wellbeing is the flag route only: every other
  // check-in route refuses them whatever the scholar shares.
  ASSERT_EQ(set_consent("scholar", "alerts_and_answers", true).status, 200);
  const std::string id = check_in("scholar", answers(week(-1), 1));
  EXPECT_EQ(get(who_["mentor"], "/api/v1/checkins/" + id).status, 404);
  EXPECT_EQ(get(who_["mentor"], "/api/v1/me/checkins?cohort_id=" + cohort_).status, 403);
  EXPECT_EQ(get(who_["mentor"], "/api/v1/cohorts/" + cohort_ + "/checkin-report").status, 403);
  EXPECT_EQ(get(who_["support"], "/api/v1/cohorts/" + cohort_ + "/checkin-report").status, 403);
  // An unknown check-in and a malformed id are simply not there.
  EXPECT_EQ(get(who_["scholar"], "/api/v1/checkins/0190d5f0-0000-7000-8000-000000000000").status,
            404);
  EXPECT_EQ(get(who_["scholar"], "/api/v1/checkins/nope").status, 404);
  EXPECT_EQ(get(who_["scholar"], "/api/v1/me/checkins").status, 400);  // cohort_id is required
}

}  // namespace
}  // namespace trellis::test
