#include "service/assessments/framework_service.h"

#include <set>

#include "core/id.h"
#include "domain/assessments/assessment_policy.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "storage/accounts/auth_repositories.h"
#include "storage/assessments/assessment_repositories.h"

namespace trellis {

Result<FrameworkVersion> FrameworkService::ensure_current(Repositories& r,
                                                          const std::string& program_id,
                                                          Timestamp now) {
  auto latest = r.frameworks().find_latest(program_id);
  if (latest || latest.error().code != ErrorCode::kNotFound) return latest;
  FrameworkVersion v;
  v.id = new_id_at(now);
  v.program_id = program_id;
  v.number = 1;
  v.name = std::string(kDefaultFrameworkName);
  v.qualities = default_qualities();
  v.created_at = now;
  TRY(r.frameworks().insert_version(v));
  return v;
}

Result<FrameworkVersion> FrameworkService::current(const Actor& actor,
                                                   const std::string& program_id) {
  TRY(policy::can_read_framework(actor, program_id));
  std::optional<FrameworkVersion> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(r.programs().find(program_id));
    auto latest = r.frameworks().find_latest(program_id);
    if (latest)
      out = std::move(*latest);
    else if (latest.error().code != ErrorCode::kNotFound)
      return latest.error();
    return ok_status();
  }));
  if (out) return *out;
  // First use: store the copy of the default framework. Writers are serialised on SQLite;
  // on PostgreSQL a concurrent first use loses on UNIQUE (program_id, number) and reads again.
  Status created = store_.write([&](Repositories& r) -> Status {
    out = TRY(ensure_current(r, program_id, clock_.now()));
    return r.audit().append(audit_event(Actor::system(), clock_, "framework.create",
                                        {"framework_version", out->id, program_id}));
  });
  if (created) return *out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.frameworks().find_latest(program_id));
    return ok_status();
  }));
  return *out;
}

Result<FrameworkVersion> FrameworkService::edit(const Actor& actor, const std::string& program_id,
                                                const FrameworkEdit& edit) {
  TRY(policy::can_edit_framework(actor, program_id));
  FrameworkVersion next;
  next.program_id = program_id;
  next.qualities = edit.qualities;
  TRY(validate_qualities(next.qualities));
  for (std::size_t i = 0; i < next.qualities.size(); ++i) {
    Quality& q = next.qualities[i];
    q.name = TRY(clean_name(q.name, "qualities[" + std::to_string(i) + "].name"));
  }
  TRY(current(actor, program_id));  // makes sure version 1 exists
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(r.programs().find(program_id));
    FrameworkVersion latest = TRY(r.frameworks().find_latest(program_id));
    if (edit.based_on != latest.number)
      return Error::conflict("The framework changed since version " +
                                 std::to_string(edit.based_on) + "; the current version is " +
                                 std::to_string(latest.number) + ". Reload it and edit again.",
                             "based_on");
    std::set<std::string> keys;
    for (const Quality& q : next.qualities) keys.insert(q.key);
    for (const Quality& q : latest.qualities)
      if (!keys.contains(q.key))
        return Error::invalid("Quality \"" + q.key +
                                  "\" cannot be removed; retire it instead so earlier rounds "
                                  "stay comparable.",
                              "qualities");
    next.name = edit.name ? TRY(clean_name(*edit.name, "name")) : latest.name;
    next.number = latest.number + 1;
    next.created_at = clock_.now();
    next.id = new_id_at(next.created_at);
    next.created_by = actor.user_id;
    TRY(r.frameworks().insert_version(next));
    return r.audit().append(audit_event(actor, clock_, "framework.edit",
                                        {"framework_version", next.id, program_id},
                                        "version " + std::to_string(next.number)));
  }));
  return next;
}

Result<std::vector<FrameworkVersion>> FrameworkService::versions(const Actor& actor,
                                                                 const std::string& program_id) {
  TRY(current(actor, program_id));
  std::vector<FrameworkVersion> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.frameworks().list_versions(program_id));
    return ok_status();
  }));
  return out;
}

Result<FrameworkVersion> FrameworkService::version(const Actor& actor,
                                                   const std::string& version_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<FrameworkVersion> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.frameworks().find_version(version_id));
    return ok_status();
  }));
  TRY(policy::as_hidden(policy::can_read_framework(actor, out->program_id), "framework version"));
  return *out;
}

}  // namespace trellis
