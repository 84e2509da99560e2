#include "service/accounts/invitation_service.h"

#include <set>

#include "core/id.h"
#include "core/secret.h"
#include "domain/policy.h"
#include "service/accounts/passwords.h"
#include "service/audit_event.h"
#include "service/lookup.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace {

Error invalid_link() {
  return Error::not_found(
      "This invitation is not valid any more. Ask the organizer for a new one.");
}

}  // namespace

Result<OneTimeLink> InvitationService::usable_link(Repositories& r, const std::string& secret) {
  auto found = r.links().find_by_token_hash(secret_hash(secret));
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return invalid_link();
    return found.error();
  }
  if (found->kind != OneTimeLinkKind::kInvitation || found->used_at ||
      found->expires_at <= clock_.now())
    return invalid_link();
  return *found;
}

Result<CreatedInvitation> InvitationService::invite(const Actor& actor,
                                                    const std::string& cohort_id,
                                                    const NewInvitation& input) {
  TRY(policy::require_signed_in(actor));
  CreatedInvitation out;
  OneTimeLink& link = out.link;
  link.kind = OneTimeLinkKind::kInvitation;
  link.email = TRY(normalize_email(input.email));
  link.display_name = TRY(clean_name(input.display_name, "display_name"));
  link.role = input.role;
  link.stream_id = input.stream_id;
  Membership shape;
  shape.role = input.role;
  shape.stream_id = input.stream_id;
  TRY(validate(shape));
  out.secret = new_secret();
  link.created_at = clock_.now();
  link.id = new_id_at(link.created_at);
  link.token_hash = secret_hash(out.secret);
  link.cohort_id = cohort_id;
  link.created_by = actor.user_id;
  link.expires_at = link.created_at + Timestamp{kValidDays} * 24 * 3600 * 1000;
  TRY(store_.write([&](Repositories& r) -> Status {
    Cohort c = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_cohort(actor, c.program_id, c.id));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    if (link.stream_id) {
      auto s = r.streams().find(*link.stream_id);
      if (!TRY(found(s)) || s->cohort_id != cohort_id)
        return Error::invalid("stream_id does not name a stream of this cohort.", "stream_id");
    }
    TRY(r.links().insert(link));
    return r.audit().append(audit_event(actor, clock_, "invitation.create",
                                        {"invitation", link.id, c.program_id},
                                        std::string("role ") + std::string(role_name(input.role))));
  }));
  return out;
}

CreatedInvitation InvitationService::new_link(const Actor& actor, const std::string& cohort_id,
                                              const User& user,
                                              const Membership& membership) const {
  CreatedInvitation out;
  OneTimeLink& link = out.link;
  link.kind = OneTimeLinkKind::kInvitation;
  link.email = user.email;
  link.display_name = user.display_name;
  link.role = membership.role;
  link.stream_id = membership.stream_id;
  out.secret = new_secret();
  link.created_at = clock_.now();
  link.id = new_id_at(link.created_at);
  link.token_hash = secret_hash(out.secret);
  link.cohort_id = cohort_id;
  link.created_by = actor.user_id;
  link.expires_at = link.created_at + Timestamp{kValidDays} * 24 * 3600 * 1000;
  return out;
}

Result<std::vector<MemberInvitation>> InvitationService::invite_members_never_signed_in(
    const Actor& actor, const std::string& cohort_id) {
  TRY(policy::require_signed_in(actor));
  std::vector<MemberInvitation> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Cohort c = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_cohort(actor, c.program_id, c.id));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    std::set<std::string> seen;
    PageRequest page{kMaxPageLimit, ""};
    for (;;) {
      Page<Membership> members = TRY(r.memberships().list_by_cohort(cohort_id, {}, page));
      for (const Membership& m : members.items) {
        if (!seen.insert(m.user_id).second) continue;  // one link per person
        User u = TRY(r.users().find(m.user_id));
        if (u.disabled || u.last_sign_in_at) continue;
        MemberInvitation item{m, u, std::nullopt, {}};
        OneTimeLink probe;
        probe.email = u.email;
        probe.cohort_id = cohort_id;
        if (TRY(invitee(r, probe)).path != InvitationPath::kSetFirstPassword) {
          item.reason =
              "An invitation cannot give this account its first password (it has one, or "
              "another program or an administrator created it): an administrator's reset link "
              "can.";
        } else {
          item.invitation = new_link(actor, cohort_id, u, m);
          TRY(r.links().insert(item.invitation->link));
          TRY(r.audit().append(audit_event(actor, clock_, "invitation.create",
                                           {"invitation", item.invitation->link.id, c.program_id},
                                           "member who never signed in")));
        }
        out.push_back(std::move(item));
      }
      if (members.next_cursor.empty()) break;
      page.after = members.next_cursor;
    }
    return ok_status();
  }));
  return out;
}

Result<InvitationService::Invitee> InvitationService::invitee(Repositories& r,
                                                              const OneTimeLink& link) {
  Invitee out;
  auto found = r.users().find_by_email(link.email);
  if (!found) {
    if (found.error().code != ErrorCode::kNotFound) return found.error();
    return out;
  }
  out.account = *found;
  Cohort c = TRY(r.cohorts().find(link.cohort_id));
  out.path = invitation_path(TRY(invited_account(r, *found)), c.program_id);
  return out;
}

Result<InvitedAccount> invited_account(Repositories& r, const User& user) {
  InvitedAccount facts;
  facts.has_password = has_password(TRY(r.users().password_hash(user.id)));
  facts.is_admin = user.is_admin;
  facts.created_in_program_id = user.created_in_program_id;
  for (const Grant& g : TRY(r.memberships().list_grants(user.id)))
    facts.membership_programs.push_back(g.program_id);
  return facts;
}

Result<InvitationPreview> InvitationService::preview(const std::string& secret) {
  InvitationPreview out;
  TRY(store_.read([&](Repositories& r) -> Status {
    OneTimeLink link = TRY(usable_link(r, secret));
    Cohort c = TRY(r.cohorts().find(link.cohort_id));
    Program p = TRY(r.programs().find(c.program_id));
    out.program_name = p.name;
    out.cohort_name = c.name;
    out.email = link.email;
    out.display_name = link.display_name;
    out.role = link.role.value_or(Role::kScholar);
    out.expires_at = link.expires_at;
    Invitee who = TRY(invitee(r, link));
    out.account_exists = who.account.has_value();
    out.sign_in_required = who.path == InvitationPath::kSignInFirst;
    return ok_status();
  }));
  return out;
}

Result<AcceptedInvitation> InvitationService::accept(const std::string& secret,
                                                     const std::string& display_name,
                                                     const std::string& password,
                                                     const Actor& actor, const ClientInfo& client) {
  OneTimeLink link;
  Invitee who;
  TRY(store_.read([&](Repositories& r) -> Status {
    link = TRY(usable_link(r, secret));
    who = TRY(invitee(r, link));
    return ok_status();
  }));
  std::string new_hash;
  if (who.path == InvitationPath::kSignInFirst) {
    if (!actor.signed_in() || actor.session_id.empty())
      return Error::unauthenticated("This email already has an account: sign in as " + link.email +
                                    ", then open the invitation link again.");
    if (actor.user_id != who.account->id)
      return Error::forbidden("This invitation is for " + link.email +
                              "; sign out and sign in as that account to accept it.");
  } else {
    TRY(check_password_rules(password));
    new_hash = hash_password(password);
  }
  std::string name =
      display_name.empty() ? link.display_name : TRY(clean_name(display_name, "display_name"));
  Timestamp now = clock_.now();
  AcceptedInvitation out;
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(r.links().mark_used(link.id, now));
    // Decided again inside the transaction: the account may have changed since the read.
    Invitee current = TRY(invitee(r, link));
    if (current.path != who.path ||
        (current.account && who.account && current.account->id != who.account->id))
      return Error::conflict("The account changed while the invitation was accepted; try again.");
    User u;
    if (who.path == InvitationPath::kCreateAccount) {
      u.id = new_id_at(now);
      u.email = link.email;
      u.display_name = name;
      u.created_at = now;
      TRY(r.users().insert(u, new_hash));
    } else {
      u = *current.account;
      if (who.path == InvitationPath::kSetFirstPassword)
        TRY(r.users().set_password_hash(u.id, new_hash));
    }
    Membership m;
    m.id = new_id_at(now);
    m.user_id = u.id;
    m.cohort_id = link.cohort_id;
    m.role = link.role.value_or(Role::kScholar);
    m.stream_id = link.stream_id;
    m.created_at = now;
    // Holding the role already is fine: the invitation then changes nothing. (Checked first:
    // a failed insert would doom the transaction.)
    bool holds_role = false;
    for (const Membership& held : TRY(r.memberships().list_by_user(u.id)))
      holds_role = holds_role || (held.cohort_id == m.cohort_id && held.role == m.role);
    if (!holds_role) {
      TRY(r.memberships().insert(m));
      if (listener_) TRY(listener_->membership_changed(r, m, now));
    }
    Cohort c = TRY(r.cohorts().find(link.cohort_id));
    Actor accepting = Actor::anonymous();
    accepting.user_id = u.id;
    accepting.client_address = client.address;
    accepting.request_id = client.request_id;
    out.user = u;
    return r.audit().append(
        audit_event(accepting, clock_, "invitation.accept", {"invitation", link.id, c.program_id},
                    who.path == InvitationPath::kSignInFirst        ? "existing account"
                    : who.path == InvitationPath::kSetFirstPassword ? "first password"
                                                                    : "new account"));
  }));
  if (who.path != InvitationPath::kSignInFirst)
    out.sign_in = TRY(auth_.sign_in(link.email, password, client));
  return out;
}

}  // namespace trellis
