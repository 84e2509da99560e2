#include "http/request_target.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace trellis::http {

Result<Target> parse_target(std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return Error::invalid("The request path is not a valid URL path.");
  const boost::urls::url_view& url = *parsed;

  Target out;
  std::string_view encoded_path = url.encoded_path();
  // %2F and %00 are refused before decoding; everything else decodes plainly.
  for (std::size_t i = 0; i + 2 < encoded_path.size(); ++i) {
    if (encoded_path[i] != '%') continue;
    char a = encoded_path[i + 1];
    char b = encoded_path[i + 2];
    if (a == '0' && b == '0') return Error::invalid("The request path contains a NUL character.");
    if (a == '2' && (b == 'f' || b == 'F')) {
      return Error::invalid("The request path contains an encoded slash (%2F).");
    }
  }
  out.path = url.path();

  if (url.has_query()) {
    boost::urls::encoding_opts options;
    options.space_as_plus = true;
    for (auto param : url.params(options)) {
      if (param.key.find('\0') != std::string::npos ||
          param.value.find('\0') != std::string::npos) {
        return Error::invalid("The query contains a NUL character.");
      }
      out.query.emplace_back(std::move(param.key), std::move(param.value));
    }
  }
  return out;
}

std::string_view path_for_log(std::string_view target) {
  return target.substr(0, target.find('?'));
}

}  // namespace trellis::http
