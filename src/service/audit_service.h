// AuditService: reading the audit log. Organizers read their own program's events, with the
// sign-ins and sign-outs of the program's members; site administrators read any program's.
// Events are written by the services that act, inside their transactions (see
// audit_event.h); nothing changes or deletes them. Thread-safe.
#pragma once

#include <string>

#include "domain/actor.h"
#include "storage/accounts/auth_repositories.h"
#include "storage/store.h"

namespace trellis {

// An event with the names a reader needs: who acted and what record it concerned, where the
// record still exists and belongs to the program (empty otherwise: the id stays).
struct AuditEntry {
  AuditEvent event;
  std::string actor_name;
  std::string resource_name;
};

class AuditService {
 public:
  explicit AuditService(Store& store) : store_(store) {}

  Result<Page<AuditEntry>> list(const Actor& actor, const std::string& program_id,
                                const std::string& action_prefix, const PageRequest& page);

 private:
  Store& store_;
};

}  // namespace trellis
