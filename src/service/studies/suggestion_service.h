// SuggestionService: suggested codes for the uncoded parts of an answer, and the coder's decision
// on one suggestion (accept: a segment with origin "suggestion"; reject: not offered again).
//
// A study's model (suggest::Suggester, src/suggest/suggester.h) is trained from its codebook (code
// paths and descriptions) and its coded segments, and cached until the study's coding changes:
// CodingService reports every codebook and segment write of this process through
// on_coding_changed, and a cached model is used only while the study's codebook_version and
// coding_version are those it was trained at, so that changes made through another app server
// sharing the database are seen too. A coder who
// is blinded (blind mode, own coding not finished) gets a model trained on their own segments
// only, cached per study and coder, so that suggestions never carry others' hidden coding.
// Anonymous studies follow CodingService: nothing before the study is closed.
//
// Thread-safe: the cache is guarded by a mutex; training runs outside it (two requests may train
// the same model at once, which is harmless), and a model trained from data read before a change
// is never cached after that change.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/mutex.h"
#include "domain/actor.h"
#include "domain/studies/study.h"
#include "service/studies/coding_service.h"
#include "storage/store.h"
#include "suggest/suggester.h"

namespace trellis {

// What a suggestion is made for: each sentence of the answer, or the answer as a whole.
enum class SuggestionUnit { kSentence, kAnswer };
std::optional<SuggestionUnit> parse_suggestion_unit(std::string_view s);

struct CodeSuggestion {
  std::string code_id;
  std::string path;       // "Parent/Child"
  double confidence = 0;  // in [0, 1]
};

// A sentence (or the whole answer) the actor has not coded yet, with its suggestions, most
// confident first. Offsets are Unicode code points of the stored text, [start, end).
struct SuggestedSpan {
  long long start = 0;
  long long end = 0;
  std::string text;
  std::vector<CodeSuggestion> suggestions;  // never empty
};

struct AnswerSuggestions {
  std::string answer_id;
  std::string study_id;
  std::string model_version;  // "suggest-v1-" and 16 hex digits
  std::size_t examples = 0;   // coded examples the model learnt from
  bool calibrated = false;    // confidences fitted on this study's coding
  std::vector<SuggestedSpan> spans;
};

// An answer the actor has not coded at all, with the most confident suggestion for all of it.
struct QueuedAnswer {
  std::string answer_id;
  std::string response_id;
  std::string question_id;
  long long length = 0;  // code points: the suggestion is for [0, length)
  std::string text;
  CodeSuggestion suggestion;
};

struct SuggestionQueue {
  std::string study_id;
  std::string model_version;
  std::size_t examples = 0;
  bool calibrated = false;
  std::vector<QueuedAnswer> items;  // in the order of the answers' ids
  bool more = false;                // more uncoded answers with a suggestion than limit
};

enum class SuggestionDecisionKind { kAccept, kReject };
std::string_view suggestion_decision_name(SuggestionDecisionKind d);

struct SuggestionDecision {
  long long start = 0;
  long long end = 0;
  std::string code_id;
  std::string model_version;  // the version the coder saw
  std::string decision;       // "accept" or "reject"; checked by decide()
};

struct SuggestionOutcome {
  SuggestionDecisionKind decision = SuggestionDecisionKind::kAccept;
  std::optional<Segment> segment;  // the segment created, for accept
};

// Below this confidence a code is not offered (it would only be noise beside the others); nor is
// a code that shares no word with the unit.
inline constexpr double kMinSuggestionConfidence = 0.05;
// A model learns from at most this many coded spans, the most recently coded ones. Reading and
// training are linear in the coding: at 200,000 segments a request after a coding change took
// 1.7 s learning from all of it and takes about 0.1 s with this cap (make bench, studies); the
// learning curve in docs/suggestions.md is flat well before this size.
inline constexpr std::size_t kMaxTrainingSpans = 5000;
inline constexpr std::size_t kMaxSuggestionsPerSpan = 20;
inline constexpr std::size_t kMaxSuggestionQueue = 200;

class SuggestionService {
 public:
  // Registers itself with coding.on_coding_changed; coding must outlive this service.
  SuggestionService(Store& store, const Clock& clock, CodingService& coding);
  SuggestionService(const SuggestionService&) = delete;
  SuggestionService& operator=(const SuggestionService&) = delete;

  // The answer's uncoded units with up to `max` suggestions each (1-20); units with none are
  // left out. Errors: not_found (no such answer, or the actor is not staff of its study and may
  // not know it), conflict (an anonymous study still open), invalid ("max", or an
  // answer that is not open text).
  Result<AnswerSuggestions> for_answer(const Actor& actor, const std::string& answer_id,
                                       SuggestionUnit unit, std::size_t max);

  // Up to `limit` (1-200) open-text answers of the study (of one question when given) that the
  // actor has coded nothing in, each with its top suggestion for the whole answer (leaving out
  // codes the actor rejected for it); answers with no suggestion are left out. Errors as
  // for_answer; invalid "question_id" when it names no question of the study.
  Result<SuggestionQueue> for_study(const Actor& actor, const std::string& study_id,
                                    const std::optional<std::string>& question_id,
                                    std::size_t limit);

  // Accept: creates the segment (origin suggestion, the model version given) through
  // CodingService, audited there. Reject: records the rejection for this coder, span and code,
  // audited, so it is not offered again. Errors name the field: "start", "end", "code_id",
  // "model_version", "decision"; conflict when accepting a segment the coder already has.
  Result<SuggestionOutcome> decide(const Actor& actor, const std::string& answer_id,
                                   const SuggestionDecision& input);

  // Forgets the study's models; the next request retrains. Called on every coding change.
  void invalidate(const std::string& study_id);

 private:
  // (study id, coder id for a blinded coder or empty for the study-wide model).
  using Key = std::pair<std::string, std::string>;
  // The study's (codebook_version, coding_version) a model was trained at.
  using Fingerprint = std::pair<long long, long long>;
  struct Entry {
    Fingerprint fingerprint;
    std::shared_ptr<const suggest::Suggester> model;
  };

  unsigned long long changes_seen();
  // The cached model when it was trained at `now`, else nullptr.
  std::shared_ptr<const suggest::Suggester> cached(const Key& key, const Fingerprint& now);
  // Trains a model and caches it unless the coding changed (in this process) since `seen`.
  Result<std::shared_ptr<const suggest::Suggester>> train(
      const Key& key, const Fingerprint& fingerprint, unsigned long long seen,
      const std::vector<suggest::CodeInfo>& codes, const std::vector<suggest::LabelledText>& coded);

  Store& store_;
  const Clock& clock_;
  CodingService& coding_;
  Mutex mutex_;
  // shared_ptr: a model is used by concurrent requests while a change may drop it from the map.
  std::map<Key, Entry> models_ GUARDED_BY(mutex_);
  // Counts coding changes of every study. A model trained from data read before a change is
  // used for its own request but not cached.
  unsigned long long changes_ GUARDED_BY(mutex_) = 0;
};

// Whether s is a model version as Suggester::model_version() makes them.
bool is_model_version(std::string_view s);

}  // namespace trellis
