#include "service/audit_service.h"

#include <map>
#include <set>

#include "domain/policy.h"
#include "storage/assessments/assessment_repositories.h"

namespace trellis {
namespace {

// Names of the people and records of one program, looked up once per page. Only what belongs
// to the program is named, so the log shows nothing of other programs.
class Names {
 public:
  Names(Repositories& r, const std::string& program_id) : r_(r), program_id_(program_id) {}

  Result<std::string> person(const std::string& user_id) {
    if (user_id.empty()) return std::string();
    auto known = people_.find(user_id);
    if (known != people_.end()) return known->second;
    std::string name;
    auto user = r_.users().find(user_id);
    if (user && (user->is_admin || TRY(in_program(user_id)))) name = user->display_name;
    people_[user_id] = name;
    return name;
  }

  Result<std::string> record(const AuditEvent& e) {
    const std::string& type = e.resource_type;
    const std::string& id = e.resource_id;
    if (id.empty()) return std::string();
    if (type == "membership") {
      auto m = r_.memberships().find(id);
      if (!m) return std::string();  // removed since
      return person(m->user_id);
    }
    if (type == "user") return person(id);
    if (type == "session") return person(e.actor_user_id);
    if (type == "program") {
      auto p = r_.programs().find(id);
      return p && p->id == program_id_ ? p->name : std::string();
    }
    if (type == "cohort") {
      auto c = r_.cohorts().find(id);
      return c && c->program_id == program_id_ ? c->name : std::string();
    }
    if (type == "stream") {
      auto s = r_.streams().find(id);
      if (!s) return std::string();
      auto c = r_.cohorts().find(s->cohort_id);
      return c && c->program_id == program_id_ ? s->name : std::string();
    }
    if (type == "assessment_round") {
      auto round = r_.assessments().find_round(id);
      if (!round) return std::string();
      auto c = r_.cohorts().find(round->cohort_id);
      return c && c->program_id == program_id_ ? round->name : std::string();
    }
    if (type == "assessment") {
      auto a = r_.assessments().find_assignment(id);
      if (!a) return std::string();
      // Peers' assessments are named by their subject only, never by who rates.
      std::string subject = TRY(person(a->subject_id));
      if (subject.empty()) return std::string();
      return std::string(rater_kind_name(a->kind)) + " rating of " + subject;
    }
    return std::string();
  }

  Result<bool> is_peer_assessment(const std::string& id) {
    auto a = r_.assessments().find_assignment(id);
    if (!a) return a.error().code == ErrorCode::kNotFound ? Result<bool>(false) : a.error();
    return a->kind == RaterKind::kPeer;
  }

 private:
  Result<bool> in_program(const std::string& user_id) {
    for (const Grant& g : TRY(r_.memberships().list_grants(user_id)))
      if (g.program_id == program_id_) return true;
    return false;
  }

  Repositories& r_;
  const std::string& program_id_;
  std::map<std::string, std::string> people_;
};

}  // namespace

Result<Page<AuditEntry>> AuditService::list(const Actor& actor, const std::string& program_id,
                                            const std::string& action_prefix,
                                            const PageRequest& page) {
  TRY(policy::can_manage_program(actor, program_id));
  Page<AuditEntry> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(r.programs().find(program_id));
    Page<AuditEvent> events = TRY(r.audit().list(AuditQuery{program_id, action_prefix, page}));
    Names names(r, program_id);
    for (AuditEvent& e : events.items) {
      // Which peer saved or submitted is the peer's own business (access-control.md): the
      // log keeps it, the reader does not see it.
      if (e.resource_type == "assessment" && TRY(names.is_peer_assessment(e.resource_id))) {
        e.actor_user_id.clear();
        e.client_address.clear();
      }
      AuditEntry entry;
      entry.actor_name = TRY(names.person(e.actor_user_id));
      entry.resource_name = TRY(names.record(e));
      entry.event = std::move(e);
      out.items.push_back(std::move(entry));
    }
    out.next_cursor = std::move(events.next_cursor);
    return ok_status();
  }));
  return out;
}

}  // namespace trellis
