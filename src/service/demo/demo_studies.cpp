#include "service/demo/demo_studies.h"

#include <string>
#include <vector>

#include "core/utf8.h"
#include "service/studies/coding_service.h"
#include "service/studies/study_service.h"
#include "service/studies/transcript_service.h"

namespace trellis {
namespace {

// A passage of an answer and the code (by seed key) the analyst applied to it.
struct Coded {
  const char* passage;
  const char* code;
};

struct DemoAnswer {
  const char* text;
  std::vector<Coded> coding;
};

struct DemoInterview {
  const char* mentor;
  std::vector<DemoAnswer> answers;  // in question order
};

// Twelve mentors, interviewed live and entered as transcripts. Answers are short, in the
// mentors' own words, and varied: what they name is rarely raw intelligence.
// Long on purpose: a table of demo data.
const std::vector<DemoInterview>& interviews() {
  static const std::vector<DemoInterview> all = {
      {"Helen Park",
       {{"Amara. In week three her probing idea died and she had a new plan by Friday. She kept "
         "going without a clear direction and never went quiet on me.",
         {{"had a new plan by Friday", "resourcefulness"},
          {"kept going without a clear direction", "perseverance"}}},
        {"They wait far too long to ask for help. Two weeks stuck on a bug someone in the Slack "
         "could have fixed in ten minutes.",
         {{"wait far too long to ask for help", "help_seeking"}}},
        {"Mine lacked a map of the field: they could not say where their project sat among the "
         "main agendas.",
         {{"could not say where their project sat among the main agendas", "domain_models"}}}}},
      {"Kwame Mensah",
       {{"Chloé read everything: two or three papers a week, including the economics literature "
         "nobody else touched. And she wrote to the authors when a result did not replicate.",
         {{"read everything: two or three papers a week", "reading"},
          {"wrote to the authors when a result did not replicate", "resourcefulness"}}},
        {"Most of them lack stamina for the boring middle part, when nothing works and there is "
         "nothing to show.",
         {{"lack stamina for the boring middle part", "perseverance"}}},
        {"Concise updates. I got three pages when I needed three lines and the one bottleneck.",
         {{"Concise updates", "communication"}}}}},
      {"Laura Novak",
       {{"The best ones ran experiments fast. Yuki had a working eval harness on day two and "
         "good instincts about which prompts would break the model.",
         {{"had a working eval harness on day two", "ml_expertise"},
          {"good instincts about which prompts would break the model", "ml_expertise"}}},
        {"Asking for help early. They think it makes them look weak.",
         {{"Asking for help early", "help_seeking"}}},
        {"Looking after themselves. One burned out in week eight and lost a month.",
         {{"Looking after themselves", "wellbeing"}}}}},
      {"Ines Moreau",
       {{"Not the cleverest on paper. What set Daniel apart was that he leaned on the other "
         "scholars: he set up a weekly reading group and everyone in it got better.",
         {{"leaned on the other scholars", "peer_mentorship"},
          {"set up a weekly reading group", "peer_mentorship"}}},
        {"They lack a concrete picture of how research in the field actually gets done, which "
         "problems are open and who works on them.",
         {{"which problems are open and who works on them", "domain_models"}}},
        {"Mine lacked confidence to run the meeting. They waited for me to set the agenda.",
         {{"waited for me to set the agenda", "communication"}}}}},
      {"Samuel Okonkwo",
       {{"Fatima. She got stuck on a proof for a week and instead of stopping she emailed two "
         "people at other labs and found the lemma she needed.",
         {{"emailed two people at other labs", "resourcefulness"},
          {"instead of stopping", "perseverance"}}},
        {"Hands-on experience. Many have read about transformers but never trained one.",
         {{"never trained one", "ml_expertise"}}},
        {"They lacked the habit of reading outside their niche.",
         {{"reading outside their niche", "reading"}}}}},
      {"Margaret Lindqvist",
       {{"The ones who stood out kept a steady mood when results were bad. Sofia treated a "
         "negative result as information, not as a verdict on herself.",
         {{"kept a steady mood when results were bad", "wellbeing"},
          {"treated a negative result as information", "perseverance"}}},
        {"Knowing when to stop going it alone. They burn a week before they tell anyone.",
         {{"Knowing when to stop going it alone", "help_seeking"}}},
        {"Short, honest weekly updates that name the main problem.",
         {{"Short, honest weekly updates", "communication"}}}}},
      {"Rafael Costa",
       {{"Lukas asked for help the moment he was stuck, came to our 1:1 with a clear question "
         "and used my time well.",
         {{"asked for help the moment he was stuck", "help_seeking"},
          {"came to our 1:1 with a clear question", "communication"}}},
        {"A sense of which questions matter. They pick problems nobody in the field needs "
         "solved.",
         {{"A sense of which questions matter", "domain_models"}}},
        {"Persistence after the first dead end. Two of mine switched topics three times.",
         {{"Persistence after the first dead end", "perseverance"}}}}},
      {"Akiko Sato",
       {{"Jonah was resourceful: when our cluster was down he found free credits, borrowed a GPU "
         "from a friend and kept the project moving.",
         {{"found free credits, borrowed a GPU", "resourcefulness"}}},
        {"Peers. They compete instead of helping each other, and they all lose.",
         {{"compete instead of helping each other", "peer_mentorship"}}},
        {"Reading. Honestly they hardly read papers at all.",
         {{"they hardly read papers", "reading"}}}}},
      {"Thomas Becker",
       {{"Raw ability helps, sure, but Ravi stood out for endurance: three months of null "
         "results and he was still curious every Monday.",
         {{"Raw ability helps", "raw_intelligence"},
          {"three months of null results and he was still curious", "perseverance"}}},
        {"Practical ML skill, debugging a training run, reading loss curves.",
         {{"Practical ML skill", "ml_expertise"}}},
        {"Mine lacked a network. They did not know whom to ask.",
         {{"did not know whom to ask", "help_seeking"}}}}},
      {"Nadia Haddad",
       {{"Oliver wrote a one-paragraph update every Friday that made it obvious where he was "
         "stuck. I could help in minutes.",
         {{"one-paragraph update every Friday", "communication"}}},
        {"Looking after their health. Sleep goes first and the work follows.",
         {{"Looking after their health", "wellbeing"}}},
        {"They lacked the courage to ask senior people for help.",
         {{"courage to ask senior people for help", "help_seeking"}}}}},
      {"Peter Walsh",
       {{"Mateo had a concrete model of the alignment agendas and could explain where his work "
         "fit. He also read widely every week.",
         {{"concrete model of the alignment agendas", "domain_models"},
          {"read widely every week", "reading"}}},
        {"A PhD is not what they lack; most lack persistence and a habit of shipping small "
         "results.",
         {{"most lack persistence", "perseverance"}}},
        {"Technical depth in one or two tools, mostly.",
         {{"Technical depth in one or two tools", "technical_knowledge"}}}}},
      {"Grace Adeyemi",
       {{"Nina built friendships with the other scholars that became collaborations, and she "
         "asked for help without embarrassment.",
         {{"built friendships with the other scholars", "peer_mentorship"},
          {"asked for help without embarrassment", "help_seeking"}}},
        {"Resourcefulness when stuck: trying another angle, looking for related work.",
         {{"Resourcefulness when stuck", "resourcefulness"}}},
        {"Steadiness. The news cycle got to them and they lost focus for weeks.",
         {{"The news cycle got to them", "wellbeing"}}}}},
  };
  return all;
}

// Scholars' answers to "what do you feel you most lack", anonymous.
const std::vector<DemoAnswer>& self_perceptions() {
  static const std::vector<DemoAnswer> all = {
      {"Honestly, being smart enough. Everyone here seems quicker than me.",
       {{"being smart enough", "raw_intelligence"}}},
      {"A PhD. People take you seriously when you have one.", {{"A PhD", "credentials"}}},
      {"Technical knowledge: real analysis and more linear algebra.",
       {{"Technical knowledge", "technical_knowledge"}}},
      {"I am not as talented as the others in my stream.",
       {{"not as talented as the others", "raw_intelligence"}}},
      {"Credentials, mostly. I have no publications yet.",
       {{"Credentials, mostly", "credentials"}}},
      {"Knowledge of the latest architectures and the maths behind them.",
       {{"Knowledge of the latest architectures", "technical_knowledge"}}},
      {"Raw intelligence, and maybe the nerve to ask questions in public.",
       {{"Raw intelligence", "raw_intelligence"}, {"the nerve to ask questions", "help_seeking"}}},
      {"A doctorate and a famous lab on my CV.", {{"A doctorate and a famous lab", "credentials"}}},
      {"More ML engineering experience, training big models myself.",
       {{"training big models myself", "ml_expertise"}}},
      {"Being clever enough to have original ideas.",
       {{"Being clever enough", "raw_intelligence"}}},
      {"Deep technical knowledge in probability theory.",
       {{"Deep technical knowledge", "technical_knowledge"}}},
      {"Stamina when nothing works for weeks, and a PhD.",
       {{"Stamina when nothing works", "perseverance"}, {"a PhD", "credentials"}}},
  };
  return all;
}

Actor actor_for(Repositories& r, const std::string& user_id, Result<Actor>& out) {
  Actor a;
  a.kind = Actor::Kind::kUser;
  a.user_id = user_id;
  auto user = r.users().find(user_id);
  if (user) a.display_name = user->display_name;
  auto grants = r.memberships().list_grants(user_id);
  if (!grants) {
    out = grants.error();
    return a;
  }
  a.grants = *grants;
  out = a;
  return a;
}

Result<std::vector<Actor>> members_with_role(Store& store, const std::string& cohort_id,
                                             Role role) {
  std::vector<Actor> out;
  TRY(store.read([&](Repositories& r) -> Status {
    MembershipFilter filter;
    filter.role = role;
    PageRequest page;
    page.limit = kMaxPageLimit;
    Page<Membership> members = TRY(r.memberships().list_by_cohort(cohort_id, filter, page));
    for (const Membership& m : members.items) {
      Result<Actor> actor = Error::internal("unset");
      actor_for(r, m.user_id, actor);
      out.push_back(TRY(std::move(actor)));
    }
    return ok_status();
  }));
  return out;
}

// Applies the coding of one answer: each passage is found in the text and coded at its
// code-point offsets.
Status code_answer(CodingService& coding, const Actor& analyst, const Answer& answer,
                   const std::vector<Coded>& coded, const Codebook& book) {
  for (const Coded& c : coded) {
    const std::size_t at = answer.text.find(c.passage);
    if (at == std::string::npos)
      return Error::internal(std::string("demo passage not found: ") + c.passage);
    NewSegments s;
    s.start = static_cast<long long>(count_code_points(answer.text.substr(0, at)));
    s.end = s.start + static_cast<long long>(count_code_points(c.passage));
    for (const CodeView& v : book.codes)
      if (v.code.seed_key == c.code) s.code_ids.push_back(v.code.id);
    if (s.code_ids.empty()) return Error::internal(std::string("demo code not found: ") + c.code);
    TRY(coding.create_segments(analyst, answer.id, s));
  }
  return ok_status();
}

}  // namespace

// Long on purpose: one demo script, step after step, read top to bottom.
Status load_demo_studies(Store& store, const Clock& clock, const Program& program,
                         const Cohort& cohort) {
  const Actor system = Actor::system();
  StudyService studies(store, clock);
  CodingService coding(store, clock);
  TranscriptService transcripts(store, clock);
  std::vector<Actor> analysts = TRY(members_with_role(store, cohort.id, Role::kAnalyst));
  std::vector<Actor> scholars = TRY(members_with_role(store, cohort.id, Role::kScholar));
  if (analysts.empty()) return Error::internal("the demo cohort has no analyst");
  const Actor& analyst = analysts.front();

  // The mentor interview: a dozen mentors, held live, entered as Markdown transcripts.
  NewStudy interview;
  interview.template_key = "mentor_interview";
  interview.title = "Mentor interviews, winter 2027";
  interview.cohort_id = cohort.id;
  Study mentors = TRY(studies.create_study(analyst, program.id, interview));
  std::vector<Actor> cohort_mentors = TRY(members_with_role(store, cohort.id, Role::kMentor));
  TranscriptImportRequest request;
  for (const DemoInterview& i : interviews()) {
    TranscriptInput t;
    t.respondent = i.mentor;
    t.group = "mentor";
    // The interviewees who mentor in this cohort: their transcript is their response.
    for (const Actor& m : cohort_mentors)
      if (m.display_name == i.mentor) t.user_id = m.user_id;
    t.format = TranscriptFormat::kMarkdown;
    for (std::size_t q = 0; q < i.answers.size(); ++q)
      t.text += "## " + std::to_string(q + 1) + "\n" + i.answers[q].text + "\n\n";
    request.transcripts.push_back(std::move(t));
  }
  TRY(transcripts.import_now(analyst, mentors.id, request));
  StudyPatch closed;
  closed.status = StudyStatus::kClosed;
  TRY(studies.update_study(system, mentors.id, closed));
  {
    Codebook book = TRY(coding.codebook(analyst, mentors.id));
    std::vector<StudyResponse> responses;
    std::vector<Answer> answers;
    TRY(store.read([&](Repositories& r) -> Status {
      responses = TRY(r.studies().responses().responses_of_study(mentors.id));
      answers = TRY(r.studies().responses().answers_of_study(mentors.id));
      return ok_status();
    }));
    for (const DemoInterview& i : interviews()) {
      for (const StudyResponse& resp : responses) {
        if (resp.respondent_label != i.mentor) continue;
        for (std::size_t q = 0; q < i.answers.size(); ++q) {
          const std::string& question = mentors.questions[q].id;
          for (const Answer& a : answers)
            if (a.response_id == resp.id && a.question_id == question)
              TRY(code_answer(coding, analyst, a, i.answers[q].coding, book));
        }
      }
    }
    TRY(coding.set_finished(analyst, mentors.id, true));
    TRY(coding.create_memo(analyst, mentors.id, std::nullopt,
                           "Mentors almost never name intelligence. Perseverance, asking for help "
                           "and resourcefulness come up in nearly every interview; compare with "
                           "the scholars' self-perception study."));
  }

  // The scholars' self-perception question, anonymous: each scholar answers once.
  NewStudy mirror;
  mirror.template_key = "scholar_self_perception";
  mirror.cohort_id = cohort.id;
  mirror.mode = StudyMode::kAnonymous;
  Study self = TRY(studies.create_study(analyst, program.id, mirror));
  StudyPatch open;
  open.status = StudyStatus::kOpen;
  TRY(studies.update_study(system, self.id, open));
  const auto& perceptions = self_perceptions();
  for (std::size_t i = 0; i < scholars.size() && i < perceptions.size(); ++i) {
    AnswerInput a;
    a.question_id = self.questions.front().id;
    a.text = perceptions[i].text;
    TRY(studies.submit(scholars[i], self.id, {a}));
  }
  TRY(studies.update_study(system, self.id, closed));
  {
    Codebook book = TRY(coding.codebook(analyst, self.id));
    std::vector<Answer> answers;
    TRY(store.read([&](Repositories& r) -> Status {
      answers = TRY(r.studies().responses().answers_of_study(self.id));
      return ok_status();
    }));
    for (const Answer& a : answers)
      for (const DemoAnswer& p : perceptions)
        if (a.text == p.text) TRY(code_answer(coding, analyst, a, p.coding, book));
    TRY(coding.set_finished(analyst, self.id, true));
  }
  return ok_status();
}

}  // namespace trellis
