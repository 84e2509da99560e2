// The checker the API tests run on every reply: it must accept what the document describes and
// refuse what it does not, or "every API test checks the contract" would mean nothing.
#include "support/openapi_contract.h"

#include <gtest/gtest.h>

namespace trellis::test {
namespace {

Reply json_reply(int status, std::string body) {
  return Reply{status, {{"Content-Type", "application/json"}}, std::move(body)};
}

const std::string kProgram =
    R"({"id":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","name":"Fellows","description":"",)"
    R"("min_group_size":5,"created_at":"2027-01-11T09:00:00Z",)"
    R"("show_mentor_ratings_to_scholars":false,"mentors_rate_first":true})";

TEST(OpenApiContract, AcceptsRepliesOfTheDocumentedShape) {
  const OpenApiContract& contract = OpenApiContract::project();
  EXPECT_EQ(contract.check("GET", "/api/v1/programs?limit=5",
                           json_reply(200, R"({"items":[)" + kProgram + "]}")),
            "");
  EXPECT_EQ(contract.check("POST", "/api/v1/programs", json_reply(201, kProgram)), "");
  EXPECT_EQ(contract.check("GET", "/api/v1/programs/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                           json_reply(404, R"({"error":{"code":"not_found","message":"No."}})")),
            "");
  EXPECT_EQ(contract.check("DELETE", "/api/v1/sessions/current", Reply{204, {}, ""}), "");
}

TEST(OpenApiContract, RefusesADeliberatelyWrongShape) {
  const OpenApiContract& contract = OpenApiContract::project();
  // min_group_size as a string, and the required name missing.
  std::string wrong = kProgram;
  wrong.replace(wrong.find("\"min_group_size\":5"), 18, "\"min_group_size\":\"5\"");
  wrong.replace(wrong.find("\"name\":\"Fellows\","), 17, "");
  std::string broken =
      contract.check("GET", "/api/v1/programs", json_reply(200, "{\"items\":[" + wrong + "]}"));
  EXPECT_NE(broken.find("does not match the documented schema"), std::string::npos) << broken;
  EXPECT_NE(broken.find("min_group_size"), std::string::npos) << broken;
  EXPECT_NE(broken.find("name"), std::string::npos) << broken;

  // An error body without its message, and an error code the API does not have.
  EXPECT_NE(contract.check("POST", "/api/v1/programs",
                           json_reply(400, R"({"error":{"code":"invalid"}})")),
            "");
  EXPECT_NE(contract.check("POST", "/api/v1/programs",
                           json_reply(400, R"({"error":{"code":"oops","message":"x"}})")),
            "");
}

TEST(OpenApiContract, RefusesWhatTheDocumentDoesNotDescribe) {
  const OpenApiContract& contract = OpenApiContract::project();
  // A status the operation does not document.
  EXPECT_NE(contract.check("POST", "/api/v1/programs", json_reply(202, kProgram)), "");
  // A success on a path the document does not have.
  EXPECT_NE(contract.check("GET", "/api/v1/nowhere", json_reply(200, "{}")), "");
  // A media type the operation does not document.
  EXPECT_NE(contract.check("GET", "/api/v1/programs",
                           Reply{200, {{"Content-Type", "text/plain"}}, "programs"}),
            "");
  // A body that is not JSON at all.
  EXPECT_NE(contract.check("GET", "/api/v1/programs", json_reply(200, "{items")), "");
  // Errors outside the documented routes must still look like errors.
  EXPECT_EQ(contract.check("GET", "/api/v1/nowhere",
                           json_reply(404, R"({"error":{"code":"not_found","message":"No."}})")),
            "");
  EXPECT_NE(contract.check("GET", "/api/v1/nowhere", json_reply(404, R"({"oops":1})")), "");
}

}  // namespace
}  // namespace trellis::test
