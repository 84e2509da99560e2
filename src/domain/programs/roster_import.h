// Reading a roster file (CSV: email, name, role and optionally stream; one row per person and
// role) into checked rows. Pure: whether a stream exists or a person is already a member is the
// roster service's business. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/csv.h"
#include "domain/role.h"

namespace trellis {

struct RosterRow {
  long line = 0;
  std::string email;  // normalized
  std::string name;
  Role role = Role::kScholar;
  std::optional<std::string> stream_name;
};

// The rows of a parsed roster file, header first. Every bad row becomes a detail of `problems`
// with its line and column, and only good rows are returned; nullopt when the file is empty or
// its header is wrong (the header's problems added), so no row could be read.
std::optional<std::vector<RosterRow>> read_roster(const std::vector<CsvRecord>& records,
                                                  Error& problems);

}  // namespace trellis
