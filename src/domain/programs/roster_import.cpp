#include "domain/programs/roster_import.h"

#include <set>
#include <utility>

#include "domain/people.h"

namespace trellis {
namespace {

enum RosterColumn : std::size_t { kEmail, kName, kRole, kStream };

const std::vector<CsvColumn>& roster_columns() {
  static const std::vector<CsvColumn> columns = {
      {{"email"}, true}, {{"name", "display_name"}, true}, {{"role"}, true}, {{"stream"}, false}};
  return columns;
}

void add_problem(Error& e, long line, std::string field, std::string message) {
  e.details.push_back(ErrorDetail{line, std::move(field), std::move(message)});
}

// One row on its own; nullopt (with its problems added) when it is bad.
std::optional<RosterRow> read_row(const CsvRecord& rec, const CsvColumns& cols, Error& problems) {
  RosterRow row;
  row.line = rec.line;
  bool ok = true;
  if (auto e = normalize_email(cols.field(rec, kEmail))) {
    row.email = *e;
  } else {
    add_problem(problems, rec.line, "email", e.error().message);
    ok = false;
  }
  if (auto n = clean_name(cols.field(rec, kName), "name")) {
    row.name = *n;
  } else {
    add_problem(problems, rec.line, "name", n.error().message);
    ok = false;
  }
  if (auto r = parse_role(normalized_cell(cols.field(rec, kRole)))) {
    row.role = *r;
  } else {
    add_problem(problems, rec.line, "role",
                "unknown role '" + cols.field(rec, kRole) +
                    "'; use scholar, mentor, support, organizer, alumnus or analyst");
    ok = false;
  }
  if (cols.has(kStream))
    if (auto trimmed = clean_name(cols.field(rec, kStream), "stream")) row.stream_name = *trimmed;
  if (ok && row.stream_name && row.role != Role::kScholar && row.role != Role::kMentor) {
    add_problem(problems, rec.line, "stream", "only scholars and mentors belong to a stream");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return row;
}

}  // namespace

std::optional<std::vector<RosterRow>> read_roster(const std::vector<CsvRecord>& records,
                                                  Error& problems) {
  if (records.empty()) return std::nullopt;
  const std::size_t before = problems.details.size();
  CsvColumns cols = CsvColumns::map(records.front(), roster_columns(),
                                    "email, name, role and optionally stream", problems);
  if (problems.details.size() != before) return std::nullopt;
  std::vector<RosterRow> rows;
  std::set<std::pair<std::string, Role>> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& rec = records[i];
    if (!cols.check_width(rec, problems)) continue;
    auto row = read_row(rec, cols, problems);
    if (!row) continue;
    if (!seen.insert({row->email, row->role}).second) {
      add_problem(problems, rec.line, "email",
                  "duplicate row: this person already appears with this role above");
      continue;
    }
    rows.push_back(std::move(*row));
  }
  return rows;
}

}  // namespace trellis
