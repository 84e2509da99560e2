#include "http/api/query_params.h"

#include <charconv>
#include <limits>

#include "core/id.h"

namespace trellis::http {

Result<std::optional<long long>> int_param(const Request& request, std::string_view name,
                                           IntRange range) {
  auto text = request.query_param(name);
  if (!text) return std::optional<long long>();
  long long value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < range.min ||
      value > range.max) {
    std::string message =
        std::string(name) + " must be a whole number from " + std::to_string(range.min);
    message += range.max == std::numeric_limits<long long>::max()
                   ? " up."
                   : " to " + std::to_string(range.max) + ".";
    return Error::invalid(std::move(message), std::string(name));
  }
  return std::optional<long long>(value);
}

Result<long long> int_param_or(const Request& request, std::string_view name, IntRange range,
                               long long fallback) {
  auto value = TRY(int_param(request, name, range));
  return value.value_or(fallback);
}

Result<std::optional<bool>> bool_param(const Request& request, std::string_view name) {
  auto text = request.query_param(name);
  if (!text) return std::optional<bool>();
  if (*text != "true" && *text != "false")
    return Error::invalid(std::string(name) + " must be true or false.", std::string(name));
  return std::optional<bool>(*text == "true");
}

Result<std::optional<std::string>> id_param(const Request& request, std::string_view name) {
  auto text = request.query_param(name);
  if (!text) return std::optional<std::string>();
  if (!is_valid_id(*text))
    return Error::invalid(std::string(name) + " is not an id.", std::string(name));
  return std::optional<std::string>(std::string(*text));
}

Result<PageRequest> page_request(const Request& request) {
  PageRequest page;
  page.limit =
      static_cast<int>(TRY(int_param_or(request, "limit", {1, kMaxPageLimit}, page.limit)));
  if (auto cursor = request.query_param("cursor")) {
    if (!is_valid_id(*cursor))
      return Error::invalid("cursor is not a cursor this API returned.", "cursor");
    page.after = std::string(*cursor);
  }
  return page;
}

}  // namespace trellis::http
