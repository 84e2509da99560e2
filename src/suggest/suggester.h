// Suggester: proposes codes from a study's codebook for an uncoded answer or sentence, with a
// confidence, learning from the segments the study's coders have already coded.
//
// Read this header first; docs/adr/0010-code-suggestions.md explains the choices and
// docs/suggestions.md the measured quality.
//
// The model is a TF-IDF nearest-centroid classifier over stemmed word unigrams and bigrams. Each
// code's centroid blends the code's own name and description (a pseudo-document that carries the
// model before anything is coded) with the centroid of the segments coded with it; the
// description's share shrinks as the code's examples grow. Scores are turned into confidences by
// a logistic calibration fitted on cross-validated scores of the study's own coded segments, or a
// fixed default mapping while too few segments are coded. Multi-label: every code gets its own
// confidence, and a segment can carry several.
//
// Training is a full rebuild, cheap enough to run after every coding action (see
// docs/suggestions.md for timings), which is how the model "learns incrementally".
// A Suggester is immutable once trained: suggest() is const and safe to call from many threads.
// English only: other languages get no stemming and no stop words, and degrade to word overlap.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "suggest/calibration.h"

namespace trellis::suggest {

// A code of the codebook. The id is what suggestions and examples refer to.
struct CodeInfo {
  std::string id;
  std::string name;
  std::string description;
};

// A coded segment: its text and the ids of the codes applied to it.
struct LabelledText {
  std::string text;
  std::vector<std::string> code_ids;
};

struct Suggestion {
  std::string code_id;
  double confidence = 0;  // in [0, 1]: the estimated probability that a coder would apply it
};

struct SuggesterOptions {
  // How many coded examples a code's description is worth. With n examples the description's
  // share of the code's centroid is description_weight / (description_weight + n): all of it
  // before any coding, half with description_weight examples. Default 20, chosen by
  // cross-validation within the labelled set's train split (docs/suggestions.md).
  double description_weight = 20.0;
  // Word pairs as features besides single words ("never asked" vs "asked"). Default on.
  bool bigrams = true;
  // Folds of the cross-validation that calibrates confidences. Default 5.
  int calibration_folds = 5;
  // Below this many usable coded segments the confidences use the default mapping rather than
  // one fitted to the study. Default 30.
  std::size_t min_examples_to_calibrate = 30;
};

class Suggester {
 public:
  // Builds the model. Examples may name codes that are not in the codebook (a code deleted since):
  // those ids are ignored, and an example left with no known code is ignored. The order of codes
  // decides ties; the order of examples does not matter.
  // Errors (invalid): a code id is empty or appears twice.
  static Result<Suggester> train(const std::vector<CodeInfo>& codes,
                                 const std::vector<LabelledText>& coded,
                                 const SuggesterOptions& options = {});

  // Up to max codes for text, most confident first (ties in codebook order). Empty when the
  // codebook is empty or no word of text is known to the model (empty text, only stop words or
  // punctuation, only words that appear in no description and no coded segment).
  std::vector<Suggestion> suggest(std::string_view text, std::size_t max) const;

  // The cosine similarity of text to each code's centroid, in codebook order; all zero when no
  // word of text is known to the model. For diagnostics and for fitting confidence mappings.
  std::vector<double> similarities(std::string_view text) const;

  // Identifies the trained model: "suggest-v1-" and 16 hex digits of a hash of the algorithm
  // version, the options, the codebook and the (order-independent) set of usable examples. The
  // same inputs always give the same version, on any machine; any change to them gives another.
  // An accepted suggestion records it, so its provenance can be traced.
  const std::string& model_version() const { return model_version_; }

  // The ids of the codes the model knows, in codebook order (the order of similarities()).
  const std::vector<std::string>& code_ids() const { return code_ids_; }

  // How many coded examples the model learnt from (after dropping unusable ones).
  std::size_t example_count() const { return example_count_; }
  // Whether confidences come from a calibration fitted on this study's examples.
  bool calibrated_on_study() const { return calibrated_on_study_; }

 private:
  Suggester() = default;

  std::vector<std::string> code_ids_;
  bool bigrams_ = true;
  // Term -> column; the centroids are stored term-major: weights_[term * codes + code].
  std::vector<std::pair<std::string, std::size_t>> vocabulary_;  // sorted by term
  std::vector<double> idf_;
  std::vector<double> weights_;
  ConfidenceMapping calibration_ = {0, 0, 0};
  std::string model_version_;
  std::size_t example_count_ = 0;
  bool calibrated_on_study_ = false;

  friend class SuggesterBuilder;
};

// The multi-label decision used in the evaluation and offered to the UI as "likely codes": the
// most confident suggestion always, and every other one whose confidence is at least threshold.
// suggestions must be sorted as suggest() returns them.
std::vector<std::string> select_codes(const std::vector<Suggestion>& suggestions,
                                      double threshold = 0.5);

}  // namespace trellis::suggest
