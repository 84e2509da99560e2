#include "suggest/suggester.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "suggest/calibration.h"
#include "suggest/text.h"

namespace trellis::suggest {
namespace {

// Bump when the features, the model or the calibration change, so that versions recorded with
// accepted suggestions keep meaning one model.
constexpr std::string_view kAlgorithm = "suggest-v1";

// The mapping used until a study has enough coded segments to fit its own: fitted once on the
// cold-start (descriptions only) scores of the labelled statements' training split; see
// docs/suggestions.md.
constexpr ConfidenceMapping kDefaultCalibration = {18.35, 7.90, -2.64};

using SparseVector = std::vector<std::pair<std::size_t, double>>;  // (term, weight), by term

// FNV-1a, 64 bits: small, stable across platforms and releases, enough to tell models apart.
class Fnv1a {
 public:
  void add(std::string_view s) {
    std::uint64_t n = s.size();  // length-prefixed, so ("ab","c") and ("a","bc") differ
    for (int i = 0; i < 8; ++i) byte(static_cast<unsigned char>(n >> (8 * i)));
    for (char c : s) byte(static_cast<unsigned char>(c));
  }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
  }

 private:
  void byte(unsigned char b) {
    h_ ^= b;
    h_ *= 0x100000001b3ULL;
  }
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

struct Example {
  std::string text;
  std::vector<std::size_t> codes;  // indices into the codebook, sorted, unique

  auto operator<=>(const Example&) const = default;
};

double norm(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

}  // namespace

// Does the training; a friend of Suggester so that the model's fields stay private.
class SuggesterBuilder {
 public:
  SuggesterBuilder(const std::vector<CodeInfo>& codes, const SuggesterOptions& options)
      : codes_(codes), options_(options) {}

  Result<Suggester> build(const std::vector<LabelledText>& coded) {
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t c = 0; c < codes_.size(); ++c) {
      if (codes_[c].id.empty()) return Error::invalid("A code has an empty id.", "codes");
      if (!index.emplace(codes_[c].id, c).second) {
        return Error::invalid("The code id \"" + codes_[c].id + "\" appears twice.", "codes");
      }
    }
    std::vector<Example> examples;
    for (const auto& l : coded) {
      std::set<std::size_t> known;
      for (const auto& id : l.code_ids) {
        if (auto it = index.find(id); it != index.end()) known.insert(it->second);
      }
      if (!known.empty()) examples.push_back({l.text, {known.begin(), known.end()}});
    }
    std::sort(examples.begin(), examples.end());  // the model must not depend on their order

    Suggester s;
    s.bigrams_ = options_.bigrams;
    s.example_count_ = examples.size();
    for (const auto& c : codes_) s.code_ids_.push_back(c.id);
    s.model_version_ = version(examples);

    // Documents: one pseudo-document per code, then the examples.
    std::vector<std::vector<std::size_t>> docs;  // term ids, with repeats
    std::unordered_map<std::string, std::size_t> terms;
    auto add_doc = [&](std::string_view text) {
      std::vector<std::size_t> ids;
      for (auto& f : features(text, bigrams())) {
        ids.push_back(terms.emplace(std::move(f), terms.size()).first->second);
      }
      docs.push_back(std::move(ids));
    };
    for (const auto& c : codes_) add_doc(c.name + ". " + c.description);
    for (const auto& e : examples) add_doc(e.text);

    // Smoothed inverse document frequency over all documents.
    std::vector<double> df(terms.size(), 0);
    for (const auto& d : docs) {
      std::vector<std::size_t> unique = d;
      std::sort(unique.begin(), unique.end());
      unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
      for (auto t : unique) df[t] += 1;
    }
    const double n_docs = static_cast<double>(docs.size());
    idf_.resize(terms.size());
    for (std::size_t t = 0; t < terms.size(); ++t) {
      idf_[t] = std::log((1 + n_docs) / (1 + df[t])) + 1;
    }
    vectors_.clear();
    for (const auto& d : docs) vectors_.push_back(tfidf(d));

    // The model's vocabulary is term-sorted for lookups; term ids are the map's insertion order.
    s.vocabulary_.reserve(terms.size());
    for (auto& [term, id] : terms) s.vocabulary_.emplace_back(term, id);
    std::sort(s.vocabulary_.begin(), s.vocabulary_.end());
    s.idf_ = idf_;
    std::vector<bool> all(examples.size(), true);
    s.weights_ = centroids(examples, all);

    calibrate(examples, s);
    return s;
  }

  // Sublinear term frequency times idf, L2-normalised.
  SparseVector tfidf(std::vector<std::size_t> term_ids) const {
    std::sort(term_ids.begin(), term_ids.end());
    SparseVector v;
    double sq = 0;
    for (std::size_t i = 0; i < term_ids.size();) {
      std::size_t j = i;
      while (j < term_ids.size() && term_ids[j] == term_ids[i]) ++j;
      double w = (1 + std::log(static_cast<double>(j - i))) * idf_[term_ids[i]];
      v.emplace_back(term_ids[i], w);
      sq += w * w;
      i = j;
    }
    if (sq > 0) {
      for (auto& [t, w] : v) w /= std::sqrt(sq);
    }
    return v;
  }

 private:
  Bigrams bigrams() const { return options_.bigrams ? Bigrams::kOn : Bigrams::kOff; }

  std::string version(const std::vector<Example>& examples) const {
    Fnv1a h;
    h.add(kAlgorithm);
    char opts[128];
    std::snprintf(opts, sizeof opts, "%.17g|%d|%d|%zu", options_.description_weight,
                  options_.bigrams ? 1 : 0, options_.calibration_folds,
                  options_.min_examples_to_calibrate);
    h.add(opts);
    h.add(std::to_string(codes_.size()));
    for (const auto& c : codes_) {
      h.add(c.id);
      h.add(c.name);
      h.add(c.description);
    }
    h.add(std::to_string(examples.size()));
    for (const auto& e : examples) {
      h.add(e.text);
      h.add(std::to_string(e.codes.size()));
      for (auto c : e.codes) h.add(codes_[c].id);
    }
    return std::string(kAlgorithm) + "-" + h.hex();
  }

  // Term-major centroid weights from the examples where use[i] holds.
  std::vector<double> centroids(const std::vector<Example>& examples,
                                const std::vector<bool>& use) const {
    const std::size_t n_codes = codes_.size();
    const std::size_t n_terms = idf_.size();
    std::vector<double> weights(n_terms * n_codes, 0.0);
    std::vector<std::vector<double>> sums(n_codes);
    std::vector<std::size_t> counts(n_codes, 0);
    for (std::size_t i = 0; i < examples.size(); ++i) {
      if (!use[i]) continue;
      for (auto c : examples[i].codes) {
        if (sums[c].empty()) sums[c].assign(n_terms, 0.0);
        for (auto [t, w] : vectors_[n_codes + i]) sums[c][t] += w;
        ++counts[c];
      }
    }
    std::vector<double> centroid(n_terms);
    for (std::size_t c = 0; c < n_codes; ++c) {
      std::fill(centroid.begin(), centroid.end(), 0.0);
      const auto& description = vectors_[c];
      double examples_norm = counts[c] > 0 ? norm(sums[c]) : 0;
      double share = examples_norm > 0
                         ? options_.description_weight /
                               (options_.description_weight + static_cast<double>(counts[c]))
                         : 1.0;
      if (description.empty() && examples_norm > 0) share = 0;
      for (auto [t, w] : description) centroid[t] += share * w;
      if (examples_norm > 0) {
        for (std::size_t t = 0; t < n_terms; ++t) {
          centroid[t] += (1 - share) * sums[c][t] / examples_norm;
        }
      }
      double len = norm(centroid);
      if (len == 0) continue;
      for (std::size_t t = 0; t < n_terms; ++t) weights[t * n_codes + c] = centroid[t] / len;
    }
    return weights;
  }

  // Fits the confidence mapping on scores of examples held out from the centroids they are
  // scored against (k-fold over the sorted examples), or keeps the default mapping.
  void calibrate(const std::vector<Example>& examples, Suggester& s) const {
    s.calibration_ = kDefaultCalibration;
    const std::size_t folds = static_cast<std::size_t>(std::max(options_.calibration_folds, 0));
    if (folds < 2 ||
        examples.size() < std::max<std::size_t>(options_.min_examples_to_calibrate, folds)) {
      return;
    }
    const std::size_t n_codes = codes_.size();
    std::vector<CalibrationPoint> points;
    points.reserve(examples.size() * n_codes);
    std::vector<double> scores(n_codes);
    for (std::size_t f = 0; f < folds; ++f) {
      std::vector<bool> use(examples.size());
      for (std::size_t i = 0; i < examples.size(); ++i) use[i] = i % folds != f;
      std::vector<double> weights = centroids(examples, use);
      for (std::size_t i = f; i < examples.size(); i += folds) {
        std::fill(scores.begin(), scores.end(), 0.0);
        for (auto [t, w] : vectors_[n_codes + i]) {
          for (std::size_t c = 0; c < n_codes; ++c) scores[c] += w * weights[t * n_codes + c];
        }
        double best = *std::max_element(scores.begin(), scores.end());
        for (std::size_t c = 0; c < n_codes; ++c) {
          bool positive = std::binary_search(examples[i].codes.begin(), examples[i].codes.end(), c);
          points.push_back({scores[c], scores[c] - best, positive});
        }
      }
    }
    s.calibration_ = fit_confidence_mapping(points);
    s.calibrated_on_study_ = true;
  }

  const std::vector<CodeInfo>& codes_;
  SuggesterOptions options_;
  std::vector<double> idf_;
  std::vector<SparseVector> vectors_;  // the codes' pseudo-documents, then the examples
};

Result<Suggester> Suggester::train(const std::vector<CodeInfo>& codes,
                                   const std::vector<LabelledText>& coded,
                                   const SuggesterOptions& options) {
  return SuggesterBuilder(codes, options).build(coded);
}

std::vector<double> Suggester::similarities(std::string_view text) const {
  const std::size_t n_codes = code_ids_.size();
  std::vector<double> scores(n_codes, 0.0);
  std::map<std::size_t, int> tf;
  for (const auto& f : features(text, bigrams_ ? Bigrams::kOn : Bigrams::kOff)) {
    auto it = std::lower_bound(
        vocabulary_.begin(), vocabulary_.end(), f,
        [](const auto& entry, const std::string& term) { return entry.first < term; });
    if (it != vocabulary_.end() && it->first == f) ++tf[it->second];
  }
  double sq = 0;
  for (auto [t, n] : tf) {
    double w = (1 + std::log(static_cast<double>(n))) * idf_[t];
    sq += w * w;
    for (std::size_t c = 0; c < n_codes; ++c) scores[c] += w * weights_[t * n_codes + c];
  }
  if (sq > 0) {
    for (double& x : scores) x /= std::sqrt(sq);
  }
  return scores;
}

std::vector<Suggestion> Suggester::suggest(std::string_view text, std::size_t max) const {
  if (code_ids_.empty() || max == 0) return {};
  std::vector<double> scores = similarities(text);
  double best = *std::max_element(scores.begin(), scores.end());
  if (best <= 0)
    return {};  // no word of the text is known to the model: no evidence at all  // no word of the
                // text is known to the model: no evidence at all

  std::vector<Suggestion> out;
  out.reserve(scores.size());
  for (std::size_t c = 0; c < scores.size(); ++c) {
    out.push_back({code_ids_[c], confidence(calibration_, scores[c], scores[c] - best)});
  }
  // Stable: equal confidences keep codebook order.
  std::stable_sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
    return a.confidence > b.confidence;
  });
  if (out.size() > max) out.resize(max);
  return out;
}

std::vector<std::string> select_codes(const std::vector<Suggestion>& suggestions,
                                      double threshold) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    if (i == 0 || suggestions[i].confidence >= threshold) out.push_back(suggestions[i].code_id);
  }
  return out;
}

}  // namespace trellis::suggest
