#include "core/id.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "service/studies/coding_service.h"
#include "service/studies/study_service.h"
#include "storage/accounts/auth_repositories.h"

// CodingService, memos: on the study, on a code or on a segment's answer. The codes are in
// coding_service.cpp, segments in coding_segments.cpp.
namespace trellis {

Result<std::vector<Memo>> CodingService::memos(const Actor& actor, const std::string& study_id,
                                               const std::optional<std::string>& code_id) {
  std::vector<Memo> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    out = TRY(r.studies().codebook().list_memos(study_id, code_id));
    if (TRY(blinded(r, s, actor)))
      std::erase_if(out, [&](const Memo& m) { return m.author_id != actor.user_id; });
    return ok_status();
  }));
  return out;
}

Result<Memo> CodingService::create_memo(const Actor& actor, const std::string& study_id,
                                        const std::optional<std::string>& code_id,
                                        const std::string& text) {
  Memo m;
  m.id = new_id();
  m.study_id = study_id;
  m.code_id = code_id;
  m.author_id = actor.user_id;
  m.text = text;
  m.created_at = m.updated_at = clock_.now();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error::invalid("text is required.", "text");
  TRY(check_memo_text(text, "text"));
  TRY(store_.write([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    if (code_id) {
      TRY(code_of_study(r, study_id, *code_id, "code_id", "code_id"));
    }
    TRY(r.studies().codebook().insert_memo(m));
    return r.audit().append(
        audit_event(actor, clock_, "memo.create", {"memo", m.id, s.program_id}));
  }));
  return m;
}

Result<Memo> CodingService::update_memo(const Actor& actor, const std::string& memo_id,
                                        const std::string& text, long long version) {
  TRY(policy::require_signed_in(actor));
  TRY(check_memo_text(text, "text"));
  std::optional<Memo> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Memo m = TRY(r.studies().codebook().find_memo(memo_id));
    auto s = load_study_for_staff(r, actor, m.study_id);
    if (!s) return policy::as_hidden(s.error(), "memo");
    if (m.author_id != actor.user_id && TRY(blinded(r, *s, actor)))
      return Error::not_found("This memo does not exist.");
    if (m.version != version)
      return Error::conflict(
          "The memo changed since version " + std::to_string(version) + "; reload it.", "version");
    m.text = text;
    m.version = version + 1;
    m.updated_at = clock_.now();
    TRY(r.studies().codebook().update_memo(m));
    TRY(r.audit().append(audit_event(actor, clock_, "memo.update", {"memo", m.id, s->program_id})));
    out = std::move(m);
    return ok_status();
  }));
  return *out;
}

Status CodingService::delete_memo(const Actor& actor, const std::string& memo_id) {
  TRY(policy::require_signed_in(actor));
  return store_.write([&](Repositories& r) -> Status {
    Memo m = TRY(r.studies().codebook().find_memo(memo_id));
    auto s = load_study_for_staff(r, actor, m.study_id);
    if (!s) return policy::as_hidden(s.error(), "memo");
    if (m.author_id != actor.user_id && TRY(blinded(r, *s, actor)))
      return Error::not_found("This memo does not exist.");
    TRY(r.studies().codebook().remove_memo(memo_id));
    return r.audit().append(
        audit_event(actor, clock_, "memo.delete", {"memo", m.id, s->program_id}));
  });
}

}  // namespace trellis
