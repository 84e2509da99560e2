#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace trellis::http {
namespace {

Handler answer(int status) {
  return [status](const Request&) -> Result<Response> {
    Response r;
    r.status = status;
    return r;
  };
}

Router sample_router() {
  Router router;
  router.add({"GET", "/api/v1/programs", answer(200), Execution::kInline});
  router.add({"POST", "/api/v1/programs", answer(201), Execution::kInline});
  router.add({"GET", "/api/v1/programs/{id}", answer(200), Execution::kInline});
  router.add({"GET", "/api/v1/programs/new", answer(200), Execution::kInline});
  router.add({"PATCH", "/api/v1/programs/{id}", answer(200), Execution::kInline});
  router.add({"GET", "/api/v1/programs/{id}/cohorts/{cohort}", answer(200), Execution::kInline});
  router.add({"GET", "/", answer(200), Execution::kInline});
  return router;
}

TEST(Router, MatchesLiteralRoute) {
  Router router = sample_router();
  Match m = router.match("GET", "/api/v1/programs");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/programs");
  EXPECT_TRUE(m.params.empty());
}

TEST(Router, ExtractsParams) {
  Router router = sample_router();
  Match m = router.match("GET", "/api/v1/programs/p1/cohorts/c 2");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/programs/{id}/cohorts/{cohort}");
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"id", "p1"}));
  EXPECT_EQ(m.params[1], (std::pair<std::string, std::string>{"cohort", "c 2"}));
}

TEST(Router, LiteralBeatsParamWhateverTheOrderOfAdding) {
  Router router = sample_router();
  Match m = router.match("GET", "/api/v1/programs/new");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/programs/new");

  Router reversed;
  reversed.add({"GET", "/a/new", answer(200), Execution::kInline});
  reversed.add({"GET", "/a/{id}", answer(200), Execution::kInline});
  EXPECT_EQ(reversed.match("GET", "/a/new").route->pattern, "/a/new");
  EXPECT_EQ(reversed.match("GET", "/a/other").route->pattern, "/a/{id}");
}

TEST(Router, EarlierLiteralSegmentWins) {
  Router router;
  router.add({"GET", "/{a}/x", answer(200), Execution::kInline});
  router.add({"GET", "/y/{b}", answer(200), Execution::kInline});
  EXPECT_EQ(router.match("GET", "/y/x").route->pattern, "/y/{b}");
}

TEST(Router, MethodFallsBackToParamRouteWhenLiteralHasOtherMethod) {
  Router router = sample_router();
  // PATCH /programs/new: the literal route has only GET, the {id} route has PATCH.
  Match m = router.match("PATCH", "/api/v1/programs/new");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/programs/{id}");
}

TEST(Router, WrongMethodListsAllowedMethods) {
  Router router = sample_router();
  Match m = router.match("DELETE", "/api/v1/programs");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "POST", "HEAD"}));
}

TEST(Router, HeadUsesGetRoute) {
  Router router = sample_router();
  Match m = router.match("HEAD", "/api/v1/programs/p1");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
  EXPECT_EQ(m.params.size(), 1u);
}

TEST(Router, UnknownPathMatchesNothing) {
  Router router = sample_router();
  Match m = router.match("GET", "/api/v1/nothing");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed_methods.empty());
  EXPECT_EQ(router.match("GET", "").route, nullptr);
  EXPECT_EQ(router.match("GET", "api/v1/programs").route, nullptr);
}

TEST(Router, TrailingSlashIsADifferentPath) {
  Router router = sample_router();
  EXPECT_EQ(router.match("GET", "/api/v1/programs/").route, nullptr);
  EXPECT_TRUE(router.match("GET", "/api/v1/programs/").allowed_methods.empty());
  EXPECT_EQ(router.match("GET", "/api/v1/programs//cohorts/c").route, nullptr);
}

TEST(Router, ParamNeedsANonEmptySegment) {
  Router router = sample_router();
  EXPECT_EQ(router.match("GET", "/api/v1/programs//cohorts/x").route, nullptr);
}

TEST(Router, RootPath) {
  Router router = sample_router();
  Match m = router.match("GET", "/");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/");
}

TEST(Router, RejectsMalformedAndDuplicateRoutes) {
  Router router = sample_router();
  EXPECT_THROW(router.add({"GET", "no-slash", answer(200), Execution::kInline}),
               std::invalid_argument);
  EXPECT_THROW(router.add({"GET", "/a/{}", answer(200), Execution::kInline}),
               std::invalid_argument);
  EXPECT_THROW(router.add({"GET", "/a/x{id}", answer(200), Execution::kInline}),
               std::invalid_argument);
  EXPECT_THROW(router.add({"GET", "/api/v1/programs", answer(200), Execution::kInline}),
               std::invalid_argument);
}

}  // namespace
}  // namespace trellis::http
