// Measuring code suggestions on a labelled set: reading the set, a keyword baseline to compare
// against, and the figures reported in docs/suggestions.md (precision of the top suggestion,
// macro-F1 of the multi-label decision). Used by the evaluation tool and the tests. Pure;
// thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "suggest/suggester.h"

namespace trellis::suggest {

enum class Split { kTrain, kTest };

struct LabelledStatement {
  LabelledText statement;
  Split split = Split::kTrain;
};

// Reads a CSV with the header "text,codes,split": codes separated by ';', split "train" or
// "test". Errors (invalid, naming the line): a bad CSV, another header, a wrong field count, no
// code, an unknown split.
Result<std::vector<LabelledStatement>> parse_labelled_statements(std::string_view csv);

// The statements of one split.
std::vector<LabelledText> statements_of(const std::vector<LabelledStatement>& all, Split split);

// A share of set, for learning curves: the first round(share * size) items of a fixed shuffle
// driven by seed (std::mt19937, the same on every platform). With the same seed a larger share
// contains every item of a smaller one, as a study's coded set grows.
std::vector<LabelledText> nested_sample(const std::vector<LabelledText>& set, double share,
                                        unsigned seed);

// The simple baseline: each code's keywords are the stems of the words of its name and
// description. Every code with at least one of its keywords in the text is suggested, with
// confidence 1, ordered by how many distinct keywords it matched (ties in codebook order).
class KeywordBaseline {
 public:
  explicit KeywordBaseline(const std::vector<CodeInfo>& codes);
  std::vector<Suggestion> suggest(std::string_view text, std::size_t max) const;

 private:
  std::vector<std::string> code_ids_;
  std::vector<std::vector<std::string>> keywords_;  // per code, sorted, unique
};

struct CodeScore {
  std::string code_id;
  std::size_t support = 0;  // true instances in the evaluated set
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

struct Evaluation {
  std::size_t statements = 0;
  // Share of statements whose most confident suggestion is one of their codes (a statement with
  // no suggestion counts as a miss).
  double top1_precision = 0;
  // Mean over codes of F1 of select_codes(suggestions, threshold) against the true codes; codes
  // that neither occur nor are predicted in the set are left out of the mean.
  double macro_f1 = 0;
  std::vector<CodeScore> per_code;  // in codebook order
};

using Predictor = std::function<std::vector<Suggestion>(std::string_view text)>;

Evaluation evaluate(const std::vector<CodeInfo>& codes, const std::vector<LabelledText>& set,
                    const Predictor& predict, double threshold = 0.5);

}  // namespace trellis::suggest
