#include "domain/people.h"

#include <algorithm>
#include <cctype>

#include "core/time_format.h"
#include "core/utf8.h"

namespace trellis {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

}  // namespace

Result<std::string> normalize_email(std::string_view raw) {
  std::string_view s = trim(raw);
  if (s.empty()) return Error::invalid("Email is required.", "email");
  if (s.size() > 254) return Error::invalid("Email is longer than 254 characters.", "email");
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos)
    return Error::invalid("Email must have the form name@example.org.", "email");
  std::string_view domain = s.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.')
    return Error::invalid("Email must have the form name@example.org.", "email");
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"')
      return Error::invalid("Email contains a character that is not allowed.", "email");
  }
  if (!is_valid_utf8(s)) return Error::invalid("Email is not valid UTF-8.", "email");
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Result<std::string> clean_name(std::string_view raw, std::string_view field) {
  std::string_view s = trim(raw);
  std::string f(field);
  if (s.empty()) return Error::invalid(f + " is required.", f);
  if (s.size() > kMaxNameLength)
    return Error::invalid(f + " is longer than " + std::to_string(kMaxNameLength) + " bytes.", f);
  if (!is_valid_utf8(s)) return Error::invalid(f + " is not valid UTF-8.", f);
  if (has_control_chars(s)) return Error::invalid(f + " contains control characters.", f);
  return std::string(s);
}

Status validate(const Program& p) {
  TRY(clean_name(p.name, "name"));
  if (p.description.size() > kMaxDescriptionLength)
    return Error::invalid("description is longer than 5000 bytes.", "description");
  if (!is_valid_utf8(p.description))
    return Error::invalid("description is not valid UTF-8.", "description");
  if (p.min_group_size < kMinGroupSizeFloor || p.min_group_size > 1000)
    return Error::invalid("min_group_size must be between 3 and 1000.", "min_group_size");
  return ok_status();
}

Status validate(const Cohort& c) {
  TRY(clean_name(c.name, "name"));
  if (!is_valid_date(c.starts_on))
    return Error::invalid("starts_on must be a date in the form YYYY-MM-DD.", "starts_on");
  if (!is_valid_date(c.ends_on))
    return Error::invalid("ends_on must be a date in the form YYYY-MM-DD.", "ends_on");
  if (c.ends_on < c.starts_on)
    return Error::invalid("ends_on must not be before starts_on.", "ends_on");
  if (c.timezone.empty() || c.timezone.size() > 64 || has_control_chars(c.timezone))
    return Error::invalid("timezone must be an IANA time zone name such as Europe/London.",
                          "timezone");
  return ok_status();
}

Status validate(const Stream& s) {
  TRY(clean_name(s.name, "name"));
  return ok_status();
}

std::string_view member_status_name(MemberStatus s) {
  switch (s) {
    case MemberStatus::kInvited:
      return "invited";
    case MemberStatus::kNeverSignedIn:
      return "never_signed_in";
    case MemberStatus::kActive:
      return "active";
    case MemberStatus::kDisabled:
      return "disabled";
  }
  return "never_signed_in";
}

MemberStatus member_status(const User& user, bool invitation_waiting) {
  if (user.disabled) return MemberStatus::kDisabled;
  if (user.last_sign_in_at) return MemberStatus::kActive;
  return invitation_waiting ? MemberStatus::kInvited : MemberStatus::kNeverSignedIn;
}

Status validate(const Membership& m) {
  if (m.stream_id && m.role != Role::kScholar && m.role != Role::kMentor)
    return Error::invalid("Only scholars and mentors belong to a stream.", "stream_id");
  return ok_status();
}

}  // namespace trellis
