#include "storage/sql/jobs/job_lease_repository.h"
#include "storage/sql/query.h"

namespace trellis {

Result<bool> SqlJobLeaseRepository::acquire(const std::string& name, const std::string& holder,
                                            Timestamp now, Timestamp expires_at) {
  // One statement: insert the lease, or take it over when it expired or is already ours. Two
  // servers racing for it are ordered by the primary key; the loser's update finds the
  // winner's row with a later expiry and another holder, so its WHERE fails and no row comes
  // back.
  std::string got;
  try {
    Query q(ctx_.session,
            "INSERT INTO job_leases (name, holder, expires_at) VALUES (:name, :holder, "
            ":expires_at) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = "
            "excluded.expires_at WHERE job_leases.expires_at < :now OR job_leases.holder = "
            "excluded.holder RETURNING holder");
    q.into(got)
        .bind("name", name)
        .bind("holder", holder)
        .bind("expires_at", static_cast<long long>(expires_at))
        .bind("now", static_cast<long long>(now));
    return q.fetch_one() && got == holder;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "job_leases");
  }
}

Result<bool> SqlJobLeaseRepository::release(const std::string& name, const std::string& holder,
                                            Timestamp now) {
  std::string released;
  try {
    Query q(ctx_.session,
            "UPDATE job_leases SET expires_at = :now WHERE name = :name AND holder = :holder "
            "RETURNING name");
    q.into(released)
        .bind("now", static_cast<long long>(now))
        .bind("name", name)
        .bind("holder", holder);
    return q.fetch_one();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "job_leases");
  }
}

Result<JobLease> SqlJobLeaseRepository::find(const std::string& name) {
  JobLease lease;
  lease.name = name;
  long long expires_at = 0;
  try {
    Query q(ctx_.session, "SELECT holder, expires_at FROM job_leases WHERE name = :name");
    q.into(lease.holder).into(expires_at).bind("name", name);
    if (!q.fetch_one()) return Error::not_found("This job has never run.");
  } catch (const std::exception& e) {
    return ctx_.fail(e, "job_leases");
  }
  lease.expires_at = expires_at;
  return lease;
}

}  // namespace trellis
