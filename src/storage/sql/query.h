// Query: one SQL statement with its parameters and result columns, over a SOCI session.
//
//   std::string name;
//   Query q(session, "SELECT name FROM programs WHERE id = :id");
//   q.bind("id", id).into(name);
//   if (!q.fetch_one()) return not_found;
//
// Parameters are copied into the Query (SOCI keeps references, which would dangle for
// temporaries); result columns are written to the caller's variables row by row. Integers are
// read and bound as long long: SOCI maps column types strictly and the schema uses BIGINT.
// Statements run as one-time queries, never bulk binds (SOCI 4.0.3 re-sends stale values on
// PostgreSQL with vector binds). Errors are thrown as soci::soci_error.
#pragma once

#include <soci/soci.h>

#include <deque>
#include <functional>
#include <optional>
#include <string>

namespace trellis {

class Query {
 public:
  Query(soci::session& session, std::string sql);

  Query& bind(const std::string& name, std::string value);
  Query& bind(const std::string& name, long long value);
  // Binds NULL when value is empty.
  Query& bind(const std::string& name, std::optional<std::string> value);
  Query& bind(const std::string& name, std::optional<long long> value);

  Query& into(std::string& column);
  Query& into(long long& column);
  Query& into(std::string& column, soci::indicator& is_null);

  // Runs a statement returning no rows (or ignoring them).
  void execute();
  // Runs a statement returning at most one row; true when it returned one.
  bool fetch_one();
  // Runs the statement and calls on_row after each row is read into the columns.
  void for_each_row(const std::function<void()>& on_row);

 private:
  void prepare();

  soci::statement statement_;
  std::string sql_;
  // Owned parameter values; a deque never moves its elements, so SOCI's references stay valid.
  std::deque<std::string> strings_;
  std::deque<long long> integers_;
  std::deque<soci::indicator> indicators_;
};

}  // namespace trellis
