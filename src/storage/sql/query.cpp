#include "storage/sql/query.h"

#include <utility>

namespace trellis {

Query::Query(soci::session& session, std::string sql) : statement_(session), sql_(std::move(sql)) {}

Query& Query::bind(const std::string& name, std::string value) {
  strings_.push_back(std::move(value));
  statement_.exchange(soci::use(strings_.back(), name));
  return *this;
}

Query& Query::bind(const std::string& name, long long value) {
  integers_.push_back(value);
  statement_.exchange(soci::use(integers_.back(), name));
  return *this;
}

Query& Query::bind(const std::string& name, std::optional<std::string> value) {
  indicators_.push_back(value ? soci::i_ok : soci::i_null);
  strings_.push_back(value.value_or(std::string()));
  statement_.exchange(soci::use(strings_.back(), indicators_.back(), name));
  return *this;
}

Query& Query::bind(const std::string& name, std::optional<long long> value) {
  indicators_.push_back(value ? soci::i_ok : soci::i_null);
  integers_.push_back(value.value_or(0));
  statement_.exchange(soci::use(integers_.back(), indicators_.back(), name));
  return *this;
}

Query& Query::into(std::string& column) {
  statement_.exchange(soci::into(column));
  return *this;
}

Query& Query::into(long long& column) {
  statement_.exchange(soci::into(column));
  return *this;
}

Query& Query::into(std::string& column, soci::indicator& is_null) {
  statement_.exchange(soci::into(column, is_null));
  return *this;
}

void Query::prepare() {
  statement_.alloc();
  statement_.prepare(sql_, soci::details::st_one_time_query);
  statement_.define_and_bind();
}

void Query::execute() {
  prepare();
  statement_.execute(true);
}

bool Query::fetch_one() {
  prepare();
  return statement_.execute(true);
}

void Query::for_each_row(const std::function<void()>& on_row) {
  prepare();
  statement_.execute(false);
  while (statement_.fetch()) on_row();
}

}  // namespace trellis
