#include "service/audit_event.h"

#include "core/id.h"

namespace trellis {

AuditEvent audit_event(const Actor& actor, const Clock& clock, std::string action,
                       AuditTarget target, std::string detail) {
  AuditEvent e;
  e.at = clock.now();
  e.id = new_id_at(e.at);
  e.actor_user_id = actor.user_id;
  e.action = std::move(action);
  e.resource_type = std::move(target.resource_type);
  e.resource_id = std::move(target.resource_id);
  e.program_id = std::move(target.program_id);
  e.client_address = actor.client_address;
  e.request_id = actor.request_id;
  e.detail = std::move(detail);
  return e;
}

}  // namespace trellis
