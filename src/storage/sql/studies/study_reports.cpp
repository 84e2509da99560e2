#include <boost/json.hpp>

#include "storage/sql/query.h"
#include "storage/sql/studies/study_repositories.h"
#include "storage/sql/studies/study_rows.h"

namespace trellis {
namespace {

// The segments in scope, as a subquery over study_segments s (joined to the response for the
// group filter). Parameters: :study, and :grp, :question, :coder when the scope sets them.
std::string scoped_segments(const ReportScope& scope, const std::string& columns) {
  std::string sql = "SELECT " + columns + " FROM study_segments s";
  if (scope.group) sql += " JOIN study_responses r ON r.id = s.response_id";
  sql += " WHERE s.study_id = :study";
  if (scope.group) sql += " AND r.respondent_group = :grp";
  if (scope.question_id) sql += " AND s.question_id = :question";
  if (scope.coder_id) sql += " AND s.coder_id = :coder";
  return sql;
}

void bind_scope(Query& q, const std::string& study_id, const ReportScope& scope) {
  q.bind("study", study_id);
  if (scope.group) q.bind("grp", *scope.group);
  if (scope.question_id) q.bind("question", *scope.question_id);
  if (scope.coder_id) q.bind("coder", *scope.coder_id);
}

}  // namespace

Result<long long> SqlStudyReportRepository::respondents(const std::string& study_id,
                                                        const ReportScope& scope) {
  try {
    std::string sql = "SELECT count(*) FROM study_responses WHERE study_id = :study";
    if (scope.group) sql += " AND respondent_group = :grp";
    if (scope.question_id)
      sql +=
          " AND id IN (SELECT response_id FROM study_answers WHERE question_id = :question AND "
          "(length > 0 OR choices <> '' OR rating > 0))";
    long long n = 0;
    Query q(ctx_.session, sql);
    q.into(n).bind("study", study_id);
    if (scope.group) q.bind("grp", *scope.group);
    if (scope.question_id) q.bind("question", *scope.question_id);
    q.fetch_one();
    return n;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_responses");
  }
}

Result<std::vector<ThemeRow>> SqlStudyReportRepository::themes(const std::string& study_id,
                                                               const ReportScope& scope) {
  std::vector<ThemeRow> out;
  try {
    // Per respondent and code: how many segments, and where the code is first mentioned
    // (question order, then offset); a code's rank within the respondent follows that order.
    // Without a question or coder filter this reads the maintained summary (a row per
    // respondent and code); with one it aggregates the segments themselves.
    std::string firsts;
    if (!scope.question_id && !scope.coder_id) {
      firsts =
          "SELECT c.response_id AS response_id, c.code_id AS code_id, c.segments AS n, "
          "c.first_mention AS pos FROM study_response_codes c";
      if (scope.group) firsts += " JOIN study_responses r ON r.id = c.response_id";
      firsts += " WHERE c.study_id = :study";
      if (scope.group) firsts += " AND r.respondent_group = :grp";
    } else {
      firsts = scoped_segments(scope,
                               "s.response_id AS response_id, s.code_id AS code_id, count(*) AS "
                               "n, MIN(s.question_position * 1000000000 + s.start_offset) AS pos") +
               " GROUP BY s.response_id, s.code_id";
    }
    const std::string sql =
        "WITH firsts AS (" + firsts +
        "), ranked AS (SELECT code_id, n, ROW_NUMBER() OVER (PARTITION BY response_id ORDER BY "
        "pos, code_id) AS rk FROM firsts) SELECT code_id, CAST(SUM(n) AS BIGINT), count(*), "
        "CAST(SUM(CASE WHEN rk <= 3 THEN 1 ELSE 0 END) AS BIGINT) FROM ranked GROUP BY code_id";
    ThemeRow row;
    Query q(ctx_.session, sql);
    q.into(row.code_id).into(row.segments).into(row.respondents).into(row.top_three);
    bind_scope(q, study_id, scope);
    q.for_each_row([&] { out.push_back(row); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return out;
}

Result<std::vector<std::tuple<std::string, std::string, long long>>>
SqlStudyReportRepository::co_occurrence(const std::string& study_id, const ReportScope& scope) {
  std::vector<std::tuple<std::string, std::string, long long>> out;
  try {
    if (!scope.group && !scope.question_id && !scope.coder_id) {
      // The whole study: the maintained summary, which holds each pair in both orders.
      std::string a, b;
      long long n = 0;
      Query q(ctx_.session,
              "SELECT code_id, other_code_id, answers FROM study_code_pairs WHERE study_id = "
              ":study");
      q.into(a).into(b).into(n).bind("study", study_id);
      q.for_each_row([&] {
        if (a < b) out.emplace_back(a, b, n);
      });
      return out;
    }
    const std::string sql =
        // Materialised once (both databases accept the hint), so the self-join reads a small
        // set of distinct (answer, code) pairs rather than every segment twice.
        "WITH pairs AS MATERIALIZED (" +
        scoped_segments(scope, "s.answer_id AS answer_id, s.code_id AS code_id") +
        " GROUP BY s.answer_id, s.code_id) SELECT a.code_id, b.code_id, count(*) FROM pairs a "
        "JOIN pairs b ON b.answer_id = a.answer_id AND a.code_id < b.code_id GROUP BY "
        "a.code_id, b.code_id";
    std::string a, b;
    long long n = 0;
    Query q(ctx_.session, sql);
    q.into(a).into(b).into(n);
    bind_scope(q, study_id, scope);
    q.for_each_row([&] { out.emplace_back(a, b, n); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return out;
}

Result<std::map<std::string, long long>> SqlStudyReportRepository::group_sizes(
    const std::string& study_id) {
  std::map<std::string, long long> out;
  try {
    std::string group;
    long long n = 0;
    Query q(ctx_.session,
            "SELECT respondent_group, count(*) FROM study_responses WHERE study_id = :study "
            "GROUP BY respondent_group");
    q.into(group).into(n).bind("study", study_id);
    q.for_each_row([&] { out[group] = n; });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_responses");
  }
  return out;
}

Result<std::vector<std::tuple<std::string, std::string, long long>>>
SqlStudyReportRepository::code_by_group(const std::string& study_id) {
  std::vector<std::tuple<std::string, std::string, long long>> out;
  try {
    std::string group, code;
    long long n = 0;
    Query q(ctx_.session,
            "SELECT r.respondent_group, c.code_id, count(*) FROM study_response_codes c JOIN "
            "study_responses r ON r.id = c.response_id WHERE c.study_id = :study GROUP BY "
            "r.respondent_group, c.code_id");
    q.into(group).into(code).into(n).bind("study", study_id);
    q.for_each_row([&] { out.emplace_back(group, code, n); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return out;
}

Result<std::vector<std::vector<std::string>>> SqlStudyReportRepository::ranked_choices(
    const std::string& study_id, const std::string& question_id,
    const std::optional<std::string>& group, std::size_t top) {
  std::vector<std::vector<std::string>> out;
  try {
    std::string sql = "SELECT a.choices FROM study_answers a";
    if (group) sql += " JOIN study_responses r ON r.id = a.response_id";
    sql += " WHERE a.study_id = :study AND a.question_id = :question AND a.choices <> ''";
    if (group) sql += " AND r.respondent_group = :grp";
    std::string choices;
    Query q(ctx_.session, sql);
    q.into(choices).bind("study", study_id).bind("question", question_id);
    if (group) q.bind("grp", *group);
    q.for_each_row([&] {
      std::vector<std::string> ranked = split_lines(choices, '\n');
      if (ranked.size() > top) ranked.resize(top);
      out.push_back(std::move(ranked));
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_answers");
  }
  return out;
}

namespace {

// A job's outcome is kept in its `result` column as JSON: {"transcripts": n, "answers": n} when
// it succeeded, {"error": {"code", "message", "field"}} when it failed; empty while it runs.
std::string encode_result(const Job& j) {
  if (j.outcome)
    return boost::json::serialize(boost::json::object{{"transcripts", j.outcome->transcripts},
                                                      {"answers", j.outcome->answers}});
  if (j.failure)
    return boost::json::serialize(boost::json::object{{"error",
                                                       {{"code", error_code_name(j.failure->code)},
                                                        {"message", j.failure->message},
                                                        {"field", j.failure->field}}}});
  return "";
}

std::string string_at(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

void decode_result(const std::string& text, Job& j) {
  if (text.empty()) return;
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(text, ec);
  if (ec || !parsed.is_object()) return;
  const boost::json::object& o = parsed.as_object();
  if (const auto* error = o.if_contains("error"); error && error->is_object()) {
    Error e;
    e.code =
        error_code_from_name(string_at(error->as_object(), "code")).value_or(ErrorCode::kInternal);
    e.message = string_at(error->as_object(), "message");
    e.field = string_at(error->as_object(), "field");
    j.failure = std::move(e);
    return;
  }
  JobOutcome outcome;
  if (const auto* n = o.if_contains("transcripts"); n && n->is_int64())
    outcome.transcripts = n->as_int64();
  if (const auto* n = o.if_contains("answers"); n && n->is_int64()) outcome.answers = n->as_int64();
  j.outcome = outcome;
}

}  // namespace

Status SqlJobRepository::insert(const Job& j) {
  try {
    Query(ctx_.session,
          "INSERT INTO jobs (id, program_id, kind, resource_id, status, done, total, result, "
          "created_by, idempotency_key, request_hash, created_at, updated_at) VALUES (:id, "
          ":program_id, :kind, :resource_id, :status, :done, :total, :result, :created_by, "
          ":idempotency_key, :request_hash, :created_at, :updated_at)")
        .bind("id", j.id)
        .bind("program_id", j.program_id)
        .bind("kind", j.kind)
        .bind("resource_id", j.resource_id)
        .bind("status", j.status)
        .bind("done", j.done)
        .bind("total", j.total)
        .bind("result", encode_result(j))
        .bind("created_by", j.created_by)
        .bind("idempotency_key", j.idempotency_key)
        .bind("request_hash", j.request_hash)
        .bind("created_at", static_cast<long long>(j.created_at))
        .bind("updated_at", static_cast<long long>(j.updated_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "jobs");
  }
  return ok_status();
}

namespace {

constexpr const char* kJobColumns =
    "id, program_id, kind, resource_id, status, done, total, result, created_by, "
    "idempotency_key, request_hash, created_at, updated_at";

Result<Job> find_job(SqlContext& ctx, const std::string& where,
                     const std::vector<std::pair<std::string, std::string>>& params) {
  try {
    Job j;
    std::string result;
    long long created_at = 0, updated_at = 0;
    Query q(ctx.session, std::string("SELECT ") + kJobColumns + " FROM jobs WHERE " + where);
    q.into(j.id)
        .into(j.program_id)
        .into(j.kind)
        .into(j.resource_id)
        .into(j.status)
        .into(j.done)
        .into(j.total)
        .into(result)
        .into(j.created_by)
        .into(j.idempotency_key)
        .into(j.request_hash)
        .into(created_at)
        .into(updated_at);
    for (const auto& [name, value] : params) q.bind(name, value);
    if (!q.fetch_one()) return Error::not_found("This job does not exist.");
    j.created_at = created_at;
    j.updated_at = updated_at;
    decode_result(result, j);
    return j;
  } catch (const std::exception& e) {
    return ctx.fail(e, "jobs");
  }
}

}  // namespace

Result<Job> SqlJobRepository::find(const std::string& id) {
  return find_job(ctx_, "id = :id", {{"id", id}});
}

Result<Job> SqlJobRepository::find_by_key(const std::string& created_by, const std::string& key) {
  return find_job(ctx_, "created_by = :created_by AND idempotency_key = :key",
                  {{"created_by", created_by}, {"key", key}});
}

Status SqlJobRepository::update(const Job& j) {
  try {
    Query(ctx_.session,
          "UPDATE jobs SET status = :status, done = :done, total = :total, result = :result, "
          "updated_at = :updated_at WHERE id = :id")
        .bind("status", j.status)
        .bind("done", j.done)
        .bind("total", j.total)
        .bind("result", encode_result(j))
        .bind("updated_at", static_cast<long long>(j.updated_at))
        .bind("id", j.id)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "jobs");
  }
  return ok_status();
}

}  // namespace trellis
