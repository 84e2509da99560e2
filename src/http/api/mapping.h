// JSON shapes of the API's resources (snake_case; absent optional fields omitted), and the
// shared response helpers: pages, created/no-content responses.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <type_traits>

#include "domain/accounts/auth.h"
#include "domain/actor.h"
#include "domain/people.h"
#include "domain/suppression.h"
#include "http/api/query_params.h"
#include "http/request.h"
#include "service/audit_service.h"
#include "service/programs/member_service.h"
#include "storage/repositories.h"

namespace trellis::http {

boost::json::object to_json(const User& u);
boost::json::object to_json(const Program& p);
boost::json::object to_json(const Cohort& c);
boost::json::object to_json(const Stream& s);
boost::json::object to_json(const MemberView& m);
boost::json::object to_json(const ApiToken& t);
boost::json::object to_json(const AuditEvent& e);
boost::json::object to_json(const AuditEntry& e);
// A session as "my sessions" shows it; `current` marks the one making the request.
boost::json::object session_json(const Session& s, bool current);
// The signed-in account with its roles, as the web UI needs it after sign-in.
boost::json::object account_json(const User& u, const Actor& actor);

// A withheld aggregate: {"suppressed": true, "reason": …}, with "n" and "min_group_size" when
// the reason is a group too small ("group too small (4 < 5)").
boost::json::object withheld_json(const privacy::Withheld& why);

// Rounded to three decimals: enough for charts, and stable across backends.
double round3(double x);

// {"items": [...], "next_cursor": "…"} (next_cursor omitted at the end), every list's shape;
// `render` is the item's to_json: page_json(users, to_json).
template <typename T>
boost::json::object page_json(const Page<T>& page,
                              boost::json::object (*render)(const std::type_identity_t<T>&)) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.push_back(render(item));
  boost::json::object o{{"items", std::move(items)}};
  if (!page.next_cursor.empty()) o["next_cursor"] = page.next_cursor;
  return o;
}

// Checks that a path parameter is a well-formed id, answering 404 when it is not (a malformed
// id names no resource).
Status check_id(const Request& request, std::string_view param, const char* what);

Response created(const boost::json::object& body, const std::string& location);
Response no_content();

}  // namespace trellis::http
