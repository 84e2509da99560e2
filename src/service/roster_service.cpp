#include "service/roster_service.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/id.h"
#include "domain/policy.h"
#include "service/audit.h"
#include "service/passwords.h"
#include "storage/auth_repositories.h"

namespace trellis {
namespace {

constexpr char kDryRunRollback[] = "dry run: rolled back";

struct RosterRow {
  long line = 0;
  std::string email;
  std::string name;
  Role role = Role::kScholar;
  std::optional<std::string> stream_name;
};

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct Columns {
  int email = -1, name = -1, role = -1, stream = -1;
  std::size_t count = 0;
};

void add_problem(Error& e, long line, std::string field, std::string message) {
  e.details.push_back(ErrorDetail{line, std::move(field), std::move(message)});
}

Result<Columns> read_header(const CsvRecord& header, Error& problems) {
  Columns c;
  c.count = header.fields.size();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = lower_trimmed(header.fields[i]);
    int* slot = name == "email"                              ? &c.email
                : (name == "name" || name == "display_name") ? &c.name
                : name == "role"                             ? &c.role
                : name == "stream"                           ? &c.stream
                                                             : nullptr;
    if (!slot) {
      add_problem(problems, header.line, header.fields[i],
                  "unknown column; the columns are email, name, role and optionally stream");
    } else if (*slot >= 0) {
      add_problem(problems, header.line, name, "the column appears twice");
    } else {
      *slot = static_cast<int>(i);
    }
  }
  for (auto [slot, name] : {std::pair{c.email, "email"}, {c.name, "name"}, {c.role, "role"}})
    if (slot < 0) add_problem(problems, header.line, name, "required column is missing");
  return c;
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
  Columns cols = TRY(read_header(records.front(), problems));
  if (!problems.details.empty()) return problems;

  // Check every row on its own.
  std::vector<RosterRow> rows;
  std::set<std::pair<std::string, Role>> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& rec = records[i];
    if (rec.fields.size() != cols.count) {
      add_problem(problems, rec.line, "",
                  "the row has " + std::to_string(rec.fields.size()) + " columns; the header has " +
                      std::to_string(cols.count));
      continue;
    }
    RosterRow row;
    row.line = rec.line;
    bool ok = true;
    if (auto e = normalize_email(rec.fields[cols.email])) {
      row.email = *e;
    } else {
      add_problem(problems, rec.line, "email", e.error().message);
      ok = false;
    }
    if (auto n = clean_name(rec.fields[cols.name], "name")) {
      row.name = *n;
    } else {
      add_problem(problems, rec.line, "name", n.error().message);
      ok = false;
    }
    if (auto r = parse_role(lower_trimmed(rec.fields[cols.role]))) {
      row.role = *r;
    } else {
      add_problem(problems, rec.line, "role",
                  "unknown role '" + rec.fields[cols.role] +
                      "'; use scholar, mentor, support, organizer, alumnus or analyst");
      ok = false;
    }
    if (cols.stream >= 0) {
      std::string stream = std::string(rec.fields[cols.stream]);
      auto trimmed = clean_name(stream, "stream");
      if (trimmed) row.stream_name = *trimmed;
    }
    if (ok && row.stream_name && row.role != Role::kScholar && row.role != Role::kMentor) {
      add_problem(problems, rec.line, "stream", "only scholars and mentors belong to a stream");
      ok = false;
    }
    if (ok && !seen.insert({row.email, row.role}).second) {
      add_problem(problems, rec.line, "email",
                  "duplicate row: this person already appears with this role above");
      ok = false;
    }
    if (ok) rows.push_back(std::move(row));
  }

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
