// The job leases of storage/jobs/job_lease_repository.h in SQL both databases accept. Not
// thread-safe: one transaction, one thread.
#pragma once

#include "storage/jobs/job_lease_repository.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {

class SqlJobLeaseRepository final : public JobLeaseRepository {
 public:
  explicit SqlJobLeaseRepository(SqlContext& ctx) : ctx_(ctx) {}
  Result<bool> acquire(const std::string& name, const std::string& holder, Timestamp now,
                       Timestamp expires_at) override;
  Result<bool> release(const std::string& name, const std::string& holder, Timestamp now) override;
  Result<JobLease> find(const std::string& name) override;

 private:
  SqlContext& ctx_;
};

}  // namespace trellis
