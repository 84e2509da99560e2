#include "storage/sql/errors.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <regex>
#include <string>
#include <vector>

namespace trellis {
namespace {

// The database's message without SOCI's "with :name=value" context, which could hold a
// password hash or an email.
std::string loggable_message(const std::exception& e) {
  const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e);
  return soci_error != nullptr ? soci_error->get_error_message() : std::string(e.what());
}

// What kind of failure a database reported, independent of the backend.
enum class Failure {
  kUnique,
  kForeignKey,
  kCheck,
  kNotNull,
  kConnection,
  kBusy,
  kAborted,  // an earlier statement failed; the transaction refuses more
  kOther,
};

struct Classified {
  Failure failure = Failure::kOther;
  std::vector<std::string> columns;  // of the violated constraint, when the database says
  std::string constraint;            // name of a violated CHECK constraint
};

std::vector<std::string> split_columns(const std::string& list, bool strip_table) {
  std::vector<std::string> columns;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string column = list.substr(start, end - start);
    column.erase(0, column.find_first_not_of(' '));
    column.erase(column.find_last_not_of(' ') + 1);
    if (strip_table && column.find('.') != std::string::npos) {
      column = column.substr(column.find('.') + 1);
    }
    if (!column.empty()) columns.push_back(column);
    start = end + 1;
  }
  return columns;
}

std::string first_match(const std::string& text, const std::regex& pattern) {
  std::smatch m;
  return std::regex_search(text, m, pattern) ? m[1].str() : std::string();
}

// SQLite reports constraint failures only in the message ("UNIQUE constraint failed: t.a, t.b").
Classified classify_sqlite(const soci::sqlite3_soci_error& e) {
  const std::string message = e.get_error_message();
  const int code = e.result() & 0xff;  // primary result code
  static const std::regex unique(R"(UNIQUE constraint failed: ([^\n]+))");
  static const std::regex not_null(R"(NOT NULL constraint failed: ([^\n]+))");
  static const std::regex check(R"(CHECK constraint failed: ([A-Za-z0-9_]+))");
  Classified c;
  if (code == SQLITE_CONSTRAINT) {
    if (std::string cols = first_match(message, unique); !cols.empty()) {
      c.failure = Failure::kUnique;
      c.columns = split_columns(cols, true);
    } else if (message.find("FOREIGN KEY constraint failed") != std::string::npos) {
      c.failure = Failure::kForeignKey;  // SQLite does not say which reference failed
    } else if (std::string name = first_match(message, check); !name.empty()) {
      c.failure = Failure::kCheck;
      c.constraint = name;
    } else if (std::string col = first_match(message, not_null); !col.empty()) {
      c.failure = Failure::kNotNull;
      c.columns = split_columns(col, true);
    }
  } else if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    c.failure = Failure::kBusy;
  } else if (code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL) {
    c.failure = Failure::kConnection;
  }
  return c;
}

// PostgreSQL reports a SQLSTATE; the columns come from the DETAIL line "Key (a, b)=(…)".
Classified classify_postgres(const soci::postgresql_soci_error& e) {
  const std::string message = e.get_error_message();
  const std::string state = e.sqlstate();
  static const std::regex key(R"(Key \(([^)]+)\)=)");
  static const std::regex check(R"(check constraint \"([^\"]+)\")");
  static const std::regex not_null(R"(null value in column \"([^\"]+)\")");
  Classified c;
  if (state == "23505") {
    c.failure = Failure::kUnique;
    c.columns = split_columns(first_match(message, key), false);
  } else if (state == "23503") {
    c.failure = Failure::kForeignKey;
    c.columns = split_columns(first_match(message, key), false);
  } else if (state == "23514") {
    c.failure = Failure::kCheck;
    c.constraint = first_match(message, check);
  } else if (state == "23502") {
    c.failure = Failure::kNotNull;
    c.columns = split_columns(first_match(message, not_null), false);
  } else if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0 || state.rfind("53", 0) == 0) {
    c.failure = Failure::kConnection;  // connection exception, shutdown, out of resources
  } else if (state == "25P02") {
    c.failure = Failure::kAborted;
  } else if (state == "40001" || state == "40P01" || state == "55P03") {
    c.failure = Failure::kBusy;  // serialization failure, deadlock, lock not available
  }
  return c;
}

Classified classify(const std::exception& e) {
  if (const auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) return classify_sqlite(*s);
  if (const auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return classify_postgres(*p);
  }
  Classified c;
  // libpq errors raised outside a statement (the server went away) carry no SQLSTATE.
  if (const auto* s = dynamic_cast<const soci::soci_error*>(&e);
      s != nullptr && s->get_error_category() == soci::soci_error::connection_error) {
    c.failure = Failure::kConnection;
  }
  const std::string message = loggable_message(e);
  if (message.find("server closed the connection") != std::string::npos ||
      message.find("no connection to the server") != std::string::npos ||
      message.find("Cannot establish connection") != std::string::npos) {
    c.failure = Failure::kConnection;
  }
  return c;
}

bool has(const std::vector<std::string>& columns, std::string_view column) {
  for (const std::string& c : columns)
    if (c == column) return true;
  return false;
}

struct UniqueRule {
  std::string_view table;
  std::string_view column;  // a column the constraint includes that identifies it
  std::string_view field;
  std::string_view message;
};

constexpr UniqueRule kUniqueRules[] = {
    {"users", "email", "email", "A user with this email already exists."},
    {"programs", "name", "name", "A program with this name already exists."},
    {"cohorts", "name", "name", "A cohort with this name already exists in this program."},
    {"streams", "name", "name", "A stream with this name already exists in this cohort."},
    {"memberships", "role", "role", "This person already has that role in this cohort."},
    {"study_codes", "name", "name", "A code with this name already exists at this level."},
    {"study_responses", "respondent_user_id", "respondent", "You have already responded."},
    {"study_participants", "user_id", "respondent", "You have already responded."},
    {"study_segments", "code_id", "code_id",
     "This code is already applied to exactly this span by this coder."},
    {"checkins", "period_start", "period_start",
     "You have already checked in for this period; edit that check-in instead."},
    // Only the index of unresolved conversation requests can fail: rule alerts are inserted
    // with ON CONFLICT DO NOTHING.
    {"checkin_alerts", "cohort_id", "cohort_id",
     "You have already asked the support team for a conversation; they will be in touch."},
};

Error unique_error(std::string_view table, const Classified& c) {
  for (const UniqueRule& rule : kUniqueRules) {
    if (rule.table == table && has(c.columns, rule.column)) {
      return Error::conflict(std::string(rule.message), std::string(rule.field));
    }
  }
  if (has(c.columns, "id")) return Error::conflict("A record with this id already exists.", "id");
  return Error::conflict("This already exists.", c.columns.empty() ? "" : c.columns.back());
}

struct ReferenceRule {
  std::string_view table;
  std::string_view column;
  std::string_view message;
};

// Checked in order: memberships' (stream_id, cohort_id) reference mentions cohort_id too, so
// stream_id must win.
constexpr ReferenceRule kReferenceRules[] = {
    {"cohorts", "program_id", "This program does not exist."},
    {"streams", "cohort_id", "This cohort does not exist."},
    {"memberships", "stream_id", "This stream does not exist in this cohort."},
    {"memberships", "user_id", "This user does not exist."},
    {"memberships", "cohort_id", "This cohort does not exist."},
};

Error foreign_key_error(std::string_view table, const Classified& c) {
  // With one reference in the table, the database need not say which one failed (SQLite).
  const ReferenceRule* only = nullptr;
  int in_table = 0;
  for (const ReferenceRule& rule : kReferenceRules) {
    if (rule.table != table) continue;
    ++in_table;
    only = &rule;
    if (has(c.columns, rule.column)) {
      return Error::invalid(std::string(rule.message), std::string(rule.column));
    }
  }
  if (in_table == 1 && c.columns.empty()) {
    return Error::invalid(std::string(only->message), std::string(only->column));
  }
  return Error::invalid("A record this refers to does not exist.");
}

Error check_error(const Classified& c, std::string_view table) {
  if (c.constraint == "programs_min_group_size_check") {
    return Error::invalid("The minimum group size must be at least 3.", "min_group_size");
  }
  if (c.constraint == "memberships_role_check") {
    return Error::invalid("This role does not exist.", "role");
  }
  // Constraints are named <table>_<column>_check.
  std::string field = c.constraint;
  const std::string prefix = std::string(table) + "_";
  if (field.rfind(prefix, 0) == 0) field = field.substr(prefix.size());
  if (field.size() > 6 && field.substr(field.size() - 6) == "_check") {
    field = field.substr(0, field.size() - 6);
  }
  return Error::invalid("This value is not allowed.", field);
}

}  // namespace

Error translate_db_error(const std::exception& e, std::string_view table) {
  const Classified c = classify(e);
  switch (c.failure) {
    case Failure::kUnique:
      return unique_error(table, c);
    case Failure::kForeignKey:
      return foreign_key_error(table, c);
    case Failure::kCheck:
      return check_error(c, table);
    case Failure::kNotNull: {
      const std::string field = c.columns.empty() ? "" : c.columns.front();
      return Error::invalid("A value is required.", field);
    }
    case Failure::kBusy:
      spdlog::warn("database busy on {}: {}", table, loggable_message(e));
      return Error::unavailable("The database is busy; try again.");
    case Failure::kConnection:
      spdlog::error("database unavailable on {}: {}", table, loggable_message(e));
      return Error::unavailable("The database is unavailable; try again later.");
    case Failure::kAborted:
      // Not logged: the statement that failed first was, and its error is what write() returns.
      return Error::internal("An earlier database error ended this transaction.");
    case Failure::kOther:
      break;
  }
  spdlog::error("database error on {}: {}", table, loggable_message(e));
  return Error::internal("The database failed to complete the request.");
}

}  // namespace trellis
