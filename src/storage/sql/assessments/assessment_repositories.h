// SQL implementations of the repositories in storage/assessments/assessment_repositories.h, over
// the same SqlContext as the people repositories (see sql_repositories.h). Not thread-safe.
#pragma once

#include "storage/assessments/assessment_repositories.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {

class SqlFrameworkRepository final : public FrameworkRepository {
 public:
  explicit SqlFrameworkRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert_version(const FrameworkVersion& version) override;
  Result<FrameworkVersion> find_version(const std::string& id) override;
  Result<FrameworkVersion> find_latest(const std::string& program_id) override;
  Result<std::vector<FrameworkVersion>> list_versions(const std::string& program_id) override;

 private:
  Status load_qualities(FrameworkVersion& version);
  SqlContext& ctx_;
};

class SqlAssessmentRepository final : public AssessmentRepository {
 public:
  explicit SqlAssessmentRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert_round(const AssessmentRound& round) override;
  Result<AssessmentRound> find_round(const std::string& id) override;
  Status update_round(const AssessmentRound& round) override;
  Result<std::vector<AssessmentRound>> list_rounds(const std::string& cohort_id) override;
  Status insert_assignment(const Assignment& assignment) override;
  Result<Assignment> find_assignment(const std::string& id) override;
  Result<Page<Assignment>> list_assignments(const std::string& round_id,
                                            const AssignmentFilter& filter,
                                            const PageRequest& page) override;
  Result<long long> count_assignments(const std::string& round_id,
                                      const AssignmentFilter& filter) override;
  Result<std::vector<DueAssignment>> list_due(const std::string& rater_id, Timestamp now) override;
  Result<Assignment> save_submission(const Assignment& assignment, long long expected_version,
                                     const std::vector<Rating>& ratings) override;
  Result<std::vector<Rating>> list_ratings(const std::string& assignment_id) override;

 private:
  SqlContext& ctx_;
};

class SqlAssessmentReportRepository final : public AssessmentReportRepository {
 public:
  explicit SqlAssessmentReportRepository(SqlContext& ctx) : ctx_(ctx) {}
  Result<std::vector<SubjectScores>> subject_scores(
      const std::string& round_id, const std::optional<std::string>& first_subject,
      const std::optional<std::string>& last_subject) override;
  Result<RoundScores> round_scores(const std::string& round_id) override;
  Result<std::vector<ScoreCount>> score_counts(const std::string& round_id) override;
  Result<std::vector<RatingRow>> ratings(const std::string& round_id, std::optional<RaterKind> kind,
                                         const std::optional<std::string>& subject_id) override;
  Result<Page<SubjectName>> subjects(const std::string& round_id,
                                     const std::optional<std::vector<std::string>>& streams,
                                     const PageRequest& page) override;

 private:
  SqlContext& ctx_;
};

}  // namespace trellis
