#include "service/studies/suggestion_service.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "domain/policy.h"
#include "service/audit_event.h"
#include "service/studies/study_service.h"
#include "storage/accounts/auth_repositories.h"
#include "suggest/sentences.h"

namespace trellis {
namespace {

// What a request read in one transaction: the answer, its study and what the actor did there.
struct AnswerContext {
  Answer answer;
  Study study;
  std::vector<CodeView> codes;
  std::vector<Segment> own;  // the actor's segments of the answer
  std::vector<std::tuple<std::string, long long, long long>> rejected;  // by the actor
  bool blinded = false;
};

Result<AnswerContext> load_answer(Repositories& r, const Actor& actor,
                                  const std::string& answer_id) {
  TRY(policy::require_signed_in(actor));
  AnswerContext c;
  c.answer = TRY(r.studies().responses().find_answer(answer_id));
  auto s = load_study_for_staff(r, actor, c.answer.study_id);
  if (!s) return policy::as_hidden(s.error(), "answer").error();
  c.study = std::move(*s);
  TRY(require_answers_readable(r, c.study));
  if (c.answer.text.empty())
    return Error::invalid("Only open-text answers have suggested codes.", "answer");
  return c;
}

Status load_coding(Repositories& r, const Actor& actor, AnswerContext& c) {
  c.codes = code_tree(TRY(r.studies().codebook().list(c.study.id)));
  c.blinded = TRY(blinded(r, c.study, actor));
  SegmentFilter filter;
  filter.answer_id = c.answer.id;
  filter.coder_id = actor.user_id;
  PageRequest page;
  page.limit = kMaxPageLimit;
  for (;;) {
    Page<Segment> p = TRY(r.studies().segments().list(c.study.id, filter, page));
    c.own.insert(c.own.end(), p.items.begin(), p.items.end());
    if (p.next_cursor.empty()) break;
    page.after = p.next_cursor;
  }
  c.rejected = TRY(r.studies().segments().rejections(c.answer.id, actor.user_id));
  return ok_status();
}

struct TrainingData {
  std::vector<suggest::CodeInfo> codes;
  std::vector<suggest::LabelledText> coded;
};

// The codebook (path-qualified names help: "Grit/Perseverance") and the coded segments, one
// example per coded span with every code applied to it; only `coder`'s when given.
Result<TrainingData> training_data(Repositories& r, const Study& study,
                                   const std::vector<CodeView>& codes,
                                   const std::optional<std::string>& coder) {
  TrainingData out;
  for (const CodeView& v : codes)  // categories cannot be applied, so are never suggested
    if (!v.code.category) out.codes.push_back({v.code.id, v.path, v.code.description});
  // The most recent coding: training is linear in its examples (kMaxTrainingSpans).
  std::map<std::tuple<std::string, long long, long long>, std::set<std::string>> spans;
  for (const Segment& s : TRY(r.studies().segments().recent_of_study(
           study.id, coder, static_cast<long long>(kMaxTrainingSpans) * 2))) {
    auto at = spans.find({s.answer_id, s.start, s.end});
    if (at == spans.end()) {
      if (spans.size() >= kMaxTrainingSpans) continue;  // older coding of another span
      at = spans.try_emplace({s.answer_id, s.start, s.end}).first;
    }
    at->second.insert(s.code_id);
  }
  if (spans.empty()) return out;
  std::map<std::string, std::string> text_of;
  for (Answer& a : TRY(r.studies().responses().answers_of_study(study.id)))
    if (!a.text.empty()) text_of.emplace(a.id, std::move(a.text));
  for (const auto& [span, code_ids] : spans) {
    auto text = text_of.find(std::get<0>(span));
    if (text == text_of.end()) continue;
    out.coded.push_back({code_point_substr(text->second, std::get<1>(span), std::get<2>(span)),
                         {code_ids.begin(), code_ids.end()}});
  }
  return out;
}

bool overlaps(const Segment& s, long long start, long long end) {
  return s.start < end && s.end > start;
}

// Up to max suggestions for the span, most confident first: codes of the current codebook with
// evidence in the span (a word in common), confident enough, and neither rejected by the coder
// for this span nor already applied there by them.
std::vector<CodeSuggestion> suggest_for(
    const suggest::Suggester& model, const SuggestedSpan& span,
    const std::map<std::string, const CodeView*>& code_of,
    const std::vector<std::tuple<std::string, long long, long long>>& rejected,
    const std::vector<Segment>& own, std::size_t max) {
  std::vector<CodeSuggestion> out;
  const long long start = span.start, end = span.end;
  std::set<std::string> evidence;
  const std::vector<double> similarity = model.similarities(span.text);
  for (std::size_t i = 0; i < similarity.size(); ++i)
    if (similarity[i] > 0) evidence.insert(model.code_ids()[i]);
  for (const suggest::Suggestion& s : model.suggest(span.text, evidence.size())) {
    if (out.size() >= max || s.confidence < kMinSuggestionConfidence) break;
    auto code = code_of.find(s.code_id);
    if (code == code_of.end() || !evidence.count(s.code_id)) continue;
    if (std::any_of(rejected.begin(), rejected.end(), [&](const auto& r) {
          return std::get<0>(r) == s.code_id && std::get<1>(r) == start && std::get<2>(r) == end;
        }))
      continue;
    if (std::any_of(own.begin(), own.end(), [&](const Segment& seg) {
          return seg.code_id == s.code_id && seg.start == start && seg.end == end;
        }))
      continue;
    out.push_back({s.code_id, code->second->path, s.confidence});
  }
  return out;
}

}  // namespace

std::optional<SuggestionUnit> parse_suggestion_unit(std::string_view s) {
  if (s == "sentence") return SuggestionUnit::kSentence;
  if (s == "answer") return SuggestionUnit::kAnswer;
  return std::nullopt;
}

std::string_view suggestion_decision_name(SuggestionDecisionKind d) {
  return d == SuggestionDecisionKind::kAccept ? "accept" : "reject";
}

bool is_model_version(std::string_view s) {
  constexpr std::string_view prefix = "suggest-v1-";
  if (s.size() != prefix.size() + 16 || s.substr(0, prefix.size()) != prefix) return false;
  return s.substr(prefix.size()).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

SuggestionService::SuggestionService(Store& store, const Clock& clock, CodingService& coding)
    : store_(store), clock_(clock), coding_(coding) {
  coding_.on_coding_changed([this](const std::string& study_id) { invalidate(study_id); });
}

void SuggestionService::invalidate(const std::string& study_id) {
  MutexLock lock(mutex_);
  ++changes_;
  models_.erase(models_.lower_bound({study_id, std::string()}),
                models_.lower_bound({study_id + '\0', std::string()}));
}

unsigned long long SuggestionService::changes_seen() {
  MutexLock lock(mutex_);
  return changes_;
}

std::shared_ptr<const suggest::Suggester> SuggestionService::cached(const Key& key,
                                                                    const Fingerprint& now) {
  MutexLock lock(mutex_);
  auto it = models_.find(key);
  return it == models_.end() || it->second.fingerprint != now ? nullptr : it->second.model;
}

Result<std::shared_ptr<const suggest::Suggester>> SuggestionService::train(
    const Key& key, const Fingerprint& fingerprint, unsigned long long seen,
    const std::vector<suggest::CodeInfo>& codes, const std::vector<suggest::LabelledText>& coded) {
  // Trained outside the lock: two requests may train the same model, which is harmless.
  auto model =
      std::make_shared<const suggest::Suggester>(TRY(suggest::Suggester::train(codes, coded)));
  MutexLock lock(mutex_);
  if (changes_ == seen) models_[key] = {fingerprint, model};
  return model;
}

Result<AnswerSuggestions> SuggestionService::for_answer(const Actor& actor,
                                                        const std::string& answer_id,
                                                        SuggestionUnit unit, std::size_t max) {
  if (max < 1 || max > kMaxSuggestionsPerSpan)
    return Error::invalid("max must be between 1 and 20.", "max");
  // Read before the data: a change committed after this point bumps the counter, and a model
  // trained from what this request reads is then not cached.
  const unsigned long long seen = changes_seen();
  AnswerContext c;
  Key key;
  Fingerprint fingerprint;
  std::shared_ptr<const suggest::Suggester> model;
  std::optional<TrainingData> data;
  TRY(store_.read([&](Repositories& r) -> Status {
    c = TRY(load_answer(r, actor, answer_id));
    TRY(load_coding(r, actor, c));
    key = {c.study.id, c.blinded ? actor.user_id : std::string()};
    fingerprint = {c.study.codebook_version, c.study.coding_version};
    model = cached(key, fingerprint);
    if (!model)
      data = TRY(training_data(r, c.study, c.codes,
                               c.blinded ? std::optional(actor.user_id) : std::nullopt));
    return ok_status();
  }));
  if (!model) model = TRY(train(key, fingerprint, seen, data->codes, data->coded));

  AnswerSuggestions out;
  out.answer_id = c.answer.id;
  out.study_id = c.study.id;
  out.model_version = model->model_version();
  out.examples = model->example_count();
  out.calibrated = model->calibrated_on_study();

  std::vector<suggest::SentenceSpan> units;
  if (unit == SuggestionUnit::kAnswer) {
    units.push_back({0, static_cast<std::size_t>(c.answer.length), 0, c.answer.text.size()});
  } else {
    units = TRY(suggest::split_sentences(c.answer.text));
  }
  std::map<std::string, const CodeView*> code_of;
  for (const CodeView& v : c.codes)
    if (!v.code.category) code_of[v.code.id] = &v;
  for (const suggest::SentenceSpan& u : units) {
    const auto start = static_cast<long long>(u.begin), end = static_cast<long long>(u.end);
    if (std::any_of(c.own.begin(), c.own.end(),
                    [&](const Segment& s) { return overlaps(s, start, end); }))
      continue;
    SuggestedSpan span{
        start, end, c.answer.text.substr(u.byte_begin, u.byte_end - u.byte_begin), {}};
    span.suggestions = suggest_for(*model, span, code_of, c.rejected, c.own, max);
    if (!span.suggestions.empty()) out.spans.push_back(std::move(span));
  }
  return out;
}

Result<SuggestionQueue> SuggestionService::for_study(const Actor& actor,
                                                     const std::string& study_id,
                                                     const std::optional<std::string>& question_id,
                                                     std::size_t limit) {
  TRY(policy::require_signed_in(actor));
  if (limit < 1 || limit > kMaxSuggestionQueue)
    return Error::invalid("limit must be between 1 and 200.", "limit");
  const unsigned long long seen = changes_seen();
  Study study;
  std::vector<CodeView> codes;
  std::vector<Answer> uncoded;
  Key key;
  Fingerprint fingerprint;
  std::shared_ptr<const suggest::Suggester> model;
  std::optional<TrainingData> data;
  TRY(store_.read([&](Repositories& r) -> Status {
    study = TRY(load_study_for_staff(r, actor, study_id));
    TRY(require_answers_readable(r, study));
    if (question_id && std::none_of(study.questions.begin(), study.questions.end(),
                                    [&](const Question& q) { return q.id == *question_id; }))
      return Error::invalid("question_id does not name a question of this study.", "question_id");
    codes = code_tree(TRY(r.studies().codebook().list(study.id)));
    const bool blind = TRY(blinded(r, study, actor));
    std::set<std::string> coded;
    for (std::string& a : TRY(r.studies().segments().answers_coded_by(study.id, actor.user_id)))
      coded.insert(std::move(a));
    for (Answer& a : TRY(r.studies().responses().answers_of_study(study.id))) {
      if (a.text.empty() || coded.count(a.id) || (question_id && a.question_id != *question_id))
        continue;
      uncoded.push_back(std::move(a));
    }
    key = {study.id, blind ? actor.user_id : std::string()};
    fingerprint = {study.codebook_version, study.coding_version};
    model = cached(key, fingerprint);
    if (!model)
      data =
          TRY(training_data(r, study, codes, blind ? std::optional(actor.user_id) : std::nullopt));
    return ok_status();
  }));
  if (!model) model = TRY(train(key, fingerprint, seen, data->codes, data->coded));

  SuggestionQueue out;
  out.study_id = study.id;
  out.model_version = model->model_version();
  out.examples = model->example_count();
  out.calibrated = model->calibrated_on_study();
  std::map<std::string, const CodeView*> code_of;
  for (const CodeView& v : codes)
    if (!v.code.category) code_of[v.code.id] = &v;
  // The actor's rejections are read only for the answers that make the list.
  std::vector<std::pair<QueuedAnswer, std::vector<CodeSuggestion>>> candidates;
  for (Answer& a : uncoded) {
    SuggestedSpan whole{0, a.length, a.text, {}};
    std::vector<CodeSuggestion> ranked = suggest_for(*model, whole, code_of, {}, {}, 4);
    if (ranked.empty()) continue;
    if (candidates.size() == limit) {
      out.more = true;
      break;
    }
    QueuedAnswer q{a.id, a.response_id, a.question_id, a.length, std::move(a.text), {}};
    candidates.emplace_back(std::move(q), std::move(ranked));
  }
  TRY(store_.read([&](Repositories& r) -> Status {
    for (auto& [q, ranked] : candidates) {
      auto rejections = TRY(r.studies().segments().rejections(q.answer_id, actor.user_id));
      for (const CodeSuggestion& s : ranked) {
        const auto length = q.length;  // clang 14 (the lock check) cannot capture a binding
        const bool turned_down = std::any_of(rejections.begin(), rejections.end(), [&](auto& x) {
          return std::get<0>(x) == s.code_id && std::get<1>(x) == 0 && std::get<2>(x) == length;
        });
        if (turned_down) continue;
        q.suggestion = s;
        out.items.push_back(q);
        break;
      }
    }
    return ok_status();
  }));
  return out;
}

Result<SuggestionOutcome> SuggestionService::decide(const Actor& actor,
                                                    const std::string& answer_id,
                                                    const SuggestionDecision& input) {
  TRY(policy::require_signed_in(actor));
  SuggestionOutcome out;
  if (input.decision == "accept")
    out.decision = SuggestionDecisionKind::kAccept;
  else if (input.decision == "reject")
    out.decision = SuggestionDecisionKind::kReject;
  else
    return Error::invalid("decision must be \"accept\" or \"reject\".", "decision");
  if (!is_model_version(input.model_version))
    return Error::invalid(
        "model_version must be the version the suggestion came with: \"suggest-v1-\" and 16 "
        "hexadecimal digits.",
        "model_version");

  // Checks what both decisions need; a reject is recorded in the same transaction.
  auto check = [&](Repositories& r) -> Result<AnswerContext> {
    AnswerContext c = TRY(load_answer(r, actor, answer_id));
    TRY(validate_span(input.start, input.end, c.answer.length));
    TRY(code_of_study(r, c.study.id, input.code_id, "code_id", "code_id"));
    return c;
  };

  if (out.decision == SuggestionDecisionKind::kReject) {
    TRY(store_.write([&](Repositories& r) -> Status {
      AnswerContext c = TRY(check(r));
      TRY(r.studies().segments().insert_rejection(c.study.id, c.answer.id, input.code_id,
                                                  input.start, input.end, actor.user_id,
                                                  clock_.now()));
      return r.audit().append(audit_event(
          actor, clock_, "suggestion.reject", {"answer", c.answer.id, c.study.program_id},
          input.code_id + " at " + std::to_string(input.start) + "-" + std::to_string(input.end) +
              ", " + input.model_version));
    }));
    return out;
  }

  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(check(r));
    return ok_status();
  }));
  NewSegments segment;
  segment.start = input.start;
  segment.end = input.end;
  segment.code_ids = {input.code_id};
  segment.origin = SegmentOrigin::kSuggestion;
  segment.model_version = input.model_version;
  std::vector<Segment> made = TRY(coding_.create_segments(actor, answer_id, segment));
  out.segment = std::move(made.front());
  return out;
}

}  // namespace trellis
