#include "service/studies/study_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/id.h"
#include "core/secret.h"
#include "core/time_format.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "service/lookup.h"
#include "storage/accounts/auth_repositories.h"
#include "storage/assessments/assessment_repositories.h"

namespace trellis {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

bool in_audience(const Actor& actor, const Study& s) {
  return policy::in_study_audience(actor, s.cohort_id, s.audience);
}

// The respondent group of a member: the first audience role they hold in the cohort.
std::string audience_group(const Actor& actor, const Study& s) {
  for (Role role : s.audience)
    if (s.cohort_id && policy::holds(actor, *s.cohort_id, role))
      return std::string(role_name(role));
  return "external";
}

// Reads the study and decides whether the actor may see it at all: staff and the audience may;
// anyone else gets the same answer as for a study that does not exist.
Result<Study> load_visible(Repositories& r, const Actor& actor, const std::string& id) {
  TRY(policy::require_signed_in(actor));
  Study s = TRY(r.studies().study().find(id));
  TRY(policy::as_hidden(policy::can_read_program(actor, s.program_id), "study"));
  if (!policy::runs_studies(actor, s.program_id, s.cohort_id) && !in_audience(actor, s))
    return Error::not_found("This study does not exist.");
  return s;
}

std::vector<Question> with_fresh_ids(std::vector<Question> questions, const std::string& study_id) {
  for (std::size_t i = 0; i < questions.size(); ++i) {
    questions[i].id = new_id();
    questions[i].study_id = study_id;
    questions[i].position = static_cast<int>(i + 1);
  }
  return questions;
}

bool answered(const Answer& a) {
  return !a.text.empty() || !a.choices.empty() || a.rating != 0;
}

}  // namespace

Result<Study> load_study_for_staff(Repositories& r, const Actor& actor, const std::string& id) {
  TRY(policy::require_signed_in(actor));
  Study s = TRY(r.studies().study().find(id));
  TRY(policy::as_hidden(policy::can_read_program(actor, s.program_id), "study"));
  TRY(policy::can_run_study(actor, s.program_id, s.cohort_id, in_audience(actor, s)));
  return s;
}

Result<AnswerRelease> answers_released(Repositories& r, const Study& study) {
  if (study.mode != StudyMode::kAnonymous) return AnswerRelease::kReleased;
  const long long responses = TRY(r.studies().responses().count(study.id));
  const Program program = TRY(r.programs().find(study.program_id));
  return answer_release(study, responses, program.min_group_size);
}

Status require_answers_readable(Repositories& r, const Study& study) {
  if (study.mode != StudyMode::kAnonymous) return ok_status();
  const long long responses = TRY(r.studies().responses().count(study.id));
  const Program program = TRY(r.programs().find(study.program_id));
  return require_released(answer_release(study, responses, program.min_group_size), responses,
                          program.min_group_size);
}

Result<GroupDisclosure> group_disclosure(Repositories& r, const Study& study) {
  if (study.mode != StudyMode::kAnonymous) return GroupDisclosure{};
  const Program program = TRY(r.programs().find(study.program_id));
  return GroupDisclosure::of(study, TRY(r.studies().reports().group_sizes(study.id)),
                             program.min_group_size);
}

Result<std::vector<Answer>> build_answers(const Study& study, const std::vector<AnswerInput>& in,
                                          bool anonymous, RequiredQuestions required) {
  std::map<std::string, const Question*> questions;
  for (const Question& q : study.questions) questions[q.id] = &q;
  std::vector<Answer> out;
  std::set<std::string> seen;
  Error problems = Error::invalid("Some answers have problems; nothing was saved.");
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::string field = "answers[" + std::to_string(i) + "]";
    auto q = questions.find(in[i].question_id);
    if (q == questions.end()) {
      problems.details.push_back(
          {std::nullopt, field + ".question_id", "not a question of this study"});
      continue;
    }
    if (!seen.insert(in[i].question_id).second) {
      problems.details.push_back(
          {std::nullopt, field + ".question_id", "this question is answered twice"});
      continue;
    }
    Answer a;
    a.id = anonymous ? new_random_id() : new_id();
    a.study_id = study.id;
    a.question_id = in[i].question_id;
    a.anonymous = anonymous;
    a.text = in[i].text;
    a.choices = in[i].choices;
    a.rating = in[i].rating;
    const bool empty_open = q->second->kind == QuestionKind::kOpenText && a.text.empty() &&
                            a.choices.empty() && a.rating == 0;
    if (!empty_open) {
      if (auto valid = validate_answer(*q->second, a, field); !valid) {
        problems.details.push_back({std::nullopt, valid.error().field, valid.error().message});
        continue;
      }
    }
    if (answered(a)) out.push_back(std::move(a));
  }
  for (const Question& q : study.questions) {
    if (!q.required || required == RequiredQuestions::kSkip) continue;
    bool found =
        std::any_of(out.begin(), out.end(), [&](const Answer& a) { return a.question_id == q.id; });
    if (!found)
      problems.details.push_back(
          {std::nullopt, "answers", "question " + std::to_string(q.position) + " needs an answer"});
  }
  if (!problems.details.empty()) {
    if (problems.details.size() == 1) {
      problems.message = problems.details[0].message;
      problems.field = problems.details[0].field;
    }
    return problems;
  }
  return out;
}

Result<Study> StudyService::create_study(const Actor& actor, const std::string& program_id,
                                         NewStudy input) {
  TRY(policy::can_create_study(actor, program_id, input.cohort_id));
  Study s;
  s.id = new_id();
  s.program_id = program_id;
  s.cohort_id = input.cohort_id;
  if (!input.template_key.empty()) {
    const StudyTemplate* t = find_study_template(input.template_key);
    if (!t)
      return Error::invalid(
          "There is no template " + input.template_key + "; see GET /api/v1/study-templates.",
          "template");
    if (input.title.empty()) input.title = t->title;
    if (input.description.empty()) input.description = t->description;
    if (input.audience.empty() && input.cohort_id) input.audience = t->audience;
    if (input.questions.empty()) input.questions = t->questions;
    s.template_key = t->key;
  }
  s.title = input.title;
  s.description = input.description;
  s.mode = input.mode;
  s.audience = input.audience;
  s.external_respondents = input.external_respondents;
  s.opens_at = input.opens_at;
  s.closes_at = input.closes_at;
  s.blind_coding = input.blind_coding;
  s.status = StudyStatus::kDraft;
  s.created_by = actor.user_id;
  s.created_at = clock_.now();
  s.questions = with_fresh_ids(std::move(input.questions), s.id);
  if (auto title = clean_name(s.title, "title")) s.title = *title;
  TRY(validate_study(s));
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(require_study_place(r, program_id, s.cohort_id));
    TRY(r.studies().study().insert(s));
    if (input.seed_codebook) {
      Timestamp at = s.created_at;
      for (const SeedCode& seed : seed_codes(TRY(program_qualities(r, program_id)))) {
        Code c;
        c.id = new_id_at(at++);  // ids one millisecond apart keep the seed order
        c.study_id = s.id;
        c.name = seed.name;
        c.description = seed.description;
        c.colour = seed.colour;
        c.seed_key = seed.key;
        c.created_at = s.created_at;
        TRY(r.studies().codebook().insert(c));
      }
    }
    return r.audit().append(
        audit_event(actor, clock_, "study.create", {"study", s.id, program_id}));
  }));
  return s;
}

Status require_study_place(Repositories& r, const std::string& program_id,
                           const std::optional<std::string>& cohort_id) {
  TRY(r.programs().find(program_id));
  if (cohort_id) {
    auto c = r.cohorts().find(*cohort_id);
    if (!TRY(found(c)) || c->program_id != program_id)
      return Error::invalid("cohort_id does not name a cohort of this program.", "cohort_id");
  }
  return ok_status();
}

Result<std::vector<Quality>> program_qualities(Repositories& r, const std::string& program_id) {
  auto current = r.frameworks().find_latest(program_id);
  if (current) return std::move(current->qualities);
  if (current.error().code != ErrorCode::kNotFound) return current.error();
  return default_qualities();  // the program never opened its framework: version 1 to be
}

Result<StudyView> StudyService::get_study(const Actor& actor, const std::string& id) {
  StudyView v;
  TRY(store_.read([&](Repositories& r) -> Status {
    v.study = TRY(load_visible(r, actor, id));
    v.can_run = policy::runs_studies(actor, v.study.program_id, v.study.cohort_id);
    if (v.can_run) {
      v.responses = TRY(r.studies().responses().count(id));
      if (v.study.mode == StudyMode::kAnonymous) {
        v.min_group_size = TRY(r.programs().find(v.study.program_id)).min_group_size;
        v.answers = answer_release(v.study, v.responses, v.min_group_size);
        v.closing_is_final = true;
      }
    }
    if (in_audience(actor, v.study)) {
      v.responded = TRY(r.studies().study().has_participated(id, actor.user_id));
      v.can_answer = !v.responded && accepts_answers(v.study, clock_.now());
    }
    return ok_status();
  }));
  return v;
}

Result<Page<Study>> StudyService::list_studies(const Actor& actor, const std::string& program_id,
                                               const PageRequest& page) {
  TRY(policy::can_read_program(actor, program_id));
  Page<Study> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(r.programs().find(program_id));
    out = TRY(r.studies().study().list_by_program(program_id, page));
    return ok_status();
  }));
  std::erase_if(out.items, [&](const Study& s) {
    return !policy::runs_studies(actor, s.program_id, s.cohort_id) && !in_audience(actor, s);
  });
  return out;
}

Result<Study> StudyService::update_study(const Actor& actor, const std::string& id,
                                         const StudyPatch& patch) {
  std::optional<Study> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, id));
    if (patch.version && *patch.version != s.version)
      return Error::conflict(
          "The study changed since version " + std::to_string(*patch.version) + "; reload it.",
          "version");
    if (patch.title) s.title = TRY(clean_name(*patch.title, "title"));
    if (patch.description) s.description = *patch.description;
    if (patch.status) {
      TRY(check_status_change(s, *patch.status, TRY(r.studies().responses().count(id))));
      s.status = *patch.status;
    }
    if (patch.opens_at) s.opens_at = *patch.opens_at;
    if (patch.closes_at) s.closes_at = *patch.closes_at;
    if (patch.blind_coding) s.blind_coding = *patch.blind_coding;
    if (patch.audience) s.audience = *patch.audience;
    if (patch.external_respondents) s.external_respondents = *patch.external_respondents;
    TRY(validate_study(s));
    s.version += 1;
    TRY(r.studies().study().update(s));
    TRY(r.audit().append(audit_event(actor, clock_, "study.update", {"study", s.id, s.program_id},
                                     "status " + std::string(study_status_name(s.status)))));
    out = std::move(s);
    return ok_status();
  }));
  return *out;
}

Result<Study> StudyService::replace_instrument(const Actor& actor, const std::string& id,
                                               std::vector<Question> questions,
                                               std::optional<long long> version) {
  std::optional<Study> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, id));
    if (version && *version != s.version)
      return Error::conflict(
          "The study changed since version " + std::to_string(*version) + "; reload it.",
          "version");
    if (TRY(r.studies().responses().count(id)) > 0)
      return Error::conflict("The study has responses; its questions can no longer change.",
                             "questions");
    s.questions = with_fresh_ids(std::move(questions), s.id);
    TRY(validate_study(s));
    s.version += 1;
    TRY(r.studies().study().replace_questions(s.id, s.questions));
    TRY(r.studies().study().update(s));
    TRY(r.audit().append(
        audit_event(actor, clock_, "study.instrument", {"study", s.id, s.program_id})));
    out = std::move(s);
    return ok_status();
  }));
  return *out;
}

Status StudyService::delete_study(const Actor& actor, const std::string& id) {
  return store_.write([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, id));
    TRY(r.studies().study().remove(id));
    return r.audit().append(
        audit_event(actor, clock_, "study.delete", {"study", s.id, s.program_id}));
  });
}

Result<Submission> StudyService::store_submission(const Actor& actor, const Study& study,
                                                  const std::vector<AnswerInput>& inputs,
                                                  ResponseSource source, const std::string& group,
                                                  const std::optional<StudyLink>& link) {
  const Timestamp now = clock_.now();
  if (!accepts_answers(study, now))
    return Error::conflict("This study is not open for answers.", "status");
  const bool anonymous = study.mode == StudyMode::kAnonymous;
  std::vector<Answer> answers = TRY(build_answers(study, inputs, anonymous));
  if (answers.empty()) return Error::invalid("Send at least one answer.", "answers");

  StudyResponse response;
  response.study_id = study.id;
  response.anonymous = anonymous;
  response.respondent_group = group;
  response.source = source;
  if (anonymous) {
    // No day either: staff who watch on which day answers arrive could otherwise pick out the
    // answer of the one person who responded that day (ADR 11).
    response.id = new_random_id();
  } else {
    response.submitted_on = date_of(now);
    response.id = new_id_at(now);
    response.submitted_at = now;
    if (link) {
      response.respondent_label = link->label.empty() ? link->email : link->label;
    } else {
      response.respondent_user_id = actor.user_id;
      response.respondent_label = actor.display_name;
    }
  }
  for (Answer& a : answers) a.response_id = response.id;

  TRY(store_.write([&](Repositories& r) -> Status {
    if (link) {
      TRY(r.studies().study().mark_link_used(link->id));
    } else {
      if (TRY(r.studies().study().has_participated(study.id, actor.user_id)))
        return Error::conflict("You have already responded.", "respondent");
      TRY(r.studies().study().insert_participant(study.id, actor.user_id));
    }
    TRY(r.studies().responses().insert(response, answers));
    if (!anonymous) {
      return r.audit().append(
          audit_event(actor, clock_, "study.respond", {"response", response.id, study.program_id}));
    }
    TRY(r.studies().responses().reshuffle_anonymous(study.id));
    // The audit log says that an anonymous answer arrived, and nothing that could tie it to a
    // person or to a stored answer: no actor, address or request id, no response id, and only
    // the day (ADR 0011).
    AuditEvent e;
    e.at = now - now % kDayMs;
    e.id = new_id_at(e.at);
    e.action = "study.respond_anonymously";
    e.resource_type = "study";
    e.resource_id = study.id;
    e.program_id = study.program_id;
    return r.audit().append(e);
  }));
  Submission out;
  out.anonymous = anonymous;
  out.submitted_on = date_of(now);  // the respondent's own receipt; not stored
  if (!anonymous) out.response = response;
  return out;
}

Result<Submission> StudyService::submit(const Actor& actor, const std::string& study_id,
                                        const std::vector<AnswerInput>& answers) {
  std::optional<Study> study;
  TRY(store_.read([&](Repositories& r) -> Status {
    study = TRY(load_visible(r, actor, study_id));
    return ok_status();
  }));
  if (!in_audience(actor, *study)) return Error::forbidden("Only the study's audience answers it.");
  return store_submission(actor, *study, answers, ResponseSource::kForm,
                          audience_group(actor, *study), std::nullopt);
}

Result<CreatedLink> StudyService::create_link(const Actor& actor, const std::string& study_id,
                                              const std::string& label, const std::string& email) {
  CreatedLink out;
  out.secret = new_secret("tsl_");
  out.link.id = new_id();
  out.link.study_id = study_id;
  out.link.token_hash = secret_hash(out.secret);
  out.link.label = label;
  out.link.created_at = clock_.now();
  if (!email.empty()) out.link.email = TRY(normalize_email(email));
  if (!label.empty()) out.link.label = TRY(clean_name(label, "label"));
  TRY(store_.write([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    if (!s.external_respondents)
      return Error::invalid(
          "This study is not open to external respondents; set "
          "external_respondents first.",
          "external_respondents");
    TRY(r.studies().study().insert_link(out.link));
    return r.audit().append(
        audit_event(actor, clock_, "study.link", {"study", s.id, s.program_id}));
  }));
  return out;
}

Result<Study> StudyService::preview_link(const std::string& secret) {
  std::optional<Study> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    StudyLink link = TRY(r.studies().study().find_link_by_token_hash(secret_hash(secret)));
    if (link.used) return Error::conflict("This link was used already.");
    out = TRY(r.studies().study().find(link.study_id));
    return ok_status();
  }));
  return *out;
}

Result<Submission> StudyService::submit_via_link(const std::string& secret,
                                                 const std::vector<AnswerInput>& answers) {
  std::optional<StudyLink> link;
  std::optional<Study> study;
  TRY(store_.read([&](Repositories& r) -> Status {
    link = TRY(r.studies().study().find_link_by_token_hash(secret_hash(secret)));
    study = TRY(r.studies().study().find(link->study_id));
    return ok_status();
  }));
  if (link->used) return Error::conflict("This link was used already.");
  if (!study->external_respondents)
    return Error::not_found("This link is not valid; ask for a new one.");
  return store_submission(Actor::anonymous(), *study, answers, ResponseSource::kLink, "external",
                          link);
}

Result<Page<ResponseView>> StudyService::list_responses(const Actor& actor,
                                                        const std::string& study_id,
                                                        const PageRequest& page) {
  Page<ResponseView> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    TRY(require_answers_readable(r, s));
    const GroupDisclosure groups = TRY(group_disclosure(r, s));
    Page<StudyResponse> responses = TRY(r.studies().responses().list(study_id, page));
    out.next_cursor = responses.next_cursor;
    for (StudyResponse& resp : responses.items) {
      resp.respondent_group = groups.shown(resp.respondent_group);
      ResponseView v{std::move(resp), {}};
      v.answers = TRY(r.studies().responses().answers_of(v.response.id));
      out.items.push_back(std::move(v));
    }
    return ok_status();
  }));
  return out;
}

Result<ResponseView> StudyService::get_response(const Actor& actor,
                                                const std::string& response_id) {
  TRY(policy::require_signed_in(actor));
  ResponseView v;
  TRY(store_.read([&](Repositories& r) -> Status {
    v.response = TRY(r.studies().responses().find(response_id));
    Study s = TRY(r.studies().study().find(v.response.study_id));
    const bool own = !v.response.anonymous && v.response.respondent_user_id &&
                     *v.response.respondent_user_id == actor.user_id;
    if (!own) {
      TRY(policy::as_hidden(policy::can_read_program(actor, s.program_id), "response"));
      if (!policy::runs_studies(actor, s.program_id, s.cohort_id))
        return Error::not_found("This response does not exist.");
      TRY(require_answers_readable(r, s));
    }
    v.response.respondent_group = TRY(group_disclosure(r, s)).shown(v.response.respondent_group);
    v.answers = TRY(r.studies().responses().answers_of(response_id));
    return ok_status();
  }));
  return v;
}

Result<Participation> StudyService::participation(const Actor& actor, const std::string& study_id) {
  Participation p;
  TRY(store_.read([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    p.names_people = participation_names_people(s);
    std::vector<std::string> ids = TRY(r.studies().study().participants(study_id));
    std::set<std::string> responded(ids.begin(), ids.end());
    std::set<std::string> audience;
    if (s.cohort_id) {
      for (Role role : s.audience) {
        PageRequest page;
        page.limit = kMaxPageLimit;
        MembershipFilter filter;
        filter.role = role;
        for (;;) {
          Page<Membership> members =
              TRY(r.memberships().list_by_cohort(*s.cohort_id, filter, page));
          for (const Membership& m : members.items) {
            if (!audience.insert(m.user_id).second) continue;
            if (responded.count(m.user_id) || !p.names_people) continue;
            User u = TRY(r.users().find(m.user_id));
            p.not_responded.push_back({u.id, u.display_name, u.email});
          }
          if (members.next_cursor.empty()) break;
          page.after = members.next_cursor;
        }
      }
    }
    p.audience = static_cast<long long>(audience.size());
    p.responded = static_cast<long long>(
        std::count_if(audience.begin(), audience.end(),
                      [&](const std::string& u) { return responded.count(u); }));
    auto [links, used] = TRY(r.studies().study().count_links(study_id));
    p.links = links;
    p.links_used = used;
    p.responses = TRY(r.studies().responses().count(study_id));
    return ok_status();
  }));
  return p;
}

}  // namespace trellis
