#include "storage/sql/assessments/assessment_repositories.h"
#include "storage/sql/paging.h"
#include "storage/sql/query.h"

namespace trellis {

// The report queries read assessment_ratings only, through assessment_ratings_report_idx
// (round_id, submitted, subject_id, subject_stream_id, quality_key, rater_kind, score), which
// covers them: no table rows are visited and the GROUP BY follows the index order.

Result<std::vector<SubjectScores>> SqlAssessmentReportRepository::subject_scores(
    const std::string& round_id, const std::optional<std::string>& first_subject,
    const std::optional<std::string>& last_subject) {
  std::vector<SubjectScores> out;
  try {
    SubjectScores row;
    std::string kind;
    std::string sql =
        "SELECT subject_id, subject_stream_id, quality_key, rater_kind, "
        "CAST(SUM(score) AS BIGINT), COUNT(score) FROM assessment_ratings "
        "WHERE round_id = :round_id AND submitted = 1 AND score IS NOT NULL";
    if (first_subject) sql += " AND subject_id >= :first";
    if (last_subject) sql += " AND subject_id <= :last";
    sql +=
        " GROUP BY subject_id, subject_stream_id, quality_key, rater_kind "
        "ORDER BY subject_id, subject_stream_id, quality_key, rater_kind";
    Query q(ctx_.session, sql);
    q.into(row.subject_id)
        .into(row.stream_id)
        .into(row.quality_key)
        .into(kind)
        .into(row.sum)
        .into(row.count);
    q.bind("round_id", round_id);
    if (first_subject) q.bind("first", *first_subject);
    if (last_subject) q.bind("last", *last_subject);
    q.for_each_row([&] {
      row.kind = parse_rater_kind(kind).value_or(RaterKind::kSelf);
      out.push_back(row);
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_ratings");
  }
  return out;
}

// The ratings are read one by one in index order and summed here: a GROUP BY in SQL closes a
// group (and copies its text keys) for nearly every rating, since a subject usually has one
// rating per quality and kind, and costs several times the scan itself. Consecutive rows of
// the same subject, stream and quality are one Row; the id strings are kept once per subject.
Result<RoundScores> SqlAssessmentReportRepository::round_scores(const std::string& round_id) {
  RoundScores out;
  try {
    std::string subject, stream, quality, kind_name;
    long long score = 0;
    Query q(ctx_.session,
            "SELECT subject_id, subject_stream_id, quality_key, rater_kind, score "
            "FROM assessment_ratings "
            "WHERE round_id = :round_id AND submitted = 1 AND score IS NOT NULL "
            "ORDER BY subject_id, subject_stream_id, quality_key");
    q.into(subject).into(stream).into(quality).into(kind_name).into(score);
    q.bind("round_id", round_id);
    std::size_t current_quality = 0;
    q.for_each_row([&] {
      bool new_row = out.rows.empty();
      if (out.subjects.empty() || out.subjects.back().id != subject ||
          out.subjects.back().stream_id != stream) {
        out.subjects.push_back({subject, stream});
        new_row = true;
      }
      if (new_row || out.quality_keys[current_quality] != quality) {
        current_quality = 0;
        while (current_quality < out.quality_keys.size() &&
               out.quality_keys[current_quality] != quality)
          ++current_quality;
        if (current_quality == out.quality_keys.size()) {
          out.quality_keys.push_back(quality);
          out.distribution.emplace_back();
        }
        out.rows.push_back({out.subjects.size() - 1, current_quality, {}, {}});
      }
      const std::size_t k = index_of(parse_rater_kind(kind_name).value_or(RaterKind::kSelf));
      RoundScores::Row& row = out.rows.back();
      row.sum[k] += score;
      ++row.count[k];
      if (score >= 1 && score <= 5) ++out.distribution[current_quality][k][score - 1];
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_ratings");
  }
  return out;
}

Result<std::vector<ScoreCount>> SqlAssessmentReportRepository::score_counts(
    const std::string& round_id) {
  std::vector<ScoreCount> out;
  try {
    ScoreCount row;
    std::string kind;
    long long score = 0;
    Query q(ctx_.session,
            "SELECT rater_kind, quality_key, score, COUNT(*) FROM assessment_ratings "
            "WHERE round_id = :round_id AND submitted = 1 AND score IS NOT NULL "
            "GROUP BY rater_kind, quality_key, score");
    q.into(kind).into(row.quality_key).into(score).into(row.count).bind("round_id", round_id);
    q.for_each_row([&] {
      row.kind = parse_rater_kind(kind).value_or(RaterKind::kSelf);
      row.score = static_cast<int>(score);
      out.push_back(row);
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_ratings");
  }
  return out;
}

Result<std::vector<RatingRow>> SqlAssessmentReportRepository::ratings(
    const std::string& round_id, std::optional<RaterKind> kind,
    const std::optional<std::string>& subject_id) {
  std::vector<RatingRow> out;
  try {
    RatingRow row;
    std::string kind_name;
    long long score = 0;
    std::string sql =
        "SELECT subject_id, quality_key, rater_kind, COALESCE(score, 0), evidence "
        "FROM assessment_ratings WHERE round_id = :round_id AND submitted = 1";
    if (kind) sql += " AND rater_kind = :kind";
    if (subject_id) sql += " AND subject_id = :subject_id";
    sql += " ORDER BY subject_id, quality_key, rater_kind, score, evidence";
    Query q(ctx_.session, sql);
    q.into(row.subject_id).into(row.quality_key).into(kind_name).into(score).into(row.evidence);
    q.bind("round_id", round_id);
    if (kind) q.bind("kind", std::string(rater_kind_name(*kind)));
    if (subject_id) q.bind("subject_id", *subject_id);
    q.for_each_row([&] {
      row.kind = parse_rater_kind(kind_name).value_or(RaterKind::kSelf);
      row.score = score > 0 ? std::optional<int>(static_cast<int>(score)) : std::nullopt;
      out.push_back(row);
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_ratings");
  }
  return out;
}

Result<Page<SubjectName>> SqlAssessmentReportRepository::subjects(
    const std::string& round_id, const std::optional<std::vector<std::string>>& streams,
    const PageRequest& page) {
  std::vector<SubjectName> out;
  if (streams && streams->empty()) return Page<SubjectName>{};
  try {
    SubjectName row;
    // The page of subject ids comes from the index on (round_id, subject_id, …) in order; only
    // that page is joined with users.
    std::string sql =
        "SELECT s.subject_id, u.display_name, s.stream_id FROM (SELECT a.subject_id, "
        "MAX(a.subject_stream_id) AS stream_id FROM assessment_assignments a "
        "WHERE a.round_id = :round_id AND a.subject_id > :after";
    if (streams) {
      sql += " AND a.subject_stream_id IN (";
      for (std::size_t i = 0; i < streams->size(); ++i)
        sql += (i ? ", :s" : ":s") + std::to_string(i);
      sql += ")";
    }
    sql +=
        " GROUP BY a.subject_id ORDER BY a.subject_id LIMIT :limit) s "
        "JOIN users u ON u.id = s.subject_id ORDER BY s.subject_id";
    Query q(ctx_.session, sql);
    q.into(row.id).into(row.display_name).into(row.stream_id);
    q.bind("round_id", round_id).bind("after", page.after);
    if (streams)
      for (std::size_t i = 0; i < streams->size(); ++i)
        q.bind("s" + std::to_string(i), (*streams)[i]);
    q.bind("limit", fetch_limit(page));
    q.for_each_row([&] { out.push_back(row); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "assessment_assignments");
  }
  return make_page(std::move(out), page);
}

}  // namespace trellis
