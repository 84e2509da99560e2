#include "suggest/evaluation.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/csv.h"
#include "suggest/text.h"

namespace trellis::suggest {

Result<std::vector<LabelledStatement>> parse_labelled_statements(std::string_view csv) {
  auto records = TRY(parse_csv(csv));
  if (records.empty() || records[0].fields != std::vector<std::string>{"text", "codes", "split"}) {
    return Error::invalid("The first line must be the header text,codes,split.");
  }
  std::vector<LabelledStatement> out;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    auto bad = [&](std::string message) {
      Error e = Error::invalid("Line " + std::to_string(rec.line) + ": " + message);
      e.details.push_back({rec.line, "", std::move(message)});
      return e;
    };
    if (rec.fields.size() != 3) return bad("expected 3 fields");
    LabelledStatement s;
    s.statement.text = rec.fields[0];
    std::string_view codes = rec.fields[1];
    while (!codes.empty()) {
      auto semi = codes.find(';');
      std::string_view code = codes.substr(0, semi);
      if (!code.empty()) s.statement.code_ids.emplace_back(code);
      codes = semi == std::string_view::npos ? std::string_view{} : codes.substr(semi + 1);
    }
    if (s.statement.code_ids.empty()) return bad("no code");
    if (rec.fields[2] == "train") {
      s.split = Split::kTrain;
    } else if (rec.fields[2] == "test") {
      s.split = Split::kTest;
    } else {
      return bad("split must be train or test");
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<LabelledText> statements_of(const std::vector<LabelledStatement>& all, Split split) {
  std::vector<LabelledText> out;
  for (const auto& s : all) {
    if (s.split == split) out.push_back(s.statement);
  }
  return out;
}

std::vector<LabelledText> nested_sample(const std::vector<LabelledText>& set, double share,
                                        unsigned seed) {
  std::vector<std::size_t> order(set.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Fisher-Yates with the engine's raw output: std::shuffle and the distributions may differ
  // between standard libraries, the engine may not.
  std::mt19937 rng(seed);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
  auto count = static_cast<std::size_t>(std::lround(share * static_cast<double>(set.size())));
  count = std::min(count, set.size());
  std::vector<LabelledText> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(set[order[i]]);
  return out;
}

KeywordBaseline::KeywordBaseline(const std::vector<CodeInfo>& codes) {
  for (const auto& c : codes) {
    code_ids_.push_back(c.id);
    std::vector<std::string> k = content_stems(c.name + " " + c.description);
    std::erase(k, "not");  // a negation says nothing about which code
    std::sort(k.begin(), k.end());
    k.erase(std::unique(k.begin(), k.end()), k.end());
    keywords_.push_back(std::move(k));
  }
}

std::vector<Suggestion> KeywordBaseline::suggest(std::string_view text, std::size_t max) const {
  std::vector<std::string> stems = content_stems(text);
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  std::vector<std::pair<std::size_t, std::size_t>> hits;  // (matched keywords, code)
  for (std::size_t c = 0; c < code_ids_.size(); ++c) {
    std::size_t n = 0;
    for (const auto& s : stems)
      n += std::binary_search(keywords_[c].begin(), keywords_[c].end(), s);
    if (n > 0) hits.emplace_back(n, c);
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Suggestion> out;
  for (auto [n, c] : hits) {
    if (out.size() == max) break;
    out.push_back({code_ids_[c], 1.0});
  }
  return out;
}

Evaluation evaluate(const std::vector<CodeInfo>& codes, const std::vector<LabelledText>& set,
                    const Predictor& predict, double threshold) {
  Evaluation ev;
  ev.statements = set.size();
  struct Counts {
    std::size_t tp = 0, fp = 0, fn = 0;
  };
  std::vector<Counts> counts(codes.size());
  auto index_of = [&](const std::string& id) {
    for (std::size_t c = 0; c < codes.size(); ++c) {
      if (codes[c].id == id) return c;
    }
    return codes.size();
  };
  std::size_t top1_hits = 0;
  for (const auto& item : set) {
    auto has = [&](const std::string& id) {
      return std::find(item.code_ids.begin(), item.code_ids.end(), id) != item.code_ids.end();
    };
    std::vector<Suggestion> suggestions = predict(item.text);
    if (!suggestions.empty() && has(suggestions[0].code_id)) ++top1_hits;
    std::vector<std::string> chosen = select_codes(suggestions, threshold);
    for (const auto& id : chosen) {
      std::size_t c = index_of(id);
      if (c == codes.size()) continue;
      if (has(id)) {
        ++counts[c].tp;
      } else {
        ++counts[c].fp;
      }
    }
    for (const auto& id : item.code_ids) {
      std::size_t c = index_of(id);
      if (c == codes.size()) continue;
      if (std::find(chosen.begin(), chosen.end(), id) == chosen.end()) ++counts[c].fn;
    }
  }
  ev.top1_precision = set.empty() ? 0 : static_cast<double>(top1_hits) / set.size();
  double f1_sum = 0;
  std::size_t f1_codes = 0;
  for (std::size_t c = 0; c < codes.size(); ++c) {
    const auto& k = counts[c];
    CodeScore s{codes[c].id, k.tp + k.fn, 0, 0, 0};
    if (k.tp + k.fp > 0) s.precision = static_cast<double>(k.tp) / (k.tp + k.fp);
    if (k.tp + k.fn > 0) s.recall = static_cast<double>(k.tp) / (k.tp + k.fn);
    if (s.precision + s.recall > 0) {
      s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
    }
    if (k.tp + k.fp + k.fn > 0) {
      f1_sum += s.f1;
      ++f1_codes;
    }
    ev.per_code.push_back(std::move(s));
  }
  ev.macro_f1 = f1_codes == 0 ? 0 : f1_sum / f1_codes;
  return ev;
}

}  // namespace trellis::suggest
