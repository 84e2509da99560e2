// The repository interfaces: everything services may ask of storage, one interface per
// aggregate, in domain types only. Implementations live in sql/ (shared SQL over SOCI) and are
// handed out by a Store inside a transaction (see store.h).
//
// Conventions:
//  - find* returns Error::not_found when there is no such row, never an empty value.
//  - insert* lets the schema's UNIQUE and FOREIGN KEY constraints decide; a violation comes back
//    as Error::conflict (duplicate) or Error::invalid (missing reference) naming the field.
//  - list* pages by id (ids are UUIDv7, so id order is creation order).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/actor.h"
#include "domain/people.h"

namespace trellis {

inline constexpr int kDefaultPageLimit = 50;
inline constexpr int kMaxPageLimit = 200;

struct PageRequest {
  int limit = kDefaultPageLimit;  // 1..kMaxPageLimit
  std::string after;              // return items with id > after; empty for the first page
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // id of the last item when more may follow; empty at the end
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // Conflict on field "email" when the (lower-cased) email is taken.
  virtual Status insert(const User& user, const std::string& password_hash) = 0;
  virtual Result<User> find(const std::string& id) = 0;
  virtual Result<User> find_by_email(const std::string& email) = 0;
  virtual Result<std::string> password_hash(const std::string& user_id) = 0;
  virtual Status set_password_hash(const std::string& user_id, const std::string& hash) = 0;
  // Updates display_name, is_admin and disabled.
  virtual Status update(const User& user) = 0;
  virtual Status record_sign_in(const std::string& user_id, Timestamp at) = 0;
  virtual Result<Page<User>> list(const PageRequest& page) = 0;
  virtual Result<long long> count() = 0;
};

class ProgramRepository {
 public:
  virtual ~ProgramRepository() = default;
  virtual Status insert(const Program& program) = 0;  // conflict on "name"
  virtual Result<Program> find(const std::string& id) = 0;
  virtual Result<Program> find_by_name(const std::string& name) = 0;
  // name, description, min_group_size, show_mentor_ratings_to_scholars
  virtual Status update(const Program& program) = 0;
  virtual Result<Page<Program>> list(const PageRequest& page) = 0;
};

class CohortRepository {
 public:
  virtual ~CohortRepository() = default;
  virtual Status insert(const Cohort& cohort) = 0;  // conflict on "name" within the program
  virtual Result<Cohort> find(const std::string& id) = 0;
  virtual Status update(const Cohort& cohort) = 0;
  virtual Result<Page<Cohort>> list_by_program(const std::string& program_id,
                                               const PageRequest& page) = 0;
};

class StreamRepository {
 public:
  virtual ~StreamRepository() = default;
  virtual Status insert(const Stream& stream) = 0;  // conflict on "name" within the cohort
  virtual Result<Stream> find(const std::string& id) = 0;
  virtual Status update(const Stream& stream) = 0;
  virtual Result<std::vector<Stream>> list_by_cohort(const std::string& cohort_id) = 0;
};

struct MembershipFilter {
  std::optional<Role> role;
  std::optional<std::string> stream_id;
};

class MembershipRepository {
 public:
  virtual ~MembershipRepository() = default;
  // Conflict when the user already holds that role in that cohort.
  virtual Status insert(const Membership& membership) = 0;
  virtual Result<Membership> find(const std::string& id) = 0;
  virtual Status remove(const std::string& id) = 0;
  // Changes role and stream_id; conflict on "role" when the user already holds the new role in
  // the cohort.
  virtual Status update(const Membership& membership) = 0;
  virtual Result<Page<Membership>> list_by_cohort(const std::string& cohort_id,
                                                  const MembershipFilter& filter,
                                                  const PageRequest& page) = 0;
  virtual Result<std::vector<Membership>> list_by_user(const std::string& user_id) = 0;
  // The user's roles with their cohorts' programs: what the access policy needs.
  virtual Result<std::vector<Grant>> list_grants(const std::string& user_id) = 0;
};

// Declared in storage/accounts/auth_repositories.h.
class SessionRepository;
class ApiTokenRepository;
class OneTimeLinkRepository;
class ThrottleRepository;
class AuditRepository;
// Declared in storage/assessments/assessment_repositories.h.
class FrameworkRepository;
class AssessmentRepository;
class AssessmentReportRepository;
// Declared in storage/studies/study_repositories.h.
class StudyRepositories;
// Declared in storage/checkins/checkin_repositories.h.
class CheckinRepositories;
// Declared in storage/jobs/job_lease_repository.h.
class JobLeaseRepository;

// The repositories of one open transaction.
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual UserRepository& users() = 0;
  virtual ProgramRepository& programs() = 0;
  virtual CohortRepository& cohorts() = 0;
  virtual StreamRepository& streams() = 0;
  virtual MembershipRepository& memberships() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual ApiTokenRepository& api_tokens() = 0;
  virtual OneTimeLinkRepository& links() = 0;
  virtual ThrottleRepository& throttle() = 0;
  virtual AuditRepository& audit() = 0;
  virtual FrameworkRepository& frameworks() = 0;
  virtual AssessmentRepository& assessments() = 0;
  virtual AssessmentReportRepository& assessment_reports() = 0;
  virtual StudyRepositories& studies() = 0;
  virtual CheckinRepositories& checkins() = 0;
  virtual JobLeaseRepository& job_leases() = 0;
};

}  // namespace trellis
