#include "storage/sql/paging.h"
#include "storage/sql/query.h"
#include "storage/sql/studies/study_repositories.h"

namespace trellis {
namespace {

constexpr const char* kColumns =
    "id, study_id, answer_id, response_id, question_id, question_position, code_id, coder_id, "
    "start_offset, end_offset, memo, origin, model_version, version, created_at";

struct SegmentRow {
  std::string id, study_id, answer_id, response_id, question_id, code_id, coder_id, memo, origin,
      model_version;
  long long position = 0, start = 0, end = 0, version = 0, created_at = 0;
  void read_into(Query& q) {
    q.into(id)
        .into(study_id)
        .into(answer_id)
        .into(response_id)
        .into(question_id)
        .into(position)
        .into(code_id)
        .into(coder_id)
        .into(start)
        .into(end)
        .into(memo)
        .into(origin)
        .into(model_version)
        .into(version)
        .into(created_at);
  }
  Segment to_segment() const {
    Segment s;
    s.id = id;
    s.study_id = study_id;
    s.answer_id = answer_id;
    s.response_id = response_id;
    s.question_id = question_id;
    s.question_position = static_cast<int>(position);
    s.code_id = code_id;
    s.coder_id = coder_id;
    s.start = start;
    s.end = end;
    s.memo = memo;
    s.origin = parse_segment_origin(origin).value_or(SegmentOrigin::kManual);
    s.model_version = model_version;
    s.version = version;
    s.created_at = created_at;
    return s;
  }
};

// Inserts the row alone; the callers bring the report summaries up to date.
void insert_row(soci::session& session, const Segment& s) {
  Query(session,
        "INSERT INTO study_segments (id, study_id, answer_id, response_id, question_id, "
        "question_position, code_id, coder_id, start_offset, end_offset, memo, origin, "
        "model_version, version, created_at) VALUES (:id, :study_id, :answer_id, "
        ":response_id, :question_id, :position, :code_id, :coder_id, :start, :end, :memo, "
        ":origin, :model_version, :version, :created_at)")
      .bind("id", s.id)
      .bind("study_id", s.study_id)
      .bind("answer_id", s.answer_id)
      .bind("response_id", s.response_id)
      .bind("question_id", s.question_id)
      .bind("position", static_cast<long long>(s.question_position))
      .bind("code_id", s.code_id)
      .bind("coder_id", s.coder_id)
      .bind("start", s.start)
      .bind("end", s.end)
      .bind("memo", s.memo)
      .bind("origin", std::string(segment_origin_name(s.origin)))
      .bind("model_version", s.model_version)
      .bind("version", s.version)
      .bind("created_at", static_cast<long long>(s.created_at))
      .execute();
}

Error segment_not_found() {
  return Error::not_found("This segment does not exist.");
}

}  // namespace

// Recomputes the report summary of one respondent and code from the segments (an indexed
// aggregate over that respondent's segments of the code).
void refresh_response_code(soci::session& session, const std::string& study_id,
                           const std::string& response_id, const std::string& code_id) {
  Query(session,
        "DELETE FROM study_response_codes WHERE study_id = :study AND response_id = :response "
        "AND code_id = :code")
      .bind("study", study_id)
      .bind("response", response_id)
      .bind("code", code_id)
      .execute();
  Query(session,
        "INSERT INTO study_response_codes (study_id, response_id, code_id, segments, "
        "first_mention) SELECT study_id, response_id, code_id, count(*), "
        "MIN(question_position * 1000000000 + start_offset) FROM study_segments WHERE study_id = "
        ":study AND response_id = :response AND code_id = :code GROUP BY study_id, response_id, "
        "code_id")
      .bind("study", study_id)
      .bind("response", response_id)
      .bind("code", code_id)
      .execute();
}

void count_coding_change(soci::session& session, const std::string& study_id) {
  Query(session, "UPDATE studies SET coding_version = coding_version + 1 WHERE id = :study")
      .bind("study", study_id)
      .execute();
}

Status SqlSegmentRepository::insert(const Segment& s) {
  try {
    const std::vector<std::string> before = answer_codes(ctx_.session, s.study_id, s.answer_id);
    insert_row(ctx_.session, s);
    refresh_response_code(ctx_.session, s.study_id, s.response_id, s.code_id);
    refresh_answer_pairs(ctx_.session, s.study_id, before, with_code(before, s.code_id));
    count_coding_change(ctx_.session, s.study_id);
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return ok_status();
}

Status SqlSegmentRepository::insert_all(const std::string& study_id,
                                        const std::vector<Segment>& segments) {
  try {
    for (const Segment& s : segments) insert_row(ctx_.session, s);
    Query(ctx_.session, "DELETE FROM study_response_codes WHERE study_id = :study")
        .bind("study", study_id)
        .execute();
    Query(ctx_.session,
          "INSERT INTO study_response_codes (study_id, response_id, code_id, segments, "
          "first_mention) SELECT study_id, response_id, code_id, count(*), "
          "MIN(question_position * 1000000000 + start_offset) FROM study_segments WHERE study_id "
          "= :study GROUP BY study_id, response_id, code_id")
        .bind("study", study_id)
        .execute();
    rebuild_code_pairs(ctx_.session, study_id);
    count_coding_change(ctx_.session, study_id);
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return ok_status();
}

Result<Segment> SqlSegmentRepository::find(const std::string& id) {
  try {
    SegmentRow row;
    Query q(ctx_.session,
            std::string("SELECT ") + kColumns + " FROM study_segments WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return segment_not_found();
    return row.to_segment();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
}

Status SqlSegmentRepository::update(const Segment& s, long long expected_version) {
  try {
    std::string previous_code;
    Query before(ctx_.session, "SELECT code_id FROM study_segments WHERE id = :id");
    if (!before.into(previous_code).bind("id", s.id).fetch_one()) return segment_not_found();
    const std::vector<std::string> codes_before =
        previous_code == s.code_id ? std::vector<std::string>{}
                                   : answer_codes(ctx_.session, s.study_id, s.answer_id);
    std::string updated;
    Query q(ctx_.session,
            "UPDATE study_segments SET start_offset = :start, end_offset = :end, "
            "code_id = :code_id, memo = :memo, version = :version WHERE id = :id AND "
            "version = :expected RETURNING id");
    q.into(updated)
        .bind("start", s.start)
        .bind("end", s.end)
        .bind("code_id", s.code_id)
        .bind("memo", s.memo)
        .bind("version", s.version)
        .bind("id", s.id)
        .bind("expected", expected_version);
    if (!q.fetch_one())
      return Error::conflict("The segment changed meanwhile; reload it.", "version");
    refresh_response_code(ctx_.session, s.study_id, s.response_id, s.code_id);
    count_coding_change(ctx_.session, s.study_id);
    if (previous_code != s.code_id) {
      refresh_response_code(ctx_.session, s.study_id, s.response_id, previous_code);
      refresh_answer_pairs(ctx_.session, s.study_id, codes_before,
                           answer_codes(ctx_.session, s.study_id, s.answer_id));
    }
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return ok_status();
}

Status SqlSegmentRepository::remove(const std::string& id) {
  try {
    std::string study, response, answer, code;
    Query q(ctx_.session,
            "DELETE FROM study_segments WHERE id = :id RETURNING study_id, response_id, answer_id, "
            "code_id");
    if (!q.into(study).into(response).into(answer).into(code).bind("id", id).fetch_one())
      return segment_not_found();
    refresh_response_code(ctx_.session, study, response, code);
    // The answer carried the removed segment's code until now.
    std::vector<std::string> after = answer_codes(ctx_.session, study, answer);
    refresh_answer_pairs(ctx_.session, study, with_code(after, code), after);
    count_coding_change(ctx_.session, study);
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return ok_status();
}

Result<Page<Segment>> SqlSegmentRepository::list(const std::string& study_id,
                                                 const SegmentFilter& f, const PageRequest& page) {
  std::vector<Segment> out;
  try {
    std::string sql = std::string("SELECT ") + kColumns +
                      " FROM study_segments WHERE study_id = :study_id AND id > :after";
    if (f.code_id) sql += " AND code_id = :code_id";
    if (f.coder_id) sql += " AND coder_id = :coder_id";
    if (f.answer_id) sql += " AND answer_id = :answer_id";
    if (f.only_coder) sql += " AND coder_id = :only_coder";
    sql += " ORDER BY id LIMIT :limit";
    SegmentRow row;
    Query q(ctx_.session, sql);
    row.read_into(q);
    q.bind("study_id", study_id).bind("after", page.after);
    if (f.code_id) q.bind("code_id", *f.code_id);
    if (f.coder_id) q.bind("coder_id", *f.coder_id);
    if (f.answer_id) q.bind("answer_id", *f.answer_id);
    if (f.only_coder) q.bind("only_coder", *f.only_coder);
    q.bind("limit", fetch_limit(page));
    q.for_each_row([&] { out.push_back(row.to_segment()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return make_page(std::move(out), page);
}

Result<std::vector<std::string>> SqlSegmentRepository::answers_coded_by(const std::string& study_id,
                                                                        const std::string& coder) {
  std::vector<std::string> out;
  try {
    std::string answer;
    Query q(ctx_.session,
            "SELECT DISTINCT answer_id FROM study_segments WHERE study_id = :study AND coder_id = "
            ":coder");
    q.into(answer).bind("study", study_id).bind("coder", coder);
    q.for_each_row([&] { out.push_back(answer); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return out;
}

Result<std::vector<std::string>> SqlSegmentRepository::coded_answers(const std::string& study_id) {
  std::vector<std::string> out;
  try {
    std::string answer;
    Query q(ctx_.session,
            "SELECT DISTINCT answer_id FROM study_segments WHERE study_id = :study ORDER BY "
            "answer_id");
    q.into(answer).bind("study", study_id);
    q.for_each_row([&] { out.push_back(answer); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return out;
}

Result<std::vector<Segment>> SqlSegmentRepository::recent_of_study(
    const std::string& study_id, const std::optional<std::string>& coder, long long limit) {
  std::vector<Segment> out;
  try {
    Segment s;
    s.study_id = study_id;
    // Newest first along study_segments_recent_idx (ids sort by creation time).
    Query q(ctx_.session,
            std::string("SELECT id, answer_id, code_id, coder_id, start_offset, end_offset FROM "
                        "study_segments WHERE study_id = :study") +
                (coder ? " AND coder_id = :coder" : "") + " ORDER BY id DESC LIMIT :limit");
    q.into(s.id).into(s.answer_id).into(s.code_id).into(s.coder_id).into(s.start).into(s.end);
    q.bind("study", study_id).bind("limit", limit);
    if (coder) q.bind("coder", *coder);
    q.for_each_row([&] { out.push_back(s); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return out;
}

Result<std::vector<Segment>> SqlSegmentRepository::all_of_study(const std::string& study_id) {
  std::vector<Segment> out;
  try {
    SegmentRow row;
    Query q(ctx_.session, std::string("SELECT ") + kColumns +
                              " FROM study_segments WHERE study_id = :id ORDER BY response_id, "
                              "question_position, start_offset, id");
    row.read_into(q);
    q.bind("id", study_id);
    q.for_each_row([&] { out.push_back(row.to_segment()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
  return out;
}

Status SqlSegmentRepository::set_coder_finished(const std::string& study_id,
                                                const std::string& user_id, bool finished,
                                                Timestamp now) {
  try {
    Query(ctx_.session,
          "INSERT INTO study_coders (study_id, user_id, finished, updated_at) VALUES (:study_id, "
          ":user_id, :finished, :now) ON CONFLICT (study_id, user_id) DO UPDATE SET finished = "
          "excluded.finished, updated_at = excluded.updated_at")
        .bind("study_id", study_id)
        .bind("user_id", user_id)
        .bind("finished", static_cast<long long>(finished ? 1 : 0))
        .bind("now", static_cast<long long>(now))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_coders");
  }
  return ok_status();
}

Result<bool> SqlSegmentRepository::coder_finished(const std::string& study_id,
                                                  const std::string& user_id) {
  try {
    long long finished = 0;
    Query q(ctx_.session,
            "SELECT finished FROM study_coders WHERE study_id = :study_id AND user_id = :user_id");
    q.into(finished).bind("study_id", study_id).bind("user_id", user_id);
    if (!q.fetch_one()) return false;
    return finished != 0;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_coders");
  }
}

Result<std::vector<CoderState>> SqlSegmentRepository::coders(const std::string& study_id) {
  std::vector<CoderState> out;
  try {
    CoderState c;
    long long finished = 0;
    Query q(ctx_.session,
            "SELECT u.user_id, COALESCE(MAX(c.finished), 0), "
            "(SELECT count(*) FROM study_segments s WHERE s.study_id = :id1 AND "
            "s.coder_id = u.user_id) FROM (SELECT coder_id AS user_id FROM study_segments WHERE "
            "study_id = :id2 UNION SELECT user_id FROM study_coders WHERE study_id = :id3) u "
            "LEFT JOIN study_coders c ON c.study_id = :id4 AND c.user_id = u.user_id "
            "GROUP BY u.user_id ORDER BY u.user_id");
    // Each parameter is named once: SOCI's PostgreSQL backend binds a repeated name only once.
    q.into(c.user_id).into(finished).into(c.segments);
    for (const char* name : {"id1", "id2", "id3", "id4"}) q.bind(name, study_id);
    q.for_each_row([&] {
      CoderState out_state = c;
      out_state.finished = finished != 0;
      out.push_back(out_state);
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_coders");
  }
  return out;
}

Status SqlSegmentRepository::insert_rejection(const std::string& study_id,
                                              const std::string& answer_id,
                                              const std::string& code_id, long long start,
                                              long long end, const std::string& coder_id,
                                              Timestamp now) {
  try {
    Query(ctx_.session,
          "INSERT INTO study_suggestion_rejections (answer_id, study_id, code_id, start_offset, "
          "end_offset, coder_id, created_at) VALUES (:answer_id, :study_id, :code_id, :start, "
          ":end, :coder_id, :now) ON CONFLICT DO NOTHING")
        .bind("answer_id", answer_id)
        .bind("study_id", study_id)
        .bind("code_id", code_id)
        .bind("start", start)
        .bind("end", end)
        .bind("coder_id", coder_id)
        .bind("now", static_cast<long long>(now))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_suggestion_rejections");
  }
  return ok_status();
}

Result<std::vector<std::tuple<std::string, long long, long long>>> SqlSegmentRepository::rejections(
    const std::string& answer_id, const std::string& coder_id) {
  std::vector<std::tuple<std::string, long long, long long>> out;
  try {
    std::string code;
    long long start = 0, end = 0;
    Query q(ctx_.session,
            "SELECT code_id, start_offset, end_offset FROM study_suggestion_rejections WHERE "
            "answer_id = :id AND coder_id = :coder");
    q.into(code).into(start).into(end).bind("id", answer_id).bind("coder", coder_id);
    q.for_each_row([&] { out.emplace_back(code, start, end); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_suggestion_rejections");
  }
  return out;
}

}  // namespace trellis
