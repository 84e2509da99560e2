#include "service/programs/program_service.h"

#include <algorithm>
#include <set>

#include "core/id.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {

Result<Program> ProgramService::create_program(const Actor& actor, const NewProgram& input) {
  TRY(policy::can_create_program(actor));
  Program p;
  p.id = new_id();
  p.name = TRY(clean_name(input.name, "name"));
  p.description = input.description;
  p.min_group_size = input.min_group_size.value_or(5);
  p.show_mentor_ratings_to_scholars = input.show_mentor_ratings_to_scholars.value_or(true);
  p.mentors_rate_first = input.mentors_rate_first.value_or(true);
  p.created_at = clock_.now();
  TRY(validate(p));
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(r.programs().insert(p));
    return r.audit().append(audit_event(actor, clock_, "program.create", {"program", p.id, p.id}));
  }));
  return p;
}

Result<Program> ProgramService::get_program(const Actor& actor, const std::string& id) {
  TRY(policy::can_read_program(actor, id));
  std::optional<Program> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.programs().find(id));
    return ok_status();
  }));
  return *out;
}

Result<Page<Program>> ProgramService::list_programs(const Actor& actor, const PageRequest& page) {
  if (!actor.signed_in() && !actor.is_superuser()) return Error::unauthenticated();
  Page<Program> out;
  if (actor.is_superuser()) {
    TRY(store_.read([&](Repositories& r) -> Status {
      out = TRY(r.programs().list(page));
      return ok_status();
    }));
    return out;
  }
  // A member's programs come from their grants: few, so no paging is needed.
  std::set<std::string> ids;
  for (const Grant& g : actor.grants) ids.insert(g.program_id);
  TRY(store_.read([&](Repositories& r) -> Status {
    for (const auto& id : ids) out.items.push_back(TRY(r.programs().find(id)));
    return ok_status();
  }));
  return out;
}

Result<Program> ProgramService::update_program(const Actor& actor, const std::string& id,
                                               const ProgramPatch& patch) {
  TRY(policy::can_manage_program(actor, id));
  std::optional<Program> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Program p = TRY(r.programs().find(id));
    if (patch.name) p.name = TRY(clean_name(*patch.name, "name"));
    if (patch.description) p.description = *patch.description;
    if (patch.min_group_size) p.min_group_size = *patch.min_group_size;
    if (patch.show_mentor_ratings_to_scholars)
      p.show_mentor_ratings_to_scholars = *patch.show_mentor_ratings_to_scholars;
    if (patch.mentors_rate_first) p.mentors_rate_first = *patch.mentors_rate_first;
    TRY(validate(p));
    TRY(r.programs().update(p));
    TRY(r.audit().append(audit_event(actor, clock_, "program.update", {"program", p.id, p.id})));
    out = std::move(p);
    return ok_status();
  }));
  return *out;
}

Result<Cohort> ProgramService::create_cohort(const Actor& actor, const std::string& program_id,
                                             const NewCohort& input) {
  TRY(policy::can_read_program(actor, program_id));
  TRY(policy::can_manage_cohort(actor, program_id));
  Cohort c;
  c.id = new_id();
  c.program_id = program_id;
  c.name = TRY(clean_name(input.name, "name"));
  c.starts_on = input.starts_on;
  c.ends_on = input.ends_on;
  c.timezone = input.timezone.value_or("UTC");
  c.created_at = clock_.now();
  TRY(validate(c));
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(r.programs().find(program_id));
    TRY(r.cohorts().insert(c));
    return r.audit().append(
        audit_event(actor, clock_, "cohort.create", {"cohort", c.id, program_id}));
  }));
  return c;
}

Result<Cohort> ProgramService::get_cohort(const Actor& actor, const std::string& id) {
  TRY(policy::require_signed_in(actor));
  std::optional<Cohort> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.cohorts().find(id));
    return ok_status();
  }));
  TRY(policy::can_read_cohort(actor, out->program_id, out->id));
  return *out;
}

Result<Page<Cohort>> ProgramService::list_cohorts(const Actor& actor, const std::string& program_id,
                                                  const PageRequest& page) {
  TRY(policy::can_read_program(actor, program_id));
  Page<Cohort> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(r.programs().find(program_id));
    out = TRY(r.cohorts().list_by_program(program_id, page));
    return ok_status();
  }));
  if (actor.is_superuser() || policy::organizes(actor, program_id)) return out;
  // Members see only the cohorts they belong to.
  std::erase_if(out.items, [&](const Cohort& c) {
    return !policy::can_read_cohort(actor, program_id, c.id).ok();
  });
  return out;
}

Result<Cohort> ProgramService::update_cohort(const Actor& actor, const std::string& id,
                                             const CohortPatch& patch) {
  TRY(policy::require_signed_in(actor));
  std::optional<Cohort> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Cohort c = TRY(r.cohorts().find(id));
    TRY(policy::can_read_cohort(actor, c.program_id, c.id));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    if (patch.name) c.name = TRY(clean_name(*patch.name, "name"));
    if (patch.starts_on) c.starts_on = *patch.starts_on;
    if (patch.ends_on) c.ends_on = *patch.ends_on;
    if (patch.timezone) c.timezone = *patch.timezone;
    TRY(validate(c));
    TRY(r.cohorts().update(c));
    TRY(r.audit().append(
        audit_event(actor, clock_, "cohort.update", {"cohort", c.id, c.program_id})));
    out = std::move(c);
    return ok_status();
  }));
  return *out;
}

Result<Stream> ProgramService::create_stream(const Actor& actor, const std::string& cohort_id,
                                             const std::string& name) {
  TRY(policy::require_signed_in(actor));
  Stream s;
  s.id = new_id();
  s.cohort_id = cohort_id;
  s.name = TRY(clean_name(name, "name"));
  s.created_at = clock_.now();
  TRY(validate(s));
  TRY(store_.write([&](Repositories& r) -> Status {
    Cohort c = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_cohort(actor, c.program_id, c.id));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    TRY(r.streams().insert(s));
    return r.audit().append(
        audit_event(actor, clock_, "stream.create", {"stream", s.id, c.program_id}));
  }));
  return s;
}

Result<Stream> ProgramService::get_stream(const Actor& actor, const std::string& id) {
  TRY(policy::require_signed_in(actor));
  std::optional<Stream> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Stream s = TRY(r.streams().find(id));
    Cohort c = TRY(r.cohorts().find(s.cohort_id));
    TRY(policy::as_hidden(policy::can_read_cohort(actor, c.program_id, c.id), "stream"));
    out = std::move(s);
    return ok_status();
  }));
  return *out;
}

Result<std::vector<Stream>> ProgramService::list_streams(const Actor& actor,
                                                         const std::string& cohort_id) {
  TRY(policy::require_signed_in(actor));
  std::vector<Stream> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Cohort c = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_cohort(actor, c.program_id, c.id));
    out = TRY(r.streams().list_by_cohort(cohort_id));
    return ok_status();
  }));
  return out;
}

Result<Stream> ProgramService::rename_stream(const Actor& actor, const std::string& id,
                                             const std::string& name) {
  TRY(policy::require_signed_in(actor));
  std::optional<Stream> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Stream s = TRY(r.streams().find(id));
    Cohort c = TRY(r.cohorts().find(s.cohort_id));
    TRY(policy::as_hidden(policy::can_read_cohort(actor, c.program_id, c.id), "stream"));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    s.name = TRY(clean_name(name, "name"));
    TRY(r.streams().update(s));
    TRY(r.audit().append(
        audit_event(actor, clock_, "stream.rename", {"stream", s.id, c.program_id})));
    out = std::move(s);
    return ok_status();
  }));
  return *out;
}

}  // namespace trellis
