#include "service/studies/transcript_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "core/id.h"
#include "core/time_format.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace {

constexpr std::size_t kBatch = 50;  // transcripts per transaction

void problem(Error& e, std::optional<long> line, std::string field, std::string message) {
  e.details.push_back({line, std::move(field), std::move(message)});
}

std::vector<AnswerInput> answer_inputs(const ParsedTranscript& t) {
  std::vector<AnswerInput> out;
  out.reserve(t.answers.size());
  for (const TranscriptAnswer& a : t.answers) out.push_back({a.question_id, a.text, {}, 0});
  return out;
}

std::string person_field(const ParsedTranscript& t) {
  const char* which = t.email.empty() ? "user_id" : "email";
  return t.field.empty() ? std::string(which) : t.field + "." + which;
}

// The first audience role the user holds in the study's cohort, if any.
std::optional<Role> audience_role(const Study& study, const std::vector<Membership>& memberships) {
  if (!study.cohort_id) return std::nullopt;
  for (Role role : study.audience)
    for (const Membership& m : memberships)
      if (m.cohort_id == *study.cohort_id && m.role == role) return role;
  return std::nullopt;
}

// Links each transcript that names a person (by e-mail or user id) to that audience member:
// the account must hold an audience role in the study's cohort and must not have responded
// yet, and nobody may be named twice. Fills in the label when it was left out and the group
// when none was given. Leaves the resolved id in user_id. Problems go to `problems`.
Status link_people(Repositories& r, const Study& study, std::vector<ParsedTranscript>& parsed,
                   Error& problems) {
  std::set<std::string> named;
  for (ParsedTranscript& t : parsed) {
    if (t.email.empty() && t.user_id.empty()) continue;
    const std::string field = person_field(t);
    const std::string who = t.email.empty() ? t.user_id : t.email;
    auto user = t.email.empty() ? r.users().find(t.user_id) : r.users().find_by_email(t.email);
    if (!user && user.error().code != ErrorCode::kNotFound) return user.error();
    std::optional<Role> role;
    if (user) role = audience_role(study, TRY(r.memberships().list_by_user(user->id)));
    if (!user || !role) {
      // The same words whether or not an account exists: the study's audience is what counts.
      problem(problems, t.line, field,
              who + " is not in this study's audience (a member of its cohort who answers it)");
      continue;
    }
    if (!t.email.empty() && !t.user_id.empty() && t.user_id != user->id) {
      problem(problems, t.line, field, "the e-mail and the user id name two different people");
      continue;
    }
    if (!named.insert(user->id).second) {
      problem(problems, t.line, field, who + " is named by two transcripts of this import");
      continue;
    }
    if (TRY(r.studies().study().has_participated(study.id, user->id))) {
      problem(problems, t.line, field,
              who +
                  " has already responded to this study (a form answer or an earlier "
                  "transcript); delete that one first");
      continue;
    }
    t.user_id = user->id;
    if (t.respondent.empty()) t.respondent = user->display_name;
    if (!t.group_given) t.group = std::string(role_name(*role));
  }
  return ok_status();
}

}  // namespace

TranscriptService::TranscriptService(Store& store, const Clock& clock)
    : store_(store), clock_(clock), worker_([this] { run_worker(); }) {}

TranscriptService::~TranscriptService() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void TranscriptService::run_worker() {
  for (;;) {
    std::function<void()> work;
    {
      MutexLock lock(mutex_);
      while (!stopping_ && queue_.empty()) wake_.wait(mutex_);
      if (queue_.empty()) return;  // stopping, nothing left
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
  }
}

Result<std::pair<Study, std::vector<ParsedTranscript>>> TranscriptService::check(
    const Actor& actor, const std::string& study_id, const TranscriptImportRequest& request) {
  std::optional<Study> study;
  TRY(store_.read([&](Repositories& r) -> Status {
    study = TRY(load_study_for_staff(r, actor, study_id));
    return ok_status();
  }));
  if (study->mode == StudyMode::kAnonymous)
    return Error::invalid(
        "Transcripts name their respondents; import them into a named study, not an anonymous "
        "one.",
        "mode");
  if (request.transcripts.size() > kMaxTranscripts)
    return Error::too_large("At most 10,000 transcripts per import; split the upload.");
  Error problems = Error::invalid("The transcripts have problems; nothing was imported.");
  std::vector<ParsedTranscript> parsed;
  if (request.csv) {
    parsed = parse_transcript_csv(*study, *request.csv, problems);
  } else {
    for (std::size_t i = 0; i < request.transcripts.size(); ++i)
      if (auto t = parse_transcript(*study, request.transcripts[i], i, problems))
        parsed.push_back(std::move(*t));
  }
  if (parsed.size() > kMaxTranscripts)
    return Error::too_large("At most 10,000 transcripts per import; split the upload.");
  TRY(store_.read([&](Repositories& r) { return link_people(r, *study, parsed, problems); }));
  std::set<std::string> labels;
  for (const ParsedTranscript& t : parsed)
    if (!labels.insert(t.respondent).second)
      problem(problems, t.line, t.field.empty() ? "respondent" : t.field + ".respondent",
              "\"" + t.respondent + "\" appears twice in this import");
  if (parsed.empty() && problems.details.empty())
    problem(problems, std::nullopt, "transcripts", "nothing to import");
  if (!problems.details.empty()) {
    if (problems.details.size() > 1000) {
      problems.details.resize(1000);
      problems.message += " (the first 1,000 problems are listed)";
    }
    return problems;
  }
  return std::pair{std::move(*study), std::move(parsed)};
}

Result<TranscriptImportReport> TranscriptService::write(
    const Actor& actor, const Study& study, const std::vector<ParsedTranscript>& transcripts,
    const std::function<void(long long)>& progress) {
  TranscriptImportReport report;
  std::vector<std::pair<std::string, std::string>> written;  // response, person (or "")
  auto undo = [&](Error error) -> Error {
    // Removes the batches already committed, so a failed import leaves nothing behind.
    auto removed = store_.write([&](Repositories& r) -> Status {
      for (const auto& [id, person] : written) {
        TRY(r.studies().responses().remove(id));
        if (!person.empty()) TRY(r.studies().study().remove_participant(study.id, person));
      }
      return ok_status();
    });
    if (!removed)
      spdlog::error("transcript import: could not remove {} partial responses of study {}: {}",
                    written.size(), study.id, removed.error().message);
    return error;
  };
  for (std::size_t from = 0; from < transcripts.size(); from += kBatch) {
    {
      MutexLock lock(mutex_);
      if (stopping_) return undo(Error::unavailable("The server stopped during the import."));
    }
    const std::size_t to = std::min(transcripts.size(), from + kBatch);
    std::vector<std::pair<std::string, std::string>> batch_ids;
    long long batch_answers = 0;
    auto done = store_.write([&](Repositories& r) -> Status {
      const Timestamp now = clock_.now();
      for (std::size_t i = from; i < to; ++i) {
        const ParsedTranscript& t = transcripts[i];
        StudyResponse response;
        response.id = new_id_at(now);
        response.study_id = study.id;
        response.respondent_label = t.respondent;
        response.respondent_group = t.group;
        if (!t.user_id.empty()) response.respondent_user_id = t.user_id;
        response.source = ResponseSource::kTranscript;
        response.submitted_on = date_of(now);
        response.submitted_at = now;
        std::vector<Answer> answers =
            TRY(build_answers(study, answer_inputs(t), false, RequiredQuestions::kSkip));
        for (Answer& a : answers) a.response_id = response.id;
        if (!t.user_id.empty()) {
          // Someone may have answered the form since the check; the participant row decides.
          if (TRY(r.studies().study().has_participated(study.id, t.user_id)))
            return Error::conflict(t.respondent + " responded to this study during the import.",
                                   "respondent");
          TRY(r.studies().study().insert_participant(study.id, t.user_id));
        }
        TRY(r.studies().responses().insert(response, answers));
        batch_ids.emplace_back(response.id, t.user_id);
        batch_answers += static_cast<long long>(answers.size());
      }
      return ok_status();
    });
    if (!done) return undo(std::move(done).error());
    written.insert(written.end(), batch_ids.begin(), batch_ids.end());
    report.transcripts += static_cast<long long>(batch_ids.size());
    report.answers += batch_answers;
    if (progress) progress(report.transcripts);
  }
  TRY(store_.write([&](Repositories& r) -> Status {
    return r.audit().append(audit_event(actor, clock_, "study.transcripts",
                                        {"study", study.id, study.program_id},
                                        std::to_string(report.transcripts) + " transcripts"));
  }));
  return report;
}

Result<TranscriptImportReport> TranscriptService::import_now(
    const Actor& actor, const std::string& study_id, const TranscriptImportRequest& request) {
  auto [study, parsed] = TRY(check(actor, study_id, request));
  return write(actor, study, parsed, nullptr);
}

Result<Job> TranscriptService::start_import(const Actor& actor, const std::string& study_id,
                                            TranscriptImportRequest request) {
  TRY(policy::require_signed_in(actor));
  if (!request.idempotency_key.empty()) {
    std::optional<Job> earlier;
    TRY(store_.read([&](Repositories& r) -> Status {
      auto found = r.studies().jobs().find_by_key(actor.user_id, request.idempotency_key);
      if (found) earlier = std::move(*found);
      return ok_status();
    }));
    if (earlier) {
      if (earlier->request_hash != request.request_hash || earlier->resource_id != study_id)
        return Error::conflict("This Idempotency-Key was used with another request.",
                               "Idempotency-Key");
      return *earlier;
    }
  }
  auto [study, parsed] = TRY(check(actor, study_id, request));
  Job job;
  job.id = new_id();
  job.program_id = study.program_id;
  job.kind = "transcript_import";
  job.resource_id = study.id;
  job.status = "queued";
  job.total = static_cast<long long>(parsed.size());
  job.created_by = actor.user_id;
  job.idempotency_key = request.idempotency_key;
  job.request_hash = request.request_hash;
  job.created_at = job.updated_at = clock_.now();
  TRY(store_.write([&](Repositories& r) { return r.studies().jobs().insert(job); }));

  auto work = [this, actor, study = std::move(study), parsed = std::move(parsed), job]() mutable {
    auto save = [&](const Job& j) {
      auto saved = store_.write([&](Repositories& r) { return r.studies().jobs().update(j); });
      if (!saved)
        spdlog::warn("job {}: could not record progress: {}", j.id, saved.error().message);
    };
    job.status = "running";
    job.updated_at = clock_.now();
    save(job);
    auto report = write(actor, study, parsed, [&](long long done) {
      job.done = done;
      job.updated_at = clock_.now();
      save(job);
    });
    job.updated_at = clock_.now();
    if (report) {
      job.status = "succeeded";
      job.done = report->transcripts;
      job.outcome = JobOutcome{report->transcripts, report->answers};
    } else {
      job.status = "failed";
      job.done = 0;
      spdlog::error("job {}: transcript import failed: {}", job.id, report.error().message);
      job.failure = report.error();
      job.failure->details.clear();  // a write failure has none worth keeping
    }
    save(job);
  };
  {
    MutexLock lock(mutex_);
    if (stopping_) return Error::unavailable("The server is stopping; try again.");
    queue_.push_back(std::move(work));
  }
  wake_.notify_one();
  return job;
}

Result<Job> TranscriptService::get_job(const Actor& actor, const std::string& job_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<Job> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Job job = TRY(r.studies().jobs().find(job_id));
    if (job.created_by != actor.user_id) {
      // Someone else's job is visible to the study's staff; to anyone else it does not exist.
      auto study = load_study_for_staff(r, actor, job.resource_id);
      if (!study && (study.error().code == ErrorCode::kNotFound ||
                     study.error().code == ErrorCode::kForbidden))
        return Error::not_found("This job does not exist.");
      TRY(std::move(study));
    }
    out = std::move(job);
    return ok_status();
  }));
  return *out;
}

}  // namespace trellis
