#include "service/audit_service.h"

#include "domain/policy.h"

namespace trellis {

Result<Page<AuditEvent>> AuditService::list(const Actor& actor, const std::string& program_id,
                                            const std::string& action_prefix,
                                            const PageRequest& page) {
  TRY(policy::can_manage_program(actor, program_id));
  Page<AuditEvent> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(r.programs().find(program_id));
    out = TRY(r.audit().list(AuditQuery{program_id, action_prefix, page}));
    return ok_status();
  }));
  return out;
}

}  // namespace trellis
