// Actor: who is making a request, with the memberships that decide what they may do.
// Built once per request by the authentication step and handed to every service call.
#pragma once

#include <string>
#include <vector>

#include "domain/people.h"

namespace trellis {

// One role the actor holds in one cohort, with the program it belongs to.
struct Grant {
  std::string program_id;
  std::string cohort_id;
  Role role = Role::kScholar;
  std::string stream_id;  // empty when the membership has no stream
};

struct Actor {
  enum class Kind {
    kAnonymous,  // no valid credentials
    kUser,       // a signed-in person (session cookie or API token)
    kSystem,     // Trellis itself: CLI commands, demo loading, migrations
  };

  Kind kind = Kind::kAnonymous;
  std::string user_id;
  std::string display_name;
  bool is_admin = false;
  std::vector<Grant> grants;
  std::string session_id;  // set when authenticated by a session cookie
  std::string token_id;    // set when authenticated by an API token

  // Where the request came from, for the audit log.
  std::string client_address;
  std::string request_id;

  static Actor anonymous() { return Actor{}; }
  static Actor system() {
    Actor a;
    a.kind = Kind::kSystem;
    return a;
  }

  bool signed_in() const { return kind == Kind::kUser; }
  // Site administrators and the system itself pass every check.
  bool is_superuser() const { return kind == Kind::kSystem || (signed_in() && is_admin); }
};

}  // namespace trellis
