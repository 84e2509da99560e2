#include "storage/postgres/connect_string.h"

#include <libpq-fe.h>

#include <cctype>
#include <map>

namespace trellis {
namespace {

// The password part of "scheme://user:password@host…", as written (maybe percent-encoded).
std::string password_in(const std::string& url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  const std::size_t authority = scheme_end + 3;
  const std::size_t at = url.rfind('@', url.find_first_of("/?", authority));
  if (at == std::string::npos || at < authority) return {};
  const std::size_t colon = url.find(':', authority);
  if (colon == std::string::npos || colon > at) return {};
  return url.substr(colon + 1, at - colon - 1);
}

void replace_all(std::string& text, const std::string& what, const std::string& with) {
  if (what.empty()) return;
  for (std::size_t pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + with.size())) {
    text.replace(pos, what.size(), with);
  }
}

std::string quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

bool has_space(const std::string& value) {
  for (unsigned char c : value)
    if (std::isspace(c)) return true;
  return false;
}

}  // namespace

std::string redact_password(std::string message, const std::string& url) {
  const std::string password = password_in(url);
  replace_all(message, password, "***");
  return message;
}

Result<PostgresTarget> parse_postgres_url(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string why = error != nullptr ? error : "libpq could not parse it";
    PQfreemem(error);
    while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back()))) why.pop_back();
    return Error::invalid("The PostgreSQL URL is not valid: " + redact_password(why, url));
  }

  std::map<std::string, std::string> values;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val != nullptr && o->val[0] != '\0') values[o->keyword] = o->val;
  }
  PQconninfoFree(options);
  values.try_emplace("connect_timeout", "10");
  values.try_emplace("application_name", "trellis");

  PostgresTarget target;
  for (const auto& [keyword, value] : values) {
    if (has_space(value)) {
      return Error::invalid("The PostgreSQL URL's " + keyword +
                            " contains a space, which the database driver cannot pass on.");
    }
    if (!target.connect_string.empty()) target.connect_string += ' ';
    target.connect_string += keyword + "=" + quoted(value);
  }
  auto value_of = [&](const char* key, const char* fallback) {
    auto it = values.find(key);
    return it != values.end() ? it->second : std::string(fallback);
  };
  target.description = value_of("user", "(default user)") + "@" + value_of("host", "localhost") +
                       ":" + value_of("port", "5432") + "/" +
                       value_of("dbname", "(default database)");
  return target;
}

}  // namespace trellis
