#include "service/programs/roster_service.h"

#include <algorithm>
#include <map>

#include "core/csv.h"
#include "core/id.h"
#include "domain/policy.h"
#include "domain/programs/roster_import.h"
#include "service/accounts/passwords.h"
#include "service/audit_event.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace {

constexpr char kDryRunRollback[] = "dry run: rolled back";

void add_problem(Error& e, long line, std::string field, std::string message) {
  e.details.push_back(ErrorDetail{line, std::move(field), std::move(message)});
}

// The records of a roster file, header first. Errors: too_large, invalid (bad CSV, empty).
Result<std::vector<CsvRecord>> roster_records(std::string_view csv) {
  if (csv.size() > kMaxRosterBytes)
    return Error::too_large("The roster file is larger than 2 MiB; split it into parts.");
  std::vector<CsvRecord> records = TRY(parse_csv(csv));
  if (records.empty()) return Error::invalid("The roster file is empty.");
  if (records.size() - 1 > kMaxRosterRows)
    return Error::too_large("The roster has more than 10,000 rows; split it into parts.");
  return records;
}

// The rows had problems, and the database checks (unknown streams, conflicts) ran anyway so that
// every problem is reported at once; `checked`, their rolled-back run, adds its own to
// `problems` unless it was refused or the database failed.
Error all_problems(const Status& checked, Error problems) {
  if (!checked && checked.error().code != ErrorCode::kInvalid) return checked.error();
  std::stable_sort(problems.details.begin(), problems.details.end(),
                   [](const ErrorDetail& a, const ErrorDetail& b) { return a.line < b.line; });
  return problems;
}

// One import's work inside its transaction: each row's account and membership, problems
// collected so that every one is reported at once.
class RosterWriter {
 public:
  RosterWriter(Repositories& r, const Cohort& cohort, Timestamp now, MembershipListener* listener,
               RosterReport& report, Error& problems)
      : r_(r),
        cohort_(cohort),
        now_(now),
        listener_(listener),
        report_(report),
        problems_(problems) {}

  Status add_all(const std::vector<RosterRow>& rows) {
    for (const Stream& s : TRY(r_.streams().list_by_cohort(cohort_.id))) stream_ids_[s.name] = s.id;
    for (const RosterRow& row : rows) TRY(add(row));
    return ok_status();
  }

 private:
  Status add(const RosterRow& row) {
    std::optional<std::string> stream_id;
    if (row.stream_name) {
      auto it = stream_ids_.find(*row.stream_name);
      if (it == stream_ids_.end()) {
        add_problem(problems_, row.line, "stream",
                    "unknown stream '" + *row.stream_name + "'; create it first");
        return ok_status();
      }
      stream_id = it->second;
    }
    const User u = TRY(account(row));
    // Existing membership with the same role: unchanged, or a conflict if its stream differs.
    std::optional<Membership> existing;
    for (const Membership& m : TRY(r_.memberships().list_by_user(u.id)))
      if (m.cohort_id == cohort_.id && m.role == row.role) existing = m;
    if (existing) {
      if (existing->stream_id != stream_id)
        add_problem(problems_, row.line, "stream",
                    "this person already has this role in another stream of the cohort; "
                    "change it on the members page");
      else
        ++report_.unchanged;
      return ok_status();
    }
    Membership m;
    m.id = new_id_at(now_);
    m.user_id = u.id;
    m.cohort_id = cohort_.id;
    m.role = row.role;
    m.stream_id = stream_id;
    m.created_at = now_;
    TRY(r_.memberships().insert(m));
    if (listener_) TRY(listener_->membership_changed(r_, m, now_));
    ++report_.memberships_added;
    return ok_status();
  }

  // The row's account: made earlier in this import, already known, or created now.
  Result<User> account(const RosterRow& row) {
    if (auto known = created_.find(row.email); known != created_.end()) return known->second;
    auto found = r_.users().find_by_email(row.email);
    if (found || found.error().code != ErrorCode::kNotFound) return found;
    User u;
    u.id = new_id_at(now_);
    u.email = row.email;
    u.display_name = row.name;
    u.created_at = now_;
    u.created_in_program_id = cohort_.program_id;
    TRY(r_.users().insert(u, std::string(kNoPasswordHash)));
    created_[row.email] = u;
    ++report_.accounts_created;
    return u;
  }

  Repositories& r_;
  const Cohort& cohort_;
  const Timestamp now_;
  MembershipListener* listener_;  // may be null
  RosterReport& report_;
  Error& problems_;
  std::map<std::string, std::string> stream_ids_;  // name -> id
  std::map<std::string, User> created_;            // email -> account made by this import
};

}  // namespace

Result<RosterReport> RosterService::import_csv(const Actor& actor, const std::string& cohort_id,
                                               std::string_view csv, ImportMode mode) {
  TRY(policy::require_signed_in(actor));
  const std::vector<CsvRecord> records = TRY(roster_records(csv));
  Error problems = Error::invalid("The roster has problems; nothing was imported.");
  auto read = read_roster(records, problems);
  if (!read) return problems;  // the header is wrong: no row could be read

  RosterReport report;
  report.rows = static_cast<int>(records.size() - 1);
  auto run = [&](Repositories& r) -> Status {
    Cohort c = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_cohort(actor, c.program_id, c.id));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    TRY(RosterWriter(r, c, clock_.now(), listener_, report, problems).add_all(*read));
    if (!problems.details.empty()) return problems;  // rolls the whole import back
    // A dry run returns an error on purpose: it is the way to make write() roll back.
    if (mode == ImportMode::kDryRun) return Error::conflict(kDryRunRollback);
    return r.audit().append(
        audit_event(actor, clock_, "roster.import", {"cohort", cohort_id, c.program_id},
                    std::to_string(report.memberships_added) + " added, " +
                        std::to_string(report.accounts_created) + " accounts created, " +
                        std::to_string(report.unchanged) + " unchanged"));
  };
  if (!problems.details.empty()) {
    const Status checked = store_.write(run);  // before `problems` is handed over: run adds to it
    return all_problems(checked, std::move(problems));
  }
  auto done = store_.write(run);
  if (!done) {
    if (mode == ImportMode::kDryRun && done.error().code == ErrorCode::kConflict &&
        done.error().message == kDryRunRollback)
      return report;
    return std::move(done).error();
  }
  report.applied = true;
  return report;
}

}  // namespace trellis
