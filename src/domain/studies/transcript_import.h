// Reading interview transcripts into answers by question: plain text or Markdown (one
// transcript per respondent, a heading or a "Q2:" line starting each question's answer) or CSV
// (one row per respondent x question: respondent, question, answer and optionally group, email
// and user_id). A question is named by its number, id or prompt. A transcript may name the
// person it is about (e-mail or user id), so that it counts as that audience member's response;
// the service checks the person against the study's audience. Every problem is reported by
// transcript, line and field, the way a form answer would be checked. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/studies/study.h"

namespace trellis {

enum class TranscriptFormat { kText, kMarkdown };

struct TranscriptInput {
  std::string respondent;  // label: a name or "Mentor 4"; may be empty when a person is named
  std::string group;       // respondent group; default: the person's audience role, else the
                           // study's first audience role
  TranscriptFormat format = TranscriptFormat::kText;
  std::string text;
  std::string email;    // optional: the audience member the transcript is about
  std::string user_id;  // optional: the same, by user id
};

// One answer of a transcript: the open question it answers and its text.
struct TranscriptAnswer {
  std::string question_id;
  std::string text;
};

// One respondent's answers, ready to store.
struct ParsedTranscript {
  std::string respondent;  // empty: the named person's display name
  std::string group;
  bool group_given = false;  // false: the default group, which the person's role may replace
  std::string email;         // normalised; empty when not given
  std::string user_id;       // empty when not given
  // Where problems with the person are reported: "transcripts[2]" and no line for a JSON
  // transcript; "" and the line of the respondent's first row for CSV.
  std::string field;
  std::optional<long> line;
  std::vector<TranscriptAnswer> answers;
};

inline constexpr std::size_t kMaxTranscripts = 10000;

// Splits a transcript into answers by question. Problems go to `problems` with the field
// "transcripts[i]" and the line within the transcript.
std::optional<ParsedTranscript> parse_transcript(const Study& study, const TranscriptInput& input,
                                                 std::size_t index, Error& problems);
// CSV: respondent, question (its number, id or prompt), answer; optional group, email and
// user_id (the same on every row of a respondent).
std::vector<ParsedTranscript> parse_transcript_csv(const Study& study, std::string_view csv,
                                                   Error& problems);

}  // namespace trellis
