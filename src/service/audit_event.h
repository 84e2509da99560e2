// Building audit events. Services append one inside the same transaction as the change they
// record, so the log and the data cannot disagree.
#pragma once

#include <string>

#include "core/clock.h"
#include "domain/accounts/auth.h"
#include "domain/actor.h"

namespace trellis {

struct AuditTarget {
  std::string resource_type;  // "program", "cohort", "membership", "user", "session" …
  std::string resource_id;
  std::string program_id;  // empty for site-wide events
};

AuditEvent audit_event(const Actor& actor, const Clock& clock, std::string action,
                       AuditTarget target, std::string detail = {});

}  // namespace trellis
