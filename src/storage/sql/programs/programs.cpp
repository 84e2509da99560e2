#include "storage/sql/paging.h"
#include "storage/sql/query.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {
namespace {

constexpr const char* kColumns =
    "id, name, description, min_group_size, created_at, show_mentor_ratings_to_scholars, "
    "mentors_rate_first";

struct ProgramRow {
  std::string id, name, description;
  long long min_group_size = 0, created_at = 0, show_mentor = 1, mentors_first = 1;

  void read_into(Query& q) {
    q.into(id).into(name).into(description).into(min_group_size).into(created_at).into(show_mentor);
    q.into(mentors_first);
  }
  Program to_program() const {
    return {id,
            name,
            description,
            static_cast<int>(min_group_size),
            created_at,
            show_mentor != 0,
            mentors_first != 0};
  }
};

Error program_not_found() {
  return Error::not_found("This program does not exist.");
}

}  // namespace

Status SqlProgramRepository::insert(const Program& program) {
  try {
    Query(ctx_.session,
          "INSERT INTO programs (id, name, description, min_group_size, created_at, "
          "show_mentor_ratings_to_scholars, mentors_rate_first) "
          "VALUES (:id, :name, :description, :min_group_size, :created_at, :show_mentor, "
          ":mentors_first)")
        .bind("id", program.id)
        .bind("name", program.name)
        .bind("description", program.description)
        .bind("min_group_size", static_cast<long long>(program.min_group_size))
        .bind("created_at", static_cast<long long>(program.created_at))
        .bind("show_mentor", program.show_mentor_ratings_to_scholars ? 1LL : 0LL)
        .bind("mentors_first", program.mentors_rate_first ? 1LL : 0LL)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "programs");
  }
  return ok_status();
}

Result<Program> SqlProgramRepository::find_where(const std::string& column,
                                                 const std::string& value) {
  ProgramRow row;
  try {
    // `column` is one of two literals chosen by this file, never input.
    Query q(ctx_.session,
            std::string("SELECT ") + kColumns + " FROM programs WHERE " + column + " = :value");
    row.read_into(q);
    if (!q.bind("value", value).fetch_one()) return program_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "programs");
  }
  return row.to_program();
}

Result<Program> SqlProgramRepository::find(const std::string& id) {
  return find_where("id", id);
}

Result<Program> SqlProgramRepository::find_by_name(const std::string& name) {
  return find_where("name", name);
}

Status SqlProgramRepository::update(const Program& program) {
  std::string updated;
  try {
    Query q(ctx_.session,
            "UPDATE programs SET name = :name, description = :description, "
            "min_group_size = :min_group_size, show_mentor_ratings_to_scholars = :show_mentor, "
            "mentors_rate_first = :mentors_first WHERE id = :id RETURNING id");
    q.into(updated)
        .bind("name", program.name)
        .bind("description", program.description)
        .bind("min_group_size", static_cast<long long>(program.min_group_size))
        .bind("show_mentor", program.show_mentor_ratings_to_scholars ? 1LL : 0LL)
        .bind("mentors_first", program.mentors_rate_first ? 1LL : 0LL)
        .bind("id", program.id);
    if (!q.fetch_one()) return program_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "programs");
  }
  return ok_status();
}

Result<Page<Program>> SqlProgramRepository::list(const PageRequest& page) {
  std::vector<Program> programs;
  try {
    ProgramRow row;
    Query q(ctx_.session, std::string("SELECT ") + kColumns +
                              " FROM programs WHERE id > :after ORDER BY id LIMIT :limit");
    row.read_into(q);
    q.bind("after", page.after).bind("limit", fetch_limit(page));
    q.for_each_row([&] { programs.push_back(row.to_program()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "programs");
  }
  return make_page(std::move(programs), page);
}

}  // namespace trellis
