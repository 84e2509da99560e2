#include "http/api/mapping.h"

#include <cmath>

#include "core/id.h"
#include "core/time_format.h"
#include "http/json.h"

namespace trellis::http {

boost::json::object to_json(const User& u) {
  boost::json::object o{{"id", u.id},
                        {"email", u.email},
                        {"display_name", u.display_name},
                        {"is_admin", u.is_admin},
                        {"disabled", u.disabled},
                        {"created_at", format_rfc3339(u.created_at)}};
  return o;
}

boost::json::object to_json(const Program& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"description", p.description},
          {"min_group_size", p.min_group_size},
          {"show_mentor_ratings_to_scholars", p.show_mentor_ratings_to_scholars},
          {"mentors_rate_first", p.mentors_rate_first},
          {"created_at", format_rfc3339(p.created_at)}};
}

boost::json::object to_json(const Cohort& c) {
  return {{"id", c.id},
          {"program_id", c.program_id},
          {"name", c.name},
          {"starts_on", c.starts_on},
          {"ends_on", c.ends_on},
          {"timezone", c.timezone},
          {"created_at", format_rfc3339(c.created_at)}};
}

boost::json::object to_json(const Stream& s) {
  return {{"id", s.id},
          {"cohort_id", s.cohort_id},
          {"name", s.name},
          {"created_at", format_rfc3339(s.created_at)}};
}

boost::json::object to_json(const MemberView& m) {
  boost::json::object o{{"id", m.membership.id},
                        {"user_id", m.membership.user_id},
                        {"cohort_id", m.membership.cohort_id},
                        {"role", role_name(m.membership.role)},
                        {"display_name", m.display_name},
                        {"email", m.email},
                        {"created_at", format_rfc3339(m.membership.created_at)}};
  if (m.membership.stream_id) o["stream_id"] = *m.membership.stream_id;
  if (m.status) {
    o["status"] = member_status_name(*m.status);
    o["needs_invitation"] = m.needs_invitation;
  }
  return o;
}

Status check_id(const Request& request, std::string_view param, const char* what) {
  if (!is_valid_id(request.param(param)))
    return Error::not_found(std::string("This ") + what + " does not exist.");
  return ok_status();
}

Response created(const boost::json::object& body, const std::string& location) {
  Response r = json_response(201, body);
  r.headers.emplace_back("Location", location);
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace trellis::http

namespace trellis::http {

boost::json::object to_json(const ApiToken& t) {
  boost::json::object o{
      {"id", t.id}, {"name", t.name}, {"created_at", format_rfc3339(t.created_at)}};
  if (t.last_used_at) o["last_used_at"] = format_rfc3339(*t.last_used_at);
  if (t.expires_at) o["expires_at"] = format_rfc3339(*t.expires_at);
  return o;
}

boost::json::object to_json(const AuditEvent& e) {
  boost::json::object o{{"id", e.id},
                        {"at", format_rfc3339(e.at)},
                        {"action", e.action},
                        {"resource_type", e.resource_type}};
  if (!e.actor_user_id.empty()) o["actor_user_id"] = e.actor_user_id;
  if (!e.resource_id.empty()) o["resource_id"] = e.resource_id;
  if (!e.client_address.empty()) o["client_address"] = e.client_address;
  if (!e.request_id.empty()) o["request_id"] = e.request_id;
  if (!e.detail.empty()) o["detail"] = e.detail;
  return o;
}

boost::json::object to_json(const AuditEntry& e) {
  boost::json::object o = to_json(e.event);
  if (!e.actor_name.empty()) o["actor_name"] = e.actor_name;
  if (!e.resource_name.empty()) o["resource_name"] = e.resource_name;
  return o;
}

boost::json::object session_json(const Session& s, bool current) {
  return {{"id", s.id},
          {"created_at", format_rfc3339(s.created_at)},
          {"last_seen_at", format_rfc3339(s.last_seen_at)},
          {"expires_at", format_rfc3339(s.expires_at)},
          {"client_address", s.client_address},
          {"user_agent", s.user_agent},
          {"current", current}};
}

boost::json::object account_json(const User& u, const Actor& actor) {
  boost::json::object o = to_json(u);
  boost::json::array roles;
  for (const Grant& g : actor.grants) {
    boost::json::object r{
        {"program_id", g.program_id}, {"cohort_id", g.cohort_id}, {"role", role_name(g.role)}};
    if (!g.stream_id.empty()) r["stream_id"] = g.stream_id;
    roles.push_back(std::move(r));
  }
  o["roles"] = std::move(roles);
  return o;
}

boost::json::object withheld_json(const privacy::Withheld& why) {
  boost::json::object o{{"suppressed", true},
                        {"reason", privacy::withheld_reason_name(why.reason)}};
  if (why.reason == privacy::WithheldReason::kGroupTooSmall) {
    o["n"] = why.covered;
    o["min_group_size"] = why.threshold;
  }
  return o;
}

double round3(double x) {
  return std::round(x * 1000.0) / 1000.0;
}

}  // namespace trellis::http
