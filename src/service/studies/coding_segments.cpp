#include <algorithm>
#include <iterator>
#include <set>

#include "core/id.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "service/studies/coding_service.h"
#include "service/studies/study_service.h"
#include "storage/accounts/auth_repositories.h"

// CodingService, applying codes: segments on answers, the answers they are on, and the coders'
// state (finished or not). The codes themselves are in coding_service.cpp, memos in
// coding_memos.cpp.
namespace trellis {

Result<std::vector<Segment>> CodingService::create_segments(const Actor& actor,
                                                            const std::string& answer_id,
                                                            const NewSegments& input) {
  TRY(policy::require_signed_in(actor));
  if (input.code_ids.empty()) return Error::invalid("Name at least one code.", "code_ids");
  if (input.code_ids.size() > kMaxCodesPerSegment)
    return Error::invalid("Apply at most 50 codes at once.", "code_ids");
  TRY(check_memo_text(input.memo, "memo"));
  std::vector<Segment> out;
  std::string study_id;
  const Timestamp now = clock_.now();
  TRY(store_.write([&](Repositories& r) -> Status {
    Answer a = TRY(r.studies().responses().find_answer(answer_id));
    auto s = load_study_for_staff(r, actor, a.study_id);
    if (!s) return policy::as_hidden(s.error(), "answer");
    TRY(require_answers_readable(r, *s));
    study_id = s->id;
    if (a.text.empty()) return Error::invalid("Only open-text answers can be coded.", "answer");
    TRY(validate_span(input.start, input.end, a.length));
    auto question = std::find_if(s->questions.begin(), s->questions.end(),
                                 [&](const Question& q) { return q.id == a.question_id; });
    std::set<std::string> seen;
    for (std::size_t i = 0; i < input.code_ids.size(); ++i) {
      const std::string& code_id = input.code_ids[i];
      if (!seen.insert(code_id).second) continue;
      const std::string what = "code_ids[" + std::to_string(i) + "]";
      TRY(check_codable(TRY(code_of_study(r, s->id, code_id, what, "code_ids")), "code_ids"));
      Segment seg;
      seg.id = new_id_at(now);
      seg.study_id = s->id;
      seg.answer_id = a.id;
      seg.response_id = a.response_id;
      seg.question_id = a.question_id;
      seg.question_position = question == s->questions.end() ? 0 : question->position;
      seg.code_id = code_id;
      seg.coder_id = actor.user_id;
      seg.start = input.start;
      seg.end = input.end;
      seg.memo = input.memo;
      seg.origin = input.origin;
      seg.model_version = input.model_version;
      seg.created_at = now;
      TRY(r.studies().segments().insert(seg));
      out.push_back(std::move(seg));
    }
    return r.audit().append(
        audit_event(actor, clock_, "segment.create", {"segment", out.front().id, s->program_id}));
  }));
  notify(study_id);
  return out;
}

Result<Segment> CodingService::get_segment(const Actor& actor, const std::string& segment_id) {
  std::optional<Segment> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(policy::require_signed_in(actor));
    Segment seg = TRY(r.studies().segments().find(segment_id));
    auto s = load_study_for_staff(r, actor, seg.study_id);
    if (!s) return policy::as_hidden(s.error(), "segment");
    if (seg.coder_id != actor.user_id && TRY(blinded(r, *s, actor)))
      return Error::not_found("This segment does not exist.");
    out = std::move(seg);
    return ok_status();
  }));
  return *out;
}

Result<Segment> CodingService::update_segment(const Actor& actor, const std::string& segment_id,
                                              const SegmentPatch& patch) {
  TRY(policy::require_signed_in(actor));
  if (patch.memo) TRY(check_memo_text(*patch.memo, "memo"));
  std::optional<Segment> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Segment seg = TRY(r.studies().segments().find(segment_id));
    auto s = load_study_for_staff(r, actor, seg.study_id);
    if (!s) return policy::as_hidden(s.error(), "segment");
    if (seg.coder_id != actor.user_id && TRY(blinded(r, *s, actor)))
      return Error::not_found("This segment does not exist.");
    if (seg.version != patch.version)
      return Error::conflict(
          "The segment changed since version " + std::to_string(patch.version) + "; reload it.",
          "version");
    Answer a = TRY(r.studies().responses().find_answer(seg.answer_id));
    if (patch.start) seg.start = *patch.start;
    if (patch.end) seg.end = *patch.end;
    TRY(validate_span(seg.start, seg.end, a.length));
    if (patch.code_id) {
      TRY(check_codable(TRY(code_of_study(r, s->id, *patch.code_id, "code_id", "code_id")),
                        "code_id"));
      seg.code_id = *patch.code_id;
    }
    if (patch.memo) seg.memo = *patch.memo;
    seg.version = patch.version + 1;
    TRY(r.studies().segments().update(seg, patch.version));
    TRY(r.audit().append(
        audit_event(actor, clock_, "segment.update", {"segment", seg.id, s->program_id})));
    out = std::move(seg);
    return ok_status();
  }));
  notify(out->study_id);
  return *out;
}

Status CodingService::delete_segment(const Actor& actor, const std::string& segment_id,
                                     std::optional<long long> version) {
  TRY(policy::require_signed_in(actor));
  std::string study_id;
  TRY(store_.write([&](Repositories& r) -> Status {
    Segment seg = TRY(r.studies().segments().find(segment_id));
    auto s = load_study_for_staff(r, actor, seg.study_id);
    if (!s) return policy::as_hidden(s.error(), "segment");
    if (seg.coder_id != actor.user_id && TRY(blinded(r, *s, actor)))
      return Error::not_found("This segment does not exist.");
    if (version && *version != seg.version)
      return Error::conflict(
          "The segment changed since version " + std::to_string(*version) + "; reload it.",
          "version");
    study_id = s->id;
    TRY(r.studies().segments().remove(segment_id));
    return r.audit().append(
        audit_event(actor, clock_, "segment.delete", {"segment", seg.id, s->program_id}));
  }));
  notify(study_id);
  return ok_status();
}

Result<Page<Segment>> CodingService::list_segments(const Actor& actor, const std::string& study_id,
                                                   SegmentFilter filter, const PageRequest& page) {
  Page<Segment> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    TRY(require_answers_readable(r, s));
    if (TRY(blinded(r, s, actor))) filter.only_coder = actor.user_id;
    out = TRY(r.studies().segments().list(study_id, filter, page));
    return ok_status();
  }));
  return out;
}

Result<std::vector<Segment>> CodingService::answer_segments(const Actor& actor,
                                                            const std::string& answer_id) {
  std::vector<Segment> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(policy::require_signed_in(actor));
    Answer a = TRY(r.studies().responses().find_answer(answer_id));
    auto s = load_study_for_staff(r, actor, a.study_id);
    if (!s) return policy::as_hidden(s.error(), "answer");
    TRY(require_answers_readable(r, *s));
    SegmentFilter filter;
    filter.answer_id = answer_id;
    if (TRY(blinded(r, *s, actor))) filter.only_coder = actor.user_id;
    PageRequest page;
    page.limit = kMaxPageLimit;
    for (;;) {
      Page<Segment> p = TRY(r.studies().segments().list(s->id, filter, page));
      out.insert(out.end(), p.items.begin(), p.items.end());
      if (p.next_cursor.empty()) break;
      page.after = p.next_cursor;
    }
    return ok_status();
  }));
  return out;
}

Result<Answer> CodingService::get_answer(const Actor& actor, const std::string& answer_id) {
  std::optional<Answer> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(policy::require_signed_in(actor));
    Answer a = TRY(r.studies().responses().find_answer(answer_id));
    auto s = load_study_for_staff(r, actor, a.study_id);
    if (!s) return policy::as_hidden(s.error(), "answer");
    TRY(require_answers_readable(r, *s));
    out = std::move(a);
    return ok_status();
  }));
  return *out;
}

Result<CodingProgress> CodingService::progress(const Actor& actor, const std::string& study_id) {
  CodingProgress out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    TRY(require_answers_readable(r, s));
    out.own_only = TRY(blinded(r, s, actor));
    const std::vector<std::string> open = TRY(r.studies().responses().open_answers_of_study(s.id));
    std::vector<std::string> coded =
        out.own_only ? TRY(r.studies().segments().answers_coded_by(s.id, actor.user_id))
                     : TRY(r.studies().segments().coded_answers(s.id));
    std::sort(coded.begin(), coded.end());
    std::set_intersection(open.begin(), open.end(), coded.begin(), coded.end(),
                          std::back_inserter(out.coded_answer_ids));
    out.answers = static_cast<long long>(open.size());
    out.coded = static_cast<long long>(out.coded_answer_ids.size());
    return ok_status();
  }));
  return out;
}

Result<CoderState> CodingService::set_finished(const Actor& actor, const std::string& study_id,
                                               bool finished) {
  CoderState state;
  TRY(store_.write([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    TRY(r.studies().segments().set_coder_finished(study_id, actor.user_id, finished, clock_.now()));
    for (const CoderState& c : TRY(r.studies().segments().coders(study_id)))
      if (c.user_id == actor.user_id) state = c;
    return r.audit().append(audit_event(actor, clock_, "study.coding_status",
                                        {"study", study_id, s.program_id},
                                        finished ? "finished" : "not finished"));
  }));
  return state;
}

Result<std::vector<CoderState>> CodingService::coders(const Actor& actor,
                                                      const std::string& study_id) {
  std::vector<CoderState> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    out = TRY(r.studies().segments().coders(study_id));
    if (TRY(blinded(r, s, actor)))
      for (CoderState& c : out)
        if (c.user_id != actor.user_id) c.segments = 0;
    return ok_status();
  }));
  return out;
}

}  // namespace trellis
