// Leases of background jobs: a named row that one server holds at a time, so that a job runs
// on one of several servers sharing the database (ADR 17). A lease is taken with one atomic
// conditional statement, never a read followed by a write, and ends by itself at expires_at
// when its holder dies. Same conventions as repositories.h.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace trellis {

struct JobLease {
  std::string name;
  std::string holder;
  Timestamp expires_at = 0;
};

class JobLeaseRepository {
 public:
  virtual ~JobLeaseRepository() = default;
  // Takes lease `name` for `holder` until `expires_at` when nobody holds it (no row, or it
  // expired before `now`) or `holder` already does (then it is extended). True when the holder
  // has it afterwards, false when someone else does.
  virtual Result<bool> acquire(const std::string& name, const std::string& holder, Timestamp now,
                               Timestamp expires_at) = 0;
  // Gives the lease back (it expires at `now`) when `holder` still has it; false otherwise.
  virtual Result<bool> release(const std::string& name, const std::string& holder,
                               Timestamp now) = 0;
  // not_found when the lease was never taken.
  virtual Result<JobLease> find(const std::string& name) = 0;
};

}  // namespace trellis
