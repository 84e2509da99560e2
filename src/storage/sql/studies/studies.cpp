#include "storage/sql/paging.h"
#include "storage/sql/query.h"
#include "storage/sql/studies/study_repositories.h"
#include "storage/sql/studies/study_rows.h"

namespace trellis {
namespace {

constexpr const char* kColumns =
    "id, program_id, cohort_id, title, description, mode, audience, external_respondents, "
    "status, opens_at, closes_at, blind_coding, template, version, codebook_version, "
    "coding_version, created_by, created_at";

struct StudyRow {
  std::string id, program_id, cohort_id, title, description, mode, audience, status, template_key,
      created_by;
  soci::indicator cohort_null = soci::i_null;
  long long external = 0, opens_at = 0, closes_at = 0, blind = 0, version = 0, codebook_version = 0,
            coding_version = 0, created_at = 0;

  void read_into(Query& q) {
    q.into(id)
        .into(program_id)
        .into(cohort_id, cohort_null)
        .into(title)
        .into(description)
        .into(mode)
        .into(audience)
        .into(external)
        .into(status)
        .into(opens_at)
        .into(closes_at)
        .into(blind)
        .into(template_key)
        .into(version)
        .into(codebook_version)
        .into(coding_version)
        .into(created_by)
        .into(created_at);
  }
  Study to_study() const {
    Study s;
    s.id = id;
    s.program_id = program_id;
    if (cohort_null == soci::i_ok) s.cohort_id = cohort_id;
    s.title = title;
    s.description = description;
    s.mode = parse_study_mode(mode).value_or(StudyMode::kAnonymous);
    for (const std::string& r : split_lines(audience, ','))
      if (auto role = parse_role(r)) s.audience.push_back(*role);
    s.external_respondents = external != 0;
    s.status = parse_study_status(status).value_or(StudyStatus::kClosed);
    s.opens_at = opens_at;
    s.closes_at = closes_at;
    s.blind_coding = blind != 0;
    s.template_key = template_key;
    s.version = version;
    s.codebook_version = codebook_version;
    s.coding_version = coding_version;
    s.created_by = created_by;
    s.created_at = created_at;
    return s;
  }
};

std::string audience_text(const std::vector<Role>& audience) {
  std::vector<std::string> names;
  for (Role r : audience) names.emplace_back(role_name(r));
  return join_lines(names, ',');
}

Error study_not_found() {
  return Error::not_found("This study does not exist.");
}

}  // namespace

Status SqlStudyRepository::insert_questions(const std::string& study_id,
                                            const std::vector<Question>& questions) {
  for (const Question& q : questions) {
    Query(ctx_.session,
          "INSERT INTO study_questions (id, study_id, position, kind, prompt, options, required) "
          "VALUES (:id, :study_id, :position, :kind, :prompt, :options, :required)")
        .bind("id", q.id)
        .bind("study_id", study_id)
        .bind("position", static_cast<long long>(q.position))
        .bind("kind", std::string(question_kind_name(q.kind)))
        .bind("prompt", q.prompt)
        .bind("options", join_lines(q.options, '\n'))
        .bind("required", static_cast<long long>(q.required ? 1 : 0))
        .execute();
  }
  return ok_status();
}

Status SqlStudyRepository::insert(const Study& s) {
  try {
    Query(ctx_.session,
          "INSERT INTO studies (id, program_id, cohort_id, title, description, mode, audience, "
          "external_respondents, status, opens_at, closes_at, blind_coding, template, version, "
          "codebook_version, created_by, created_at) VALUES (:id, :program_id, :cohort_id, "
          ":title, :description, :mode, :audience, :external, :status, :opens_at, :closes_at, "
          ":blind, :template, :version, :codebook_version, :created_by, :created_at)")
        .bind("id", s.id)
        .bind("program_id", s.program_id)
        .bind("cohort_id", s.cohort_id)
        .bind("title", s.title)
        .bind("description", s.description)
        .bind("mode", std::string(study_mode_name(s.mode)))
        .bind("audience", audience_text(s.audience))
        .bind("external", static_cast<long long>(s.external_respondents ? 1 : 0))
        .bind("status", std::string(study_status_name(s.status)))
        .bind("opens_at", static_cast<long long>(s.opens_at))
        .bind("closes_at", static_cast<long long>(s.closes_at))
        .bind("blind", static_cast<long long>(s.blind_coding ? 1 : 0))
        .bind("template", s.template_key)
        .bind("version", s.version)
        .bind("codebook_version", s.codebook_version)
        .bind("created_by", s.created_by)
        .bind("created_at", static_cast<long long>(s.created_at))
        .execute();
    return insert_questions(s.id, s.questions);
  } catch (const std::exception& e) {
    return ctx_.fail(e, "studies");
  }
}

Result<Study> SqlStudyRepository::find(const std::string& id) {
  try {
    StudyRow row;
    Query q(ctx_.session, std::string("SELECT ") + kColumns + " FROM studies WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return study_not_found();
    Study s = row.to_study();
    Question qu;
    std::string kind, options;
    long long position = 0, required = 0;
    Query qq(ctx_.session,
             "SELECT id, position, kind, prompt, options, required FROM study_questions "
             "WHERE study_id = :id ORDER BY position");
    qq.into(qu.id).into(position).into(kind).into(qu.prompt).into(options).into(required);
    qq.bind("id", id);
    qq.for_each_row([&] {
      Question out = qu;
      out.study_id = id;
      out.position = static_cast<int>(position);
      out.kind = parse_question_kind(kind).value_or(QuestionKind::kOpenText);
      out.options = split_lines(options, '\n');
      out.required = required != 0;
      s.questions.push_back(std::move(out));
    });
    return s;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "studies");
  }
}

Status SqlStudyRepository::update(const Study& s) {
  try {
    std::string updated;
    Query q(ctx_.session,
            "UPDATE studies SET title = :title, description = :description, mode = :mode, "
            "audience = :audience, external_respondents = :external, status = :status, "
            "opens_at = :opens_at, closes_at = :closes_at, blind_coding = :blind, "
            "version = :version WHERE id = :id RETURNING id");
    q.into(updated)
        .bind("title", s.title)
        .bind("description", s.description)
        .bind("mode", std::string(study_mode_name(s.mode)))
        .bind("audience", audience_text(s.audience))
        .bind("external", static_cast<long long>(s.external_respondents ? 1 : 0))
        .bind("status", std::string(study_status_name(s.status)))
        .bind("opens_at", static_cast<long long>(s.opens_at))
        .bind("closes_at", static_cast<long long>(s.closes_at))
        .bind("blind", static_cast<long long>(s.blind_coding ? 1 : 0))
        .bind("version", s.version)
        .bind("id", s.id);
    if (!q.fetch_one()) return study_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "studies");
  }
  return ok_status();
}

Status SqlStudyRepository::replace_questions(const std::string& study_id,
                                             const std::vector<Question>& questions) {
  try {
    Query(ctx_.session, "DELETE FROM study_questions WHERE study_id = :id")
        .bind("id", study_id)
        .execute();
    return insert_questions(study_id, questions);
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_questions");
  }
}

Status SqlStudyRepository::remove(const std::string& id) {
  try {
    // Segments and answers reference each other through deferred keys; remove the dependants
    // first so the cascade from studies has nothing left to check.
    for (const char* table :
         {"study_segments", "study_suggestion_rejections", "study_answers", "study_responses"}) {
      Query(ctx_.session, std::string("DELETE FROM ") + table + " WHERE study_id = :id")
          .bind("id", id)
          .execute();
    }
    std::string removed;
    Query q(ctx_.session, "DELETE FROM studies WHERE id = :id RETURNING id");
    if (!q.into(removed).bind("id", id).fetch_one()) return study_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "studies");
  }
  return ok_status();
}

Result<Page<Study>> SqlStudyRepository::list_by_program(const std::string& program_id,
                                                        const PageRequest& page) {
  std::vector<Study> studies;
  try {
    StudyRow row;
    Query q(ctx_.session, std::string("SELECT ") + kColumns +
                              " FROM studies WHERE program_id = :program_id AND id > :after "
                              "ORDER BY id LIMIT :limit");
    row.read_into(q);
    q.bind("program_id", program_id).bind("after", page.after).bind("limit", fetch_limit(page));
    q.for_each_row([&] { studies.push_back(row.to_study()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "studies");
  }
  return make_page(std::move(studies), page);
}

Status SqlStudyRepository::advance_codebook_version(const std::string& study_id,
                                                    long long expected) {
  try {
    long long now_version = 0;
    Query q(ctx_.session,
            "UPDATE studies SET codebook_version = codebook_version + 1 "
            "WHERE id = :id AND codebook_version = :expected RETURNING codebook_version");
    q.into(now_version).bind("id", study_id).bind("expected", expected);
    if (!q.fetch_one())
      return Error::conflict("The codebook changed since version " + std::to_string(expected) +
                                 "; reload it and try again.",
                             "codebook_version");
  } catch (const std::exception& e) {
    return ctx_.fail(e, "studies");
  }
  return ok_status();
}

Status SqlStudyRepository::insert_participant(const std::string& study_id,
                                              const std::string& user_id) {
  try {
    Query(ctx_.session,
          "INSERT INTO study_participants (study_id, user_id) VALUES (:study_id, :user_id)")
        .bind("study_id", study_id)
        .bind("user_id", user_id)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_participants");
  }
  return ok_status();
}

Status SqlStudyRepository::remove_participant(const std::string& study_id,
                                              const std::string& user_id) {
  try {
    Query(ctx_.session,
          "DELETE FROM study_participants WHERE study_id = :study_id AND user_id = :user_id")
        .bind("study_id", study_id)
        .bind("user_id", user_id)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_participants");
  }
  return ok_status();
}

Result<bool> SqlStudyRepository::has_participated(const std::string& study_id,
                                                  const std::string& user_id) {
  try {
    long long n = 0;
    Query q(ctx_.session,
            "SELECT count(*) FROM study_participants WHERE study_id = :study_id AND "
            "user_id = :user_id");
    q.into(n).bind("study_id", study_id).bind("user_id", user_id).fetch_one();
    return n > 0;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_participants");
  }
}

Result<std::vector<std::string>> SqlStudyRepository::participants(const std::string& study_id) {
  std::vector<std::string> out;
  try {
    std::string user;
    Query q(ctx_.session,
            "SELECT user_id FROM study_participants WHERE study_id = :study_id ORDER BY user_id");
    q.into(user).bind("study_id", study_id);
    q.for_each_row([&] { out.push_back(user); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_participants");
  }
  return out;
}

Status SqlStudyRepository::insert_link(const StudyLink& l) {
  try {
    Query(ctx_.session,
          "INSERT INTO study_links (id, study_id, token_hash, label, email, used, created_at) "
          "VALUES (:id, :study_id, :token_hash, :label, :email, 0, :created_at)")
        .bind("id", l.id)
        .bind("study_id", l.study_id)
        .bind("token_hash", l.token_hash)
        .bind("label", l.label)
        .bind("email", l.email)
        .bind("created_at", static_cast<long long>(l.created_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_links");
  }
  return ok_status();
}

Result<StudyLink> SqlStudyRepository::find_link_by_token_hash(const std::string& token_hash) {
  try {
    StudyLink l;
    long long used = 0, created_at = 0;
    Query q(ctx_.session,
            "SELECT id, study_id, token_hash, label, email, used, created_at FROM study_links "
            "WHERE token_hash = :h");
    q.into(l.id)
        .into(l.study_id)
        .into(l.token_hash)
        .into(l.label)
        .into(l.email)
        .into(used)
        .into(created_at);
    if (!q.bind("h", token_hash).fetch_one())
      return Error::not_found("This link is not valid; ask for a new one.");
    l.used = used != 0;
    l.created_at = created_at;
    return l;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_links");
  }
}

Status SqlStudyRepository::mark_link_used(const std::string& id) {
  try {
    std::string updated;
    Query q(ctx_.session,
            "UPDATE study_links SET used = 1 WHERE id = :id AND used = 0 RETURNING id");
    if (!q.into(updated).bind("id", id).fetch_one())
      return Error::conflict("This link was used already.");
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_links");
  }
  return ok_status();
}

Result<std::pair<long long, long long>> SqlStudyRepository::count_links(
    const std::string& study_id) {
  try {
    long long total = 0, used = 0;
    Query q(ctx_.session,
            "SELECT count(*), COALESCE(SUM(used), 0) FROM study_links WHERE study_id = :id");
    q.into(total).into(used).bind("id", study_id).fetch_one();
    return std::pair{total, used};
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_links");
  }
}

}  // namespace trellis
