#include "domain/study_templates.h"

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
    t.push_back(std::move(mentor));

    StudyTemplate scholar;
    scholar.key = "scholar_self_perception";
    scholar.title = "What scholars feel they lack";
    scholar.description =
        "The mirror of the mentor interview: scholars say, in their own words, what they feel "
        "they most lack as researchers.";
    scholar.audience = {Role::kScholar};
    scholar.questions = {open_question(1, "What do you feel you most lack as a researcher?")};
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

std::vector<SeedCode> seed_codes(const std::vector<Quality>& framework) {
  std::vector<SeedCode> codes;
  std::size_t colour = 0;
  auto next_colour = [&] { return std::string(kPalette[colour++ % std::size(kPalette)]); };
  for (const Quality& q : framework) {
    if (q.retired) continue;
    codes.push_back({q.key, q.name, q.summary, next_colour()});
  }
  codes.push_back({"raw_intelligence", "Raw intelligence",
                   "Being smart enough, talent, IQ: ability seen as innate rather than learned.",
                   next_colour()});
  codes.push_back({"credentials", "Credentials (PhD)",
                   "Degrees, a PhD, a famous lab or publications as the missing ingredient.",
                   next_colour()});
  codes.push_back({"technical_knowledge", "Technical knowledge",
                   "Knowing more mathematics, theory or tools, as knowledge rather than practice.",
                   next_colour()});
  return codes;
}

}  // namespace trellis
