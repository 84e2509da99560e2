// CodingService: a study's codebook (hierarchical codes, versioned), coded segments of answers,
// memos, and the coders' state for blind mode. Staff of the study (organizers, the cohort's
// analysts) code; several coders may code the same study.
//
// Every codebook edit names the codebook_version it was made against; a stale one is a conflict
// and changes nothing. Segments carry their own version the same way. In blind mode a coder sees
// only their own segments until they mark their coding finished. Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/studies/codebook_import.h"
#include "domain/studies/study.h"
#include "storage/store.h"
#include "storage/studies/study_repositories.h"

namespace trellis {

struct CodeView {
  Code code;
  std::string path;  // "Parent/Child"
  long long segments = 0;
};

struct Codebook {
  long long version = 0;
  std::vector<CodeView> codes;  // parents before children
};

struct NewCode {
  std::string name;
  std::string description;
  std::string colour;
  std::optional<std::string> parent_id;
  bool category = false;  // groups codes; cannot be applied
};

struct CodePatch {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> colour;
  // Set: move under this parent; set to nullopt inside: move to the top level.
  std::optional<std::optional<std::string>> parent_id;
  // true: make it a category (refused while segments carry it); false: an ordinary code.
  std::optional<bool> category;
};

// What deleting a code would remove.
struct CodeDeletion {
  long long codes = 0;  // the code and its descendants
  long long segments = 0;
  long long memos = 0;
};

struct NewSegments {
  long long start = 0;
  long long end = 0;
  std::vector<std::string> code_ids;
  std::string memo;
  SegmentOrigin origin = SegmentOrigin::kManual;
  std::string model_version;
};

struct SegmentPatch {
  long long version = 0;  // required: the version the edit was made against
  std::optional<long long> start;
  std::optional<long long> end;
  std::optional<std::string> code_id;
  std::optional<std::string> memo;
};

// A corrected transcript answer and how many of its segments moved with the text.
struct AnswerCorrection {
  Answer answer;
  long long segments_moved = 0;
};

// How far the coding of a study is: its open answers and which of them carry a segment (the
// actor's own only, when they code blind and have not finished).
struct CodingProgress {
  long long answers = 0;
  long long coded = 0;
  bool own_only = false;
  std::vector<std::string> coded_answer_ids;  // in id order
};

struct CodebookImport {
  long long created = 0;
  long long unchanged = 0;  // names already in the codebook
  long long version = 0;
};

class CodingService {
 public:
  CodingService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<Codebook> codebook(const Actor& actor, const std::string& study_id);
  // The study a code belongs to (for staff of that study).
  Result<std::string> study_of_code(const Actor& actor, const std::string& code_id);
  Result<Code> create_code(const Actor& actor, const std::string& study_id, const NewCode& input,
                           long long codebook_version);
  Result<Code> update_code(const Actor& actor, const std::string& code_id, const CodePatch& patch,
                           long long codebook_version);
  // Without confirm: conflict naming what would be lost (details: codes, segments, memos) and
  // nothing changes; a coder blinded from the others' coding is told their own segments and
  // memos only. With confirm: removes the code, its descendants, and everyone's segments and
  // memos on them.
  Result<CodeDeletion> delete_code(const Actor& actor, const std::string& code_id,
                                   long long codebook_version, bool confirm);
  // Moves every segment, memo and child of the code to `into`, then removes the code.
  Result<long long> merge_code(const Actor& actor, const std::string& code_id,
                               const std::string& into, long long codebook_version);
  // CSV with name and description columns (what Taguette imports and exports); "parent" and
  // "colour" are optional. Every problem is reported with its line; nothing is written unless
  // all rows are valid.
  Result<CodebookImport> import_codebook_csv(const Actor& actor, const std::string& study_id,
                                             std::string_view csv);
  // Adds the rows whose path is not in the codebook yet (by path: a name under its parent);
  // rows already there count as unchanged. All or nothing, in one transaction; the codebook
  // version advances once when anything was created, and a concurrent edit is a conflict.
  // Shared by the CSV and the REFI-QDA (.qdc) imports.
  Result<CodebookImport> merge_codebook(const Actor& actor, const std::string& study_id,
                                        const std::vector<CodebookRow>& rows);
  Result<std::string> export_codebook_csv(const Actor& actor, const std::string& study_id);

  Result<std::vector<Segment>> create_segments(const Actor& actor, const std::string& answer_id,
                                               const NewSegments& input);
  Result<Segment> update_segment(const Actor& actor, const std::string& segment_id,
                                 const SegmentPatch& patch);
  Status delete_segment(const Actor& actor, const std::string& segment_id,
                        std::optional<long long> version);
  Result<Segment> get_segment(const Actor& actor, const std::string& segment_id);
  // The segments the actor may see (blind mode hides others' until the actor finished).
  Result<Page<Segment>> list_segments(const Actor& actor, const std::string& study_id,
                                      SegmentFilter filter, const PageRequest& page);
  Result<std::vector<Segment>> answer_segments(const Actor& actor, const std::string& answer_id);
  // The answer (its text) with the study it belongs to, for a coder.
  Result<Answer> get_answer(const Actor& actor, const std::string& answer_id);

  // Transcripts (coding_transcripts.cpp); forms and links are refused (conflict on "source").
  // Replaces the text of a transcript's open answer made against `version` (conflict on
  // "version" when stale). Segments before the change stay, those after it or enclosing it
  // move; an edit that cuts through or removes a segment is a conflict on "text" naming each
  // (a coder blinded from others' coding is told only how many of theirs), and nothing changes.
  Result<AnswerCorrection> correct_answer(const Actor& actor, const std::string& answer_id,
                                          const std::string& text, long long version);
  // Deletes a transcript with its answers and everyone's segments on them; the person it named,
  // if any, no longer counts as having responded. Returns how many segments went with it.
  Result<long long> delete_transcript(const Actor& actor, const std::string& response_id);

  // Answers of the study with open text, and how many of them are coded.
  Result<CodingProgress> progress(const Actor& actor, const std::string& study_id);

  Result<CoderState> set_finished(const Actor& actor, const std::string& study_id, bool finished);
  Result<std::vector<CoderState>> coders(const Actor& actor, const std::string& study_id);

  Result<std::vector<Memo>> memos(const Actor& actor, const std::string& study_id,
                                  const std::optional<std::string>& code_id);
  Result<Memo> create_memo(const Actor& actor, const std::string& study_id,
                           const std::optional<std::string>& code_id, const std::string& text);
  Result<Memo> update_memo(const Actor& actor, const std::string& memo_id, const std::string& text,
                           long long version);
  Status delete_memo(const Actor& actor, const std::string& memo_id);

  // Called by other services after a change to a study's coding (suggestion caches).
  using CodingChanged = std::function<void(const std::string& study_id)>;
  void on_coding_changed(CodingChanged callback) { changed_ = std::move(callback); }

 private:
  void notify(const std::string& study_id) const {
    if (changed_) changed_(study_id);
  }
  Store& store_;
  const Clock& clock_;
  CodingChanged changed_;
};

// The codes of a codebook with their paths, parents before children.
std::vector<CodeView> code_tree(const std::vector<Code>& codes);

// Whether others' coding is hidden from the actor: blind mode and not finished.
Result<bool> blinded(Repositories& r, const Study& study, const Actor& actor);

// The code a client named in `field` (`what` in the message, e.g. "code_ids[2]"), which must
// belong to the study: invalid when no code has that id or it is another study's; any other
// failure (the database's) passes through unchanged, so it is answered as what it is.
Result<Code> code_of_study(Repositories& r, const std::string& study_id, const std::string& code_id,
                           const std::string& what, const std::string& field);

}  // namespace trellis
