// Measures code suggestions on the labelled statements (tests/data/suggest/statements.csv) and
// prints the Markdown tables of docs/suggestions.md.
//
//   trellis_suggest_eval [--data FILE]          figures on the held-out test split
//   trellis_suggest_eval --cv [--data FILE]     5-fold cross-validation inside the train split,
//                                               for choosing options without touching the test
//                                               split
//   trellis_suggest_eval --fit-default-calibration [--data FILE]
//                                               the cold-start confidence mapping, fitted on the
//                                               train split
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "domain/assessments/framework.h"
#include "domain/studies/study_templates.h"
#include "suggest/calibration.h"
#include "suggest/evaluation.h"
#include "suggest/suggester.h"

namespace {

using namespace trellis::suggest;

constexpr std::size_t kMaxSuggestions = 5;

// The codebook a new study of a program with the default framework starts with: the same seed
// codes (ids are their seed keys), so the figures describe what a study really gets.
std::vector<CodeInfo> default_codebook() {
  std::vector<CodeInfo> codes;
  for (const auto& seed : trellis::seed_codes(trellis::default_qualities()))
    codes.push_back({seed.key, seed.name, seed.description});
  return codes;
}

Suggester must_train(const std::vector<CodeInfo>& codes, const std::vector<LabelledText>& coded,
                     const SuggesterOptions& options = {}) {
  auto s = Suggester::train(codes, coded, options);
  if (!s) {
    std::cerr << "training failed: " << s.error().message << "\n";
    std::exit(1);
  }
  return std::move(s).value();
}

Evaluation run(const std::vector<CodeInfo>& codes, const Suggester& s,
               const std::vector<LabelledText>& set) {
  return evaluate(codes, set, [&](std::string_view t) { return s.suggest(t, kMaxSuggestions); });
}

// CPU time of this thread, in milliseconds: on a busy shared machine wall time mostly measures
// the other processes.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Median wall time of `runs` trainings, in milliseconds.
double train_ms(const std::vector<CodeInfo>& codes, const std::vector<LabelledText>& coded,
                int runs) {
  std::vector<double> times;
  for (int r = 0; r < runs; ++r) {
    double start = thread_cpu_ms();
    Suggester s = must_train(codes, coded);
    times.push_back(thread_cpu_ms() - start);
    if (s.example_count() == 0 && !coded.empty()) std::exit(1);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

int report(const std::vector<CodeInfo>& codes, const std::vector<LabelledText>& train,
           const std::vector<LabelledText>& test) {
  std::printf("Held-out test split: %zu statements; train split: %zu.\n\n", test.size(),
              train.size());
  std::printf("| model | coded examples | top-1 precision | macro-F1 |\n|---|---|---|---|\n");
  KeywordBaseline baseline(codes);
  Evaluation b = evaluate(codes, test,
                          [&](std::string_view t) { return baseline.suggest(t, kMaxSuggestions); });
  std::printf("| keyword baseline | 0 | %.3f | %.3f |\n", b.top1_precision, b.macro_f1);
  Evaluation cold = run(codes, must_train(codes, {}), test);
  std::printf("| suggester, descriptions only (cold start) | 0 | %.3f | %.3f |\n",
              cold.top1_precision, cold.macro_f1);
  constexpr unsigned kDraws = 5;
  for (double share : {0.10, 0.25, 0.50}) {
    double top1 = 0, f1 = 0, top1_min = 1, top1_max = 0, f1_min = 1, f1_max = 0;
    std::size_t n = 0;
    for (unsigned seed = 1; seed <= kDraws; ++seed) {
      auto part = nested_sample(train, share, seed);
      n = part.size();
      Evaluation e = run(codes, must_train(codes, part), test);
      top1 += e.top1_precision / kDraws;
      f1 += e.macro_f1 / kDraws;
      top1_min = std::min(top1_min, e.top1_precision);
      top1_max = std::max(top1_max, e.top1_precision);
      f1_min = std::min(f1_min, e.macro_f1);
      f1_max = std::max(f1_max, e.macro_f1);
    }
    std::printf(
        "| suggester, %.0f%% of train (mean of %u draws) | %zu | %.3f (%.3f–%.3f) | "
        "%.3f (%.3f–%.3f) |\n",
        share * 100, kDraws, n, top1, top1_min, top1_max, f1, f1_min, f1_max);
  }
  Suggester full = must_train(codes, train);
  Evaluation all = run(codes, full, test);
  std::printf("| suggester, 100%% of train | %zu | %.3f | %.3f |\n\n", train.size(),
              all.top1_precision, all.macro_f1);

  // Calibration: the confidence of the top suggestion against how often it is right, and the
  // Brier score over all (statement, code) pairs.
  std::printf(
      "| model | mean top-1 confidence | top-1 precision | Brier score (all codes) |\n"
      "|---|---|---|---|\n");
  for (const auto* which : {"descriptions only", "100% of train"}) {
    Suggester m = which[0] == 'd' ? must_train(codes, {}) : must_train(codes, train);
    double conf = 0, hits = 0, brier = 0;
    for (const auto& t : test) {
      auto out = m.suggest(t.text, codes.size());
      if (out.empty()) continue;
      conf += out[0].confidence;
      for (const auto& sg : out) {
        bool yes = std::find(t.code_ids.begin(), t.code_ids.end(), sg.code_id) != t.code_ids.end();
        brier += (sg.confidence - (yes ? 1.0 : 0.0)) * (sg.confidence - (yes ? 1.0 : 0.0));
        if (&sg == &out[0] && yes) hits += 1;
      }
    }
    double n = static_cast<double>(test.size());
    std::printf("| %s | %.3f | %.3f | %.4f |\n", which, conf / n, hits / n,
                brier / (n * static_cast<double>(codes.size())));
  }
  std::printf("\n");

  std::printf(
      "Per code, suggester on 100%% of train vs keyword baseline (F1 on the test split):\n\n");
  std::printf("| code | test support | suggester F1 | baseline F1 |\n|---|---|---|---|\n");
  for (std::size_t c = 0; c < codes.size(); ++c) {
    std::printf("| %s | %zu | %.3f | %.3f |\n", codes[c].id.c_str(), all.per_code[c].support,
                all.per_code[c].f1, b.per_code[c].f1);
  }

  // Timing. A study of a few thousand coded segments: pairs of training statements joined into
  // two-sentence segments carrying both statements' codes.
  std::vector<LabelledText> study;
  for (std::size_t i = 0; i < 3000; ++i) {
    const auto& a = train[i % train.size()];
    const auto& b2 = train[(i * 7 + 3) % train.size()];
    LabelledText seg{a.text + " " + b2.text, a.code_ids};
    seg.code_ids.insert(seg.code_ids.end(), b2.code_ids.begin(), b2.code_ids.end());
    study.push_back(std::move(seg));
  }
  constexpr int kRuns = 7;
  double t_train = train_ms(codes, train, kRuns);
  double t_study = train_ms(codes, study, kRuns);
  double t_cold = train_ms(codes, {}, kRuns);
  constexpr int kReps = 20;
  double start = thread_cpu_ms();
  std::size_t calls = 0;
  for (int r = 0; r < kReps; ++r) {
    for (const auto& t : test) {
      calls += full.suggest(t.text, kMaxSuggestions).empty() ? 0 : 1;
    }
  }
  double us_per_call =
      (thread_cpu_ms() - start) * 1000.0 / static_cast<double>(kReps * test.size());
  Suggester big = must_train(codes, study);
  start = thread_cpu_ms();
  for (int r = 0; r < kReps; ++r) {
    for (const auto& t : test) calls += big.suggest(t.text, kMaxSuggestions).empty() ? 0 : 1;
  }
  double us_per_call_big =
      (thread_cpu_ms() - start) * 1000.0 / static_cast<double>(kReps * test.size());
  std::printf("\n| CPU time (training: median of %d runs; one thread) | value |\n|---|---|\n",
              kRuns);
  std::printf("| train, descriptions only | %.2f ms |\n", t_cold);
  std::printf("| train, %zu coded statements | %.2f ms |\n", train.size(), t_train);
  std::printf("| train, %zu coded two-sentence segments | %.2f ms |\n", study.size(), t_study);
  std::printf("| suggest one statement (model of %zu statements) | %.1f µs |\n", train.size(),
              us_per_call);
  std::printf("| suggest one statement (model of %zu segments) | %.1f µs |\n", study.size(),
              us_per_call_big);
  std::printf("\nModel version of the 100%% model: %s (calibrated on the study: %s).\n",
              full.model_version().c_str(), full.calibrated_on_study() ? "yes" : "no");
  return calls == 0 ? 1 : 0;
}

// 5-fold cross-validation within the train split, for a small grid of options.
int cross_validate(const std::vector<CodeInfo>& codes, const std::vector<LabelledText>& train) {
  constexpr std::size_t kFolds = 5;
  std::printf("| description_weight | bigrams | CV top-1 | CV macro-F1 |\n|---|---|---|---|\n");
  Suggester cold = must_train(codes, {});
  Evaluation c =
      evaluate(codes, train, [&](std::string_view t) { return cold.suggest(t, kMaxSuggestions); });
  std::printf("| (descriptions only) | on | %.3f | %.3f |\n", c.top1_precision, c.macro_f1);
  for (double weight : {1.0, 3.0, 10.0, 20.0, 50.0}) {
    for (bool bigrams : {false, true}) {
      SuggesterOptions o;
      o.description_weight = weight;
      o.bigrams = bigrams;
      double top1 = 0, f1 = 0;
      for (std::size_t f = 0; f < kFolds; ++f) {
        std::vector<LabelledText> in, out;
        for (std::size_t i = 0; i < train.size(); ++i)
          (i % kFolds == f ? out : in).push_back(train[i]);
        Suggester s = must_train(codes, in, o);
        Evaluation e =
            evaluate(codes, out, [&](std::string_view t) { return s.suggest(t, kMaxSuggestions); });
        top1 += e.top1_precision / kFolds;
        f1 += e.macro_f1 / kFolds;
      }
      std::printf("| %.1f | %s | %.3f | %.3f |\n", weight, bigrams ? "on" : "off", top1, f1);
    }
  }
  return 0;
}

int fit_default_calibration(const std::vector<CodeInfo>& codes,
                            const std::vector<LabelledText>& train) {
  Suggester cold = must_train(codes, {});
  std::vector<CalibrationPoint> points;
  for (const auto& t : train) {
    std::vector<double> s = cold.similarities(t.text);
    double best = *std::max_element(s.begin(), s.end());
    for (std::size_t c = 0; c < codes.size(); ++c) {
      bool positive =
          std::find(t.code_ids.begin(), t.code_ids.end(), codes[c].id) != t.code_ids.end();
      points.push_back({s[c], s[c] - best, positive});
    }
  }
  ConfidenceMapping m = fit_confidence_mapping(points);
  std::printf("cold-start mapping: {%.2f, %.2f, %.2f}\n", m[0], m[1], m[2]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = TRELLIS_SUGGEST_DATA;
  std::string mode = "report";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--data" && i + 1 < argc) {
      data = argv[++i];
    } else if (a == "--cv" || a == "--fit-default-calibration") {
      mode = a;
    } else {
      std::cerr << "usage: trellis_suggest_eval [--cv | --fit-default-calibration] [--data FILE]\n";
      return 2;
    }
  }
  std::ifstream in(data, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << data << "\n";
    return 1;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  auto all = parse_labelled_statements(buf.str());
  if (!all) {
    std::cerr << all.error().message << "\n";
    return 1;
  }
  std::vector<CodeInfo> codes = default_codebook();
  std::vector<LabelledText> train = statements_of(*all, Split::kTrain);
  std::vector<LabelledText> test = statements_of(*all, Split::kTest);
  if (mode == "--cv") return cross_validate(codes, train);
  if (mode == "--fit-default-calibration") return fit_default_calibration(codes, train);
  return report(codes, train, test);
}
