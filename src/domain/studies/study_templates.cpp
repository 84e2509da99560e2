#include "domain/studies/study_templates.h"

#include <set>

namespace trellis {
namespace {

Question open_question(int position, std::string prompt) {
  Question q;
  q.position = position;
  q.kind = QuestionKind::kOpenText;
  q.prompt = std::move(prompt);
  q.required = false;  // an interviewee may pass on a question
  return q;
}

// A palette that stays distinguishable on screen and in print (Tableau 10 and neighbours).
constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                    "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                    "#9c755f", "#bab0ac", "#1f77b4", "#8c564b"};

}  // namespace

const std::vector<StudyTemplate>& study_templates() {
  static const std::vector<StudyTemplate> templates = [] {
    std::vector<StudyTemplate> t;
    StudyTemplate mentor;
    mentor.key = "mentor_interview";
    mentor.title = "Mentor interview";
    mentor.description =
        "What experienced mentors saw in their most promising scholars, and what scholars lack. "
        "Ask for answers in the mentor's own words; follow up on examples.";
    mentor.audience = {Role::kMentor};
    mentor.questions = {
        open_question(1,
                      "Who were your most promising scholars, and what made them stand out? "
                      "Describe what they did, in your own words."),
        open_question(2, "What do most scholars lack?"),
        open_question(3, "What did your own scholars most lack?"),
    };
    mentor.question_keys = {"promising_scholars", std::string(kScholarsLackQuestion),
                            "own_scholars_lacked"};
    t.push_back(std::move(mentor));

    StudyTemplate scholar;
    scholar.key = "scholar_self_perception";
    scholar.title = "What scholars feel they lack";
    scholar.description =
        "The mirror of the mentor interview: scholars say, in their own words, what they feel "
        "they most lack as researchers.";
    scholar.audience = {Role::kScholar};
    scholar.questions = {open_question(1, "What do you feel you most lack as a researcher?")};
    scholar.question_keys = {std::string(kSelfLackQuestion)};
    t.push_back(std::move(scholar));
    return t;
  }();
  return templates;
}

const StudyTemplate* find_study_template(std::string_view key) {
  for (const StudyTemplate& t : study_templates())
    if (t.key == key) return &t;
  return nullptr;
}

const std::vector<SeedCode>& extra_seed_codes() {
  static const std::vector<SeedCode> codes = {
      {"raw_intelligence", "Raw intelligence",
       "Being smart, bright, clever, quick or gifted: intellect and brainpower seen as innate "
       "rather than learned, including the feeling of not being smart enough.",
       ""},
      {"credentials", "Credentials (PhD)",
       "Formal qualifications as the missing ingredient: a PhD or doctorate, degrees, a "
       "prestigious university or lab, publications on the CV, academic background and titles.",
       ""},
      {"technical_knowledge", "Technical knowledge",
       "General technical background, as knowledge rather than practice: mathematics, "
       "statistics, linear algebra, theory, programming and software engineering, computer "
       "science fundamentals.",
       ""},
      {"confidence", "Confidence and imposter feelings",
       "Self-belief or self-doubt: feeling like an impostor or a fraud, afraid of being wrong "
       "or judged, not feeling one belongs or deserves a place, holding back own opinions.",
       ""},
  };
  return codes;
}

std::string quality_code_description(const Quality& q) {
  std::string out = q.summary;
  auto add = [&](std::string_view label, const std::string& text) {
    if (text.empty()) return;
    if (!out.empty()) out += out.back() == '.' ? " " : ". ";
    out += label;
    out += text;
  };
  add("Low: ", q.levels[0]);
  add("Typical: ", q.levels[2]);
  add("High: ", q.levels[4]);
  return out;
}

std::vector<SeedCode> seed_codes(const std::vector<Quality>& framework) {
  std::vector<SeedCode> codes;
  std::size_t colour = 0;
  auto next_colour = [&] { return std::string(kPalette[colour++ % std::size(kPalette)]); };
  std::set<std::string> keys;
  for (const Quality& q : framework) {
    keys.insert(q.key);  // a retired quality's key is not reused by an extra code either
    if (q.retired) continue;
    codes.push_back({q.key, q.name, quality_code_description(q), next_colour()});
  }
  for (SeedCode extra : extra_seed_codes()) {
    if (keys.count(extra.key)) continue;  // the program made it a quality of its own
    extra.colour = next_colour();
    codes.push_back(std::move(extra));
  }
  return codes;
}

}  // namespace trellis
