#include "service/demo/demo_loader.h"

#include <array>

#include "core/time_format.h"
#include "service/accounts/user_service.h"
#include "service/demo/demo_assessments.h"
#include "service/demo/demo_checkins.h"
#include "service/demo/demo_studies.h"
#include "service/programs/member_service.h"
#include "service/programs/program_service.h"

namespace trellis {
namespace {

constexpr char kDemoPassword[] = "trellis-demo-password";

struct DemoPerson {
  const char* name;
  const char* email;
};

struct DemoStream {
  const char* name;
  DemoPerson mentor;
  std::array<DemoPerson, 4> scholars;
};

const std::array<DemoStream, 3> kStreams = {{
    {"Interpretability",
     {"Helen Park", "helen.park@example.org"},
     {{{"Amara Okafor", "amara.okafor@example.org"},
       {"Lukas Brandt", "lukas.brandt@example.org"},
       {"Sofia Marin", "sofia.marin@example.org"},
       {"Ravi Iyer", "ravi.iyer@example.org"}}}},
    {"Evaluations",
     {"Kwame Mensah", "kwame.mensah@example.org"},
     {{{"Chloé Dubois", "chloe.dubois@example.org"},
       {"Daniel Kim", "daniel.kim@example.org"},
       {"Fatima Zahra", "fatima.zahra@example.org"},
       {"Jonah Levi", "jonah.levi@example.org"}}}},
    {"Robustness",
     {"Laura Novak", "laura.novak@example.org"},
     {{{"Mateo García", "mateo.garcia@example.org"},
       {"Nina Petrova", "nina.petrova@example.org"},
       {"Oliver Hughes", "oliver.hughes@example.org"},
       {"Yuki Tanaka", "yuki.tanaka@example.org"}}}},
}};

const DemoPerson kAdmin{"Site Administrator", "admin@example.org"};
const DemoPerson kOrganizer{"Priya Raman", "priya.raman@example.org"};
const DemoPerson kSupport{"Jonas Weber", "jonas.weber@example.org"};
const DemoPerson kAnalyst{"Mei Chen", "mei.chen@example.org"};
const DemoPerson kAlumnus{"Tomás Ortega", "tomas.ortega@example.org"};

}  // namespace

const std::vector<DemoLogin>& demo_logins() {
  static const std::vector<DemoLogin> logins = {
      {"administrator", kAdmin.email, kDemoPassword},
      {"organizer", kOrganizer.email, kDemoPassword},
      {"mentor", kStreams[0].mentor.email, kDemoPassword},
      {"scholar", kStreams[0].scholars[0].email, kDemoPassword},
      {"support", kSupport.email, kDemoPassword},
      {"analyst", kAnalyst.email, kDemoPassword},
      {"alumnus", kAlumnus.email, kDemoPassword},
  };
  return logins;
}

DemoTerm demo_term(Timestamp now) {
  constexpr Timestamp kDayMs = 24LL * 3600 * 1000;
  Timestamp day = now / kDayMs - 13 * 7;
  day -= (day + 3) % 7;  // back to a Monday: day 0, 1970-01-01, was a Thursday
  return {date_of(day * kDayMs), date_of((day + 17 * 7 - 3) * kDayMs)};
}

Result<bool> demo_loaded(Store& store) {
  bool found = false;
  TRY(store.read([&](Repositories& r) -> Status {
    auto p = r.programs().find_by_name(kDemoProgramName);
    if (p) {
      found = true;
      return ok_status();
    }
    if (p.error().code == ErrorCode::kNotFound) return ok_status();
    return p.error();
  }));
  return found;
}

Status load_demo(Store& store, const Clock& clock) {
  if (TRY(demo_loaded(store))) return Error::conflict("The demo program is already loaded.");
  const Actor system = Actor::system();
  ProgramService programs(store, clock);
  MemberService members(store, clock);
  UserService users(store, clock);

  TRY(users.create_user(system, {kAdmin.email, kAdmin.name, kDemoPassword, true}));
  Program program = TRY(programs.create_program(
      system, {kDemoProgramName,
               "A four-month research fellowship: each scholar works with a senior mentor in a "
               "small stream, with weekly check-ins, reading, and peer pairing.",
               5, true, true}));
  DemoTerm term = demo_term(clock.now());
  Cohort cohort = TRY(programs.create_cohort(
      system, program.id,
      {"Winter 2027", term.starts_on, term.ends_on, std::string("Europe/London")}));

  auto add = [&](const DemoPerson& p, Role role, std::optional<std::string> stream) -> Status {
    TRY(users.create_user(system, {p.email, p.name, kDemoPassword, false}));
    TRY(members.add_member(system, cohort.id, {p.email, p.name, role, std::move(stream)}));
    return ok_status();
  };
  TRY(add(kOrganizer, Role::kOrganizer, std::nullopt));
  TRY(add(kSupport, Role::kSupport, std::nullopt));
  TRY(add(kAnalyst, Role::kAnalyst, std::nullopt));
  TRY(add(kAlumnus, Role::kAlumnus, std::nullopt));
  for (const DemoStream& ds : kStreams) {
    Stream stream = TRY(programs.create_stream(system, cohort.id, ds.name));
    TRY(add(ds.mentor, Role::kMentor, stream.id));
    for (const DemoPerson& s : ds.scholars) TRY(add(s, Role::kScholar, stream.id));
  }
  TRY(load_demo_assessments(store, clock, cohort.id));
  TRY(load_demo_checkins(store, clock, cohort.id));
  return load_demo_studies(store, clock, program, cohort);
}

}  // namespace trellis
