// OpenApiContract: checks a server reply against docs/api/openapi.json, the API's contract. The
// reply's status must be documented for the route and method that the request matched, its
// media type must be one the document lists, and a JSON body must match the documented schema
// (JSON Schema, checked by valijson). Error replies that no route documents (405, 500, 503, and
// 404 for paths outside the API) must still have the shape of components/schemas/Error.
//
// Building one compiles every response schema of the document (a broken schema fails there).
// After that, check() only reads, so one contract may be shared by threads.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/http_client.h"

namespace valijson {
class Schema;
}

namespace trellis::test {

class OpenApiContract {
 public:
  // Reads the document; throws std::runtime_error when it cannot be read or a schema does not
  // compile.
  explicit OpenApiContract(const boost::json::value& document);
  ~OpenApiContract();
  OpenApiContract(const OpenApiContract&) = delete;
  OpenApiContract& operator=(const OpenApiContract&) = delete;

  // The document in the source tree, read once per process.
  static const OpenApiContract& project();

  // Empty when the reply keeps the contract; otherwise every way it breaks it, one per line.
  std::string check(std::string_view method, std::string_view target, const Reply& reply) const;

 private:
  struct Response;  // one documented status of one operation
  struct Operation {
    std::map<int, std::unique_ptr<Response>> responses;
  };
  struct PathItem {
    std::vector<std::string> segments;            // "{id}" matches any one segment
    std::map<std::string, Operation> operations;  // by upper-case method
  };

  const PathItem* match(std::string_view path) const;
  std::string check_body(const Response& expected, const Reply& reply) const;

  std::vector<PathItem> paths_;
  std::unique_ptr<Response> generic_error_;  // application/json: components/schemas/Error
};

}  // namespace trellis::test
