#include "storage/sql/query.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {
namespace {

constexpr const char* kColumns = "id, cohort_id, name, created_at";

struct StreamRow {
  std::string id, cohort_id, name;
  long long created_at = 0;

  void read_into(Query& q) { q.into(id).into(cohort_id).into(name).into(created_at); }
  Stream to_stream() const { return {id, cohort_id, name, created_at}; }
};

Error stream_not_found() {
  return Error::not_found("This stream does not exist.");
}

}  // namespace

Status SqlStreamRepository::insert(const Stream& stream) {
  try {
    Query(ctx_.session,
          "INSERT INTO streams (id, cohort_id, name, created_at) "
          "VALUES (:id, :cohort_id, :name, :created_at)")
        .bind("id", stream.id)
        .bind("cohort_id", stream.cohort_id)
        .bind("name", stream.name)
        .bind("created_at", static_cast<long long>(stream.created_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "streams");
  }
  return ok_status();
}

Result<Stream> SqlStreamRepository::find(const std::string& id) {
  StreamRow row;
  try {
    Query q(ctx_.session, std::string("SELECT ") + kColumns + " FROM streams WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return stream_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "streams");
  }
  return row.to_stream();
}

// Only the name changes; a stream stays in its cohort.
Status SqlStreamRepository::update(const Stream& stream) {
  std::string updated;
  try {
    Query q(ctx_.session, "UPDATE streams SET name = :name WHERE id = :id RETURNING id");
    if (!q.into(updated).bind("name", stream.name).bind("id", stream.id).fetch_one()) {
      return stream_not_found();
    }
  } catch (const std::exception& e) {
    return ctx_.fail(e, "streams");
  }
  return ok_status();
}

// A cohort has a handful of streams, so no paging. Ordered by id (creation order): name order
// would depend on each database's collation.
Result<std::vector<Stream>> SqlStreamRepository::list_by_cohort(const std::string& cohort_id) {
  std::vector<Stream> streams;
  try {
    StreamRow row;
    Query q(ctx_.session, std::string("SELECT ") + kColumns +
                              " FROM streams WHERE cohort_id = :cohort_id ORDER BY id");
    row.read_into(q);
    q.bind("cohort_id", cohort_id);
    q.for_each_row([&] { streams.push_back(row.to_stream()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "streams");
  }
  return streams;
}

}  // namespace trellis
