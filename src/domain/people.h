// Plain types for accounts, programs, cohorts, streams and memberships, and the rules their
// fields obey. No I/O: storage and services build on these.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "core/utf8.h"
#include "domain/role.h"

namespace trellis {

struct User {
  std::string id;
  std::string email;  // stored lower-case; unique
  std::string display_name;
  bool is_admin = false;  // site administrator: manages every program
  bool disabled = false;  // a disabled account cannot sign in
  Timestamp created_at = 0;
  // The program whose organizers created the account without a password (roster import, "add
  // member"); empty otherwise. Only that program's invitation may give it a first password.
  std::string created_in_program_id;
  std::optional<Timestamp> last_sign_in_at;  // none: never signed in
};

struct Program {
  std::string id;
  std::string name;  // unique across the site
  std::string description;
  int min_group_size = 5;  // smallest group any aggregate is shown for (never below 3)
  Timestamp created_at = 0;
  // Whether scholars see their mentor's ratings once an assessment round has closed.
  bool show_mentor_ratings_to_scholars = true;
  // Whether a mentor sees a scholar's self-rating only after rating that scholar themself in
  // the same round, so the self-rating cannot anchor the mentor's.
  bool mentors_rate_first = true;
};

// A term of a program, with dates.
struct Cohort {
  std::string id;
  std::string program_id;
  std::string name;              // unique within the program
  std::string starts_on;         // YYYY-MM-DD
  std::string ends_on;           // YYYY-MM-DD, not before starts_on
  std::string timezone = "UTC";  // IANA name; display and "weekly" boundaries only
  Timestamp created_at = 0;
};

// A mentor's group inside a cohort.
struct Stream {
  std::string id;
  std::string cohort_id;
  std::string name;  // unique within the cohort
  Timestamp created_at = 0;
};

// A person holding a role in a cohort; scholars and mentors may belong to a stream.
struct Membership {
  std::string id;
  std::string user_id;
  std::string cohort_id;
  Role role = Role::kScholar;
  std::optional<std::string> stream_id;
  Timestamp created_at = 0;
};

inline constexpr std::size_t kMaxNameLength = 200;
inline constexpr std::size_t kMaxDescriptionLength = 5000;
inline constexpr int kMinGroupSizeFloor = 3;

// Lower-cases and trims an email address; checks its shape (one @, a dot in the domain, no
// spaces, at most 254 characters). The error names the field "email".
Result<std::string> normalize_email(std::string_view raw);

// Trims a name and checks it is non-empty, at most kMaxNameLength bytes, valid UTF-8 and free
// of control characters. `field` names the field in the error.
Result<std::string> clean_name(std::string_view raw, std::string_view field);

// Where a member stands with their account, as organizers see it on the roster.
enum class MemberStatus {
  kInvited,        // never signed in; an invitation link is waiting for them
  kNeverSignedIn,  // never signed in and no invitation is waiting
  kActive,         // has signed in at least once
  kDisabled,       // the account is disabled
};
std::string_view member_status_name(MemberStatus s);  // "invited", "never_signed_in", …
MemberStatus member_status(const User& user, bool invitation_waiting);

Status validate(const Program& p);
Status validate(const Cohort& c);
Status validate(const Stream& s);
Status validate(const Membership& m);

}  // namespace trellis
