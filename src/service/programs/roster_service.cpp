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

}  // namespace

Result<RosterReport> RosterService::import_csv(const Actor& actor, const std::string& cohort_id,
                                               std::string_view csv, ImportMode mode) {
  TRY(policy::require_signed_in(actor));
  if (csv.size() > kMaxRosterBytes)
    return Error::too_large("The roster file is larger than 2 MiB; split it into parts.");
  auto parsed = parse_csv(csv);
  if (!parsed) return parsed.error();
  std::vector<CsvRecord>& records = *parsed;
  if (records.empty()) return Error::invalid("The roster file is empty.");
  if (records.size() - 1 > kMaxRosterRows)
    return Error::too_large("The roster has more than 10,000 rows; split it into parts.");

  Error problems = Error::invalid("The roster has problems; nothing was imported.");
  auto read = read_roster(records, problems);
  if (!read) return problems;  // the header is wrong: no row could be read
  const std::vector<RosterRow>& rows = *read;

  RosterReport report;
  report.rows = static_cast<int>(records.size() - 1);
  auto run = [&](Repositories& r) -> Status {
    Cohort c = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_cohort(actor, c.program_id, c.id));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    std::map<std::string, std::string> stream_ids;  // name -> id
    for (const Stream& s : TRY(r.streams().list_by_cohort(cohort_id))) stream_ids[s.name] = s.id;
    Timestamp now = clock_.now();
    std::map<std::string, User> created;
    for (const RosterRow& row : rows) {
      std::optional<std::string> stream_id;
      if (row.stream_name) {
        auto it = stream_ids.find(*row.stream_name);
        if (it == stream_ids.end()) {
          add_problem(problems, row.line, "stream",
                      "unknown stream '" + *row.stream_name + "'; create it first");
          continue;
        }
        stream_id = it->second;
      }
      // Find or create the account.
      User u;
      if (auto known = created.find(row.email); known != created.end()) {
        u = known->second;
      } else if (auto found = r.users().find_by_email(row.email)) {
        u = *found;
      } else if (found.error().code == ErrorCode::kNotFound) {
        u.id = new_id_at(now);
        u.email = row.email;
        u.display_name = row.name;
        u.created_at = now;
        u.created_in_program_id = c.program_id;
        TRY(r.users().insert(u, std::string(kNoPasswordHash)));
        created[row.email] = u;
        ++report.accounts_created;
      } else {
        return found.error();
      }
      // Existing membership with the same role: unchanged, or a conflict if its stream differs.
      std::optional<Membership> existing;
      for (const Membership& m : TRY(r.memberships().list_by_user(u.id)))
        if (m.cohort_id == cohort_id && m.role == row.role) existing = m;
      if (existing) {
        if (existing->stream_id != stream_id) {
          add_problem(problems, row.line, "stream",
                      "this person already has this role in another stream of the cohort; "
                      "change it on the members page");
          continue;
        }
        ++report.unchanged;
        continue;
      }
      Membership m;
      m.id = new_id_at(now);
      m.user_id = u.id;
      m.cohort_id = cohort_id;
      m.role = row.role;
      m.stream_id = stream_id;
      m.created_at = now;
      TRY(r.memberships().insert(m));
      ++report.memberships_added;
    }
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
    // Still run the database checks (unknown streams, conflicts) so every problem is reported
    // at once; the transaction is rolled back whatever happens.
    auto checked = store_.write(run);
    if (!checked && checked.error().code != ErrorCode::kInvalid)
      return std::move(checked).error();  // not allowed, or the database failed
    std::stable_sort(problems.details.begin(), problems.details.end(),
                     [](const ErrorDetail& a, const ErrorDetail& b) { return a.line < b.line; });
    return problems;
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
