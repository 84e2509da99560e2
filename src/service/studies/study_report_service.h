// StudyReportService: what a study's coding says. Theme reports (per code: segments,
// respondents, share of respondents, rank, how often among a respondent's first three themes),
// co-occurrence within answers, breakdown by respondent group, the side-by-side comparison of
// two groups or two studies code by code, quotes, and the CSV export of every coded segment.
//
// Anonymous studies: every aggregate over fewer respondents than the program's min_group_size is
// withheld (suppressed = true, no numbers), and so is a group's whose difference from the whole
// study would reveal a withheld group (complement suppression, domain/suppression.h); quotes
// are shown only from groups at least that large. In blind mode, a coder who has not finished sees
// reports of their own coding only. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/studies/study.h"
#include "storage/store.h"
#include "storage/studies/study_repositories.h"

namespace trellis {

struct ThemeReportRow {
  std::string code_id;
  std::string name;
  std::string path;
  std::string seed_key;
  long long segments = 0;
  long long respondents = 0;
  double share = 0;  // respondents / respondents in scope
  int rank = 0;      // 1 = mentioned by most respondents; ties share a rank
  long long top_three = 0;
  double top_three_share = 0;
  // By the respondents' own ranking question (ThemeReport::ranking): how many placed the code
  // in their top three there, and the share of those who answered it. Unset when there is no
  // such question or none of its options names this code.
  std::optional<long long> top_three_ranked;
  std::optional<double> top_three_ranked_share;
};

// The ranking question a theme report's top_three_ranked column comes from: the instrument's
// ranking question whose options name the most codes (option text equal, ignoring case, to a
// code's name or seed key, or to the current name of the framework quality it was seeded from).
struct RankingBasis {
  std::string question_id;
  std::string prompt;
  long long respondents = 0;  // who answered it, in scope
  bool suppressed = false;    // anonymous study, fewer than min_group_size answered it
};

struct ThemeReport {
  std::string study_id;
  ReportScope scope;
  long long respondents = 0;
  int min_group_size = 0;
  bool anonymous = false;
  bool suppressed = false;              // too few respondents in an anonymous study: no numbers
  std::optional<RankingBasis> ranking;  // none: the instrument has no matching ranking question
  std::vector<ThemeReportRow> rows;
};

struct CoOccurrence {
  std::string code_a, code_b;
  std::string name_a, name_b;
  long long answers = 0;
};

struct CoOccurrenceReport {
  std::string study_id;
  bool suppressed = false;
  long long respondents = 0;
  std::vector<CoOccurrence> pairs;
};

struct GroupBreakdown {
  std::string group;
  long long respondents = 0;
  bool suppressed = false;
  std::vector<ThemeReportRow> rows;  // respondents and share per code
};

struct GroupReport {
  std::string study_id;
  int min_group_size = 0;
  std::vector<GroupBreakdown> groups;
};

// One side of a comparison: a study, optionally one respondent group of it, optionally the
// answers to one of its questions only (mentors' "what do most scholars lack?" beside scholars'
// "what do you feel you most lack?").
struct Population {
  std::string study_id;
  std::optional<std::string> group;
  std::optional<std::string> question_id;
};

struct ComparisonRow {
  std::string key;  // the seed key, or the lower-cased name when the code has none
  std::string name;
  long long left_respondents = 0;
  double left_share = 0;
  long long right_respondents = 0;
  double right_share = 0;
};

struct ComparisonReport {
  Population left, right;
  std::string left_label, right_label;
  std::string left_question, right_question;  // the prompts, when a side names a question
  long long left_total = 0, right_total = 0;
  bool left_suppressed = false, right_suppressed = false;
  std::vector<ComparisonRow> rows;  // by the larger of the two shares, descending
};

// A coded passage with the text around it, so that it can be read in context.
struct Quote {
  std::string segment_id;
  std::string answer_id;
  std::string response_id;  // omitted for anonymous studies
  std::string respondent;   // the label of a named response
  std::string group;
  std::string question_id;
  int question_position = 0;
  std::string coder_id;
  long long start = 0;  // code points of the answer
  long long end = 0;
  std::string text;
  std::string before;  // up to kQuoteContext code points before the passage, from a word start
  std::string after;   // up to kQuoteContext code points after it, to a word end
};

inline constexpr long long kQuoteContext = 160;

// Inter-coder agreement on one code, at the answer level: for each open answer, did each coder
// apply the code somewhere in it (1) or not (0).
struct CodeAgreement {
  std::string code_id;
  std::string path;
  std::optional<double> kappa;  // Cohen's kappa, exactly two coders
  std::optional<double> alpha;  // Krippendorff's alpha (nominal), two or more coders
  std::string note;             // why a statistic is undefined (e.g. nobody used the code)
  long long agreed = 0;         // answers where all coders agree
  long long disagreed = 0;
};

struct Disagreement {
  std::string answer_id;
  std::string response_id;
  std::string code_id;
  std::vector<std::string> applied_by;  // coders who applied the code to the answer
  std::vector<std::string> not_by;      // coders who did not
};

struct AgreementReport {
  std::string study_id;
  std::vector<std::string> coders;
  long long answers = 0;  // units: the open answers of the study
  bool suppressed = false;
  std::vector<CodeAgreement> codes;
  std::vector<Disagreement> disagreements;  // to review, by answer
};

class StudyReportService {
 public:
  StudyReportService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<ThemeReport> themes(const Actor& actor, const std::string& study_id,
                             const ReportScope& scope);
  Result<CoOccurrenceReport> co_occurrence(const Actor& actor, const std::string& study_id,
                                           const ReportScope& scope);
  Result<GroupReport> groups(const Actor& actor, const std::string& study_id);
  // A question_id that is not a question of its side's study is invalid, naming the field
  // "left_question_id" or "right_question_id".
  Result<ComparisonReport> compare(const Actor& actor, const Population& left,
                                   const Population& right);
  // Every passage coded with the code, a page at a time in the order they were coded, each with
  // its context. A coder blinded from others' coding may ask for their own (coder_id).
  Result<Page<Quote>> quotes(const Actor& actor, const std::string& study_id,
                             const std::string& code_id, const PageRequest& page,
                             const std::optional<std::string>& coder_id);
  // Agreement between the coders of the study (or the named ones, two or more).
  Result<AgreementReport> agreement(const Actor& actor, const std::string& study_id,
                                    std::vector<std::string> coders);
  // CSV, one row per coded segment: respondent, question, code, start, end, text, coder, memo.
  Result<std::string> export_segments_csv(const Actor& actor, const std::string& study_id);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace trellis
