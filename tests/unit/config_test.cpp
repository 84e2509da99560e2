#include "config/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace trellis {
namespace {

namespace fs = std::filesystem;

using Settings = std::vector<std::pair<std::string, std::string>>;

// A config file in a fresh temporary folder, removed with the fixture.
class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/trellis-config-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& text, const std::string& name = "trellis.conf") {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  fs::path dir_;
};

std::string value_of(const Config& config, const std::string& key) {
  for (const auto& [k, v] : describe_config(config)) {
    if (k == key) return v;
  }
  ADD_FAILURE() << "no key " << key;
  return {};
}

Result<Config> from_flags(Settings flags) {
  ConfigSources sources;
  sources.flags = std::move(flags);
  return load_config(sources);
}

Result<Config> from_flag(const std::string& key, const std::string& value) {
  return from_flags({{key, value}});
}

// The error message of loading with one flag, "" when it loads.
std::string flag_error(const std::string& key, const std::string& value) {
  const auto result = from_flag(key, value);
  return result ? std::string() : result.error().message;
}

Result<Config> from_file(const std::string& path) {
  ConfigSources sources;
  sources.file_path = path;
  return load_config(sources);
}

Result<Config> from_environment(std::map<std::string, std::string> environment) {
  ConfigSources sources;
  sources.environment = std::move(environment);
  return load_config(sources);
}

// ---- Defaults and the table ---------------------------------------------------------------

TEST(ConfigDefaults, NoSourcesGiveTheDocumentedDefaults) {
  const auto config = load_config({});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->database_url, "sqlite:data/trellis.db");
  EXPECT_EQ(config->db_pool_size, 8);
  EXPECT_EQ(config->db_busy_timeout_ms, 5000);
  EXPECT_TRUE(config->migrate_on_start);
  EXPECT_EQ(config->listen_host, "127.0.0.1");
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->io_threads, 2);
  EXPECT_EQ(config->worker_threads, 8);
  EXPECT_EQ(config->max_body_bytes, 1u << 20);
  EXPECT_EQ(config->max_header_bytes, 16u << 10);
  EXPECT_EQ(config->request_timeout_seconds, 30);
  EXPECT_EQ(config->keepalive_timeout_seconds, 75);
  EXPECT_EQ(config->shutdown_grace_seconds, 10);
  EXPECT_EQ(config->static_dir, "web/dist");
  EXPECT_EQ(config->public_url, "");
  EXPECT_EQ(config->log_level, "info");
}

TEST(ConfigDefaults, DescribeShowsEveryOptionInTableOrder) {
  const Settings expected = {
      {"database_url", "sqlite:data/trellis.db"},
      {"db_pool_size", "8"},
      {"db_busy_timeout_ms", "5000"},
      {"migrate_on_start", "true"},
      {"listen_host", "127.0.0.1"},
      {"port", "8080"},
      {"io_threads", "2"},
      {"worker_threads", "8"},
      {"max_body_bytes", "1MiB"},
      {"max_header_bytes", "16KiB"},
      {"request_timeout_seconds", "30"},
      {"keepalive_timeout_seconds", "75"},
      {"shutdown_grace_seconds", "10"},
      {"static_dir", "web/dist"},
      {"public_url", ""},
      {"trusted_proxies", ""},
      {"metrics_token", ""},
      {"session_idle_minutes", "1440"},
      {"session_lifetime_hours", "336"},
      {"secure_cookies", "auto"},
      {"checkin_alerts_interval_seconds", "300"},
      {"log_level", "info"},
  };
  EXPECT_EQ(describe_config(Config{}), expected);
}

TEST(ConfigOptions, TrustedProxiesAndMetricsTokenAreChecked) {
  auto ok = load_config({"", {}, {{"trusted_proxies", "127.0.0.1, 10.0.0.0/8"}}});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->trusted_proxies, "127.0.0.1, 10.0.0.0/8");
  auto bad = load_config({"", {}, {{"trusted_proxies", "proxy.local"}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("trusted_proxies"), std::string::npos);
  EXPECT_FALSE(load_config({"", {}, {{"metrics_token", "short"}}}).ok());
  EXPECT_TRUE(load_config({"", {}, {{"metrics_token", "a-long-enough-scrape-token"}}}).ok());
}

TEST(ConfigOptions, TheAlertIntervalIsOffAtZeroAndAtMostADay) {
  for (const char* ok : {"0", "1", "300", "86400"}) {
    auto c = load_config({"", {}, {{"checkin_alerts_interval_seconds", ok}}});
    ASSERT_TRUE(c.ok()) << ok << ": " << c.error().message;
    EXPECT_EQ(c->checkin_alerts_interval_seconds, std::stoi(ok));
  }
  for (const char* bad : {"-1", "86401", "soon"}) {
    auto c = load_config({"", {}, {{"checkin_alerts_interval_seconds", bad}}});
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_NE(c.error().message.find("checkin_alerts_interval_seconds"), std::string::npos);
  }
  auto from_env = load_config({"", {{"TRELLIS_CHECKIN_ALERTS_INTERVAL_SECONDS", "60"}}, {}});
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->checkin_alerts_interval_seconds, 60);
}

TEST(ConfigOptions, EveryOptionHasItsEnvironmentVariableAndADescription) {
  const auto& options = config_options();
  ASSERT_EQ(options.size(), 22u);
  std::set<std::string> keys;
  for (const auto& option : options) {
    EXPECT_TRUE(keys.insert(option.key).second) << "duplicate key " << option.key;
    std::string env = "TRELLIS_";
    for (char c : option.key) env += static_cast<char>(std::toupper(c));
    EXPECT_EQ(option.env, env);
    EXPECT_FALSE(option.description.empty()) << option.key;
    EXPECT_EQ(option.secret, option.key == "database_url" || option.key == "metrics_token")
        << option.key;
  }
  const auto described = describe_config(Config{});
  ASSERT_EQ(described.size(), options.size());
  for (std::size_t i = 0; i < options.size(); ++i) EXPECT_EQ(described[i].first, options[i].key);
}

TEST(ConfigOptions, DescribedValuesLoadBackToTheSameConfig) {
  const auto changed = from_flags({{"database_url", "postgres://trellis@db.internal/trellis"},
                                   {"db_pool_size", "16"},
                                   {"migrate_on_start", "no"},
                                   {"max_body_bytes", "1500"},
                                   {"max_header_bytes", "64KiB"},
                                   {"static_dir", ""},
                                   {"public_url", "https://trellis.example.org"},
                                   {"log_level", "debug"}});
  ASSERT_TRUE(changed) << changed.error().message;
  const auto described = describe_config(*changed);
  const auto reloaded = from_flags(described);
  ASSERT_TRUE(reloaded) << reloaded.error().message;
  EXPECT_EQ(describe_config(*reloaded), described);
}

// ---- Config file --------------------------------------------------------------------------

TEST_F(ConfigFileTest, ReadsKeyValueLinesCommentsBlankLinesAndQuotes) {
  const auto path = write(
      "# Trellis settings\n"
      "\n"
      "port = 9000\n"
      "   listen_host=0.0.0.0   \n"
      "\t# indented comment\n"
      "database_url = \"postgres://app:pw@localhost/trellis\"\n"
      "static_dir = ''\n"
      "public_url = 'https://example.org/mentoring/'\r\n"
      "log_level = warn\r\n"
      "max_body_bytes = 8 MiB\n");
  const auto config = from_file(path);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->port, 9000);
  EXPECT_EQ(config->listen_host, "0.0.0.0");
  EXPECT_EQ(config->database_url, "postgres://app:pw@localhost/trellis");
  EXPECT_EQ(config->static_dir, "");
  EXPECT_EQ(config->public_url, "https://example.org/mentoring");
  EXPECT_EQ(config->log_level, "warn");
  EXPECT_EQ(config->max_body_bytes, 8u << 20);
  EXPECT_EQ(config->io_threads, 2);  // untouched keys keep their defaults
}

TEST_F(ConfigFileTest, EqualsSignsInsideAValueBelongToTheValue) {
  const auto path = write("database_url = postgres://app@db/trellis?sslmode=require\n");
  const auto config = from_file(path);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->database_url, "postgres://app@db/trellis?sslmode=require");
}

TEST_F(ConfigFileTest, AnEmptyFileGivesTheDefaults) {
  const auto config = from_file(write(""));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(describe_config(*config), describe_config(Config{}));
}

TEST_F(ConfigFileTest, UnknownKeyNamesFileAndLine) {
  const auto path = write("port = 1\n\nprot = 8080\n");
  const auto config = from_file(path);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, path + ":3: unknown key 'prot'");
  EXPECT_EQ(config.error().code, ErrorCode::kInvalid);
}

TEST_F(ConfigFileTest, InvalidValueNamesFileLineAndKey) {
  const auto path = write("# comment\nport = abc\n");
  const auto config = from_file(path);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message,
            path + ":2: port must be a whole number from 0 to 65535 (got 'abc')");
  EXPECT_EQ(config.error().field, "port");
}

TEST_F(ConfigFileTest, LineWithoutEqualsSignIsAnError) {
  const auto path = write("port 8080\n");
  const auto config = from_file(path);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, path + ":1: expected 'key = value' (got 'port 8080')");
}

TEST_F(ConfigFileTest, MissingKeyIsAnError) {
  const auto path = write("= 8080\n");
  const auto config = from_file(path);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, path + ":1: missing key before '='");
}

TEST_F(ConfigFileTest, UnclosedQuoteIsAnError) {
  const auto path = write("static_dir = \"web/dist\n");
  const auto config = from_file(path);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, path + ":1: missing closing quote \"");

  const auto single = write("static_dir = '\n", "single.conf");
  const auto config2 = from_file(single);
  ASSERT_FALSE(config2);
  EXPECT_EQ(config2.error().message, single + ":1: missing closing quote '");
}

TEST_F(ConfigFileTest, KeySetTwiceIsAnError) {
  const auto path = write("port = 1\nport = 2\n");
  const auto config = from_file(path);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, path + ":2: port is set twice in this file");
}

TEST_F(ConfigFileTest, KeysAreCaseSensitive) {
  const auto path = write("PORT = 1\n");
  const auto config = from_file(path);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, path + ":1: unknown key 'PORT'");
}

TEST_F(ConfigFileTest, MissingFileIsAnErrorNamingThePath) {
  const std::string path = (dir_ / "nope.conf").string();
  const auto config = from_file(path);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message,
            "config file '" + path + "' cannot be read: No such file or directory");
}

TEST_F(ConfigFileTest, AFolderIsNotAConfigFile) {
  const auto config = from_file(dir_.string());
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message,
            "config file '" + dir_.string() + "' cannot be read: Is a directory");
}

// ---- Environment ---------------------------------------------------------------------------

TEST(ConfigEnvironment, TrellisVariablesSetTheirKeys) {
  const auto config = from_environment({{"TRELLIS_PORT", "9100"},
                                        {"TRELLIS_DATABASE_URL", "sqlite:/var/lib/trellis.db"},
                                        {"TRELLIS_MIGRATE_ON_START", "off"},
                                        {"TRELLIS_PUBLIC_URL", ""}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->port, 9100);
  EXPECT_EQ(config->database_url, "sqlite:/var/lib/trellis.db");
  EXPECT_FALSE(config->migrate_on_start);
  EXPECT_EQ(config->public_url, "");
}

TEST(ConfigEnvironment, InvalidValueNamesTheVariable) {
  const auto config = from_environment({{"TRELLIS_PORT", "abc"}});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message,
            "TRELLIS_PORT: port must be a whole number from 0 to 65535 (got 'abc')");
  EXPECT_EQ(config.error().field, "port");
}

TEST(ConfigEnvironment, UnknownTrellisVariableIsAnError) {
  const auto config = from_environment({{"TRELLIS_FOO", "1"}});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message, "TRELLIS_FOO: unknown setting");
}

TEST(ConfigEnvironment, TestVariablesAndOtherVariablesAreIgnored) {
  const auto config = from_environment({{"TRELLIS_TEST_BACKEND", "postgres"},
                                        {"TRELLIS_TEST_POSTGRES_URL", "postgres://x@y/z"},
                                        {"HOME", "/root"},
                                        {"PORT", "abc"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(describe_config(*config), describe_config(Config{}));
}

TEST(ConfigEnvironment, TrellisEnvironmentReadsOnlyTrellisVariables) {
  ASSERT_EQ(setenv("TRELLIS_CONFIG_TEST_VALUE", "a=b", 1), 0);
  ASSERT_EQ(setenv("NOT_TRELLIS_CONFIG_TEST", "x", 1), 0);
  const auto environment = trellis_environment();
  unsetenv("TRELLIS_CONFIG_TEST_VALUE");
  unsetenv("NOT_TRELLIS_CONFIG_TEST");
  ASSERT_EQ(environment.count("TRELLIS_CONFIG_TEST_VALUE"), 1u);
  EXPECT_EQ(environment.at("TRELLIS_CONFIG_TEST_VALUE"), "a=b");
  for (const auto& [name, value] : environment) {
    EXPECT_EQ(name.rfind("TRELLIS_", 0), 0u) << name;
  }
}

// ---- Flags ---------------------------------------------------------------------------------

TEST(ConfigFlags, FlagsSetTheirKeys) {
  const auto config = from_flags({{"port", "0"}, {"io_threads", "4"}, {"log_level", "ERROR"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->port, 0);
  EXPECT_EQ(config->io_threads, 4);
  EXPECT_EQ(config->log_level, "error");
}

TEST(ConfigFlags, InvalidValueIsPrefixedWithTheFlag) {
  EXPECT_EQ(flag_error("port", "abc"),
            "--set port: port must be a whole number from 0 to 65535 (got 'abc')");
}

TEST(ConfigFlags, UnknownKeyIsAnError) {
  EXPECT_EQ(flag_error("prot", "8080"), "--set prot: unknown key 'prot'");
}

TEST(ConfigFlags, LaterFlagsWin) {
  const auto config = from_flags({{"port", "1"}, {"port", "2"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->port, 2);
}

// ---- Precedence ----------------------------------------------------------------------------

TEST_F(ConfigFileTest, DefaultsThenFileThenEnvironmentThenFlags) {
  ConfigSources sources;
  sources.file_path = write("port = 1001\nio_threads = 3\nworker_threads = 5\nlog_level = debug\n");
  sources.environment = {{"TRELLIS_PORT", "1002"}, {"TRELLIS_IO_THREADS", "4"}};
  sources.flags = {{"port", "1003"}};
  const auto config = load_config(sources);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->port, 1003);          // flag over environment over file
  EXPECT_EQ(config->io_threads, 4);       // environment over file
  EXPECT_EQ(config->worker_threads, 5);   // file over default
  EXPECT_EQ(config->log_level, "debug");  // file over default
  EXPECT_EQ(config->db_pool_size, 8);     // default
}

TEST_F(ConfigFileTest, AFileErrorIsReportedEvenWhenAFlagWouldOverrideTheKey) {
  ConfigSources sources;
  sources.file_path = write("port = abc\n");
  sources.flags = {{"port", "1"}};
  EXPECT_FALSE(load_config(sources));
}

// ---- Value rules ---------------------------------------------------------------------------

struct IntegerRange {
  std::string key;
  long long min;
  long long max;
};

class ConfigIntegerTest : public ::testing::TestWithParam<IntegerRange> {};

TEST_P(ConfigIntegerTest, AcceptsTheRangeAndRejectsEverythingElse) {
  const auto& [key, min, max] = GetParam();
  const std::string expectation = "--set " + key + ": " + key + " must be a whole number from " +
                                  std::to_string(min) + " to " + std::to_string(max) + " (got '";
  for (long long ok : {min, max}) {
    const auto config = from_flag(key, std::to_string(ok));
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(value_of(*config, key), std::to_string(ok));
  }
  const std::vector<std::string> bad_values = {std::to_string(min - 1),
                                               std::to_string(max + 1),
                                               "",
                                               "abc",
                                               "12abc",
                                               " 12",
                                               "12 ",
                                               "+12",
                                               "1.5",
                                               "0x10",
                                               "99999999999999999999999"};
  for (const std::string& bad : bad_values) {
    EXPECT_EQ(flag_error(key, bad), expectation + bad + "')");
  }
}

INSTANTIATE_TEST_SUITE_P(EveryIntegerOption, ConfigIntegerTest,
                         ::testing::Values(IntegerRange{"db_pool_size", 1, 256},
                                           IntegerRange{"db_busy_timeout_ms", 0, 600000},
                                           IntegerRange{"port", 0, 65535},
                                           IntegerRange{"io_threads", 1, 64},
                                           IntegerRange{"worker_threads", 1, 256},
                                           IntegerRange{"request_timeout_seconds", 1, 3600},
                                           IntegerRange{"keepalive_timeout_seconds", 1, 3600},
                                           IntegerRange{"shutdown_grace_seconds", 0, 600}),
                         [](const auto& test_info) { return test_info.param.key; });

TEST(ConfigSizes, AcceptBytesAndBinarySuffixes) {
  const std::vector<std::pair<std::string, std::size_t>> cases = {
      {"1024", 1024},
      {"1500", 1500},
      {"1KiB", 1024},
      {"64 KiB", 64 * 1024},
      {"2MiB", 2 << 20},
      {"2mib", 2 << 20},
      {"1GiB", std::size_t{1} << 30},
  };
  for (const auto& [text, bytes] : cases) {
    const auto config = from_flag("max_body_bytes", text);
    ASSERT_TRUE(config) << text << ": " << config.error().message;
    EXPECT_EQ(config->max_body_bytes, bytes) << text;
  }
  const auto header = from_flag("max_header_bytes", "1MiB");
  ASSERT_TRUE(header) << header.error().message;
  EXPECT_EQ(header->max_header_bytes, std::size_t{1} << 20);
}

TEST(ConfigSizes, RejectOutOfRangeAndMalformedSizes) {
  const std::string body =
      "--set max_body_bytes: max_body_bytes must be a size from 1KiB to 1GiB, in bytes or with a "
      "KiB, MiB or GiB suffix (got '";
  for (const std::string bad : {"1023", "0", "2GiB", "1025MiB", "", "MiB", "1.5MiB", "1 MB", "1KB",
                                "-1KiB", "1KiB1", "99999999999999999999GiB", "17179869184GiB"}) {
    EXPECT_EQ(flag_error("max_body_bytes", bad), body + bad + "')");
  }
  EXPECT_EQ(flag_error("max_header_bytes", "2MiB"),
            "--set max_header_bytes: max_header_bytes must be a size from 1KiB to 1MiB, in bytes "
            "or with a KiB, MiB or GiB suffix (got '2MiB')");
}

TEST(ConfigSizes, DescribeUsesTheLargestExactUnit) {
  Config config;
  config.max_body_bytes = 1500;
  config.max_header_bytes = 3 << 10;
  EXPECT_EQ(value_of(config, "max_body_bytes"), "1500");
  EXPECT_EQ(value_of(config, "max_header_bytes"), "3KiB");
  config.max_body_bytes = std::size_t{1} << 30;
  EXPECT_EQ(value_of(config, "max_body_bytes"), "1GiB");
}

TEST(ConfigBooleans, AcceptTheUsualSpellings) {
  for (const std::string yes : {"true", "1", "yes", "on", "TRUE", "Yes"}) {
    const auto config = from_flags({{"migrate_on_start", "false"}, {"migrate_on_start", yes}});
    ASSERT_TRUE(config) << yes;
    EXPECT_TRUE(config->migrate_on_start) << yes;
  }
  for (const std::string no : {"false", "0", "no", "off", "Off"}) {
    const auto config = from_flag("migrate_on_start", no);
    ASSERT_TRUE(config) << no;
    EXPECT_FALSE(config->migrate_on_start) << no;
  }
  for (const std::string bad : {"", "2", "y", "enabled"}) {
    EXPECT_EQ(flag_error("migrate_on_start", bad),
              "--set migrate_on_start: migrate_on_start must be true or false (or 1/0, yes/no, "
              "on/off) (got '" +
                  bad + "')");
  }
}

TEST(ConfigDatabaseUrl, AcceptsSqlitePostgresAndPaths) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"sqlite:data/trellis.db", "sqlite:data/trellis.db"},
      {"sqlite:/var/lib/trellis/trellis.db", "sqlite:/var/lib/trellis/trellis.db"},
      {"postgres://trellis:pw@localhost:5432/trellis",
       "postgres://trellis:pw@localhost:5432/trellis"},
      {"postgresql://localhost/trellis", "postgresql://localhost/trellis"},
      {"/srv/trellis.db", "sqlite:/srv/trellis.db"},  // a bare path is an SQLite file
      {"trellis.db", "sqlite:trellis.db"},
  };
  for (const auto& [text, stored] : cases) {
    const auto config = from_flag("database_url", text);
    ASSERT_TRUE(config) << text << ": " << config.error().message;
    EXPECT_EQ(config->database_url, stored);
  }
}

TEST(ConfigDatabaseUrl, RejectsOtherDatabasesAndEmptyValues) {
  const std::string prefix =
      "--set database_url: database_url must be sqlite:PATH, postgres://..., postgresql://... or "
      "the path of an SQLite file (got '";
  for (const std::string bad : {"", "sqlite:", "mysql://localhost/trellis", "http://x/y"}) {
    EXPECT_EQ(flag_error("database_url", bad), prefix + bad + "')");
  }
}

TEST(ConfigDatabaseUrl, ErrorsDoNotRevealPasswords) {
  const auto message = flag_error("database_url", "mysql://app:hunter2@db/trellis");
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  EXPECT_NE(message.find("mysql://app:***@db/trellis"), std::string::npos) << message;
}

TEST(ConfigLogLevel, AcceptsTheListedLevelsOnly) {
  for (const std::string level : {"trace", "debug", "info", "warn", "error", "off"}) {
    const auto config = from_flag("log_level", level);
    ASSERT_TRUE(config) << level;
    EXPECT_EQ(config->log_level, level);
  }
  EXPECT_EQ(flag_error("log_level", "verbose"),
            "--set log_level: log_level must be one of trace, debug, info, warn, error, off "
            "(got 'verbose')");
  EXPECT_NE(flag_error("log_level", "warning"), "");
}

TEST(ConfigPublicUrl, AcceptsHttpAndHttpsUrlsAndEmpty) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"https://trellis.example.org", "https://trellis.example.org"},
      {"http://localhost:8080/", "http://localhost:8080"},
      {"https://example.org/trellis//", "https://example.org/trellis"},
      {"", ""},
  };
  for (const auto& [text, stored] : cases) {
    const auto config = from_flag("public_url", text);
    ASSERT_TRUE(config) << text << ": " << config.error().message;
    EXPECT_EQ(config->public_url, stored);
  }
}

TEST(ConfigPublicUrl, RejectsOtherValues) {
  const std::string prefix =
      "--set public_url: public_url must be empty or an http:// or https:// URL such as "
      "https://trellis.example.org (got '";
  for (const std::string bad :
       {"trellis.example.org", "ftp://example.org", "https://", "http:///", "https://a b"}) {
    EXPECT_EQ(flag_error("public_url", bad), prefix + bad + "')");
  }
}

TEST(ConfigListenHost, RejectsEmptyAndSpaces) {
  for (const std::string bad : {"", "local host"}) {
    EXPECT_EQ(
        flag_error("listen_host", bad),
        "--set listen_host: listen_host must be a host name or IP address (got '" + bad + "')");
  }
  const auto config = from_flag("listen_host", "::1");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->listen_host, "::1");
}

TEST(ConfigStaticDir, AnyValueIncludingEmpty) {
  const auto config = from_flag("static_dir", "");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->static_dir, "");
}

// ---- Masking -------------------------------------------------------------------------------

std::string described_database_url(const std::string& url) {
  Config config;
  config.database_url = url;
  return value_of(config, "database_url");
}

TEST(ConfigMasking, PasswordsInDatabaseUrlsAreMasked) {
  EXPECT_EQ(described_database_url("postgres://user:secret@host/db"),
            "postgres://user:***@host/db");
  EXPECT_EQ(described_database_url("postgresql://user:s3cr%40t@host:5432/db?sslmode=require"),
            "postgresql://user:***@host:5432/db?sslmode=require");
  EXPECT_EQ(described_database_url("postgres://user:p@ss@host/db"), "postgres://user:***@host/db");
  EXPECT_EQ(described_database_url("postgres://host/db?user=u&password=secret&sslmode=disable"),
            "postgres://host/db?user=u&password=***&sslmode=disable");
}

TEST(ConfigMasking, UrlsWithoutPasswordsAreShownAsTheyAre) {
  for (const std::string url :
       {"postgres://user@host/db", "postgres://host/db", "postgres://host:5432", "postgresql:///db",
        "sqlite:data/trellis.db", "sqlite:/tmp/a:b@c.db"}) {
    EXPECT_EQ(described_database_url(url), url);
  }
}

TEST(ConfigMasking, OtherValuesAreNotMasked) {
  Config config;
  config.public_url = "https://user:pw@example.org";  // not a secret setting
  EXPECT_EQ(value_of(config, "public_url"), "https://user:pw@example.org");
}

}  // namespace
}  // namespace trellis
