// The OpenAPI document served at /api/v1/openapi.json is the contract the web UI's client is
// checked against: it must describe exactly the routes of the route table, no more, no less.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "core/clock.h"
#include "http/api/routes.h"
#include "support/backend.h"

namespace trellis::http {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, DescribesExactlyTheRoutesOfTheRouteTable) {
  StoreOptions options;
  options.url = "sqlite:" + test::temp_dir() + "/openapi.db";
  auto store = open_store(options);
  ASSERT_TRUE(store.ok()) << store.error().message;
  SystemClock clock;
  ProgramService programs(**store, clock);
  MemberService members(**store, clock);
  UserService users(**store, clock);
  AuthService auth(**store, clock, {});
  InvitationService invitations(**store, clock, auth);
  RosterService rosters(**store, clock);
  AuditService audit(**store);
  FrameworkService frameworks(**store, clock);
  AssessmentService assessments(**store, clock);
  ReportService reports(**store, clock);
  Metrics metrics;
  StudyServices studies(**store, clock);
  ApiContext ctx{**store, clock, metrics, programs,   members,     users,   auth,    invitations,
                 rosters, audit, {},      frameworks, assessments, reports, studies, {}};
  Router router = build_router(ctx);

  std::set<std::string> in_router;
  for (const Route& r : router.routes()) in_router.insert(lower(r.method) + " " + r.pattern);

  boost::json::value doc = boost::json::parse(openapi_document());
  ASSERT_EQ(doc.at("openapi").as_string(), "3.1.0");
  std::set<std::string> in_document;
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object()) {
      in_document.insert(std::string(method) + " " + std::string(path));
      EXPECT_TRUE(operation.as_object().contains("operationId")) << method << " " << path;
      EXPECT_TRUE(operation.as_object().contains("responses")) << method << " " << path;
    }

  for (const auto& r : in_router)
    EXPECT_TRUE(in_document.count(r)) << "route missing from docs/api/openapi.json: " << r;
  for (const auto& d : in_document)
    EXPECT_TRUE(in_router.count(d)) << "docs/api/openapi.json describes no route: " << d;
}

TEST(OpenApi, EveryReferenceResolves) {
  std::string text(openapi_document());
  boost::json::value doc = boost::json::parse(text);
  const auto& schemas = doc.at("components").at("schemas").as_object();
  const std::string prefix = "\"$ref\": \"#/components/schemas/";
  std::size_t pos = 0;
  int refs = 0;
  while ((pos = text.find(prefix, pos)) != std::string::npos) {
    pos += prefix.size();
    std::string name = text.substr(pos, text.find('"', pos) - pos);
    EXPECT_TRUE(schemas.contains(name)) << "dangling $ref to " << name;
    ++refs;
  }
  EXPECT_GT(refs, 30);
}

}  // namespace
}  // namespace trellis::http
