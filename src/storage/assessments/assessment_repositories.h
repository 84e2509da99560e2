// Repository interfaces of assessments: framework versions, rounds, assignments with their
// submissions, and the read-only aggregations the reports are built from. Conventions as in
// repositories.h (find* → not_found, constraints decide, errors name the field).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/assessments/assessment.h"
#include "storage/repositories.h"

namespace trellis {

class FrameworkRepository {
 public:
  virtual ~FrameworkRepository() = default;
  // Stores the version with its qualities (positions follow the vector's order). Conflict on
  // "version" when the program already has a version with that number.
  virtual Status insert_version(const FrameworkVersion& version) = 0;
  virtual Result<FrameworkVersion> find_version(const std::string& id) = 0;
  // The program's newest version; not_found when the program has none yet.
  virtual Result<FrameworkVersion> find_latest(const std::string& program_id) = 0;
  // Every version of the program, newest first, without their qualities.
  virtual Result<std::vector<FrameworkVersion>> list_versions(const std::string& program_id) = 0;
};

struct AssignmentFilter {
  std::optional<std::string> rater_id;
  std::optional<std::string> subject_id;
  std::optional<RaterKind> kind;
  std::optional<SubmissionStatus> status;
  bool unsubmitted = false;    // pending or draft
  bool without_peers = false;  // every kind but peer
};

// An assignment with the round it belongs to and the subject's name: the "what is due" list.
struct DueAssignment {
  Assignment assignment;
  AssessmentRound round;
  std::string subject_name;
};

class AssessmentRepository {
 public:
  virtual ~AssessmentRepository() = default;

  virtual Status insert_round(const AssessmentRound& round) = 0;  // conflict on "name"
  virtual Result<AssessmentRound> find_round(const std::string& id) = 0;
  // Updates name, opens_at, closes_at and closed_at.
  virtual Status update_round(const AssessmentRound& round) = 0;
  // The cohort's rounds in the order they open (then by creation time and id).
  virtual Result<std::vector<AssessmentRound>> list_rounds(const std::string& cohort_id) = 0;

  // Conflict when the same rater already rates the same subject as the same kind in the round.
  virtual Status insert_assignment(const Assignment& assignment) = 0;
  virtual Result<Assignment> find_assignment(const std::string& id) = 0;
  virtual Result<Page<Assignment>> list_assignments(const std::string& round_id,
                                                    const AssignmentFilter& filter,
                                                    const PageRequest& page) = 0;
  virtual Result<long long> count_assignments(const std::string& round_id,
                                              const AssignmentFilter& filter) = 0;
  // The rater's assignments in rounds that are open or scheduled at `now`, by closing time.
  virtual Result<std::vector<DueAssignment>> list_due(const std::string& rater_id,
                                                      Timestamp now) = 0;

  // Saves a submission: the assignment's status, updated_at and submitted_at, and its ratings
  // (replacing the previous ones). Only when the stored version equals expected_version; the
  // version then increases by one. Conflict on "version" when it is stale.
  virtual Result<Assignment> save_submission(const Assignment& assignment,
                                             long long expected_version,
                                             const std::vector<Rating>& ratings) = 0;
  virtual Result<std::vector<Rating>> list_ratings(const std::string& assignment_id) = 0;
};

// Per subject, per quality, per rater kind: the sum and count of submitted scores.
struct SubjectScores {
  std::string subject_id;
  std::string stream_id;
  std::string quality_key;
  RaterKind kind = RaterKind::kSelf;
  long long sum = 0;
  long long count = 0;
};

// How many submitted ratings of a kind gave a quality a score.
struct ScoreCount {
  RaterKind kind = RaterKind::kSelf;
  std::string quality_key;
  int score = 0;
  long long count = 0;
};

// One submitted rating, without its rater (exports and reliability).
struct RatingRow {
  std::string subject_id;
  std::string quality_key;
  RaterKind kind = RaterKind::kSelf;
  std::optional<int> score;
  std::string evidence;
};

// A whole round's submitted scores for the cohort report, read in one pass: per (subject,
// stream) and quality, per rater kind, the sum and count of scores (as subject_scores), and per
// quality, kind and score how many ratings gave it (as score_counts). Rows are ordered by
// subject, stream and quality; subjects and quality_keys are listed in the order rows meet them.
struct RoundScores {
  struct Subject {
    std::string id;
    std::string stream_id;
  };
  struct Row {
    std::size_t subject = 0;  // index into subjects
    std::size_t quality = 0;  // index into quality_keys
    std::array<long long, kRaterKindCount> sum{};
    std::array<long long, kRaterKindCount> count{};
  };
  std::vector<Subject> subjects;
  std::vector<std::string> quality_keys;
  std::vector<Row> rows;
  // [quality][kind][score - 1], parallel to quality_keys; scores outside 1–5 are not counted.
  std::vector<std::array<std::array<long long, 5>, kRaterKindCount>> distribution;
};

struct SubjectName {
  std::string id;
  std::string display_name;
  std::string stream_id;
};

// Read-only aggregations over submitted ratings, for reports. Drafts never count.
class AssessmentReportRepository {
 public:
  virtual ~AssessmentReportRepository() = default;
  // Every subject's sums in the round, ordered by subject (then stream, quality, kind). With
  // only that subject's; with a range, subjects in [first, last].
  virtual Result<std::vector<SubjectScores>> subject_scores(
      const std::string& round_id, const std::optional<std::string>& first_subject = std::nullopt,
      const std::optional<std::string>& last_subject = std::nullopt) = 0;
  // subject_scores and score_counts of a whole round at once (one scan, no grouping in SQL).
  virtual Result<RoundScores> round_scores(const std::string& round_id) = 0;
  virtual Result<std::vector<ScoreCount>> score_counts(const std::string& round_id) = 0;
  // Submitted ratings of one kind (or all kinds), optionally for one subject, ordered by
  // subject, quality, then score and evidence (never by rater, so order reveals nobody).
  virtual Result<std::vector<RatingRow>> ratings(const std::string& round_id,
                                                 std::optional<RaterKind> kind,
                                                 const std::optional<std::string>& subject_id) = 0;
  // The round's subjects (anyone with an assignment as subject) after `after`, by id, with
  // their names and streams; only those of the given streams when `streams` is set.
  virtual Result<Page<SubjectName>> subjects(const std::string& round_id,
                                             const std::optional<std::vector<std::string>>& streams,
                                             const PageRequest& page) = 0;
};

}  // namespace trellis
