#include "storage/sql/accounts/auth_repositories.h"
#include "storage/sql/query.h"

namespace trellis {
namespace {

constexpr const char* kColumns =
    "id, kind, token_hash, COALESCE(user_id, ''), COALESCE(cohort_id, ''), email, display_name, "
    "COALESCE(role, ''), stream_id, created_by, created_at, expires_at, COALESCE(used_at, -1)";

struct LinkRow {
  OneTimeLink l;
  std::string kind, role, stream_id;
  soci::indicator stream_null = soci::i_ok;
  long long created_at = 0, expires_at = 0, used_at = -1;

  void read_into(Query& q) {
    q.into(l.id).into(kind).into(l.token_hash).into(l.user_id).into(l.cohort_id).into(l.email);
    q.into(l.display_name).into(role).into(stream_id, stream_null).into(l.created_by);
    q.into(created_at).into(expires_at).into(used_at);
  }
  OneTimeLink get() const {
    OneTimeLink out = l;
    out.kind =
        kind == "invitation" ? OneTimeLinkKind::kInvitation : OneTimeLinkKind::kPasswordReset;
    out.role = parse_role(role);
    if (stream_null == soci::i_ok) out.stream_id = stream_id;
    out.created_at = created_at;
    out.expires_at = expires_at;
    if (used_at >= 0) out.used_at = used_at;
    return out;
  }
};

std::optional<std::string> non_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

Error link_not_found() {
  return Error::not_found("This link does not exist.");
}

}  // namespace

Status SqlOneTimeLinkRepository::insert(const OneTimeLink& l) {
  try {
    std::optional<std::string> role;
    if (l.role) role = std::string(role_name(*l.role));
    Query(ctx_.session,
          "INSERT INTO one_time_links (id, kind, token_hash, user_id, cohort_id, email, "
          "display_name, role, stream_id, created_by, created_at, expires_at) VALUES (:id, :kind, "
          ":token_hash, :user_id, :cohort_id, :email, :display_name, :role, :stream_id, "
          ":created_by, :created_at, :expires_at)")
        .bind("id", l.id)
        .bind("kind",
              std::string(l.kind == OneTimeLinkKind::kInvitation ? "invitation" : "password_reset"))
        .bind("token_hash", l.token_hash)
        .bind("user_id", non_empty(l.user_id))
        .bind("cohort_id", non_empty(l.cohort_id))
        .bind("email", l.email)
        .bind("display_name", l.display_name)
        .bind("role", role)
        .bind("stream_id", l.stream_id)
        .bind("created_by", l.created_by)
        .bind("created_at", static_cast<long long>(l.created_at))
        .bind("expires_at", static_cast<long long>(l.expires_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "one_time_links");
  }
  return ok_status();
}

Result<OneTimeLink> SqlOneTimeLinkRepository::find_by_token_hash(const std::string& token_hash) {
  LinkRow row;
  try {
    Query q(ctx_.session,
            std::string("SELECT ") + kColumns + " FROM one_time_links WHERE token_hash = :h");
    row.read_into(q);
    if (!q.bind("h", token_hash).fetch_one()) return link_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "one_time_links");
  }
  return row.get();
}

Status SqlOneTimeLinkRepository::mark_used(const std::string& id, Timestamp at) {
  std::string updated;
  try {
    // The used_at IS NULL condition makes the link work once even when two requests race.
    Query q(ctx_.session,
            "UPDATE one_time_links SET used_at = :at WHERE id = :id AND used_at IS NULL "
            "RETURNING id");
    if (!q.into(updated).bind("at", static_cast<long long>(at)).bind("id", id).fetch_one())
      return Error::conflict("This link has been used already.");
  } catch (const std::exception& e) {
    return ctx_.fail(e, "one_time_links");
  }
  return ok_status();
}

Result<std::vector<OneTimeLink>> SqlOneTimeLinkRepository::list_invitations(
    const std::string& cohort_id) {
  std::vector<OneTimeLink> out;
  try {
    LinkRow row;
    Query q(ctx_.session, std::string("SELECT ") + kColumns +
                              " FROM one_time_links WHERE kind = 'invitation' AND cohort_id = :c "
                              "ORDER BY id");
    row.read_into(q);
    q.bind("c", cohort_id).for_each_row([&] { out.push_back(row.get()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "one_time_links");
  }
  return out;
}

}  // namespace trellis
