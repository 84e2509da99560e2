#include "storage/sql/paging.h"
#include "storage/sql/query.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {
namespace {

constexpr const char* kColumns = "id, program_id, name, starts_on, ends_on, timezone, created_at";

struct CohortRow {
  std::string id, program_id, name, starts_on, ends_on, timezone;
  long long created_at = 0;

  void read_into(Query& q) {
    q.into(id)
        .into(program_id)
        .into(name)
        .into(starts_on)
        .into(ends_on)
        .into(timezone)
        .into(created_at);
  }
  Cohort to_cohort() const {
    return {id, program_id, name, starts_on, ends_on, timezone, created_at};
  }
};

Error cohort_not_found() {
  return Error::not_found("This cohort does not exist.");
}

}  // namespace

Status SqlCohortRepository::insert(const Cohort& cohort) {
  try {
    Query(ctx_.session,
          "INSERT INTO cohorts (id, program_id, name, starts_on, ends_on, timezone, created_at) "
          "VALUES (:id, :program_id, :name, :starts_on, :ends_on, :timezone, :created_at)")
        .bind("id", cohort.id)
        .bind("program_id", cohort.program_id)
        .bind("name", cohort.name)
        .bind("starts_on", cohort.starts_on)
        .bind("ends_on", cohort.ends_on)
        .bind("timezone", cohort.timezone)
        .bind("created_at", static_cast<long long>(cohort.created_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "cohorts");
  }
  return ok_status();
}

Result<Cohort> SqlCohortRepository::find(const std::string& id) {
  CohortRow row;
  try {
    Query q(ctx_.session, std::string("SELECT ") + kColumns + " FROM cohorts WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return cohort_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "cohorts");
  }
  return row.to_cohort();
}

// The program of a cohort never changes; everything else may.
Status SqlCohortRepository::update(const Cohort& cohort) {
  std::string updated;
  try {
    Query q(ctx_.session,
            "UPDATE cohorts SET name = :name, starts_on = :starts_on, ends_on = :ends_on, "
            "timezone = :timezone WHERE id = :id RETURNING id");
    q.into(updated)
        .bind("name", cohort.name)
        .bind("starts_on", cohort.starts_on)
        .bind("ends_on", cohort.ends_on)
        .bind("timezone", cohort.timezone)
        .bind("id", cohort.id);
    if (!q.fetch_one()) return cohort_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "cohorts");
  }
  return ok_status();
}

Result<Page<Cohort>> SqlCohortRepository::list_by_program(const std::string& program_id,
                                                          const PageRequest& page) {
  std::vector<Cohort> cohorts;
  try {
    CohortRow row;
    Query q(ctx_.session,
            std::string("SELECT ") + kColumns +
                " FROM cohorts WHERE program_id = :program_id AND id > :after ORDER BY id "
                "LIMIT :limit");
    row.read_into(q);
    q.bind("program_id", program_id).bind("after", page.after).bind("limit", fetch_limit(page));
    q.for_each_row([&] { cohorts.push_back(row.to_cohort()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "cohorts");
  }
  return make_page(std::move(cohorts), page);
}

}  // namespace trellis
