#include "storage/sql/paging.h"
#include "storage/sql/query.h"
#include "storage/sql/studies/study_repositories.h"
#include "storage/sql/studies/study_rows.h"

namespace trellis {
namespace {

constexpr const char* kResponseColumns =
    "id, study_id, anonymous, respondent_user_id, respondent_label, respondent_group, source, "
    "submitted_on, submitted_at";

constexpr const char* kAnswerColumns =
    "id, response_id, study_id, question_id, anonymous, body, length, choices, rating, version";

struct ResponseRow {
  std::string id, study_id, user_id, label, group, source, submitted_on;
  soci::indicator user_null = soci::i_null;
  long long anonymous = 0, submitted_at = 0;

  void read_into(Query& q) {
    q.into(id)
        .into(study_id)
        .into(anonymous)
        .into(user_id, user_null)
        .into(label)
        .into(group)
        .into(source)
        .into(submitted_on)
        .into(submitted_at);
  }
  StudyResponse to_response() const {
    StudyResponse r;
    r.id = id;
    r.study_id = study_id;
    r.anonymous = anonymous != 0;
    if (user_null == soci::i_ok) r.respondent_user_id = user_id;
    r.respondent_label = label;
    r.respondent_group = group;
    r.source = parse_response_source(source).value_or(ResponseSource::kForm);
    r.submitted_on = submitted_on;
    r.submitted_at = submitted_at;
    return r;
  }
};

struct AnswerRow {
  std::string id, response_id, study_id, question_id, body, choices;
  long long anonymous = 0, length = 0, rating = 0, version = 1;

  void read_into(Query& q) {
    q.into(id)
        .into(response_id)
        .into(study_id)
        .into(question_id)
        .into(anonymous)
        .into(body)
        .into(length)
        .into(choices)
        .into(rating)
        .into(version);
  }
  Answer to_answer() const {
    Answer a;
    a.id = id;
    a.response_id = response_id;
    a.study_id = study_id;
    a.question_id = question_id;
    a.anonymous = anonymous != 0;
    a.text = body;
    a.length = length;
    a.choices = split_lines(choices, '\n');
    a.rating = static_cast<int>(rating);
    a.version = version;
    return a;
  }
};

bool is_postgres(soci::session& session) {
  return session.get_backend_name() == "postgresql";
}

}  // namespace

Status SqlResponseRepository::insert(const StudyResponse& r, const std::vector<Answer>& answers) {
  try {
    Query(ctx_.session,
          "INSERT INTO study_responses (id, study_id, anonymous, respondent_user_id, "
          "respondent_label, respondent_group, source, submitted_on, submitted_at) VALUES (:id, "
          ":study_id, :anonymous, :user_id, :label, :group, :source, :submitted_on, "
          ":submitted_at)")
        .bind("id", r.id)
        .bind("study_id", r.study_id)
        .bind("anonymous", static_cast<long long>(r.anonymous ? 1 : 0))
        .bind("user_id", r.respondent_user_id)
        .bind("label", r.respondent_label)
        .bind("group", r.respondent_group)
        .bind("source", std::string(response_source_name(r.source)))
        .bind("submitted_on", r.submitted_on)
        .bind("submitted_at", static_cast<long long>(r.submitted_at))
        .execute();
    for (const Answer& a : answers) {
      Query(ctx_.session,
            "INSERT INTO study_answers (id, response_id, study_id, question_id, anonymous, body, "
            "length, choices, rating) VALUES (:id, :response_id, :study_id, :question_id, "
            ":anonymous, :body, :length, :choices, :rating)")
          .bind("id", a.id)
          .bind("response_id", r.id)
          .bind("study_id", r.study_id)
          .bind("question_id", a.question_id)
          .bind("anonymous", static_cast<long long>(r.anonymous ? 1 : 0))
          .bind("body", a.text)
          .bind("length", a.length)
          .bind("choices", join_lines(a.choices, '\n'))
          .bind("rating", static_cast<long long>(a.rating))
          .execute();
    }
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_responses");
  }
  return ok_status();
}

Result<StudyResponse> SqlResponseRepository::find(const std::string& id) {
  try {
    ResponseRow row;
    Query q(ctx_.session,
            std::string("SELECT ") + kResponseColumns + " FROM study_responses WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return Error::not_found("This response does not exist.");
    return row.to_response();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_responses");
  }
}

Result<Page<StudyResponse>> SqlResponseRepository::list(const std::string& study_id,
                                                        const PageRequest& page) {
  std::vector<StudyResponse> out;
  try {
    ResponseRow row;
    Query q(ctx_.session, std::string("SELECT ") + kResponseColumns +
                              " FROM study_responses WHERE study_id = :study_id AND id > :after "
                              "ORDER BY id LIMIT :limit");
    row.read_into(q);
    q.bind("study_id", study_id).bind("after", page.after).bind("limit", fetch_limit(page));
    q.for_each_row([&] { out.push_back(row.to_response()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_responses");
  }
  return make_page(std::move(out), page);
}

Result<long long> SqlResponseRepository::count(const std::string& study_id) {
  try {
    long long n = 0;
    Query q(ctx_.session, "SELECT count(*) FROM study_responses WHERE study_id = :id");
    q.into(n).bind("id", study_id).fetch_one();
    return n;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_responses");
  }
}

Result<std::vector<Answer>> SqlResponseRepository::answers_where(const std::string& column,
                                                                 const std::string& value) {
  std::vector<Answer> out;
  try {
    AnswerRow row;
    // `column` is one of the literals of this file, never input.
    Query q(ctx_.session, std::string("SELECT ") + kAnswerColumns + " FROM study_answers WHERE " +
                              column + " = :value ORDER BY id");
    row.read_into(q);
    q.bind("value", value);
    q.for_each_row([&] { out.push_back(row.to_answer()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_answers");
  }
  return out;
}

Result<std::vector<Answer>> SqlResponseRepository::answers_of(const std::string& response_id) {
  return answers_where("response_id", response_id);
}

Result<Answer> SqlResponseRepository::find_answer(const std::string& id) {
  auto found = TRY(answers_where("id", id));
  if (found.empty()) return Error::not_found("This answer does not exist.");
  return found.front();
}

Result<std::vector<Answer>> SqlResponseRepository::answers_of_study(const std::string& study_id) {
  return answers_where("study_id", study_id);
}

Result<std::vector<std::string>> SqlResponseRepository::open_answers_of_study(
    const std::string& study_id) {
  std::vector<std::string> out;
  try {
    std::string id;
    Query q(ctx_.session,
            "SELECT id FROM study_answers WHERE study_id = :id AND length > 0 ORDER BY id");
    q.into(id).bind("id", study_id);
    q.for_each_row([&] { out.push_back(id); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_answers");
  }
  return out;
}

Result<std::vector<StudyResponse>> SqlResponseRepository::responses_of_study(
    const std::string& study_id) {
  std::vector<StudyResponse> out;
  try {
    ResponseRow row;
    Query q(ctx_.session, std::string("SELECT ") + kResponseColumns +
                              " FROM study_responses WHERE study_id = :id ORDER BY id");
    row.read_into(q);
    q.bind("id", study_id);
    q.for_each_row([&] { out.push_back(row.to_response()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_responses");
  }
  return out;
}

Status SqlResponseRepository::update_answer_text(const Answer& a, long long expected_version) {
  try {
    std::string updated;
    Query q(ctx_.session,
            "UPDATE study_answers SET body = :body, length = :length, version = :version WHERE "
            "id = :id AND version = :expected RETURNING id");
    q.into(updated)
        .bind("body", a.text)
        .bind("length", a.length)
        .bind("version", a.version)
        .bind("id", a.id)
        .bind("expected", expected_version);
    if (!q.fetch_one())
      return Error::conflict("The answer changed meanwhile; reload it.", "version");
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_answers");
  }
  return ok_status();
}

Status SqlResponseRepository::remove(const std::string& id) {
  try {
    // The co-occurrence summary loses the pairs of each of the response's answers.
    std::string study, answer;
    std::vector<std::pair<std::string, std::string>> coded;  // (study, answer)
    Query answers(ctx_.session,
                  "SELECT DISTINCT study_id, answer_id FROM study_segments WHERE answer_id IN "
                  "(SELECT id FROM study_answers WHERE response_id = :id)");
    answers.into(study).into(answer).bind("id", id);
    answers.for_each_row([&] { coded.emplace_back(study, answer); });
    for (const auto& [study_id, answer_id] : coded)
      refresh_answer_pairs(ctx_.session, study_id, answer_codes(ctx_.session, study_id, answer_id),
                           {});
    if (!coded.empty()) count_coding_change(ctx_.session, coded.front().first);
    for (const char* sql :
         {"DELETE FROM study_segments WHERE answer_id IN (SELECT id FROM study_answers WHERE "
          "response_id = :id)",
          "DELETE FROM study_suggestion_rejections WHERE answer_id IN (SELECT id FROM "
          "study_answers WHERE response_id = :id)",
          "DELETE FROM study_response_codes WHERE response_id = :id",
          "DELETE FROM study_answers WHERE response_id = :id",
          "DELETE FROM study_responses WHERE id = :id"}) {
      Query(ctx_.session, sql).bind("id", id).execute();
    }
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_responses");
  }
  return ok_status();
}

Status SqlResponseRepository::reshuffle_anonymous(const std::string& study_id) {
  if (!is_postgres(ctx_.session)) return ok_status();
  try {
    // Delete and re-insert in id order (random ids) within one statement each: afterwards every
    // anonymous row of the study has this transaction's xmin and a heap position given by its
    // random id. The deferred keys between answers, responses and segments are checked at commit,
    // when every row is back.
    Query(ctx_.session,
          std::string("WITH moved AS (DELETE FROM study_responses WHERE study_id = :id AND "
                      "anonymous = 1 RETURNING ") +
              kResponseColumns + ") INSERT INTO study_responses (" + kResponseColumns +
              ") SELECT " + kResponseColumns + " FROM moved ORDER BY id")
        .bind("id", study_id)
        .execute();
    Query(ctx_.session,
          std::string("WITH moved AS (DELETE FROM study_answers WHERE study_id = :id AND "
                      "anonymous = 1 RETURNING ") +
              kAnswerColumns + ") INSERT INTO study_answers (" + kAnswerColumns + ") SELECT " +
              kAnswerColumns + " FROM moved ORDER BY id")
        .bind("id", study_id)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_responses");
  }
  return ok_status();
}

}  // namespace trellis
