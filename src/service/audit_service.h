// AuditService: reading the audit log. Organizers read their own program's events; site
// administrators read any program's. Events are written by the services that act, inside
// their transactions (see audit_event.h); nothing changes or deletes them. Thread-safe.
#pragma once

#include <string>

#include "domain/actor.h"
#include "storage/accounts/auth_repositories.h"
#include "storage/store.h"

namespace trellis {

class AuditService {
 public:
  explicit AuditService(Store& store) : store_(store) {}

  Result<Page<AuditEvent>> list(const Actor& actor, const std::string& program_id,
                                const std::string& action_prefix, const PageRequest& page);

 private:
  Store& store_;
};

}  // namespace trellis
