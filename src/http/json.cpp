#include "http/json.h"

#include <cctype>
#include <cmath>
#include <limits>

namespace trellis::http {
namespace {

bool is_blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// 1-based line and column of a byte offset, for syntax error messages.
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

std::string named(std::string_view field, std::string_view rest) {
  std::string message(field);
  message.append(rest);
  return message;
}

}  // namespace

Result<boost::json::object> parse_json_object(const Request& request) {
  if (!has_media_type(request, "application/json")) {
    return Error::unsupported_media_type("Send the body as application/json.");
  }
  if (is_blank(request.body)) {
    return Error::invalid("The request body is empty; send a JSON object.");
  }

  boost::json::parse_options options;  // strict JSON: no comments, NaN or trailing commas
  options.max_depth = 64;
  boost::json::parser parser(boost::json::storage_ptr(), options);
  boost::json::error_code ec;
  std::size_t consumed = parser.write_some(request.body.data(), request.body.size(), ec);
  if (!ec && consumed < request.body.size()) {
    // A complete value followed by more than whitespace.
    if (!is_blank(std::string_view(request.body).substr(consumed))) {
      ec = boost::json::error::extra_data;
    }
  }
  if (ec) {
    if (ec == boost::json::error::too_deep) {
      return Error::invalid("The request body nests JSON too deeply.");
    }
    auto [line, column] = line_and_column(request.body, consumed);
    return Error::invalid("The request body is not valid JSON (line " + std::to_string(line) +
                          ", column " + std::to_string(column) + ").");
  }
  boost::json::value value = parser.release();
  if (!value.is_object()) return Error::invalid("The request body must be a JSON object.");
  return std::move(value.as_object());
}

Result<std::string> required_string(const boost::json::object& o, std::string_view field) {
  const boost::json::value* v = o.if_contains(field);
  if (v == nullptr || v->is_null())
    return Error::invalid(named(field, " is required."), std::string(field));
  if (!v->is_string())
    return Error::invalid(named(field, " must be a string."), std::string(field));
  return std::string(v->get_string());
}

Result<std::optional<std::string>> optional_string(const boost::json::object& o,
                                                   std::string_view field) {
  const boost::json::value* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string())
    return Error::invalid(named(field, " must be a string."), std::string(field));
  return std::optional<std::string>(std::string(v->get_string()));
}

Result<std::optional<long long>> optional_int(const boost::json::object& o,
                                              std::string_view field) {
  const boost::json::value* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<long long>();
  if (v->is_int64()) return std::optional<long long>(v->get_int64());
  if (v->is_uint64() &&
      v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<long long>::max())) {
    return std::optional<long long>(static_cast<long long>(v->get_uint64()));
  }
  if (v->is_double()) {
    // 3.0 is a whole number too; 2^63 and beyond are out of range.
    double d = v->get_double();
    if (std::trunc(d) == d && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18) {
      return std::optional<long long>(static_cast<long long>(d));
    }
  }
  return Error::invalid(named(field, " must be a whole number."), std::string(field));
}

Result<std::optional<bool>> optional_bool(const boost::json::object& o, std::string_view field) {
  const boost::json::value* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<bool>();
  if (!v->is_bool())
    return Error::invalid(named(field, " must be true or false."), std::string(field));
  return std::optional<bool>(v->get_bool());
}

Status reject_unknown_fields(const boost::json::object& o,
                             std::initializer_list<std::string_view> allowed) {
  for (const auto& entry : o) {
    bool known = false;
    for (std::string_view name : allowed) {
      if (entry.key() == name) {
        known = true;
        break;
      }
    }
    if (!known) {
      std::string key(entry.key());
      return Error::invalid("Unknown field \"" + key + "\".", key);
    }
  }
  return ok_status();
}

Response json_response(int status, const boost::json::value& body) {
  Response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  return response;
}

}  // namespace trellis::http
