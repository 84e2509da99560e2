// Repository interfaces for studies: the study and its instrument, responses and answers, who
// has responded, one-time respondent links, the codebook, coded segments, memos, coders, the
// aggregates the reports need, and background jobs. Same conventions as repositories.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/result.h"
#include "domain/studies/study.h"
#include "storage/repositories.h"

namespace trellis {

struct StudyLink {
  std::string id;
  std::string study_id;
  std::string token_hash;
  std::string label;
  std::string email;
  bool used = false;
  Timestamp created_at = 0;
};

// What a finished transcript import produced.
struct JobOutcome {
  long long transcripts = 0;
  long long answers = 0;
};

struct Job {
  std::string id;
  std::string program_id;
  std::string kind;         // "transcript_import"
  std::string resource_id;  // the study it works on
  std::string status;       // queued, running, succeeded, failed
  long long done = 0;
  long long total = 0;
  std::optional<JobOutcome> outcome;  // when succeeded
  std::optional<Error> failure;       // when failed: why (code, message, field)
  std::string created_by;
  std::string idempotency_key;
  std::string request_hash;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

class StudyRepository {
 public:
  virtual ~StudyRepository() = default;
  // Inserts the study and its questions.
  virtual Status insert(const Study& study) = 0;
  // The study with its questions in order.
  virtual Result<Study> find(const std::string& id) = 0;
  // Settings only (title … blind_coding, version); not_found when it is gone.
  virtual Status update(const Study& study) = 0;
  virtual Status replace_questions(const std::string& study_id,
                                   const std::vector<Question>& questions) = 0;
  virtual Status remove(const std::string& id) = 0;
  virtual Result<Page<Study>> list_by_program(const std::string& program_id,
                                              const PageRequest& page) = 0;
  // Moves the codebook version from `expected` to expected + 1; conflict when it is not
  // `expected` any more (someone else edited the codebook).
  virtual Status advance_codebook_version(const std::string& study_id, long long expected) = 0;

  // Participation: who has responded, kept apart from the answers.
  virtual Status insert_participant(const std::string& study_id, const std::string& user_id) = 0;
  // Removes the record (a deleted transcript no longer counts as the person's response); not an
  // error when there is none.
  virtual Status remove_participant(const std::string& study_id, const std::string& user_id) = 0;
  virtual Result<bool> has_participated(const std::string& study_id,
                                        const std::string& user_id) = 0;
  virtual Result<std::vector<std::string>> participants(const std::string& study_id) = 0;

  virtual Status insert_link(const StudyLink& link) = 0;
  virtual Result<StudyLink> find_link_by_token_hash(const std::string& token_hash) = 0;
  // Conflict when it was used already.
  virtual Status mark_link_used(const std::string& id) = 0;
  // (links, used links) of the study.
  virtual Result<std::pair<long long, long long>> count_links(const std::string& study_id) = 0;
};

struct ResponseFilter {
  std::optional<std::string> group;
};

class ResponseRepository {
 public:
  virtual ~ResponseRepository() = default;
  // Conflict on "respondent" when this named person already responded.
  virtual Status insert(const StudyResponse& response, const std::vector<Answer>& answers) = 0;
  virtual Result<StudyResponse> find(const std::string& id) = 0;
  virtual Result<Page<StudyResponse>> list(const std::string& study_id,
                                           const PageRequest& page) = 0;
  virtual Result<long long> count(const std::string& study_id) = 0;
  virtual Result<std::vector<Answer>> answers_of(const std::string& response_id) = 0;
  virtual Result<Answer> find_answer(const std::string& id) = 0;
  // Every answer of the study with its response (for exports and suggestions), in id order.
  virtual Result<std::vector<Answer>> answers_of_study(const std::string& study_id) = 0;
  virtual Result<std::vector<StudyResponse>> responses_of_study(const std::string& study_id) = 0;
  // The ids of the study's answers that have text (open-text answers), in id order.
  virtual Result<std::vector<std::string>> open_answers_of_study(const std::string& study_id) = 0;
  // Sets the answer's text, length and version where the stored version is `expected_version`;
  // conflict on "version" when it is not. The caller moves the answer's segments.
  virtual Status update_answer_text(const Answer& answer, long long expected_version) = 0;
  // Removes a response with its answers and their segments (undoing an import that failed, a
  // deleted transcript), bringing the report summaries up to date.
  virtual Status remove(const std::string& id) = 0;
  // Rewrites the study's anonymous responses and answers in random-id order, so that nothing in
  // the rows' physical placement or transaction ids tells the order they arrived in. Only
  // PostgreSQL needs it (SQLite stores them WITHOUT ROWID, in key order); a no-op on SQLite.
  virtual Status reshuffle_anonymous(const std::string& study_id) = 0;
};

class CodebookRepository {
 public:
  virtual ~CodebookRepository() = default;
  // Conflict on "name" when a sibling has the name.
  virtual Status insert(const Code& code) = 0;
  virtual Result<Code> find(const std::string& id) = 0;
  virtual Status update(const Code& code) = 0;       // name, description, colour, parent
  virtual Status remove(const std::string& id) = 0;  // with descendants and their segments
  virtual Result<std::vector<Code>> list(const std::string& study_id) = 0;
  // Segments per code of the study; of one coder only when only_coder is set (blind mode).
  virtual Result<std::map<std::string, long long>> segment_counts(
      const std::string& study_id, const std::optional<std::string>& only_coder) = 0;
  // Memos per code of the study; of one author only when only_author is set (blind mode).
  virtual Result<std::map<std::string, long long>> memo_counts(
      const std::string& study_id, const std::optional<std::string>& only_author) = 0;
  // Moves every segment and memo of `from` to `into`, dropping segments that would duplicate
  // one `into` already has; returns how many segments moved.
  virtual Result<long long> move_coding(const std::string& from, const std::string& into) = 0;

  virtual Status insert_memo(const Memo& memo) = 0;
  virtual Result<Memo> find_memo(const std::string& id) = 0;
  virtual Status update_memo(const Memo& memo) = 0;
  virtual Status remove_memo(const std::string& id) = 0;
  virtual Result<std::vector<Memo>> list_memos(const std::string& study_id,
                                               const std::optional<std::string>& code_id) = 0;
};

struct SegmentFilter {
  std::optional<std::string> code_id;
  std::optional<std::string> coder_id;
  std::optional<std::string> answer_id;
  // Blind mode: only this coder's segments.
  std::optional<std::string> only_coder;
};

struct CoderState {
  std::string user_id;
  bool finished = false;
  long long segments = 0;
};

class SegmentRepository {
 public:
  virtual ~SegmentRepository() = default;
  // Conflict when the coder already applied this code to exactly this span.
  virtual Status insert(const Segment& segment) = 0;
  // Inserts many segments of one study (an import), then brings the report summaries up to date
  // once for the whole study instead of after each row. Conflict as insert.
  virtual Status insert_all(const std::string& study_id, const std::vector<Segment>& segments) = 0;
  virtual Result<Segment> find(const std::string& id) = 0;
  // Updates start, end, code, memo and version where the stored version is `expected_version`;
  // conflict when it is not.
  virtual Status update(const Segment& segment, long long expected_version) = 0;
  virtual Status remove(const std::string& id) = 0;
  virtual Result<Page<Segment>> list(const std::string& study_id, const SegmentFilter& filter,
                                     const PageRequest& page) = 0;
  virtual Result<std::vector<Segment>> all_of_study(const std::string& study_id) = 0;
  // The answers of the study anyone has coded at least once, in id order.
  virtual Result<std::vector<std::string>> coded_answers(const std::string& study_id) = 0;
  // The answers of the study that coder has coded at least once.
  virtual Result<std::vector<std::string>> answers_coded_by(const std::string& study_id,
                                                            const std::string& coder) = 0;
  // The study's most recently created segments (only coder's when given), newest first, at most
  // limit: id, answer, code, coder and span filled. For models that learn from recent coding.
  virtual Result<std::vector<Segment>> recent_of_study(const std::string& study_id,
                                                       const std::optional<std::string>& coder,
                                                       long long limit) = 0;

  virtual Status set_coder_finished(const std::string& study_id, const std::string& user_id,
                                    bool finished, Timestamp now) = 0;
  virtual Result<bool> coder_finished(const std::string& study_id, const std::string& user_id) = 0;
  // Everyone who coded or declared a state, with their segment counts.
  virtual Result<std::vector<CoderState>> coders(const std::string& study_id) = 0;

  // A suggestion the coder turned down; recording it again is not an error (it stays one row).
  virtual Status insert_rejection(const std::string& study_id, const std::string& answer_id,
                                  const std::string& code_id, long long start, long long end,
                                  const std::string& coder_id, Timestamp now) = 0;
  // The (code_id, start, end) the coder rejected in an answer.
  virtual Result<std::vector<std::tuple<std::string, long long, long long>>> rejections(
      const std::string& answer_id, const std::string& coder_id) = 0;
};

// What the theme reports aggregate, computed by the database over the whole study.
struct ThemeRow {
  std::string code_id;
  long long segments = 0;
  long long respondents = 0;
  long long top_three = 0;  // respondents for whom the code is among the first three mentioned
};

struct ReportScope {
  std::optional<std::string> group;        // respondent group
  std::optional<std::string> question_id;  // one question only
  std::optional<std::string> coder_id;     // one coder's segments only
};

class StudyReportRepository {
 public:
  virtual ~StudyReportRepository() = default;
  // Respondents (responses) in scope: of the group, with at least one answer to the question.
  virtual Result<long long> respondents(const std::string& study_id, const ReportScope& scope) = 0;
  virtual Result<std::vector<ThemeRow>> themes(const std::string& study_id,
                                               const ReportScope& scope) = 0;
  // Answers coded with both codes, for each pair (a < b) that co-occurs.
  virtual Result<std::vector<std::tuple<std::string, std::string, long long>>> co_occurrence(
      const std::string& study_id, const ReportScope& scope) = 0;
  // Respondents per group.
  virtual Result<std::map<std::string, long long>> group_sizes(const std::string& study_id) = 0;
  // Respondents per (group, code).
  virtual Result<std::vector<std::tuple<std::string, std::string, long long>>> code_by_group(
      const std::string& study_id) = 0;
  // The first `top` options of every answer to a ranking question (in the respondent's rank
  // order), one list per respondent who answered it; of one group when `group` is set.
  virtual Result<std::vector<std::vector<std::string>>> ranked_choices(
      const std::string& study_id, const std::string& question_id,
      const std::optional<std::string>& group, std::size_t top) = 0;
};

class JobRepository {
 public:
  virtual ~JobRepository() = default;
  virtual Status insert(const Job& job) = 0;
  virtual Result<Job> find(const std::string& id) = 0;
  // The job this person started with this Idempotency-Key; not_found when none.
  virtual Result<Job> find_by_key(const std::string& created_by, const std::string& key) = 0;
  // status, done, total, result, updated_at.
  virtual Status update(const Job& job) = 0;
};

// The study repositories of one open transaction.
class StudyRepositories {
 public:
  virtual ~StudyRepositories() = default;
  virtual StudyRepository& study() = 0;
  virtual ResponseRepository& responses() = 0;
  virtual CodebookRepository& codebook() = 0;
  virtual SegmentRepository& segments() = 0;
  virtual StudyReportRepository& reports() = 0;
  virtual JobRepository& jobs() = 0;
};

}  // namespace trellis
