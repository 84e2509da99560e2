// The demo program: a believable cohort with mentors, streams, scholars and every other role,
// created through the product's own services (not raw SQL) so it exercises real code paths.
// Later features add their own demo content here.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "storage/store.h"

namespace trellis {

struct DemoLogin {
  std::string role;  // what the account is for, e.g. "organizer", "mentor", "scholar"
  std::string email;
  std::string password;
};

inline constexpr char kDemoProgramName[] = "Trellis Research Fellowship";

// The demo cohort's dates, relative to the day the demo is loaded: it began on the Monday 13 weeks
// before and runs 17 weeks, so its rounds and weekly records lie inside it and the demo always
// shows a cohort in its final month, with data in every report.
struct DemoTerm {
  std::string starts_on;  // YYYY-MM-DD, a Monday
  std::string ends_on;    // YYYY-MM-DD, a Friday
};
DemoTerm demo_term(Timestamp now);

// True when the database already has the demo program.
Result<bool> demo_loaded(Store& store);

// Loads the demo program into the store. Error::conflict when it is already there.
Status load_demo(Store& store, const Clock& clock);

// The accounts of the demo program, one per role (the password is the same for all).
const std::vector<DemoLogin>& demo_logins();

}  // namespace trellis
