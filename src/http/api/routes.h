// The route table of the whole API, assembled from one function per resource family.
// The OpenAPI document (docs/api/openapi.json) must describe exactly these routes; a test
// compares them.
#pragma once

#include "http/api/context.h"
#include "http/router.h"

namespace trellis::http {

Router build_router(ApiContext& ctx);

void add_system_routes(Router& router, ApiContext& ctx);
void add_program_routes(Router& router, ApiContext& ctx);
void add_member_routes(Router& router, ApiContext& ctx);
void add_account_routes(Router& router, ApiContext& ctx);
void add_user_routes(Router& router, ApiContext& ctx);
void add_invitation_routes(Router& router, ApiContext& ctx);
void add_assessment_routes(Router& router, ApiContext& ctx);
void add_report_routes(Router& router, ApiContext& ctx);
void add_study_routes(Router& router, ApiContext& ctx);
void add_coding_routes(Router& router, ApiContext& ctx);
void add_study_report_routes(Router& router, ApiContext& ctx);
void add_interchange_routes(Router& router, ApiContext& ctx);
void add_suggestion_routes(Router& router, ApiContext& ctx);
void add_checkin_routes(Router& router, ApiContext& ctx);
void add_support_queue_routes(Router& router, ApiContext& ctx);

// The OpenAPI document compiled into the binary.
std::string_view openapi_document();

}  // namespace trellis::http
