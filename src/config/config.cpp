#include "config/config.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <limits>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/ip_network.h"

namespace trellis {
namespace {

constexpr std::string_view kEnvPrefix = "TRELLIS_";

// TRELLIS_* variables that are not settings: the test suites read them (and the servers they
// start inherit them), so they must not be rejected as unknown settings.
constexpr std::array<std::string_view, 2> kNonConfigEnvironment = {
    "TRELLIS_TEST_BACKEND",
    "TRELLIS_TEST_POSTGRES_URL",
};

// How describe_config() shows a value.
enum class Secrecy {
  kPublic,       // as it is
  kUrlPassword,  // as it is, except a password inside a URL becomes ***
  kSecret,       // always *** (unless empty)
};

// The check and conversion of one option. Returns the error message without a source prefix.
using ParseFn = Status (*)(std::string_view key, std::string_view text, Config& config);
// The value of one option in the form the parser accepts.
using ShowFn = std::string (*)(const Config& config);

struct Option {
  std::string_view key;  // the field name in Config
  Secrecy secrecy;
  std::string_view description;
  ParseFn parse;
  ShowFn show;  // show(Config{}) is the default shown by `trellis config` and --help
};

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// "port must be a whole number from 0 to 65535 (got 'abc')"
Error invalid_value(std::string_view key, const std::string& expectation, std::string_view got) {
  return Error::invalid(std::string(key) + " must be " + expectation + " (got " + quoted(got) + ")",
                        std::string(key));
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool has_space(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// postgres://user:secret@host/db?password=x -> postgres://user:***@host/db?password=***
std::string mask_url_password(std::string_view url) {
  std::string out(url);
  const auto scheme_end = out.find("://");
  if (scheme_end == std::string::npos) return out;
  const auto authority_begin = scheme_end + 3;
  const auto authority_end = std::min(out.find_first_of("/?#", authority_begin), out.size());
  const auto at = out.rfind('@', authority_end - 1);
  if (at != std::string::npos && at >= authority_begin) {
    const auto colon = out.find(':', authority_begin);
    if (colon != std::string::npos && colon < at && colon + 1 < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // libpq also takes the password as a query parameter.
  const auto query = out.find('?');
  if (query != std::string::npos) {
    std::size_t pos = query + 1;
    while (pos < out.size()) {
      auto end = out.find('&', pos);
      if (end == std::string::npos) end = out.size();
      constexpr std::string_view kParam = "password=";
      if (std::string_view(out).substr(pos, end - pos).starts_with(kParam)) {
        const auto value_begin = pos + kParam.size();
        out.replace(value_begin, end - value_begin, "***");
        end = value_begin + 3;
      }
      pos = end + 1;
    }
  }
  return out;
}

// ---- Value parsers -------------------------------------------------------------------------

Result<long long> parse_integer(std::string_view key, std::string_view text, long long min,
                                long long max) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return invalid_value(
        key, "a whole number from " + std::to_string(min) + " to " + std::to_string(max), text);
  }
  return value;
}

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = kKiB * 1024;
constexpr std::uint64_t kGiB = kMiB * 1024;
struct SizeUnit {
  std::string_view suffix;
  std::uint64_t bytes;
};
constexpr std::array<SizeUnit, 3> kSizeUnits = {{{"GiB", kGiB}, {"MiB", kMiB}, {"KiB", kKiB}}};

std::string format_size(std::uint64_t bytes) {
  for (const auto& unit : kSizeUnits) {
    if (bytes != 0 && bytes % unit.bytes == 0) {
      return std::to_string(bytes / unit.bytes) + std::string(unit.suffix);
    }
  }
  return std::to_string(bytes);
}

// Plain bytes ("65536") or a whole number of KiB, MiB or GiB ("64KiB", "64 KiB").
Result<std::uint64_t> parse_size(std::string_view key, std::string_view text, std::uint64_t min,
                                 std::uint64_t max) {
  const auto fail = [&] {
    return invalid_value(key,
                         "a size from " + format_size(min) + " to " + format_size(max) +
                             ", in bytes or with a KiB, MiB or GiB suffix",
                         text);
  };
  std::uint64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || ec != std::errc()) return fail();
  const std::string_view suffix = trim(text.substr(end - text.data()));
  std::uint64_t multiplier = 1;
  if (!suffix.empty()) {
    const auto unit = std::find_if(kSizeUnits.begin(), kSizeUnits.end(),
                                   [&](const SizeUnit& u) { return iequals(u.suffix, suffix); });
    if (unit == kSizeUnits.end()) return fail();
    multiplier = unit->bytes;
  }
  if (number > std::numeric_limits<std::uint64_t>::max() / multiplier) return fail();
  const std::uint64_t bytes = number * multiplier;
  if (bytes < min || bytes > max) return fail();
  return bytes;
}

Result<bool> parse_bool(std::string_view key, std::string_view text) {
  for (std::string_view yes : {"true", "1", "yes", "on"}) {
    if (iequals(text, yes)) return true;
  }
  for (std::string_view no : {"false", "0", "no", "off"}) {
    if (iequals(text, no)) return false;
  }
  return invalid_value(key, "true or false (or 1/0, yes/no, on/off)", text);
}

// ---- Per-option parse and show functions ---------------------------------------------------

template <int Config::*field, int min, int max>
Status set_int(std::string_view key, std::string_view text, Config& config) {
  config.*field = static_cast<int>(TRY(parse_integer(key, text, min, max)));
  return ok_status();
}
template <int Config::*field>
std::string show_int(const Config& config) {
  return std::to_string(config.*field);
}

template <std::size_t Config::*field, std::uint64_t min, std::uint64_t max>
Status set_size(std::string_view key, std::string_view text, Config& config) {
  config.*field = static_cast<std::size_t>(TRY(parse_size(key, text, min, max)));
  return ok_status();
}
template <std::size_t Config::*field>
std::string show_size(const Config& config) {
  return format_size(config.*field);
}

template <bool Config::*field>
Status set_bool(std::string_view key, std::string_view text, Config& config) {
  config.*field = TRY(parse_bool(key, text));
  return ok_status();
}
template <bool Config::*field>
std::string show_bool(const Config& config) {
  return config.*field ? "true" : "false";
}

template <std::string Config::*field>
std::string show_string(const Config& config) {
  return config.*field;
}

// A bare path means an SQLite file and is stored as sqlite:PATH, so the storage layer only ever
// sees the three URL forms.
Status set_database_url(std::string_view key, std::string_view text, Config& config) {
  const auto fail = [&] {
    return invalid_value(key,
                         "sqlite:PATH, postgres://..., postgresql://... or the path of an SQLite "
                         "file",
                         mask_url_password(text));
  };
  if (text.starts_with("postgres://") || text.starts_with("postgresql://")) {
    config.database_url = std::string(text);
  } else if (text.starts_with("sqlite:")) {
    if (text.size() == std::string_view("sqlite:").size()) return fail();
    config.database_url = std::string(text);
  } else if (text.empty() || text.find("://") != std::string_view::npos) {
    return fail();  // empty, or a URL of a database Trellis does not speak
  } else {
    config.database_url = "sqlite:" + std::string(text);
  }
  return ok_status();
}

Status set_listen_host(std::string_view key, std::string_view text, Config& config) {
  if (text.empty() || has_space(text)) {
    return invalid_value(key, "a host name or IP address", text);
  }
  config.listen_host = std::string(text);
  return ok_status();
}

Status set_static_dir(std::string_view, std::string_view text, Config& config) {
  config.static_dir = std::string(text);
  return ok_status();
}

// Trailing slashes are dropped so links can be built as public_url + "/path".
Status set_public_url(std::string_view key, std::string_view text, Config& config) {
  std::string_view url = text;
  while (url.ends_with('/')) url.remove_suffix(1);
  std::string_view host;
  if (url.starts_with("https://")) {
    host = url.substr(8);
  } else if (url.starts_with("http://")) {
    host = url.substr(7);
  }
  if (!text.empty() && (host.empty() || has_space(text))) {
    return invalid_value(
        key, "empty or an http:// or https:// URL such as https://trellis.example.org", text);
  }
  config.public_url = std::string(url);
  return ok_status();
}

Status set_trusted_proxies(std::string_view key, std::string_view text, Config& config) {
  auto networks = parse_ip_networks(text);
  if (!networks)
    return invalid_value(key, "a comma-separated list of IP addresses or networks (10.0.0.0/8)",
                         text);
  config.trusted_proxies = std::string(trim(text));
  return ok_status();
}

// Compared with what scrapers send, so it must be long enough not to be guessed.
Status set_metrics_token(std::string_view key, std::string_view text, Config& config) {
  if (!text.empty() && (text.size() < 16 || has_space(text)))
    return Error::invalid(std::string(key) +
                              " must be empty or at least 16 characters without "
                              "spaces",
                          std::string(key));
  config.metrics_token = std::string(text);
  return ok_status();
}

constexpr std::array<std::string_view, 6> kLogLevels = {"trace", "debug", "info",
                                                        "warn",  "error", "off"};

Status set_log_level(std::string_view key, std::string_view text, Config& config) {
  for (std::string_view level : kLogLevels) {
    if (iequals(text, level)) {
      config.log_level = std::string(level);
      return ok_status();
    }
  }
  return invalid_value(key, "one of trace, debug, info, warn, error, off", text);
}

Status set_secure_cookies(std::string_view key, std::string_view text, Config& config) {
  if (text == "auto") {
    config.secure_cookies.reset();
    return ok_status();
  }
  Config probe;
  if (auto s = set_bool<&Config::migrate_on_start>(key, text, probe); !s)
    return invalid_value(key, "auto, true or false", text);
  config.secure_cookies = probe.migrate_on_start;
  return ok_status();
}

std::string show_secure_cookies(const Config& config) {
  if (!config.secure_cookies) return "auto";
  return *config.secure_cookies ? "true" : "false";
}

// ---- The table -----------------------------------------------------------------------------

// The ranges here are the ones documented beside each field in config.h.
const std::array<Option, 22> kOptions = {{
    // Storage
    {"database_url", Secrecy::kUrlPassword,
     "Database: sqlite:PATH (or a bare path) for SQLite, postgres://user:password@host/db for "
     "PostgreSQL",
     set_database_url, show_string<&Config::database_url>},
    {"db_pool_size", Secrecy::kPublic,
     "Reader connections on SQLite, connections on PostgreSQL (1..256)",
     set_int<&Config::db_pool_size, 1, 256>, show_int<&Config::db_pool_size>},
    {"db_busy_timeout_ms", Secrecy::kPublic,
     "How long an SQLite writer waits for the lock, in milliseconds (0..600000)",
     set_int<&Config::db_busy_timeout_ms, 0, 600000>, show_int<&Config::db_busy_timeout_ms>},
    {"migrate_on_start", Secrecy::kPublic, "Whether `serve` applies pending migrations at start",
     set_bool<&Config::migrate_on_start>, show_bool<&Config::migrate_on_start>},
    // HTTP
    {"listen_host", Secrecy::kPublic, "Address to listen on (0.0.0.0 for all interfaces)",
     set_listen_host, show_string<&Config::listen_host>},
    {"port", Secrecy::kPublic, "TCP port to listen on; 0 picks a free port (0..65535)",
     set_int<&Config::port, 0, 65535>, show_int<&Config::port>},
    {"io_threads", Secrecy::kPublic, "Threads doing network I/O (1..64)",
     set_int<&Config::io_threads, 1, 64>, show_int<&Config::io_threads>},
    {"worker_threads", Secrecy::kPublic,
     "Threads running request handlers that use the database (1..256)",
     set_int<&Config::worker_threads, 1, 256>, show_int<&Config::worker_threads>},
    {"max_body_bytes", Secrecy::kPublic,
     "Largest request body; larger ones get 413 (1KiB..1GiB, bytes or KiB/MiB/GiB)",
     set_size<&Config::max_body_bytes, kKiB, kGiB>, show_size<&Config::max_body_bytes>},
    {"max_header_bytes", Secrecy::kPublic,
     "Largest request header block (1KiB..1MiB, bytes or KiB/MiB/GiB)",
     set_size<&Config::max_header_bytes, kKiB, kMiB>, show_size<&Config::max_header_bytes>},
    {"request_timeout_seconds", Secrecy::kPublic,
     "Time for reading, handling and answering one request (1..3600)",
     set_int<&Config::request_timeout_seconds, 1, 3600>,
     show_int<&Config::request_timeout_seconds>},
    {"keepalive_timeout_seconds", Secrecy::kPublic,
     "How long an idle keep-alive connection stays open (1..3600)",
     set_int<&Config::keepalive_timeout_seconds, 1, 3600>,
     show_int<&Config::keepalive_timeout_seconds>},
    {"shutdown_grace_seconds", Secrecy::kPublic,
     "How long requests in flight may finish after SIGTERM (0..600)",
     set_int<&Config::shutdown_grace_seconds, 0, 600>, show_int<&Config::shutdown_grace_seconds>},
    {"static_dir", Secrecy::kPublic, "Folder of the web UI's built files; empty disables the UI",
     set_static_dir, show_string<&Config::static_dir>},
    {"public_url", Secrecy::kPublic,
     "How users reach Trellis, e.g. https://trellis.example.org; empty means "
     "http://listen_host:port",
     set_public_url, show_string<&Config::public_url>},
    {"trusted_proxies", Secrecy::kPublic,
     "Reverse proxies whose X-Forwarded-For names the client: addresses or networks, "
     "comma-separated (e.g. 127.0.0.1, 10.0.0.0/8); empty trusts none",
     set_trusted_proxies, show_string<&Config::trusted_proxies>},
    {"metrics_token", Secrecy::kSecret,
     "When set, GET /metrics needs Authorization: Bearer <token> (16+ characters); empty leaves "
     "it open",
     set_metrics_token, show_string<&Config::metrics_token>},
    // Accounts
    {"session_idle_minutes", Secrecy::kPublic, "A session unused this long ends (5..43200 minutes)",
     set_int<&Config::session_idle_minutes, 5, 43200>, show_int<&Config::session_idle_minutes>},
    {"session_lifetime_hours", Secrecy::kPublic,
     "A session ends this long after sign-in, used or not (1..2160 hours)",
     set_int<&Config::session_lifetime_hours, 1, 2160>, show_int<&Config::session_lifetime_hours>},
    {"secure_cookies", Secrecy::kPublic,
     "Mark cookies Secure with the __Host- prefix and send HSTS; on by default when public_url "
     "is https (auto, true, false)",
     set_secure_cookies, show_secure_cookies},
    // Background jobs
    {"checkin_alerts_interval_seconds", Secrecy::kPublic,
     "How often `serve` evaluates the check-in alert rules (1..86400 seconds; 0 turns the "
     "background evaluation off). With several servers, one evaluates at a time",
     set_int<&Config::checkin_alerts_interval_seconds, 0, 86400>,
     show_int<&Config::checkin_alerts_interval_seconds>},
    // Logging
    {"log_level", Secrecy::kPublic, "One of trace, debug, info, warn, error, off", set_log_level,
     show_string<&Config::log_level>},
}};

std::string env_name(std::string_view key) {
  std::string name(kEnvPrefix);
  for (char c : key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

const Option* find_by_key(std::string_view key) {
  for (const auto& option : kOptions) {
    if (option.key == key) return &option;
  }
  return nullptr;
}

const Option* find_by_env(std::string_view name) {
  for (const auto& option : kOptions) {
    if (env_name(option.key) == name) return &option;
  }
  return nullptr;
}

// Prefixes an option's error message with where the value came from.
Status apply(const Option& option, std::string_view text, Config& config,
             const std::string& source) {
  Status status = option.parse(option.key, text, config);
  if (status.ok()) return status;
  Error error = std::move(status).error();
  error.message = source + ": " + error.message;
  return error;
}

Error source_error(const std::string& source, const std::string& message,
                   std::string_view key = {}) {
  return Error::invalid(source + ": " + message, std::string(key));
}

// One `key = value` line's value: surrounding whitespace dropped; a value wholly inside
// matching single or double quotes is taken literally without them.
Result<std::string_view> unquote(std::string_view value, const std::string& where) {
  if (value.empty() || (value.front() != '"' && value.front() != '\'')) return value;
  if (value.size() < 2 || value.back() != value.front()) {
    return source_error(where, "missing closing quote " + std::string(1, value.front()));
  }
  return value.substr(1, value.size() - 2);
}

Status apply_file(const std::string& path, Config& config) {
  // ifstream reports failure without a reason; errno has it (ENOENT, EACCES, EISDIR).
  const auto unreadable = [&](int fallback) {
    const int err = errno != 0 ? errno : fallback;
    return Error::invalid("config file " + quoted(path) +
                          " cannot be read: " + std::generic_category().message(err));
  };
  errno = 0;
  std::ifstream in(path);
  if (!in) return unreadable(ENOENT);
  std::set<std::string, std::less<>> seen;
  std::string line;
  for (long number = 1; std::getline(in, line); ++number) {
    const std::string where = path + ":" + std::to_string(number);
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) {
      return source_error(where, "expected 'key = value' (got " + quoted(text) + ")");
    }
    const std::string_view key = trim(text.substr(0, eq));
    if (key.empty()) return source_error(where, "missing key before '='");
    const Option* option = find_by_key(key);
    if (option == nullptr) return source_error(where, "unknown key " + quoted(key), key);
    if (!seen.insert(std::string(key)).second) {
      return source_error(where, std::string(key) + " is set twice in this file", key);
    }
    const std::string_view value = TRY(unquote(trim(text.substr(eq + 1)), where));
    TRY(apply(*option, value, config, where));
  }
  if (in.bad()) return unreadable(EIO);
  return ok_status();
}

Status apply_environment(const std::map<std::string, std::string>& environment, Config& config) {
  for (const auto& [name, value] : environment) {
    if (!name.starts_with(kEnvPrefix)) continue;
    if (std::find(kNonConfigEnvironment.begin(), kNonConfigEnvironment.end(), name) !=
        kNonConfigEnvironment.end()) {
      continue;
    }
    const Option* option = find_by_env(name);
    if (option == nullptr) return source_error(name, "unknown setting");
    TRY(apply(*option, value, config, name));
  }
  return ok_status();
}

Status apply_flags(const std::vector<std::pair<std::string, std::string>>& flags, Config& config) {
  for (const auto& [key, value] : flags) {
    const std::string where = "--set " + key;
    const Option* option = find_by_key(key);
    if (option == nullptr) return source_error(where, "unknown key " + quoted(key), key);
    TRY(apply(*option, value, config, where));
  }
  return ok_status();
}

}  // namespace

const std::vector<ConfigOptionInfo>& config_options() {
  static const std::vector<ConfigOptionInfo> infos = [] {
    std::vector<ConfigOptionInfo> out;
    for (const auto& option : kOptions) {
      out.push_back({std::string(option.key), env_name(option.key), std::string(option.description),
                     option.secrecy != Secrecy::kPublic});
    }
    return out;
  }();
  return infos;
}

Result<Config> load_config(const ConfigSources& sources) {
  Config config;
  if (!sources.file_path.empty()) TRY(apply_file(sources.file_path, config));
  TRY(apply_environment(sources.environment, config));
  TRY(apply_flags(sources.flags, config));
  return config;
}

std::map<std::string, std::string> trellis_environment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    if (!text.starts_with(kEnvPrefix)) continue;
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> describe_config(const Config& config) {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(kOptions.size());
  for (const auto& option : kOptions) {
    std::string value = option.show(config);
    switch (option.secrecy) {
      case Secrecy::kPublic:
        break;
      case Secrecy::kUrlPassword:
        value = mask_url_password(value);
        break;
      case Secrecy::kSecret:
        if (!value.empty()) value = "***";
        break;
    }
    out.emplace_back(std::string(option.key), std::move(value));
  }
  return out;
}

}  // namespace trellis

namespace trellis {

bool uses_secure_cookies(const Config& config) {
  if (config.secure_cookies) return *config.secure_cookies;
  return config.public_url.rfind("https://", 0) == 0;
}

}  // namespace trellis
