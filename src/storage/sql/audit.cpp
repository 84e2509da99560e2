#include "storage/sql/accounts/auth_repositories.h"
#include "storage/sql/paging.h"
#include "storage/sql/query.h"

namespace trellis {

Status SqlAuditRepository::append(const AuditEvent& e) {
  try {
    Query(ctx_.session,
          "INSERT INTO audit_events (id, at, actor_user_id, action, resource_type, resource_id, "
          "program_id, client_address, request_id, detail) VALUES (:id, :at, :actor, :action, "
          ":rtype, :rid, :program, :client, :request, :detail)")
        .bind("id", e.id)
        .bind("at", static_cast<long long>(e.at))
        .bind("actor", e.actor_user_id)
        .bind("action", e.action)
        .bind("rtype", e.resource_type)
        .bind("rid", e.resource_id)
        .bind("program", e.program_id)
        .bind("client", e.client_address)
        .bind("request", e.request_id)
        .bind("detail", e.detail)
        .execute();
  } catch (const std::exception& ex) {
    return ctx_.fail(ex, "audit_events");
  }
  return ok_status();
}

Result<Page<AuditEvent>> SqlAuditRepository::list(const AuditQuery& query) {
  std::vector<AuditEvent> rows;
  try {
    AuditEvent e;
    long long at = 0;
    // Newest first: the cursor is the last (oldest) id of the previous page.
    Query q(
        ctx_.session,
        "SELECT id, at, actor_user_id, action, resource_type, resource_id, program_id, "
        "client_address, request_id, detail FROM audit_events WHERE (program_id = :program "
        "OR (program_id = '' AND action LIKE 'session.%' AND actor_user_id IN ("
        "SELECT m.user_id FROM memberships m JOIN cohorts c ON c.id = m.cohort_id "
        "WHERE c.program_id = :program2))) "
        "AND (:after = '' OR id < :after2) AND action LIKE :prefix ESCAPE '\\' ORDER BY id DESC "
        "LIMIT :limit");
    q.into(e.id).into(at).into(e.actor_user_id).into(e.action).into(e.resource_type);
    q.into(e.resource_id).into(e.program_id).into(e.client_address).into(e.request_id);
    q.into(e.detail);
    std::string prefix;
    for (char c : query.action_prefix) {
      if (c == '%' || c == '_' || c == '\\') prefix.push_back('\\');  // literally, not a pattern
      prefix.push_back(c);
    }
    q.bind("program", query.program_id)
        .bind("program2", query.program_id)
        .bind("after", query.page.after)
        .bind("after2", query.page.after)
        .bind("prefix", prefix + "%")
        .bind("limit", fetch_limit(query.page));
    q.for_each_row([&] {
      e.at = at;
      rows.push_back(e);
    });
  } catch (const std::exception& ex) {
    return ctx_.fail(ex, "audit_events");
  }
  return make_page(std::move(rows), query.page);
}

}  // namespace trellis
