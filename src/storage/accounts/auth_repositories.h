// Repository interfaces for sessions, API tokens, one-time links, login throttling and the
// audit log. Same conventions as repositories.h.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "domain/accounts/auth.h"
#include "storage/repositories.h"

namespace trellis {

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Status insert(const Session& session) = 0;
  virtual Result<Session> find_by_token_hash(const std::string& token_hash) = 0;
  virtual Result<std::vector<Session>> list_by_user(const std::string& user_id) = 0;
  virtual Status touch(const std::string& id, Timestamp last_seen_at) = 0;
  virtual Status remove(const std::string& id) = 0;
  virtual Status remove_all_for_user(const std::string& user_id) = 0;
  // Removes sessions whose absolute lifetime ended or that were idle since before idle_cutoff.
  virtual Result<long long> remove_expired(Timestamp now, Timestamp idle_cutoff) = 0;
};

class ApiTokenRepository {
 public:
  virtual ~ApiTokenRepository() = default;
  virtual Status insert(const ApiToken& token) = 0;
  virtual Result<ApiToken> find_by_token_hash(const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> list_by_user(const std::string& user_id) = 0;
  virtual Status touch(const std::string& id, Timestamp last_used_at) = 0;
  // Not found unless the token belongs to that user.
  virtual Status remove(const std::string& user_id, const std::string& id) = 0;
};

class OneTimeLinkRepository {
 public:
  virtual ~OneTimeLinkRepository() = default;
  virtual Status insert(const OneTimeLink& link) = 0;
  virtual Result<OneTimeLink> find_by_token_hash(const std::string& token_hash) = 0;
  // Marks the link used; conflict when it was used already (so it works exactly once, even
  // when two requests race).
  virtual Status mark_used(const std::string& id, Timestamp at) = 0;
  virtual Result<std::vector<OneTimeLink>> list_invitations(const std::string& cohort_id) = 0;
};

class ThrottleRepository {
 public:
  virtual ~ThrottleRepository() = default;
  // The state for the key; a zero state (failures 0) when there is none.
  virtual Result<ThrottleState> get(const std::string& key) = 0;
  // Atomically counts one more failure at `now` (starting again from 1 when the last failure
  // was before forget_before) and returns the new state. Safe across several app servers.
  virtual Result<ThrottleState> record_failure(const std::string& key, Timestamp now,
                                               Timestamp forget_before) = 0;
  virtual Status set_locked_until(const std::string& key, Timestamp until) = 0;
  virtual Status clear(const std::string& key) = 0;
};

struct AuditQuery {
  std::string program_id;     // required: organizers read their own program's log
  std::string action_prefix;  // optional filter, e.g. "member."
  PageRequest page;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual Status append(const AuditEvent& event) = 0;
  // The program's events and the site-wide session events (sign-in, sign-out) of the
  // program's members, newest first; the cursor is the id of the last item (ids sort by time).
  virtual Result<Page<AuditEvent>> list(const AuditQuery& query) = 0;
};

}  // namespace trellis
