// Alert rules, the support queue and conversation requests over HTTP, on the backend of the
// suite: the program's check-in settings, the evaluation (each firing raised once, nothing for
// a scholar who shares nothing), who sees what of the queue for every role, claiming, notes,
// resolving and reopening with their refusals, a scholar's request for a conversation whatever
// their consent, the stuck nudge, the background evaluation, and two servers on one database
// evaluating at the same time (docs/access-control.md, "Alerts and the support queue").
//
// The server runs on the real clock, so the cohort sits around today: it started eight weeks
// before this week, check-ins are due on Sundays, and the three scholars checked in every week
// so far, well until two weeks ago and then with mood 2 and 1. So for each of them the low-mood
// rule fires (named by last week) and the falling trend (named by the week before): two
// firings per scholar. `ana` shares answers, `ben` alerts only, `cleo` nothing.
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "api/api_fixture.h"
#include "support/wait.h"

namespace trellis::test {
namespace {

class SupportQueueApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    Reply p = post(admin_, "/api/v1/programs", {{"name", "Fellowship"}, {"min_group_size", 3}});
    ASSERT_EQ(p.status, 201) << p.body;
    program_ = str(p.json(), "id");
    this_week_ = monday_of(utc_today());
    Reply c = post(admin_, "/api/v1/programs/" + program_ + "/cohorts",
                   {{"name", "Now"},
                    {"starts_on", add_days(this_week_, -56)},
                    {"ends_on", add_days(this_week_, 60)}});
    ASSERT_EQ(c.status, 201) << c.body;
    cohort_ = str(c.json(), "id");
    const std::string s1 = create_stream(cohort_, "Interpretability");
    const std::string s2 = create_stream(cohort_, "Evaluations");
    const std::string other_cohort = create_cohort(create_program("Other fellowship"), "Spring");
    add_cast(
        {
            {"ana", cohort_, "scholar", s1},
            {"ben", cohort_, "scholar", s1},
            {"cleo", cohort_, "scholar", s2},
            {"dev", cohort_, "scholar", s2},
            {"mentor", cohort_, "mentor", s1},
            {"support", cohort_, "support", ""},
            {"support2", cohort_, "support", ""},
            {"organizer", cohort_, "organizer", ""},
            {"analyst", cohort_, "analyst", ""},
            {"organizer_other", other_cohort, "organizer", ""},
        },
        ids_, who_);
    Reply s = put(who_["organizer"], "/api/v1/cohorts/" + cohort_ + "/checkin-schedule",
                  {{"cadence", "weekly"}, {"due_weekday", 7}});
    ASSERT_EQ(s.status, 200) << s.body;
    ASSERT_EQ(set_consent("ana", "alerts_and_answers", true).status, 200);
    ASSERT_EQ(set_consent("ben", "alerts", false).status, 200);
    for (const char* name : {"ana", "ben", "cleo"}) {
      for (int w = -8; w <= -1; ++w) {
        const int mood = w == -2 ? 2 : w == -1 ? 1 : 4;
        Reply r = post(who_[name], "/api/v1/me/checkins",
                       {{"cohort_id", cohort_},
                        {"period_start", week(w)},
                        {"energy", 3},
                        {"mood", mood},
                        {"progress", 3},
                        {"wins", "Read two papers."},
                        {"support_note", "Sleeping badly."}});
        ASSERT_EQ(r.status, 201) << name << " week " << w << ": " << r.body;
      }
    }
  }

  std::string week(int weeks_from_now) const { return add_days(this_week_, 7 * weeks_from_now); }

  Reply set_consent(const std::string& name, const std::string& level, bool flag) {
    return put(who_[name], "/api/v1/me/checkin-consent?program_id=" + program_,
               {{"level", level}, {"mentor_flag", flag}});
  }

  // Runs the evaluation as the administrator; returns how many alerts it raised.
  long long evaluate() {
    Reply r = post(admin_, "/api/v1/checkin-alert-runs", nullptr);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("raised").as_int64() : -1;
  }

  // The items `name` sees in the queue (the default statuses unless given).
  boost::json::array queue(const std::string& name, const std::string& query = "") {
    Reply r = get(who_[name], "/api/v1/support-queue" + query);
    EXPECT_EQ(r.status, 200) << name << ": " << r.body;
    return r.status == 200 ? r.json().at("items").as_array() : boost::json::array{};
  }

  // The id of `scholar`'s item with that reason in support's queue.
  std::string item_of(const std::string& scholar, const std::string& reason) {
    for (const auto& item : queue("support", "?status=open,claimed,resolved")) {
      if (str(item, "scholar_id") == ids_[scholar] && str(item, "reason") == reason)
        return str(item, "id");
    }
    ADD_FAILURE() << "no " << reason << " item of " << scholar;
    return "missing";
  }

  Reply change(const std::string& name, const std::string& item, const std::string& status) {
    return patch(who_[name], "/api/v1/support-queue/" + item, {{"status", status}});
  }

  boost::json::array disclosures(const std::string& name) {
    Reply r = get(who_[name], "/api/v1/me/disclosures?program_id=" + program_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("items").as_array() : boost::json::array{};
  }

  std::string program_, cohort_, this_week_;
  std::map<std::string, std::string> ids_;
  std::map<std::string, Browser> who_;
};

// A well-formed id that names nothing.
const std::string kUnknownId = "01900000-0000-7000-8000-000000000000";

const char* const kEveryone[] = {"ana",     "mentor",          "support", "organizer",
                                 "analyst", "organizer_other", "admin",   "anon"};

TEST_F(SupportQueueApi, SettingsAreReadByMembersAndChangedByOrganizersWithinLimits) {
  const std::string path = "/api/v1/programs/" + program_ + "/checkin-settings";
  const std::map<std::string, int> read = {
      {"ana", 200},     {"mentor", 200},          {"support", 200}, {"organizer", 200},
      {"analyst", 200}, {"organizer_other", 404}, {"admin", 200},   {"anon", 401}};
  const std::map<std::string, int> change = {
      {"ana", 403},     {"mentor", 403},          {"support", 403}, {"organizer", 200},
      {"analyst", 403}, {"organizer_other", 404}, {"admin", 200},   {"anon", 401}};
  boost::json::object settings{{"stuck_time_box_days", 3},
                               {"low_mood_at_most", 2},
                               {"low_mood_checkins", 3},
                               {"falling_trend_checkins", 4},
                               {"stuck_alert_days", 7},
                               {"missed_checkins", 2},
                               {"help_channels", "#stuck on the cohort chat, or Maya"}};
  Reply defaults = get(who_["ana"], path);
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  EXPECT_EQ(defaults.json().at("stuck_time_box_days").as_int64(), 2);
  EXPECT_EQ(defaults.json().at("low_mood_checkins").as_int64(), 2);
  EXPECT_EQ(defaults.json().at("stuck_alert_days").as_int64(), 5);
  EXPECT_EQ(str(defaults.json(), "help_channels"), "");
  EXPECT_FALSE(defaults.json().as_object().contains("updated_at"));
  for (const char* name : kEveryone) {
    SCOPED_TRACE(name);
    EXPECT_EQ(get(who_[name], path).status, read.at(name));
    EXPECT_EQ(put(who_[name], path, settings).status, change.at(name));
  }
  Reply saved = get(who_["mentor"], path);
  EXPECT_EQ(saved.json().at("low_mood_checkins").as_int64(), 3);
  EXPECT_EQ(str(saved.json(), "help_channels"), "#stuck on the cohort chat, or Maya");

  // Out of range, missing, unknown or too long: 400 naming the field, nothing written.
  struct Bad {
    const char* field;
    boost::json::value value;
  } bad[] = {
      {"stuck_time_box_days", 0},    {"stuck_time_box_days", 61},
      {"low_mood_at_most", 5},       {"low_mood_checkins", 9},
      {"falling_trend_checkins", 2}, {"stuck_alert_days", 0},
      {"missed_checkins", 0},        {"missed_checkins", 4000000000LL},
      {"missed_checkins", "two"},    {"help_channels", boost::json::string(std::string(2001, 'x'))},
      {"favourite_colour", "green"},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.field);
    boost::json::object body = settings;
    body[b.field] = b.value;
    Reply r = put(who_["organizer"], path, body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(str(r.json().at("error"), "field"), b.field);
  }
  boost::json::object missing = settings;
  missing.erase("stuck_alert_days");
  Reply r = put(who_["organizer"], path, missing);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(str(r.json().at("error"), "field"), "stuck_alert_days");
  EXPECT_EQ(get(who_["mentor"], path).json().at("low_mood_checkins").as_int64(), 3);
}

TEST_F(SupportQueueApi, EachFiringIsRaisedOnceAndOnlyForScholarsWhoShareAlerts) {
  EXPECT_EQ(evaluate(), 4);  // ana and ben: low mood and the falling trend; cleo: nothing
  EXPECT_EQ(evaluate(), 0);  // the same firings again raise nothing
  const auto items = queue("support");
  ASSERT_EQ(items.size(), 4u);
  std::map<std::string, int> per_scholar;
  for (const auto& item : items) {
    ++per_scholar[str(item, "scholar_name")];
    EXPECT_EQ(str(item, "status"), "open");
    const std::string reason = str(item, "reason");
    EXPECT_TRUE(reason == "low_mood" || reason == "falling_trend") << reason;
    EXPECT_EQ(str(item, "period_start"), reason == "low_mood" ? week(-1) : week(-2));
    EXPECT_EQ(item.at("answers_shared").as_bool(), str(item, "scholar_name") == "ana");
  }
  EXPECT_EQ(per_scholar, (std::map<std::string, int>{{"ana", 2}, {"ben", 2}}));
  EXPECT_EQ(queue("support2").size(), 4u);

  // Who may look at the queue at all; a cohort the caller does not support is not found.
  const std::map<std::string, int> list = {
      {"ana", 403},     {"mentor", 403},          {"support", 200}, {"organizer", 403},
      {"analyst", 403}, {"organizer_other", 403}, {"admin", 403},   {"anon", 401}};
  for (const char* name : kEveryone) {
    SCOPED_TRACE(name);
    EXPECT_EQ(get(who_[name], "/api/v1/support-queue").status, list.at(name));
    const std::string who = name;
    const std::string item = "/api/v1/support-queue/" + item_of("ana", "low_mood");
    EXPECT_EQ(get(who_[name], item).status, who == "support" ? 200 : who == "anon" ? 401 : 404);
    EXPECT_EQ(post(who_[name], "/api/v1/checkin-alert-runs", nullptr).status, who == "admin" ? 200
                                                                              : who == "anon"
                                                                                  ? 401
                                                                                  : 403);
  }
  EXPECT_EQ(get(who_["support"], "/api/v1/support-queue?cohort_id=" + kUnknownId).status, 404);
  EXPECT_EQ(get(who_["support"], "/api/v1/support-queue?status=closed").status, 400);

  // The answers behind an alert only with answers consent; each check-in shown is disclosed.
  Reply ana = get(who_["support"], "/api/v1/support-queue/" + item_of("ana", "low_mood"));
  ASSERT_EQ(ana.status, 200) << ana.body;
  const boost::json::value ana_item = ana.json();
  const auto& recent = ana_item.at("recent_checkins").as_array();
  ASSERT_EQ(recent.size(), 6u);
  EXPECT_EQ(str(recent[0].at("period"), "starts_on"), week(-1));
  EXPECT_EQ(recent[0].at("mood").as_int64(), 1);
  EXPECT_EQ(str(recent[0], "support_note"), "Sleeping badly.");
  Reply ben = get(who_["support"], "/api/v1/support-queue/" + item_of("ben", "low_mood"));
  ASSERT_EQ(ben.status, 200) << ben.body;
  EXPECT_FALSE(ben.json().as_object().contains("recent_checkins"));
  EXPECT_FALSE(ben.body.find("Sleeping badly") != std::string::npos);

  // What each scholar sees was shared: ana two alerts and six check-ins to support by name; ben
  // two alerts; cleo nothing at all.
  std::map<std::string, int> shared;
  for (const auto& d : disclosures("ana")) ++shared[str(d, "what") + ">" + str(d, "recipient")];
  EXPECT_EQ(shared, (std::map<std::string, int>{{"alert>support_team", 2},
                                                {"answers>" + ids_["support"], 6}}));
  EXPECT_EQ(disclosures("ben").size(), 2u);
  EXPECT_TRUE(disclosures("cleo").empty());

  // The cohort view counts alerted scholars only from the minimum group size (3).
  auto alerted = [&] {
    Reply r = get(who_["organizer"], "/api/v1/cohorts/" + cohort_ + "/checkin-report");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("alerted_scholars");
  };
  EXPECT_TRUE(alerted().is_object());  // two scholars: suppressed
  // Once cleo shares alerts, the rules fire for her too, at the next evaluation.
  ASSERT_EQ(set_consent("cleo", "alerts", false).status, 200);
  EXPECT_EQ(evaluate(), 2);
  EXPECT_EQ(alerted().as_int64(), 3);
  // Withdrawing consent hides her alerts from the queue at once.
  ASSERT_EQ(set_consent("cleo", "none", false).status, 200);
  EXPECT_EQ(queue("support").size(), 4u);
  EXPECT_EQ(evaluate(), 0);
}

TEST_F(SupportQueueApi, ClaimNoteResolveAndReopenFollowTheDocumentedRules) {
  ASSERT_EQ(evaluate(), 4);
  const std::string item = item_of("ana", "low_mood");
  // Claim: from open only.
  Reply claimed = change("support", item, "claimed");
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(str(claimed.json(), "status"), "claimed");
  EXPECT_EQ(str(claimed.json(), "claimed_by"), ids_["support"]);
  EXPECT_EQ(str(claimed.json(), "claimed_by_name"), "support");
  EXPECT_EQ(change("support", item, "claimed").status, 409);
  Reply taken = change("support2", item, "claimed");
  EXPECT_EQ(taken.status, 409);
  EXPECT_NE(taken.body.find("already claimed by support"), std::string::npos) << taken.body;
  // Someone else's claim: not theirs to resolve or release.
  EXPECT_EQ(change("support2", item, "resolved").status, 403);
  EXPECT_EQ(change("support2", item, "open").status, 403);

  // Notes: any of the team, 1..4000 characters, the team's only.
  Reply note = post(who_["support2"], "/api/v1/support-queue/" + item + "/notes",
                    {{"text", "Ana's mentor is away this week; offered a call on Thursday."}});
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(str(note.json(), "author_name"), "support2");
  for (const std::string& bad : {std::string(), std::string("   \n"), std::string(4001, 'x')}) {
    Reply r = post(who_["support"], "/api/v1/support-queue/" + item + "/notes", {{"text", bad}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(str(r.json().at("error"), "field"), "text");
  }
  EXPECT_EQ(post(who_["support"], "/api/v1/support-queue/" + item + "/notes",
                 {{"text", std::string(4000, 'x')}})
                .status,
            201);
  EXPECT_EQ(post(who_["ana"], "/api/v1/support-queue/" + item + "/notes", {{"text", "Hi"}}).status,
            404);
  Reply detail = get(who_["support"], "/api/v1/support-queue/" + item);
  ASSERT_EQ(detail.status, 200);
  ASSERT_EQ(detail.json().at("coaching_notes").as_array().size(), 2u);
  EXPECT_EQ(detail.json().at("notes").as_int64(), 2);
  EXPECT_EQ(str(detail.json().at("coaching_notes").at(0), "author_id"), ids_["support2"]);

  // Resolve: the claimer; then reopen by anyone of the team, which clears the claim.
  Reply resolved = change("support", item, "resolved");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(str(resolved.json(), "resolved_by"), ids_["support"]);
  EXPECT_EQ(change("support", item, "resolved").status, 409);
  EXPECT_EQ(change("support", item, "claimed").status, 409);
  EXPECT_TRUE(queue("support").size() == 3u);  // resolved items leave the default list
  EXPECT_EQ(queue("support", "?status=resolved").size(), 1u);
  Reply reopened = change("support2", item, "open");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_FALSE(reopened.json().as_object().contains("claimed_by"));
  EXPECT_EQ(change("support2", item, "open").status, 409);
  // An open item is resolved in one step by whoever resolves it; a claim may be released.
  const std::string other = item_of("ben", "falling_trend");
  Reply direct = change("support2", other, "resolved");
  ASSERT_EQ(direct.status, 200) << direct.body;
  EXPECT_EQ(str(direct.json(), "claimed_by"), ids_["support2"]);
  ASSERT_EQ(change("support", item, "claimed").status, 200);
  EXPECT_EQ(str(change("support", item, "open").json(), "status"), "open");

  // Bad input and unknown items; every role but support is told the item does not exist.
  EXPECT_EQ(change("support", item, "closed").status, 400);
  EXPECT_EQ(patch(who_["support"], "/api/v1/support-queue/" + item, {{"state", "open"}}).status,
            400);
  EXPECT_EQ(change("support", kUnknownId, "claimed").status, 404);
  for (const char* name : {"ana", "ben", "mentor", "organizer", "analyst", "admin"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(change(name, item, "claimed").status, 404);
  }
  EXPECT_EQ(change("anon", item, "claimed").status, 401);
}

TEST_F(SupportQueueApi, AScholarAsksForAConversationWhateverTheirConsent) {
  const std::string requests = "/api/v1/me/conversation-requests";
  // cleo shares nothing, yet her request reaches the team, and she sees it was shared.
  Reply asked = post(who_["cleo"], requests,
                     {{"cohort_id", cohort_}, {"message", "Could we talk about my workload?"}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  EXPECT_EQ(str(asked.json(), "reason"), "conversation_request");
  EXPECT_EQ(str(asked.json(), "status"), "open");
  const std::string request = str(asked.json(), "id");
  Reply again = post(who_["cleo"], requests, {{"cohort_id", cohort_}});
  EXPECT_EQ(again.status, 409) << again.body;
  const auto items = queue("support");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(str(items[0], "message"), "Could we talk about my workload?");
  EXPECT_FALSE(items[0].at("answers_shared").as_bool());
  Reply detail = get(who_["support"], "/api/v1/support-queue/" + request);
  ASSERT_EQ(detail.status, 200);
  EXPECT_FALSE(detail.json().as_object().contains("recent_checkins"));
  const auto shared = disclosures("cleo");
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(str(shared[0], "what"), "conversation_request");
  EXPECT_EQ(str(shared[0], "recipient"), "support_team");
  EXPECT_EQ(str(shared[0], "reference_id"), request);
  Reply mine = get(who_["cleo"], requests + "?cohort_id=" + cohort_);
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.json().at("items").as_array().size(), 1u);
  // Once resolved, she may ask again.
  ASSERT_EQ(change("support", request, "resolved").status, 200);
  EXPECT_EQ(post(who_["cleo"], requests, {{"cohort_id", cohort_}}).status, 201);

  // Only the cohort's scholars ask; bad input is refused and writes nothing.
  for (const char* name : {"mentor", "support", "organizer", "analyst", "admin"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(post(who_[name], requests, {{"cohort_id", cohort_}}).status, 403);
  }
  EXPECT_EQ(post(who_["organizer_other"], requests, {{"cohort_id", cohort_}}).status, 404);
  EXPECT_EQ(post(who_["anon"], requests, {{"cohort_id", cohort_}}).status, 401);
  Reply long_message =
      post(who_["ana"], requests, {{"cohort_id", cohort_}, {"message", std::string(2001, 'x')}});
  EXPECT_EQ(long_message.status, 400);
  EXPECT_EQ(str(long_message.json().at("error"), "field"), "message");
  EXPECT_EQ(post(who_["ana"], requests, {}).status, 400);
  EXPECT_EQ(post(who_["ana"], requests, {{"cohort_id", kUnknownId}}).status, 404);
  Reply none = get(who_["ana"], requests + "?cohort_id=" + cohort_);
  EXPECT_TRUE(none.json().at("items").as_array().empty());
  EXPECT_EQ(get(who_["ana"], requests).status, 400);
}

TEST_F(SupportQueueApi, AScholarStuckLongerThanTheTimeBoxIsNudgedUntilTheyAsk) {
  ASSERT_EQ(put(who_["organizer"], "/api/v1/programs/" + program_ + "/checkin-settings",
                {{"stuck_time_box_days", 2},
                 {"low_mood_at_most", 2},
                 {"low_mood_checkins", 2},
                 {"falling_trend_checkins", 3},
                 {"stuck_alert_days", 5},
                 {"missed_checkins", 2},
                 {"help_channels", "Ask in #stuck, or write to Maya."}})
                .status,
            200);
  auto nudge = [&](const std::string& name) {
    Reply r = get(who_[name], "/api/v1/me/checkins/due");
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value due = r.json();
    const auto& items = due.at("items").as_array();
    if (items.empty() || !items[0].as_object().contains("nudge")) return boost::json::value();
    return items[0].at("nudge");
  };
  const std::string since = add_days(utc_today(), -4);
  Reply stuck = post(who_["dev"], "/api/v1/me/checkins",
                     {{"cohort_id", cohort_},
                      {"period_start", week(-1)},
                      {"energy", 3},
                      {"mood", 3},
                      {"progress", 2},
                      {"stuck", true},
                      {"stuck_since", since},
                      {"stuck_on", "NaNs in the attribution run"}});
  ASSERT_EQ(stuck.status, 201) << stuck.body;
  const boost::json::value n = nudge("dev");
  ASSERT_TRUE(n.is_object()) << "no nudge";
  EXPECT_EQ(str(n, "stuck_since"), since);
  EXPECT_EQ(n.at("days").as_int64(), 4);
  EXPECT_EQ(str(n, "stuck_on"), "NaNs in the attribution run");
  EXPECT_EQ(str(n, "help_channels"), "Ask in #stuck, or write to Maya.");
  EXPECT_TRUE(nudge("ana").is_null());  // not stuck
  // Asking the support team is the sign the nudge asked for.
  ASSERT_EQ(post(who_["dev"], "/api/v1/me/conversation-requests", {{"cohort_id", cohort_}}).status,
            201);
  EXPECT_TRUE(nudge("dev").is_null());
}

TEST_F(SupportQueueApi, TheServerEvaluatesInTheBackgroundOnItsInterval) {
  start_server({"checkin_alerts_interval_seconds=1"});
  ASSERT_NE(server_->port(), 0);
  ASSERT_TRUE(wait_until(
      "the background evaluation to raise the alerts",
      [&] { return queue("support").size() == 4u; }, kPatience, std::chrono::milliseconds(100)));
  // It stops cleanly on SIGTERM, between runs or after the one under way.
  EXPECT_EQ(server_->terminate(), 0) << server_->log();
}

// THE REQUIRED TEST of issue 11: two app servers on one PostgreSQL database evaluate the rules
// at the same time, again and again, and each firing is raised exactly once. On SQLite (one
// server by design) the same runs go to one server from two clients at once.
TEST_F(SupportQueueApi, TwoServersEvaluatingAtOnceRaiseEachFiringExactlyOnce) {
  std::unique_ptr<ServerProcess> second;
  if (backend_name() == "postgres") {
    second = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--set", "database_url=" + database_url_, "--set",
                                 "static_dir=", "--set", "checkin_alerts_interval_seconds=0"});
    ASSERT_NE(second->port(), 0);
  }
  const int ports[] = {server_->port(), second ? second->port() : server_->port()};
  constexpr int kRunsEach = 6;
  std::mutex mutex;
  std::vector<int> statuses;
  long long raised = 0;
  std::atomic<int> ready{0};
  auto evaluate_on = [&](int port) {
    HttpClient client("127.0.0.1", port);
    const HeaderList headers = admin_.headers("http://127.0.0.1:" + std::to_string(port));
    ++ready;
    while (ready.load() < 2) std::this_thread::yield();  // start together
    for (int i = 0; i < kRunsEach; ++i) {
      Reply r = client.post("/api/v1/checkin-alert-runs", nullptr, headers);
      std::lock_guard<std::mutex> lock(mutex);
      statuses.push_back(r.status);
      if (r.status == 200) raised += r.json().at("raised").as_int64();
    }
  };
  std::thread a(evaluate_on, ports[0]);
  std::thread b(evaluate_on, ports[1]);
  a.join();
  b.join();
  int ran = 0;
  for (int status : statuses) {
    // 409: the other server held the lease at that moment.
    EXPECT_TRUE(status == 200 || status == 409) << status;
    if (status == 200) ++ran;
  }
  EXPECT_GE(ran, 1);
  EXPECT_EQ(raised, 4);
  const auto items = queue("support", "?status=open,claimed,resolved");
  EXPECT_EQ(items.size(), 4u);
  std::set<std::string> keys;
  for (const auto& item : items)
    keys.insert(str(item, "scholar_id") + str(item, "reason") + str(item, "period_start"));
  EXPECT_EQ(keys.size(), 4u);
  // And a run on each server afterwards still raises nothing new.
  for (int port : ports) {
    HttpClient client("127.0.0.1", port);
    Reply r = client.post("/api/v1/checkin-alert-runs", nullptr,
                          admin_.headers("http://127.0.0.1:" + std::to_string(port)));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("raised").as_int64(), 0);
  }
  EXPECT_EQ(disclosures("ana").size(), 2u);  // one disclosure per alert, not per run
}

}  // namespace
}  // namespace trellis::test
