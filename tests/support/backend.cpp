#include "support/backend.h"

#include <libpq-fe.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "core/id.h"

namespace trellis::test {
namespace {

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "trellis tests: %s\n", message.c_str());
  std::exit(1);
}

// Folders made by temp_dir(), removed at exit.
std::mutex temp_dirs_mutex;
std::vector<std::string>& temp_dirs() {
  static auto* dirs = new std::vector<std::string>();  // leaked: used by the atexit handler
  return *dirs;
}

void remove_temp_dirs() {
  std::lock_guard lock(temp_dirs_mutex);
  for (const std::string& dir : temp_dirs()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
}

// The admin URL with its database (the last path segment) replaced by `database`.
std::string with_database(const std::string& admin_url, const std::string& database) {
  const std::size_t query = admin_url.find('?');
  const std::string base = admin_url.substr(0, query);
  const std::string params = query == std::string::npos ? "" : admin_url.substr(query);
  const std::size_t authority = base.find("://");
  const std::size_t slash = base.find('/', authority == std::string::npos ? 0 : authority + 3);
  const std::string server = slash == std::string::npos ? base : base.substr(0, slash);
  return server + "/" + database + params;
}

// Test databases made by fresh_postgres_url(), dropped at exit so a long-lived cluster does not
// fill up. (with-postgres.sh deletes its whole cluster anyway.)
std::mutex databases_mutex;
std::string& admin_url_for_cleanup() {
  static auto* url = new std::string();
  return *url;
}
std::vector<std::string>& created_databases() {
  static auto* names = new std::vector<std::string>();
  return *names;
}

void drop_created_databases() {
  std::lock_guard lock(databases_mutex);
  if (created_databases().empty()) return;
  PGconn* conn = PQconnectdb(admin_url_for_cleanup().c_str());
  if (PQstatus(conn) == CONNECTION_OK) {
    for (const std::string& name : created_databases()) {
      PQclear(PQexec(conn, ("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").c_str()));
    }
  }
  PQfinish(conn);
}

std::string fresh_postgres_url() {
  const char* admin_url = std::getenv("TRELLIS_TEST_POSTGRES_URL");
  if (admin_url == nullptr || admin_url[0] == '\0') {
    die("TRELLIS_TEST_BACKEND=postgres needs TRELLIS_TEST_POSTGRES_URL (an admin URL such as "
        "postgresql://trellis@127.0.0.1:5432/postgres). Run the tests through "
        "scripts/with-postgres.sh, which starts a throwaway cluster and sets it.");
  }
  PGconn* conn = PQconnectdb(admin_url);
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    die("cannot reach the PostgreSQL test cluster: " + why);
  }
  const std::string database = "trellis_t_" + random_hex(8);
  PGresult* result = PQexec(conn, ("CREATE DATABASE " + database).c_str());
  const bool created = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string why = PQerrorMessage(conn);
  PQclear(result);
  PQfinish(conn);
  if (!created) die("CREATE DATABASE " + database + " failed: " + why);
  {
    std::lock_guard lock(databases_mutex);
    static const bool registered = [] { return std::atexit(drop_created_databases) == 0; }();
    (void)registered;
    admin_url_for_cleanup() = admin_url;
    created_databases().push_back(database);
  }
  return with_database(admin_url, database);
}

}  // namespace

std::string backend_name() {
  const char* backend = std::getenv("TRELLIS_TEST_BACKEND");
  const std::string name = backend == nullptr || backend[0] == '\0' ? "sqlite" : backend;
  if (name != "sqlite" && name != "postgres") {
    die("TRELLIS_TEST_BACKEND must be sqlite or postgres, not \"" + name + "\"");
  }
  return name;
}

std::string temp_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && base[0] != '\0' ? base : "/tmp") + "/trellis-test.XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) die("mkdtemp failed for " + pattern);
  std::lock_guard lock(temp_dirs_mutex);
  static const bool registered = [] { return std::atexit(remove_temp_dirs) == 0; }();
  (void)registered;
  temp_dirs().push_back(pattern);
  return pattern;
}

std::string fresh_database_url() {
  if (backend_name() == "postgres") return fresh_postgres_url();
  return "sqlite:" + temp_dir() + "/db.sqlite";
}

}  // namespace trellis::test
