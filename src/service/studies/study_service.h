// StudyService: interview and survey studies: creating and running them, their instruments,
// respondents' answers (named or anonymous), one-time links for external respondents and who
// has responded. Staff (organizers, the cohort's analysts) run studies; the audience answers.
//
// Anonymous studies keep answers unlinkable to their authors (ADR 0011): an anonymous response
// has a random id, no user, no label, only the day; who responded is recorded apart; the audit
// event names neither the person nor the response; and answers can be read only once the study
// is closed (finally) and enough people responded, so nobody can tell a new answer apart by
// watching the list grow; participation is then a count, never names
// (domain/studies/study_privacy.h). Thread-safe (holds no state of its own).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/studies/study.h"
#include "domain/studies/study_privacy.h"
#include "domain/studies/study_templates.h"
#include "storage/store.h"
#include "storage/studies/study_repositories.h"

namespace trellis {

struct NewStudy {
  std::string title;
  std::string description;
  std::optional<std::string> cohort_id;
  StudyMode mode = StudyMode::kNamed;
  std::vector<Role> audience;
  bool external_respondents = false;
  Timestamp opens_at = 0;
  Timestamp closes_at = 0;
  bool blind_coding = false;
  std::string template_key;  // fills title, description, audience and questions left empty
  std::vector<Question> questions;
  bool seed_codebook = true;  // start the codebook from the framework and the extra codes
};

struct StudyPatch {
  std::optional<long long> version;  // when given, must equal the stored version (else 409)
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<StudyStatus> status;
  std::optional<Timestamp> opens_at;
  std::optional<Timestamp> closes_at;
  std::optional<bool> blind_coding;
  std::optional<std::vector<Role>> audience;
  std::optional<bool> external_respondents;
};

// One answer as a respondent sends it.
struct AnswerInput {
  std::string question_id;
  std::string text;
  std::vector<std::string> choices;
  int rating = 0;
};

// What the actor may do with a study, and whether they responded.
struct StudyView {
  Study study;
  bool can_run = false;     // staff: edit, read answers, code
  bool can_answer = false;  // in the audience, open, and not responded yet
  bool responded = false;
  long long responses = 0;  // staff only
  // Staff only, anonymous studies: whether the answers are readable yet, the threshold that
  // decides it, and that closing the study with responses is final.
  AnswerRelease answers = AnswerRelease::kReleased;
  int min_group_size = 0;
  bool closing_is_final = false;
};

struct ResponseView {
  StudyResponse response;
  std::vector<Answer> answers;
};

// The receipt of a submission. Anonymous: the day only, no id.
struct Submission {
  bool anonymous = false;
  std::optional<StudyResponse> response;  // named responses
  std::string submitted_on;
};

struct CreatedLink {
  StudyLink link;
  std::string secret;  // shown once
};

struct Participation {
  long long audience = 0;    // members holding an audience role
  long long responded = 0;   // of them, who responded
  long long links = 0;       // one-time links handed out
  long long links_used = 0;  // of them, used
  long long responses = 0;   // stored responses (transcripts included)
  struct Pending {
    std::string user_id;
    std::string display_name;
    std::string email;
  };
  bool names_people = true;            // false for anonymous studies: counts only
  std::vector<Pending> not_responded;  // for reminders; empty unless names_people
};

class StudyService {
 public:
  StudyService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<Study> create_study(const Actor& actor, const std::string& program_id, NewStudy input);
  Result<StudyView> get_study(const Actor& actor, const std::string& id);
  // Staff see every study of the program; others the studies whose audience they are in.
  Result<Page<Study>> list_studies(const Actor& actor, const std::string& program_id,
                                   const PageRequest& page);
  Result<Study> update_study(const Actor& actor, const std::string& id, const StudyPatch& patch);
  // Replaces the questions; conflict once the study has responses.
  Result<Study> replace_instrument(const Actor& actor, const std::string& id,
                                   std::vector<Question> questions,
                                   std::optional<long long> version);
  Status delete_study(const Actor& actor, const std::string& id);

  // A signed-in audience member answers, once.
  Result<Submission> submit(const Actor& actor, const std::string& study_id,
                            const std::vector<AnswerInput>& answers);
  Result<CreatedLink> create_link(const Actor& actor, const std::string& study_id,
                                  const std::string& label, const std::string& email);
  // The study a link answers (its questions), without signing in.
  Result<Study> preview_link(const std::string& secret);
  Result<Submission> submit_via_link(const std::string& secret,
                                     const std::vector<AnswerInput>& answers);

  Result<Page<ResponseView>> list_responses(const Actor& actor, const std::string& study_id,
                                            const PageRequest& page);
  Result<ResponseView> get_response(const Actor& actor, const std::string& response_id);
  Result<Participation> participation(const Actor& actor, const std::string& study_id);

 private:
  Result<Submission> store_submission(const Actor& actor, const Study& study,
                                      const std::vector<AnswerInput>& inputs, ResponseSource source,
                                      const std::string& group,
                                      const std::optional<StudyLink>& link);
  Store& store_;
  const Clock& clock_;
};

// Loads a study and checks that the actor may run it (staff). Used by the other study services.
Result<Study> load_study_for_staff(Repositories& r, const Actor& actor, const std::string& id);
// The qualities of the program's current framework version, or the default qualities when the
// program has none yet (its first use of the framework will store them as version 1).
Result<std::vector<Quality>> program_qualities(Repositories& r, const std::string& program_id);
// That the program exists and, when cohort_id is set, that the cohort belongs to it: where a new
// study is placed.
Status require_study_place(Repositories& r, const std::string& program_id,
                           const std::optional<std::string>& cohort_id);
// Whether staff may read the study's answers (domain/studies/study_privacy.h): always for a named
// study; for an anonymous one once it is closed and enough people responded.
Result<AnswerRelease> answers_released(Repositories& r, const Study& study);
// The same as an error (conflict on "status") when they may not.
Status require_answers_readable(Repositories& r, const Study& study);
// The group each answer of the study may show (small groups of an anonymous study merged).
Result<GroupDisclosure> group_disclosure(Repositories& r, const Study& study);
// Turns AnswerInputs into validated Answers (each question at most once, and with
// RequiredQuestions::kEnforce every required question answered). Errors name the field as
// "answers[i]".
enum class RequiredQuestions { kEnforce, kSkip };
Result<std::vector<Answer>> build_answers(const Study& study, const std::vector<AnswerInput>& in,
                                          bool anonymous,
                                          RequiredQuestions required = RequiredQuestions::kEnforce);

}  // namespace trellis
