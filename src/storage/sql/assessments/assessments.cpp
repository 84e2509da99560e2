#include "storage/sql/assessments/assessment_repositories.h"
#include "storage/sql/paging.h"
#include "storage/sql/query.h"

namespace trellis {
namespace {

constexpr const char* kRoundColumns =
    "r.id, r.cohort_id, r.name, r.opens_at, r.closes_at, COALESCE(r.closed_at, -1), "
    "r.framework_version_id, r.rater_kinds, r.peers_per_scholar, r.peer_selection, r.created_at";

struct RoundRow {
  std::string id, cohort_id, name, framework_version_id, rater_kinds, peer_selection;
  long long opens_at = 0, closes_at = 0, closed_at = -1, peers = 0, created_at = 0;

  void read_into(Query& q) {
    q.into(id)
        .into(cohort_id)
        .into(name)
        .into(opens_at)
        .into(closes_at)
        .into(closed_at)
        .into(framework_version_id)
        .into(rater_kinds)
        .into(peers)
        .into(peer_selection)
        .into(created_at);
  }
  AssessmentRound to_round() const {
    AssessmentRound r;
    r.id = id;
    r.cohort_id = cohort_id;
    r.name = name;
    r.opens_at = opens_at;
    r.closes_at = closes_at;
    if (closed_at >= 0) r.closed_at = closed_at;
    r.framework_version_id = framework_version_id;
    r.rater_kinds = split_rater_kinds(rater_kinds);
    r.peers_per_scholar = static_cast<int>(peers);
    r.peer_selection = parse_peer_selection(peer_selection).value_or(PeerSelection::kNone);
    r.created_at = created_at;
    return r;
  }
};

constexpr const char* kAssignmentColumns =
    "a.id, a.round_id, a.rater_id, a.subject_id, a.subject_stream_id, a.rater_kind, a.status, "
    "a.version, a.created_at, a.updated_at, COALESCE(a.submitted_at, -1)";

struct AssignmentRow {
  std::string id, round_id, rater_id, subject_id, stream_id, kind, status;
  long long version = 0, created_at = 0, updated_at = 0, submitted_at = -1;

  void read_into(Query& q) {
    q.into(id)
        .into(round_id)
        .into(rater_id)
        .into(subject_id)
        .into(stream_id)
        .into(kind)
        .into(status)
        .into(version)
        .into(created_at)
        .into(updated_at)
        .into(submitted_at);
  }
  Assignment to_assignment() const {
    Assignment a;
    a.id = id;
    a.round_id = round_id;
    a.rater_id = rater_id;
    a.subject_id = subject_id;
    a.subject_stream_id = stream_id;
    a.kind = parse_rater_kind(kind).value_or(RaterKind::kSelf);
    a.status = parse_submission_status(status).value_or(SubmissionStatus::kPending);
    a.version = version;
    a.created_at = created_at;
    a.updated_at = updated_at;
    if (submitted_at >= 0) a.submitted_at = submitted_at;
    return a;
  }
};

Error round_not_found() {
  return Error::not_found("This assessment round does not exist.");
}

Error assignment_not_found() {
  return Error::not_found("This assessment does not exist.");
}

std::string filter_sql(const AssignmentFilter& filter) {
  std::string sql;
  if (filter.rater_id) sql += " AND a.rater_id = :rater_id";
  if (filter.subject_id) sql += " AND a.subject_id = :subject_id";
  if (filter.kind) sql += " AND a.rater_kind = :kind";
  if (filter.status) sql += " AND a.status = :status";
  if (filter.unsubmitted) sql += " AND a.status <> 'submitted'";
  if (filter.without_peers) sql += " AND a.rater_kind <> 'peer'";
  return sql;
}

void bind_filter(Query& q, const AssignmentFilter& filter) {
  if (filter.rater_id) q.bind("rater_id", *filter.rater_id);
  if (filter.subject_id) q.bind("subject_id", *filter.subject_id);
  if (filter.kind) q.bind("kind", std::string(rater_kind_name(*filter.kind)));
  if (filter.status) q.bind("status", std::string(submission_status_name(*filter.status)));
}

}  // namespace

Status SqlAssessmentRepository::insert_round(const AssessmentRound& round) {
  try {
    Query(ctx_.session,
          "INSERT INTO assessment_rounds (id, cohort_id, name, opens_at, closes_at, closed_at, "
          "framework_version_id, rater_kinds, peers_per_scholar, peer_selection, created_at) "
          "VALUES (:id, :cohort_id, :name, :opens_at, :closes_at, NULLIF(:closed_at, CAST(-1 AS "
          "BIGINT)), "
          ":version, :kinds, :peers, :selection, :created_at)")
        .bind("id", round.id)
        .bind("cohort_id", round.cohort_id)
        .bind("name", round.name)
        .bind("opens_at", static_cast<long long>(round.opens_at))
        .bind("closes_at", static_cast<long long>(round.closes_at))
        .bind("closed_at", static_cast<long long>(round.closed_at.value_or(-1)))
        .bind("version", round.framework_version_id)
        .bind("kinds", join_rater_kinds(round.rater_kinds))
        .bind("peers", static_cast<long long>(round.peers_per_scholar))
        .bind("selection", std::string(peer_selection_name(round.peer_selection)))
        .bind("created_at", static_cast<long long>(round.created_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_rounds");
  }
  return ok_status();
}

Result<AssessmentRound> SqlAssessmentRepository::find_round(const std::string& id) {
  RoundRow row;
  try {
    Query q(ctx_.session,
            std::string("SELECT ") + kRoundColumns + " FROM assessment_rounds r WHERE r.id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return round_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_rounds");
  }
  return row.to_round();
}

Status SqlAssessmentRepository::update_round(const AssessmentRound& round) {
  std::string updated;
  try {
    Query q(ctx_.session,
            "UPDATE assessment_rounds SET name = :name, opens_at = :opens_at, closes_at = "
            ":closes_at, closed_at = NULLIF(:closed_at, CAST(-1 AS BIGINT)) WHERE id = :id "
            "RETURNING id");
    q.into(updated)
        .bind("name", round.name)
        .bind("opens_at", static_cast<long long>(round.opens_at))
        .bind("closes_at", static_cast<long long>(round.closes_at))
        .bind("closed_at", static_cast<long long>(round.closed_at.value_or(-1)))
        .bind("id", round.id);
    if (!q.fetch_one()) return round_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_rounds");
  }
  return ok_status();
}

Result<std::vector<AssessmentRound>> SqlAssessmentRepository::list_rounds(
    const std::string& cohort_id) {
  std::vector<AssessmentRound> out;
  try {
    RoundRow row;
    Query q(ctx_.session, std::string("SELECT ") + kRoundColumns +
                              " FROM assessment_rounds r WHERE r.cohort_id = :cohort_id "
                              "ORDER BY r.opens_at, r.created_at, r.id");
    row.read_into(q);
    q.bind("cohort_id", cohort_id);
    q.for_each_row([&] { out.push_back(row.to_round()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_rounds");
  }
  return out;
}

Status SqlAssessmentRepository::insert_assignment(const Assignment& a) {
  try {
    Query(ctx_.session,
          "INSERT INTO assessment_assignments (id, round_id, rater_id, subject_id, "
          "subject_stream_id, rater_kind, status, version, created_at, updated_at, submitted_at) "
          "VALUES (:id, :round_id, :rater_id, :subject_id, :stream_id, :kind, :status, :version, "
          ":created_at, :updated_at, NULLIF(:submitted_at, CAST(-1 AS BIGINT)))")
        .bind("id", a.id)
        .bind("round_id", a.round_id)
        .bind("rater_id", a.rater_id)
        .bind("subject_id", a.subject_id)
        .bind("stream_id", a.subject_stream_id)
        .bind("kind", std::string(rater_kind_name(a.kind)))
        .bind("status", std::string(submission_status_name(a.status)))
        .bind("version", a.version)
        .bind("created_at", static_cast<long long>(a.created_at))
        .bind("updated_at", static_cast<long long>(a.updated_at))
        .bind("submitted_at", static_cast<long long>(a.submitted_at.value_or(-1)))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_assignments");
  }
  return ok_status();
}

Result<Assignment> SqlAssessmentRepository::find_assignment(const std::string& id) {
  AssignmentRow row;
  try {
    Query q(ctx_.session, std::string("SELECT ") + kAssignmentColumns +
                              " FROM assessment_assignments a WHERE a.id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return assignment_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_assignments");
  }
  return row.to_assignment();
}

Result<Page<Assignment>> SqlAssessmentRepository::list_assignments(const std::string& round_id,
                                                                   const AssignmentFilter& filter,
                                                                   const PageRequest& page) {
  std::vector<Assignment> out;
  try {
    AssignmentRow row;
    Query q(ctx_.session, std::string("SELECT ") + kAssignmentColumns +
                              " FROM assessment_assignments a WHERE a.round_id = :round_id "
                              "AND a.id > :after" +
                              filter_sql(filter) + " ORDER BY a.id LIMIT :limit");
    row.read_into(q);
    q.bind("round_id", round_id).bind("after", page.after);
    bind_filter(q, filter);
    q.bind("limit", fetch_limit(page));
    q.for_each_row([&] { out.push_back(row.to_assignment()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_assignments");
  }
  return make_page(std::move(out), page);
}

Result<long long> SqlAssessmentRepository::count_assignments(const std::string& round_id,
                                                             const AssignmentFilter& filter) {
  long long n = 0;
  try {
    Query q(ctx_.session,
            "SELECT count(*) FROM assessment_assignments a WHERE a.round_id = :round_id" +
                filter_sql(filter));
    q.into(n).bind("round_id", round_id);
    bind_filter(q, filter);
    q.fetch_one();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_assignments");
  }
  return n;
}

Result<std::vector<DueAssignment>> SqlAssessmentRepository::list_due(const std::string& rater_id,
                                                                     Timestamp now) {
  std::vector<DueAssignment> out;
  try {
    AssignmentRow a;
    RoundRow r;
    std::string subject_name;
    Query q(ctx_.session,
            std::string("SELECT ") + kAssignmentColumns + ", " + kRoundColumns +
                ", u.display_name FROM assessment_assignments a "
                "JOIN assessment_rounds r ON r.id = a.round_id "
                "JOIN users u ON u.id = a.subject_id "
                "WHERE a.rater_id = :rater_id AND r.closes_at > :now AND r.closed_at IS NULL "
                "ORDER BY r.closes_at, r.id, a.rater_kind, u.display_name, a.id");
    a.read_into(q);
    r.read_into(q);
    q.into(subject_name);
    q.bind("rater_id", rater_id).bind("now", static_cast<long long>(now));
    q.for_each_row([&] { out.push_back({a.to_assignment(), r.to_round(), subject_name}); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_assignments");
  }
  return out;
}

Result<Assignment> SqlAssessmentRepository::save_submission(const Assignment& assignment,
                                                            long long expected_version,
                                                            const std::vector<Rating>& ratings) {
  const bool submitted = assignment.status == SubmissionStatus::kSubmitted;
  try {
    long long version = 0;
    Query update(
        ctx_.session,
        "UPDATE assessment_assignments SET status = :status, version = version + 1, "
        "updated_at = :updated_at, submitted_at = NULLIF(:submitted_at, CAST(-1 AS BIGINT)) "
        "WHERE id = :id AND version = :expected RETURNING version");
    update.into(version)
        .bind("status", std::string(submission_status_name(assignment.status)))
        .bind("updated_at", static_cast<long long>(assignment.updated_at))
        .bind("submitted_at", static_cast<long long>(assignment.submitted_at.value_or(-1)))
        .bind("id", assignment.id)
        .bind("expected", expected_version);
    if (!update.fetch_one())
      return Error::conflict("Someone saved this assessment since you loaded it; reload it.",
                             "version");
    Query(ctx_.session, "DELETE FROM assessment_ratings WHERE assignment_id = :id")
        .bind("id", assignment.id)
        .execute();
    for (const Rating& r : ratings) {
      Query(ctx_.session,
            "INSERT INTO assessment_ratings (assignment_id, quality_key, score, evidence, "
            "round_id, subject_id, subject_stream_id, rater_kind, submitted) VALUES (:id, "
            ":quality_key, NULLIF(:score, 0), :evidence, :round_id, :subject_id, :stream_id, "
            ":kind, :submitted)")
          .bind("id", assignment.id)
          .bind("quality_key", r.quality_key)
          .bind("score", static_cast<long long>(r.score.value_or(0)))
          .bind("evidence", r.evidence)
          .bind("round_id", assignment.round_id)
          .bind("subject_id", assignment.subject_id)
          .bind("stream_id", assignment.subject_stream_id)
          .bind("kind", std::string(rater_kind_name(assignment.kind)))
          .bind("submitted", submitted ? 1LL : 0LL)
          .execute();
    }
    Assignment out = assignment;
    out.version = version;
    return out;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_ratings");
  }
}

Result<std::vector<Rating>> SqlAssessmentRepository::list_ratings(
    const std::string& assignment_id) {
  std::vector<Rating> out;
  try {
    Rating r;
    long long score = 0;
    Query q(ctx_.session,
            "SELECT r.quality_key, COALESCE(r.score, 0), r.evidence FROM assessment_ratings r "
            "JOIN assessment_assignments a ON a.id = r.assignment_id "
            "JOIN assessment_rounds rd ON rd.id = a.round_id "
            "LEFT JOIN framework_qualities fq ON fq.version_id = rd.framework_version_id "
            "AND fq.quality_key = r.quality_key "
            "WHERE r.assignment_id = :id ORDER BY COALESCE(fq.position, 0), r.quality_key");
    q.into(r.quality_key).into(score).into(r.evidence).bind("id", assignment_id);
    q.for_each_row([&] {
      Rating out_rating = r;
      out_rating.score = score > 0 ? std::optional<int>(static_cast<int>(score)) : std::nullopt;
      out.push_back(std::move(out_rating));
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_ratings");
  }
  return out;
}

}  // namespace trellis
