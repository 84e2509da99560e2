// The study repositories of study_repositories.h in SQL both databases accept, over the SOCI
// session of the transaction the Store opened. Not thread-safe: one transaction, one thread.
#pragma once

#include "storage/sql/sql_repositories.h"
#include "storage/studies/study_repositories.h"

namespace trellis {

// Recomputes study_response_codes (the theme reports' summary) for one respondent and code.
// Throws soci::soci_error like the statements it runs.
void refresh_response_code(soci::session& session, const std::string& study_id,
                           const std::string& response_id, const std::string& code_id);

// Counts one more change to the study's coded segments (studies.coding_version).
void count_coding_change(soci::session& session, const std::string& study_id);

// The co-occurrence report's summary (study_code_pairs, study_code_pairs.cpp). answer_codes
// lists the distinct codes of an answer's segments, sorted; refresh_answer_pairs brings the
// summary from an answer's codes `before` a change to its codes `after` it; rebuild_code_pairs
// recomputes a study's summary from its segments (after a merge). Throw like the statements.
std::vector<std::string> answer_codes(soci::session& session, const std::string& study_id,
                                      const std::string& answer_id);
// codes (sorted) with code added where it is missing.
std::vector<std::string> with_code(std::vector<std::string> codes, const std::string& code);
void refresh_answer_pairs(soci::session& session, const std::string& study_id,
                          const std::vector<std::string>& before,
                          const std::vector<std::string>& after);
void rebuild_code_pairs(soci::session& session, const std::string& study_id);

class SqlStudyRepository final : public StudyRepository {
 public:
  explicit SqlStudyRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Study& study) override;
  Result<Study> find(const std::string& id) override;
  Status update(const Study& study) override;
  Status replace_questions(const std::string& study_id,
                           const std::vector<Question>& questions) override;
  Status remove(const std::string& id) override;
  Result<Page<Study>> list_by_program(const std::string& program_id,
                                      const PageRequest& page) override;
  Status advance_codebook_version(const std::string& study_id, long long expected) override;
  Status insert_participant(const std::string& study_id, const std::string& user_id) override;
  Status remove_participant(const std::string& study_id, const std::string& user_id) override;
  Result<bool> has_participated(const std::string& study_id, const std::string& user_id) override;
  Result<std::vector<std::string>> participants(const std::string& study_id) override;
  Status insert_link(const StudyLink& link) override;
  Result<StudyLink> find_link_by_token_hash(const std::string& token_hash) override;
  Status mark_link_used(const std::string& id) override;
  Result<std::pair<long long, long long>> count_links(const std::string& study_id) override;

 private:
  Status insert_questions(const std::string& study_id, const std::vector<Question>& questions);
  SqlContext& ctx_;
};

class SqlResponseRepository final : public ResponseRepository {
 public:
  explicit SqlResponseRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const StudyResponse& response, const std::vector<Answer>& answers) override;
  Result<StudyResponse> find(const std::string& id) override;
  Result<Page<StudyResponse>> list(const std::string& study_id, const PageRequest& page) override;
  Result<long long> count(const std::string& study_id) override;
  Result<std::vector<Answer>> answers_of(const std::string& response_id) override;
  Result<Answer> find_answer(const std::string& id) override;
  Result<std::vector<Answer>> answers_of_study(const std::string& study_id) override;
  Result<std::vector<StudyResponse>> responses_of_study(const std::string& study_id) override;
  Result<std::vector<std::string>> open_answers_of_study(const std::string& study_id) override;
  Status reshuffle_anonymous(const std::string& study_id) override;
  Status update_answer_text(const Answer& answer, long long expected_version) override;
  Status remove(const std::string& id) override;

 private:
  Result<std::vector<Answer>> answers_where(const std::string& column, const std::string& value);
  SqlContext& ctx_;
};

class SqlCodebookRepository final : public CodebookRepository {
 public:
  explicit SqlCodebookRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Code& code) override;
  Result<Code> find(const std::string& id) override;
  Status update(const Code& code) override;
  Status remove(const std::string& id) override;
  Result<std::vector<Code>> list(const std::string& study_id) override;
  Result<std::map<std::string, long long>> segment_counts(
      const std::string& study_id, const std::optional<std::string>& only_coder) override;
  Result<std::map<std::string, long long>> memo_counts(
      const std::string& study_id, const std::optional<std::string>& only_author) override;
  Result<long long> move_coding(const std::string& from, const std::string& into) override;
  Status insert_memo(const Memo& memo) override;
  Result<Memo> find_memo(const std::string& id) override;
  Status update_memo(const Memo& memo) override;
  Status remove_memo(const std::string& id) override;
  Result<std::vector<Memo>> list_memos(const std::string& study_id,
                                       const std::optional<std::string>& code_id) override;

 private:
  SqlContext& ctx_;
};

class SqlSegmentRepository final : public SegmentRepository {
 public:
  explicit SqlSegmentRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Segment& segment) override;
  Status insert_all(const std::string& study_id, const std::vector<Segment>& segments) override;
  Result<Segment> find(const std::string& id) override;
  Status update(const Segment& segment, long long expected_version) override;
  Status remove(const std::string& id) override;
  Result<Page<Segment>> list(const std::string& study_id, const SegmentFilter& filter,
                             const PageRequest& page) override;
  Result<std::vector<Segment>> all_of_study(const std::string& study_id) override;
  Result<std::vector<std::string>> answers_coded_by(const std::string& study_id,
                                                    const std::string& coder) override;
  Result<std::vector<std::string>> coded_answers(const std::string& study_id) override;
  Result<std::vector<Segment>> recent_of_study(const std::string& study_id,
                                               const std::optional<std::string>& coder,
                                               long long limit) override;
  Status set_coder_finished(const std::string& study_id, const std::string& user_id, bool finished,
                            Timestamp now) override;
  Result<bool> coder_finished(const std::string& study_id, const std::string& user_id) override;
  Result<std::vector<CoderState>> coders(const std::string& study_id) override;
  Status insert_rejection(const std::string& study_id, const std::string& answer_id,
                          const std::string& code_id, long long start, long long end,
                          const std::string& coder_id, Timestamp now) override;
  Result<std::vector<std::tuple<std::string, long long, long long>>> rejections(
      const std::string& answer_id, const std::string& coder_id) override;

 private:
  SqlContext& ctx_;
};

class SqlStudyReportRepository final : public StudyReportRepository {
 public:
  explicit SqlStudyReportRepository(SqlContext& ctx) : ctx_(ctx) {}
  Result<long long> respondents(const std::string& study_id, const ReportScope& scope) override;
  Result<std::vector<ThemeRow>> themes(const std::string& study_id,
                                       const ReportScope& scope) override;
  Result<std::vector<std::tuple<std::string, std::string, long long>>> co_occurrence(
      const std::string& study_id, const ReportScope& scope) override;
  Result<std::map<std::string, long long>> group_sizes(const std::string& study_id) override;
  Result<std::vector<std::tuple<std::string, std::string, long long>>> code_by_group(
      const std::string& study_id) override;
  Result<std::vector<std::vector<std::string>>> ranked_choices(
      const std::string& study_id, const std::string& question_id,
      const std::optional<std::string>& group, std::size_t top) override;

 private:
  SqlContext& ctx_;
};

class SqlJobRepository final : public JobRepository {
 public:
  explicit SqlJobRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Job& job) override;
  Result<Job> find(const std::string& id) override;
  Result<Job> find_by_key(const std::string& created_by, const std::string& key) override;
  Status update(const Job& job) override;

 private:
  SqlContext& ctx_;
};

class SqlStudyRepositories final : public StudyRepositories {
 public:
  explicit SqlStudyRepositories(SqlContext& ctx)
      : study_(ctx), responses_(ctx), codebook_(ctx), segments_(ctx), reports_(ctx), jobs_(ctx) {}
  StudyRepository& study() override { return study_; }
  ResponseRepository& responses() override { return responses_; }
  CodebookRepository& codebook() override { return codebook_; }
  SegmentRepository& segments() override { return segments_; }
  StudyReportRepository& reports() override { return reports_; }
  JobRepository& jobs() override { return jobs_; }

 private:
  SqlStudyRepository study_;
  SqlResponseRepository responses_;
  SqlCodebookRepository codebook_;
  SqlSegmentRepository segments_;
  SqlStudyReportRepository reports_;
  SqlJobRepository jobs_;
};

}  // namespace trellis
