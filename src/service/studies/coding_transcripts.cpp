#include <algorithm>
#include <map>

#include "core/utf8.h"
#include "domain/policy.h"
#include "domain/studies/transcript_edit.h"
#include "service/audit_event.h"
#include "service/studies/coding_service.h"
#include "service/studies/study_service.h"
#include "storage/accounts/auth_repositories.h"

// CodingService, transcripts: correcting the text of a transcript's answer (its segments move
// with the text; domain/studies/transcript_edit) and deleting a transcript with its coding.
// Forms and links are the respondents' own words and are never edited here.
namespace trellis {
namespace {

Status require_transcript(const StudyResponse& response, const char* doing) {
  if (response.source == ResponseSource::kTranscript) return ok_status();
  return Error::conflict(std::string("Only transcripts can be ") + doing +
                             "; answers given through the form or a link stay as the respondent "
                             "gave them.",
                         "source");
}

Result<std::vector<Segment>> segments_of_answer(Repositories& r, const Answer& a) {
  std::vector<Segment> out;
  SegmentFilter filter;
  filter.answer_id = a.id;
  PageRequest page;
  page.limit = kMaxPageLimit;
  for (;;) {
    Page<Segment> p = TRY(r.studies().segments().list(a.study_id, filter, page));
    out.insert(out.end(), p.items.begin(), p.items.end());
    if (p.next_cursor.empty()) return out;
    page.after = p.next_cursor;
  }
}

// Staff only; to anyone else the answer or response does not exist (as GET /responses/{id}
// answers them), whether or not they belong to the program.
Result<Study> staff_study(Repositories& r, const Actor& actor, const std::string& study_id,
                          const char* what) {
  auto s = load_study_for_staff(r, actor, study_id);
  if (!s && (s.error().code == ErrorCode::kForbidden || s.error().code == ErrorCode::kNotFound))
    return Error::not_found(std::string("This ") + what + " does not exist.");
  return s;
}

std::string span_words(long long start, long long end) {
  return "characters " + std::to_string(start + 1) + "–" + std::to_string(end);
}

}  // namespace

// Long on purpose: one transaction reads the answer and its segments, decides each segment's
// fate and writes them all, so that an edit and its segments never part.
Result<AnswerCorrection> CodingService::correct_answer(const Actor& actor,
                                                       const std::string& answer_id,
                                                       const std::string& text, long long version) {
  TRY(policy::require_signed_in(actor));
  AnswerCorrection out;
  std::string study_id;
  TRY(store_.write([&](Repositories& r) -> Status {
    Answer a = TRY(r.studies().responses().find_answer(answer_id));
    auto s = TRY(staff_study(r, actor, a.study_id, "answer"));
    study_id = s.id;
    TRY(require_transcript(TRY(r.studies().responses().find(a.response_id)), "corrected"));
    if (a.version != version)
      return Error::conflict("The answer changed since version " + std::to_string(version) +
                                 "; reload it and try again.",
                             "version");
    auto question = std::find_if(s.questions.begin(), s.questions.end(),
                                 [&](const Question& q) { return q.id == a.question_id; });
    if (question == s.questions.end() || question->kind != QuestionKind::kOpenText)
      return Error::invalid("Only open-text answers have text to correct.", "text");
    Answer corrected = a;
    corrected.text = text;
    TRY(validate_answer(*question, corrected, "text"));
    if (corrected.text.find_first_not_of(" \t\n") == std::string::npos)
      return Error::invalid("The text is empty; delete the transcript instead.", "text");
    corrected.version = a.version + 1;

    const TextChange change = text_change(a.text, corrected.text);
    const bool blind = TRY(blinded(r, s, actor));
    std::map<std::string, std::string> code_names;
    for (const Code& c : TRY(r.studies().codebook().list(s.id))) code_names[c.id] = c.name;
    Error refused = Error::conflict(
        "The correction would cut through coded passages; change the text outside them or "
        "within one, or move or remove those segments first.",
        "text");
    long long hidden_cut = 0;
    std::vector<std::pair<Segment, long long>> moves;  // the segment moved, its stored version
    for (Segment seg : TRY(segments_of_answer(r, a))) {
      const SpanAfterEdit after = span_after_edit(change, seg.start, seg.end);
      if (after.fate == SpanFate::kCut || after.fate == SpanFate::kRemoved) {
        if (blind && seg.coder_id != actor.user_id) {
          ++hidden_cut;
          continue;
        }
        refused.details.push_back(
            {std::nullopt, "text",
             std::string(after.fate == SpanFate::kCut ? "cuts through" : "removes") + " “" +
                 code_point_substr(a.text, seg.start, seg.end) + "” (" +
                 span_words(seg.start, seg.end) + "), coded " + code_names[seg.code_id]});
        continue;
      }
      if (after.fate == SpanFate::kKept) continue;
      const long long stored = seg.version;
      seg.start = after.start;
      seg.end = after.end;
      seg.version = stored + 1;
      moves.emplace_back(std::move(seg), stored);
    }
    if (hidden_cut > 0)
      refused.details.push_back({std::nullopt, "text",
                                 "cuts through " + std::to_string(hidden_cut) +
                                     (hidden_cut == 1 ? " passage" : " passages") +
                                     " other coders coded"});
    if (!refused.details.empty()) return refused;

    TRY(r.studies().responses().update_answer_text(corrected, version));
    for (const auto& [seg, stored] : moves) TRY(r.studies().segments().update(seg, stored));
    out.answer = corrected;
    out.segments_moved = static_cast<long long>(moves.size());
    return r.audit().append(audit_event(
        actor, clock_, "transcript.correct", {"answer", a.id, s.program_id},
        std::to_string(moves.size()) + (moves.size() == 1 ? " segment moved" : " segments moved")));
  }));
  notify(study_id);
  return out;
}

Result<long long> CodingService::delete_transcript(const Actor& actor,
                                                   const std::string& response_id) {
  TRY(policy::require_signed_in(actor));
  long long segments = 0;
  std::string study_id;
  TRY(store_.write([&](Repositories& r) -> Status {
    StudyResponse response = TRY(r.studies().responses().find(response_id));
    auto s = TRY(staff_study(r, actor, response.study_id, "response"));
    study_id = s.id;
    TRY(require_transcript(response, "deleted here"));
    for (const Answer& a : TRY(r.studies().responses().answers_of(response.id)))
      segments += static_cast<long long>(TRY(segments_of_answer(r, a)).size());
    TRY(r.studies().responses().remove(response.id));
    // The person it named has not responded any more: they may answer or be interviewed again.
    if (response.respondent_user_id)
      TRY(r.studies().study().remove_participant(s.id, *response.respondent_user_id));
    return r.audit().append(audit_event(
        actor, clock_, "transcript.delete", {"study", s.id, s.program_id},
        "the transcript of " + response.respondent_label + " with " + std::to_string(segments) +
            (segments == 1 ? " coded segment" : " coded segments")));
  }));
  notify(study_id);
  return segments;
}

}  // namespace trellis
