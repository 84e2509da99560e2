#include "support/openapi_contract.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace trellis::test {

namespace json = boost::json;

struct OpenApiContract::Response {
  std::vector<std::string> media_types;           // empty: the reply has no body
  std::unique_ptr<valijson::Schema> json_schema;  // when application/json is documented
};

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Compiles one schema of the document. References such as "#/components/schemas/Code" resolve
// against the schema's root, so the root carries the document's components beside it.
std::unique_ptr<valijson::Schema> compile(const json::value& schema,
                                          const json::value& components) {
  json::value root = json::object{{"allOf", json::array{schema}}, {"components", components}};
  auto compiled = std::make_unique<valijson::Schema>();
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  parser.populateSchema(valijson::adapters::BoostJsonAdapter(root), *compiled);
  return compiled;
}

// The path as the server routes it: percent-decoded ("%2e%2e%2f" is "../").
std::string decoded(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() &&
        std::isxdigit(static_cast<unsigned char>(path[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(path[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(path.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(path[i]);
    }
  }
  return out;
}

std::string media_type_of(const Reply& reply) {
  std::string type = reply.header("Content-Type").value_or("");
  type = type.substr(0, type.find(';'));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

}  // namespace

OpenApiContract::OpenApiContract(const json::value& document) {
  const json::value& components = document.at("components");
  try {
    generic_error_ = std::make_unique<Response>();
    generic_error_->media_types = {"application/json"};
    generic_error_->json_schema =
        compile(json::object{{"$ref", "#/components/schemas/Error"}}, components);
    for (const auto& [path, item] : document.at("paths").as_object()) {
      PathItem p;
      p.segments = split_path(path);
      for (const auto& [method, operation] : item.as_object()) {
        if (!operation.is_object() || !operation.as_object().contains("responses")) continue;
        Operation& op = p.operations[upper(method)];
        for (const auto& [status, response] : operation.at("responses").as_object()) {
          auto r = std::make_unique<Response>();
          if (const json::value* content = response.as_object().if_contains("content")) {
            for (const auto& [type, media] : content->as_object()) {
              r->media_types.emplace_back(type);
              if (type == "application/json" && media.as_object().contains("schema"))
                r->json_schema = compile(media.at("schema"), components);
            }
          }
          op.responses[std::stoi(std::string(status))] = std::move(r);
        }
      }
      paths_.push_back(std::move(p));
    }
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("openapi.json: ") + e.what());
  }
}

OpenApiContract::~OpenApiContract() = default;

const OpenApiContract& OpenApiContract::project() {
  static const OpenApiContract contract = [] {
    std::ifstream in(std::string(TRELLIS_SOURCE_DIR) + "/docs/api/openapi.json");
    std::stringstream text;
    text << in.rdbuf();
    return OpenApiContract(json::parse(text.str()));
  }();
  return contract;
}

const OpenApiContract::PathItem* OpenApiContract::match(std::string_view path) const {
  const std::vector<std::string> wanted = split_path(path);
  const PathItem* best = nullptr;
  std::size_t best_literals = 0;
  for (const PathItem& p : paths_) {
    if (p.segments.size() != wanted.size()) continue;
    std::size_t literals = 0;
    bool fits = true;
    for (std::size_t i = 0; i < wanted.size() && fits; ++i) {
      const std::string& s = p.segments[i];
      const bool parameter = s.size() > 2 && s.front() == '{' && s.back() == '}';
      if (parameter)
        fits = !wanted[i].empty();
      else if (s == wanted[i])
        ++literals;
      else
        fits = false;
    }
    // "/sessions/current" is a better match than "/sessions/{id}".
    if (fits && (!best || literals > best_literals)) {
      best = &p;
      best_literals = literals;
    }
  }
  return best;
}

std::string OpenApiContract::check_body(const Response& expected, const Reply& reply) const {
  if (reply.body.empty()) return "";
  const std::string type = media_type_of(reply);
  if (std::find(expected.media_types.begin(), expected.media_types.end(), type) ==
      expected.media_types.end())
    return "media type \"" + type + "\" is not documented for this status";
  if (type != "application/json" || !expected.json_schema) return "";
  json::value body;
  try {
    body = json::parse(reply.body);
  } catch (const std::exception& e) {
    return std::string("the body is not JSON: ") + e.what();
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  if (validator.validate(*expected.json_schema, valijson::adapters::BoostJsonAdapter(body),
                         &results))
    return "";
  std::string out = "the body does not match the documented schema:";
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    out += "\n  at ";
    for (const std::string& part : error.context) out += part;
    out += ": " + error.description;
  }
  return out;
}

std::string OpenApiContract::check(std::string_view method, std::string_view target,
                                   const Reply& reply) const {
  const std::string path = decoded(target.substr(0, target.find('?')));
  const std::string verb = upper(method) == "HEAD" ? "GET" : upper(method);
  const std::string where =
      verb + " " + std::string(path) + " -> " + std::to_string(reply.status) + ": ";
  // Statuses any request may get: the server's own failures.
  const bool server_wide = reply.status == 500 || reply.status == 503;
  const PathItem* item = match(path);
  const Operation* op = nullptr;
  if (item) {
    auto found = item->operations.find(verb);
    if (found != item->operations.end()) op = &found->second;
  }
  const Response* expected = nullptr;
  if (op) {
    auto found = op->responses.find(reply.status);
    if (found != op->responses.end()) expected = found->second.get();
  }
  if (!expected) {
    // Outside the documented routes (an unknown path, a method the path lacks) and for the
    // server's own failures, an error must still look like every other error.
    const bool undocumented_route_error = !op && reply.status >= 400;
    if (!server_wide && !undocumented_route_error)
      return where + (op ? "this status is not documented for the operation"
                         : "no documented operation matches");
    expected = generic_error_.get();
  }
  if (upper(method) == "HEAD") return "";
  std::string problem = check_body(*expected, reply);
  return problem.empty() ? "" : where + problem + "\n  body: " + reply.body.substr(0, 2000);
}

}  // namespace trellis::test
