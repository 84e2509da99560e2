// Suggested codes over real HTTP, on the backend the suite runs on: suggestions from the code
// descriptions before anything is coded, learning from the study's coding (and a new model
// version after each change), accepting (a segment with origin "suggestion") and rejecting (not
// offered again), code-point offsets after emoji, combining marks and right-to-left text, input
// checks naming the field, who may ask, and blind mode (no learning from others' hidden coding).
#include <map>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

std::string field_of(const Reply& r) {
  if (r.status != 400) return "status " + std::to_string(r.status);
  return str(r.json().at("error"), "field");
}

// Texts about a theme no code description mentions: only coding can teach it.
const char* kCycling[] = {
    "She rode her tandem bicycle to the velodrome every morning.",
    "Velodrome training on the tandem taught him pacing.",
    "He talked about the bicycle and the velodrome all the time.",
    "A tandem bicycle ride at the velodrome cleared her head.",
    "The velodrome was where he did his best thinking, on a bicycle.",
    "Tandem rides with her bicycle club at the velodrome.",
};

class SuggestionsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Fellowship");
    cohort_ = create_cohort(program_, "Winter");
    const std::string other_cohort = create_cohort(program_, "Summer");
    const std::string stream = create_stream(cohort_, "Interpretability");
    add_person(cohort_, "organizer@example.org", "organizer");
    add_person(cohort_, "analyst@example.org", "analyst");
    add_person(other_cohort, "other.analyst@example.org", "analyst");
    add_person(cohort_, "mentor@example.org", "mentor", stream);
    add_person(cohort_, "scholar@example.org", "scholar", stream);
    organizer_ = sign_in("organizer@example.org");
    analyst_ = sign_in("analyst@example.org");
  }

  // A named study with the given answers to its first question (imported as transcripts) and
  // two codes of its own; returns its id and fills answers_ (text -> answer id).
  std::string make_study(const std::vector<std::string>& texts, bool blind = false) {
    Reply made =
        post(analyst_, "/api/v1/programs/" + program_ + "/studies",
             {{"template", "mentor_interview"}, {"cohort_id", cohort_}, {"blind_coding", blind}});
    EXPECT_EQ(made.status, 201) << made.body;
    const std::string id = str(made.json(), "id");
    std::string csv = "respondent,question,answer\n";
    for (std::size_t i = 0; i < texts.size(); ++i)
      csv += "Mentor " + std::to_string(i) + ",1,\"" + texts[i] + "\"\n";
    auto headers = analyst_.headers(origin());
    headers.emplace_back("Content-Type", "text/csv");
    Reply job =
        http_->request("POST", "/api/v1/studies/" + id + "/transcript-imports", csv, headers);
    EXPECT_EQ(job.status, 202) << job.body;
    wait_for_job(str(job.json(), "id"));
    Reply list = get(analyst_, "/api/v1/studies/" + id + "/responses?limit=200");
    EXPECT_EQ(list.status, 200) << list.body;
    answers_.clear();
    const boost::json::value list_json = list.json();
    for (const auto& response : list_json.at("items").as_array())
      for (const auto& a : response.at("answers").as_array())
        answers_[str(a, "text")] = str(a, "id");
    cycling_ = make_code(id, "Punctuality", "Arriving on time to meetings and deadlines.");
    mentoring_ = make_code(id, "Mentoring others",
                           "Mentoring, tutoring and coaching younger students in the group.");
    return id;
  }

  void wait_for_job(const std::string& job) {
    const boost::json::value finished = finished_job(analyst_, job);
    ASSERT_FALSE(finished.is_null());
    ASSERT_EQ(str(finished, "status"), "succeeded") << boost::json::serialize(finished);
  }

  std::string make_code(const std::string& study, const std::string& name,
                        const std::string& description) {
    Reply book = get(analyst_, "/api/v1/studies/" + study + "/codes");
    Reply r = post(analyst_, "/api/v1/studies/" + study + "/codes",
                   {{"name", name},
                    {"description", description},
                    {"codebook_version", book.json().at("version").as_int64()}});
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json(), "id");
  }

  boost::json::value suggestions(const Browser& who, const std::string& text,
                                 const std::string& query = "") {
    Reply r = get(who, "/api/v1/answers/" + answers_.at(text) + "/suggestions" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json() : boost::json::value(boost::json::object{});
  }

  void code(const Browser& who, const std::string& text, const std::string& code_id) {
    Reply r = post(who, "/api/v1/answers/" + answers_.at(text) + "/segments",
                   {{"start", 0},
                    {"end", static_cast<long long>(text.size())},  // ASCII: bytes = code points
                    {"code_ids", boost::json::array{code_id}}});
    EXPECT_EQ(r.status, 201) << r.body;
  }

  Reply decide(const Browser& who, const std::string& answer, boost::json::object body) {
    return post(who, "/api/v1/answers/" + answer + "/suggestion-decisions", body);
  }

  std::string program_, cohort_, cycling_, mentoring_;
  std::map<std::string, std::string> answers_;
  Browser organizer_, analyst_;
};

// The top suggestion of the unit starting at `start` (empty when that unit has none).
std::string top_at(const boost::json::value& s, long long start) {
  for (const auto& unit : s.at("items").as_array())
    if (unit.at("start").as_int64() == start)
      return std::string(unit.at("suggestions").at(0).at("code_id").as_string());
  return "";
}

const std::string kMixed =
    "Ana \xF0\x9F\x91\xA9\xF0\x9F\x8F\xBD\xE2\x80\x8D\xF0\x9F\x94\xAC e\xCC\x81tait tenace "
    "\xE2\x80\x94 \xD9\x85\xD8\xAB\xD8\xA7\xD8\xA8\xD8\xB1\xD8\xA9 always. She rode a tandem "
    "bicycle to the velodrome.";

TEST_F(SuggestionsTest, LearnFromCodingAndAcceptOrRejectInOneAction) {
  const std::string mentor_text = "She spent hours mentoring and tutoring the younger students.";
  std::vector<std::string> texts(std::begin(kCycling), std::end(kCycling));
  texts.push_back(mentor_text);
  texts.push_back(kMixed);
  const std::string study = make_study(texts);

  // Before anything is coded, the descriptions carry the model.
  boost::json::value cold = suggestions(analyst_, mentor_text);
  EXPECT_EQ(cold.at("examples").as_int64(), 0);
  EXPECT_FALSE(cold.at("calibrated").as_bool());
  const std::string cold_version = str(cold, "model_version");
  EXPECT_EQ(cold_version.rfind("suggest-v1-", 0), 0u) << cold_version;
  ASSERT_EQ(cold.at("items").as_array().size(), 1u) << cold;
  const auto& unit = cold.at("items").at(0);
  EXPECT_EQ(unit.at("start").as_int64(), 0);
  EXPECT_EQ(unit.at("end").as_int64(), static_cast<long long>(mentor_text.size()));
  EXPECT_EQ(str(unit, "text"), mentor_text);
  EXPECT_EQ(str(unit.at("suggestions").at(0), "code_id"), mentoring_) << cold;
  EXPECT_EQ(str(unit.at("suggestions").at(0), "path"), "Mentoring others");
  const double confidence = unit.at("suggestions").at(0).at("confidence").as_double();
  EXPECT_GT(confidence, 0.0);
  EXPECT_LE(confidence, 1.0);
  EXPECT_LE(unit.at("suggestions").as_array().size(), 3u);
  EXPECT_EQ(suggestions(analyst_, mentor_text, "?max=1")
                .at("items")
                .at(0)
                .at("suggestions")
                .as_array()
                .size(),
            1u);

  // Nothing in the descriptions speaks of cycling, so the mixed answer's second sentence gets
  // no Punctuality suggestion yet. Its offsets are code points of the stored text: the first
  // sentence is 39 code points (an emoji of four, a combining accent, Arabic), then a space.
  EXPECT_NE(top_at(suggestions(analyst_, kMixed), 40), cycling_);

  // Coding five answers about cycling with Punctuality teaches the model.
  for (int i = 0; i < 5; ++i) code(analyst_, kCycling[i], cycling_);
  boost::json::value warm = suggestions(analyst_, kMixed);
  const std::string warm_version = str(warm, "model_version");
  EXPECT_NE(warm_version, cold_version);
  EXPECT_EQ(warm.at("examples").as_int64(), 5);
  EXPECT_EQ(top_at(warm, 40), cycling_) << warm;
  for (const auto& u : warm.at("items").as_array())
    if (u.at("start").as_int64() == 40) {
      EXPECT_EQ(u.at("end").as_int64(), 40 + 43);
      EXPECT_EQ(str(u, "text"), "She rode a tandem bicycle to the velodrome.");
    }
  EXPECT_EQ(top_at(suggestions(analyst_, kCycling[5], "?unit=answer"), 0), cycling_);
  // The same data gives the same model: asking again (cached) keeps the version.
  EXPECT_EQ(str(suggestions(analyst_, kMixed), "model_version"), warm_version);

  // Accept: one action creates the segment, recorded as coming from this model version.
  const std::string mixed = answers_.at(kMixed);
  Reply accepted = decide(analyst_, mixed,
                          {{"start", 40},
                           {"end", 83},
                           {"code_id", cycling_},
                           {"model_version", warm_version},
                           {"decision", "accept"}});
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_EQ(str(accepted.json(), "decision"), "accept");
  const std::string segment = str(accepted.json().at("segment"), "id");
  Reply listed = get(analyst_, "/api/v1/answers/" + mixed + "/segments");
  ASSERT_EQ(listed.status, 200);
  const boost::json::value listed_json = listed.json();
  ASSERT_EQ(listed_json.at("items").as_array().size(), 1u);
  const auto& seg = listed_json.at("items").at(0);
  EXPECT_EQ(str(seg, "id"), segment);
  EXPECT_EQ(str(seg, "origin"), "suggestion");
  EXPECT_EQ(str(seg, "model_version"), warm_version);
  EXPECT_EQ(seg.at("start").as_int64(), 40);
  EXPECT_EQ(seg.at("end").as_int64(), 83);
  EXPECT_EQ(str(get(analyst_, "/api/v1/segments/" + segment).json(), "origin"), "suggestion");
  // The coded sentence is no longer offered, and the model learnt from the new segment.
  boost::json::value after = suggestions(analyst_, kMixed);
  EXPECT_EQ(top_at(after, 40), "");
  EXPECT_NE(str(after, "model_version"), warm_version);
  // Accepting the same suggestion twice is a conflict, not a second segment.
  EXPECT_EQ(decide(analyst_, mixed,
                   {{"start", 40},
                    {"end", 83},
                    {"code_id", cycling_},
                    {"model_version", warm_version},
                    {"decision", "accept"}})
                .status,
            409);

  // Reject: recorded, and that code is not suggested again for that span (to this coder).
  const std::string sixth = answers_.at(kCycling[5]);
  boost::json::value before = suggestions(analyst_, kCycling[5]);
  ASSERT_EQ(top_at(before, 0), cycling_);
  const long long end = before.at("items").at(0).at("end").as_int64();
  boost::json::object rejection{{"start", 0},
                                {"end", end},
                                {"code_id", cycling_},
                                {"model_version", str(before, "model_version")},
                                {"decision", "reject"}};
  Reply rejected = decide(analyst_, sixth, rejection);
  ASSERT_EQ(rejected.status, 201) << rejected.body;
  EXPECT_EQ(str(rejected.json(), "decision"), "reject");
  EXPECT_FALSE(rejected.json().as_object().contains("segment"));
  EXPECT_EQ(decide(analyst_, sixth, rejection).status, 201);  // again: still one rejection
  const boost::json::value again = suggestions(analyst_, kCycling[5]);
  for (const auto& u : again.at("items").as_array()) {
    if (u.at("start").as_int64() != 0 || u.at("end").as_int64() != end) continue;
    for (const auto& s : u.at("suggestions").as_array()) EXPECT_NE(str(s, "code_id"), cycling_);
  }
  // Another coder's rejection is their own.
  EXPECT_EQ(top_at(suggestions(organizer_, kCycling[5]), 0), cycling_);
  EXPECT_EQ(
      get(analyst_, "/api/v1/answers/" + sixth + "/segments").json().at("items").as_array().size(),
      0u);

  // The study-wide queue: answers the caller coded nothing in, with the top suggestion for the
  // whole answer, leaving out what the caller rejected.
  Reply queue = get(analyst_, "/api/v1/studies/" + study + "/suggestions");
  ASSERT_EQ(queue.status, 200) << queue.body;
  std::map<std::string, std::string> top_of;  // answer id -> code id
  const boost::json::value queue_json = queue.json();
  for (const auto& item : queue_json.at("items").as_array())
    top_of[str(item, "answer_id")] = str(item.at("suggestion"), "code_id");
  EXPECT_EQ(top_of[answers_.at(mentor_text)], mentoring_) << queue.body;
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(top_of.count(answers_.at(kCycling[i]))) << i;
  EXPECT_FALSE(top_of.count(mixed));
  if (top_of.count(sixth)) {
    EXPECT_NE(top_of[sixth], cycling_);
  }
  Reply theirs = get(organizer_, "/api/v1/studies/" + study + "/suggestions?limit=200");
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  bool found = false;
  const boost::json::value theirs_json = theirs.json();
  for (const auto& item : theirs_json.at("items").as_array())
    if (str(item, "answer_id") == answers_.at(kCycling[0])) {
      found = true;
      EXPECT_EQ(str(item.at("suggestion"), "code_id"), cycling_);
      EXPECT_EQ(item.at("end").as_int64(), static_cast<long long>(std::string(kCycling[0]).size()));
    }
  EXPECT_TRUE(found) << theirs.body;
  Reply one = get(organizer_, "/api/v1/studies/" + study + "/suggestions?limit=1");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json().at("items").as_array().size(), 1u);
  EXPECT_TRUE(one.json().at("more").as_bool());
  EXPECT_EQ(field_of(get(analyst_, "/api/v1/studies/" + study + "/suggestions?limit=0")), "limit");
  EXPECT_EQ(
      field_of(get(analyst_, "/api/v1/studies/" + study +
                                 "/suggestions?question_id=00000000-0000-4000-8000-000000000000")),
      "question_id");

  // A codebook change is a new model too.
  const std::string before_code = str(suggestions(analyst_, mentor_text), "model_version");
  make_code(study, "Curiosity", "Asking why, exploring questions out of interest.");
  EXPECT_NE(str(suggestions(analyst_, mentor_text), "model_version"), before_code);
}

TEST_F(SuggestionsTest, BadInputIsRefusedNamingTheField) {
  const std::string text = "She spent hours mentoring and tutoring the younger students.";
  const std::string study = make_study({text});
  const std::string answer = answers_.at(text);
  const std::string own_code = mentoring_;
  const std::string version = str(suggestions(analyst_, text), "model_version");
  auto body = [&](boost::json::object change) {
    boost::json::object b{{"start", 0},
                          {"end", 10},
                          {"code_id", own_code},
                          {"model_version", version},
                          {"decision", "reject"}};
    for (auto& [k, v] : change) b[k] = v;
    return b;
  };
  EXPECT_EQ(field_of(decide(analyst_, answer, body({{"decision", "maybe"}}))), "decision");
  EXPECT_EQ(field_of(decide(analyst_, answer, body({{"model_version", "v1"}}))), "model_version");
  EXPECT_EQ(
      field_of(decide(analyst_, answer, body({{"model_version", "suggest-v1-0123456789ABCDEF"}}))),
      "model_version");
  EXPECT_EQ(field_of(decide(analyst_, answer, body({{"start", -1}}))), "start");
  EXPECT_EQ(field_of(decide(analyst_, answer, body({{"start", 5}, {"end", 5}}))), "end");
  EXPECT_EQ(field_of(decide(analyst_, answer, body({{"end", 61}}))), "end");
  EXPECT_EQ(field_of(decide(analyst_, answer, body({{"start", "0"}}))), "start");
  EXPECT_EQ(field_of(decide(analyst_, answer,
                            body({{"code_id", "00000000-0000-4000-8000-000000000000"}}))),
            "code_id");
  EXPECT_EQ(field_of(decide(analyst_, answer, body({{"colour", "red"}}))), "colour");
  boost::json::object missing = body({});
  missing.erase("model_version");
  EXPECT_EQ(field_of(decide(analyst_, answer, missing)), "model_version");
  // A code of another study is not a code of this one.
  const std::string other_study = make_study({"Another answer about reading papers."});
  EXPECT_NE(other_study, study);
  const std::string other_code = mentoring_;
  EXPECT_NE(other_code, own_code);
  EXPECT_EQ(field_of(decide(analyst_, answer, body({{"code_id", other_code}}))), "code_id");

  for (const char* query : {"?unit=word", "?max=0", "?max=21", "?max=two"}) {
    Reply r = get(analyst_, "/api/v1/answers/" + answer + "/suggestions" + query);
    EXPECT_EQ(r.status, 400) << query;
  }
  EXPECT_EQ(field_of(get(analyst_, "/api/v1/answers/" + answer + "/suggestions?unit=word")),
            "unit");
  EXPECT_EQ(field_of(get(analyst_, "/api/v1/answers/" + answer + "/suggestions?max=0")), "max");
  EXPECT_EQ(
      get(analyst_, "/api/v1/answers/00000000-0000-4000-8000-000000000000/suggestions").status,
      404);

  // Only the study's staff: scholars and mentors are refused, and so is an analyst of another
  // cohort (who may not know the answer exists).
  Browser scholar = sign_in("scholar@example.org");
  Browser mentor = sign_in("mentor@example.org");
  Browser other = sign_in("other.analyst@example.org");
  for (const Browser* who : {&scholar, &mentor, &other}) {
    Reply r = get(*who, "/api/v1/answers/" + answer + "/suggestions");
    EXPECT_TRUE(r.status == 403 || r.status == 404) << r.status << " " << r.body;
    Reply d = decide(*who, answer, body({}));
    EXPECT_TRUE(d.status == 403 || d.status == 404) << d.status << " " << d.body;
  }
  EXPECT_EQ(get(other, "/api/v1/answers/" + answer + "/suggestions").status, 404);
  EXPECT_EQ(get(scholar, "/api/v1/answers/" + answer + "/suggestions").status, 404);
  EXPECT_EQ(get(organizer_, "/api/v1/answers/" + answer + "/suggestions").status, 200);
}

TEST_F(SuggestionsTest, BlindCodersLearnOnlyFromTheirOwnCoding) {
  std::vector<std::string> texts(std::begin(kCycling), std::end(kCycling));
  const std::string study = make_study(texts, /*blind=*/true);
  const std::string probe = kCycling[5];
  const std::string mine = str(suggestions(analyst_, probe), "model_version");

  // The organizer codes four answers: the analyst's model does not change, the organizer's does.
  for (int i = 0; i < 4; ++i) code(organizer_, kCycling[i], cycling_);
  boost::json::value analyst_view = suggestions(analyst_, probe);
  EXPECT_EQ(str(analyst_view, "model_version"), mine);
  EXPECT_EQ(analyst_view.at("examples").as_int64(), 0);
  EXPECT_NE(top_at(analyst_view, 0), cycling_);
  boost::json::value organizer_view = suggestions(organizer_, probe);
  EXPECT_NE(str(organizer_view, "model_version"), mine);
  EXPECT_EQ(organizer_view.at("examples").as_int64(), 4);
  EXPECT_EQ(top_at(organizer_view, 0), cycling_);

  // The analyst's own coding does teach the analyst's model.
  code(analyst_, kCycling[4], cycling_);
  boost::json::value learnt = suggestions(analyst_, probe);
  EXPECT_EQ(learnt.at("examples").as_int64(), 1);
  EXPECT_NE(str(learnt, "model_version"), mine);

  // Once the analyst marks their coding finished they see everyone's, and so does the model.
  ASSERT_EQ(put(analyst_, "/api/v1/studies/" + study + "/coders/me", {{"finished", true}}).status,
            200);
  EXPECT_EQ(suggestions(analyst_, probe).at("examples").as_int64(), 5);
}

// Two app servers share the database: coding through one must reach the model the other has
// cached, which it learns from the study's codebook and coding versions, not only from changes
// made through itself.
TEST_F(SuggestionsTest, ACodingChangeThroughAnotherServerRetrainsTheModel) {
  const std::string mentor_text = "She spent hours mentoring and tutoring the younger students.";
  std::vector<std::string> texts(std::begin(kCycling), std::end(kCycling));
  texts.push_back(mentor_text);
  make_study(texts);
  const std::string before = str(suggestions(analyst_, mentor_text), "model_version");
  EXPECT_EQ(str(suggestions(analyst_, mentor_text), "model_version"), before) << "cached";

  ServerProcess other({"--set", "database_url=" + database_url_, "--set", "static_dir="});
  ASSERT_NE(other.port(), 0);
  HttpClient client("127.0.0.1", other.port());
  auto headers = analyst_.headers(other.base_url());
  headers.emplace_back("Content-Type", "application/json");
  const std::string first = kCycling[0];
  boost::json::object body{{"start", 0},
                           {"end", static_cast<long long>(first.size())},
                           {"code_ids", boost::json::array{cycling_}}};
  Reply coded = client.request("POST", "/api/v1/answers/" + answers_.at(first) + "/segments",
                               boost::json::serialize(body), headers);
  ASSERT_EQ(coded.status, 201) << coded.body;

  EXPECT_NE(str(suggestions(analyst_, mentor_text), "model_version"), before)
      << "the first server still suggests from the model it had before the other's change";
}

}  // namespace
}  // namespace trellis::test
