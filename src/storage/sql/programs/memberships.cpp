#include "storage/sql/paging.h"
#include "storage/sql/query.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {
namespace {

constexpr const char* kColumns = "id, user_id, cohort_id, role, stream_id, created_at";

struct MembershipRow {
  std::string id, user_id, cohort_id, role, stream_id;
  soci::indicator stream_id_null = soci::i_null;
  long long created_at = 0;

  void read_into(Query& q) {
    q.into(id)
        .into(user_id)
        .into(cohort_id)
        .into(role)
        .into(stream_id, stream_id_null)
        .into(created_at);
  }
  // Throws when the row holds a role this binary does not know (the schema's CHECK forbids it).
  Membership to_membership() const {
    std::optional<Role> parsed = parse_role(role);
    if (!parsed) throw std::runtime_error("memberships row " + id + " has unknown role " + role);
    Membership m{id, user_id, cohort_id, *parsed, std::nullopt, created_at};
    if (stream_id_null == soci::i_ok) m.stream_id = stream_id;
    return m;
  }
};

Error membership_not_found() {
  return Error::not_found("This membership does not exist.");
}

bool exists(soci::session& session, const std::string& sql, const std::string& id,
            const std::optional<std::string>& cohort_id = std::nullopt) {
  long long n = 0;
  Query q(session, sql);
  q.into(n).bind("id", id);
  if (cohort_id) q.bind("cohort_id", *cohort_id);
  q.fetch_one();
  return n > 0;
}

}  // namespace

Status SqlMembershipRepository::insert(const Membership& membership) {
  try {
    Query(ctx_.session,
          "INSERT INTO memberships (id, user_id, cohort_id, role, stream_id, created_at) "
          "VALUES (:id, :user_id, :cohort_id, :role, :stream_id, :created_at)")
        .bind("id", membership.id)
        .bind("user_id", membership.user_id)
        .bind("cohort_id", membership.cohort_id)
        .bind("role", std::string(role_name(membership.role)))
        .bind("stream_id", membership.stream_id)
        .bind("created_at", static_cast<long long>(membership.created_at))
        .execute();
  } catch (const std::exception& e) {
    Error error = ctx_.fail(e, "memberships");
    if (error.code == ErrorCode::kInvalid && error.field.empty()) {
      return name_missing_reference(membership, std::move(error));
    }
    return error;
  }
  return ok_status();
}

// SQLite reports "FOREIGN KEY constraint failed" without saying which of the three references
// failed, so look. (PostgreSQL names the columns, and after an error refuses further queries.)
// A failed SQLite statement leaves its transaction usable, so these reads are safe there.
Error SqlMembershipRepository::name_missing_reference(const Membership& membership, Error error) {
  try {
    if (!exists(ctx_.session, "SELECT count(*) FROM users WHERE id = :id", membership.user_id)) {
      return Error::invalid("This user does not exist.", "user_id");
    }
    if (!exists(ctx_.session, "SELECT count(*) FROM cohorts WHERE id = :id",
                membership.cohort_id)) {
      return Error::invalid("This cohort does not exist.", "cohort_id");
    }
    if (membership.stream_id &&
        !exists(ctx_.session,
                "SELECT count(*) FROM streams WHERE id = :id AND cohort_id = :cohort_id",
                *membership.stream_id, membership.cohort_id)) {
      return Error::invalid("This stream does not exist in this cohort.", "stream_id");
    }
  } catch (const std::exception&) {
    // Keep the unspecific error: it is still true.
  }
  return error;
}

Result<Membership> SqlMembershipRepository::find(const std::string& id) {
  MembershipRow row;
  try {
    Query q(ctx_.session, std::string("SELECT ") + kColumns + " FROM memberships WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return membership_not_found();
    return row.to_membership();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "memberships");
  }
}

Status SqlMembershipRepository::remove(const std::string& id) {
  std::string removed;
  try {
    Query q(ctx_.session, "DELETE FROM memberships WHERE id = :id RETURNING id");
    if (!q.into(removed).bind("id", id).fetch_one()) return membership_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "memberships");
  }
  return ok_status();
}

Status SqlMembershipRepository::update(const Membership& membership) {
  std::string updated;
  try {
    Query q(ctx_.session,
            "UPDATE memberships SET role = :role, stream_id = :stream_id WHERE id = :id "
            "RETURNING id");
    q.into(updated)
        .bind("role", std::string(role_name(membership.role)))
        .bind("stream_id", membership.stream_id)
        .bind("id", membership.id);
    if (!q.fetch_one()) return membership_not_found();
  } catch (const std::exception& e) {
    Error error = ctx_.fail(e, "memberships");
    if (error.code == ErrorCode::kConflict)
      return Error::conflict("This person already holds that role in the cohort.", "role");
    if (error.code == ErrorCode::kInvalid && error.field.empty())
      return Error::invalid("This stream does not exist in this cohort.", "stream_id");
    return error;
  }
  return ok_status();
}

Result<Page<Membership>> SqlMembershipRepository::list_by_cohort(const std::string& cohort_id,
                                                                 const MembershipFilter& filter,
                                                                 const PageRequest& page) {
  std::vector<Membership> memberships;
  try {
    // Optional filters become optional SQL text: PostgreSQL cannot infer the type of a
    // parameter used only as ":p IS NULL".
    std::string sql = std::string("SELECT ") + kColumns +
                      " FROM memberships WHERE cohort_id = :cohort_id AND id > :after";
    if (filter.role) sql += " AND role = :role";
    if (filter.stream_id) sql += " AND stream_id = :stream_id";
    sql += " ORDER BY id LIMIT :limit";

    MembershipRow row;
    Query q(ctx_.session, sql);
    row.read_into(q);
    q.bind("cohort_id", cohort_id).bind("after", page.after);
    if (filter.role) q.bind("role", std::string(role_name(*filter.role)));
    if (filter.stream_id) q.bind("stream_id", *filter.stream_id);
    q.bind("limit", fetch_limit(page));
    q.for_each_row([&] { memberships.push_back(row.to_membership()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "memberships");
  }
  return make_page(std::move(memberships), page);
}

Result<std::vector<Membership>> SqlMembershipRepository::list_by_user(const std::string& user_id) {
  std::vector<Membership> memberships;
  try {
    MembershipRow row;
    Query q(ctx_.session, std::string("SELECT ") + kColumns +
                              " FROM memberships WHERE user_id = :user_id ORDER BY id");
    row.read_into(q);
    q.bind("user_id", user_id);
    q.for_each_row([&] { memberships.push_back(row.to_membership()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "memberships");
  }
  return memberships;
}

Result<std::vector<Grant>> SqlMembershipRepository::list_grants(const std::string& user_id) {
  std::vector<Grant> grants;
  try {
    Grant g;
    std::string role;
    soci::indicator stream_null = soci::i_ok;
    // One query for what every authenticated request needs: it runs on the hot path.
    Query q(ctx_.session,
            "SELECT c.program_id, m.cohort_id, m.role, m.stream_id FROM memberships m "
            "JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = :user_id ORDER BY m.id");
    q.into(g.program_id).into(g.cohort_id).into(role).into(g.stream_id, stream_null);
    q.bind("user_id", user_id);
    q.for_each_row([&] {
      Grant out = g;
      out.role = parse_role(role).value_or(Role::kScholar);
      if (stream_null != soci::i_ok) out.stream_id.clear();
      grants.push_back(std::move(out));
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "memberships");
  }
  return grants;
}

}  // namespace trellis
