#include "storage/sql/accounts/auth_repositories.h"
#include "storage/sql/query.h"

namespace trellis {
namespace {

// The three counters of one key, in the shape SOCI reads them.
struct ThrottleRow {
  long long failures = 0, last_failure_at = 0, locked_until = 0;

  void read_into(Query& q) { q.into(failures).into(last_failure_at).into(locked_until); }
  ThrottleState get(const std::string& key) const {
    ThrottleState s;
    s.key = key;
    s.failures = static_cast<int>(failures);
    s.last_failure_at = last_failure_at;
    s.locked_until = locked_until;
    return s;
  }
};

}  // namespace

Result<ThrottleState> SqlThrottleRepository::get(const std::string& key) {
  ThrottleRow row;  // stays zero when the key has no failures
  try {
    Query q(ctx_.session,
            "SELECT failures, last_failure_at, locked_until FROM sign_in_throttle "
            "WHERE throttle_key = :k");
    row.read_into(q);
    q.bind("k", key).fetch_one();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sign_in_throttle");
  }
  return row.get(key);
}

Result<ThrottleState> SqlThrottleRepository::record_failure(const std::string& key, Timestamp now,
                                                            Timestamp forget_before) {
  ThrottleRow row;
  try {
    // One statement, so concurrent failures on several app servers all count.
    Query q(ctx_.session,
            "INSERT INTO sign_in_throttle (throttle_key, failures, last_failure_at, locked_until) "
            "VALUES (:k, 1, :now, 0) ON CONFLICT (throttle_key) DO UPDATE SET "
            "failures = CASE WHEN sign_in_throttle.last_failure_at < :forget THEN 1 "
            "ELSE sign_in_throttle.failures + 1 END, last_failure_at = :now2 "
            "RETURNING failures, last_failure_at, locked_until");
    row.read_into(q);
    q.bind("k", key)
        .bind("now", static_cast<long long>(now))
        .bind("forget", static_cast<long long>(forget_before))
        .bind("now2", static_cast<long long>(now));
    q.fetch_one();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sign_in_throttle");
  }
  return row.get(key);
}

Status SqlThrottleRepository::set_locked_until(const std::string& key, Timestamp until) {
  try {
    Query(ctx_.session, "UPDATE sign_in_throttle SET locked_until = :u WHERE throttle_key = :k")
        .bind("u", static_cast<long long>(until))
        .bind("k", key)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sign_in_throttle");
  }
  return ok_status();
}

Status SqlThrottleRepository::clear(const std::string& key) {
  try {
    Query(ctx_.session, "DELETE FROM sign_in_throttle WHERE throttle_key = :k")
        .bind("k", key)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sign_in_throttle");
  }
  return ok_status();
}

}  // namespace trellis
