#include "service/programs/member_service.h"

#include <algorithm>
#include <set>

#include "core/id.h"
#include "domain/policy.h"
#include "service/accounts/invitation_service.h"
#include "service/accounts/passwords.h"
#include "service/audit_event.h"
#include "service/lookup.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {

Result<MemberView> MemberService::add_member(const Actor& actor, const std::string& cohort_id,
                                             const NewMember& input) {
  TRY(policy::require_signed_in(actor));
  std::string email = TRY(normalize_email(input.email));
  Membership m;
  m.id = new_id();
  m.cohort_id = cohort_id;
  m.role = input.role;
  m.stream_id = input.stream_id;
  m.created_at = clock_.now();
  TRY(validate(m));
  std::optional<MemberView> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Cohort c = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_cohort(actor, c.program_id, c.id));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    if (m.stream_id) {
      auto s = r.streams().find(*m.stream_id);
      if (!TRY(found(s)) || s->cohort_id != cohort_id)
        return Error::invalid("stream_id does not name a stream of this cohort.", "stream_id");
    }
    auto existing = r.users().find_by_email(email);
    User u;
    if (existing) {
      u = *existing;
    } else if (existing.error().code == ErrorCode::kNotFound) {
      u.id = new_id();
      u.email = email;
      u.display_name = TRY(clean_name(input.display_name, "display_name"));
      u.created_at = clock_.now();
      u.created_in_program_id = c.program_id;
      TRY(r.users().insert(u, std::string(kNoPasswordHash)));
    } else {
      return existing.error();
    }
    m.user_id = u.id;
    TRY(r.memberships().insert(m));
    if (listener_) TRY(listener_->membership_changed(r, m, m.created_at));
    TRY(r.audit().append(audit_event(actor, clock_, "member.add",
                                     {"membership", m.id, c.program_id},
                                     std::string("role ") + std::string(role_name(m.role)))));
    out = MemberView{m, u.display_name, u.email, std::nullopt};
    return ok_status();
  }));
  return *out;
}

Result<Page<MemberView>> MemberService::list_members(const Actor& actor,
                                                     const std::string& cohort_id,
                                                     const MembershipFilter& filter,
                                                     const PageRequest& page) {
  TRY(policy::require_signed_in(actor));
  Page<MemberView> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Cohort c = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_cohort(actor, c.program_id, c.id));
    // Account status is for those who onboard people: who still has an invitation waiting.
    const bool shows_status = policy::can_manage_cohort(actor, c.program_id).ok();
    std::set<std::string> invited;
    if (shows_status) {
      const Timestamp now = clock_.now();
      for (const OneTimeLink& link : TRY(r.links().list_invitations(cohort_id)))
        if (!link.used_at && link.expires_at > now) invited.insert(link.email);
    }
    // Hidden members are skipped while reading on, so that a page is full unless it is the
    // last, and the cursor is always the id of a member the actor sees: it reveals nothing of
    // the others.
    const auto limit = static_cast<std::size_t>(std::clamp(page.limit, 1, kMaxPageLimit));
    PageRequest batch{kMaxPageLimit, page.after};
    bool more_follow = false;
    for (;;) {
      Page<Membership> memberships = TRY(r.memberships().list_by_cohort(cohort_id, filter, batch));
      for (const Membership& m : memberships.items) {
        if (!policy::can_see_member(actor, c.program_id, c.id, m.role, m.stream_id.value_or("")))
          continue;
        if (out.items.size() == limit) {
          more_follow = true;
          break;
        }
        User u = TRY(r.users().find(m.user_id));
        MemberView view{m, u.display_name, u.email, std::nullopt};
        if (shows_status) {
          view.status = member_status(u, invited.contains(u.email));
          view.needs_invitation = !u.disabled && !u.last_sign_in_at &&
                                  invitation_path(TRY(invited_account(r, u)), c.program_id) ==
                                      InvitationPath::kSetFirstPassword;
        }
        out.items.push_back(std::move(view));
      }
      if (more_follow || memberships.next_cursor.empty()) break;
      batch.after = memberships.next_cursor;
    }
    if (more_follow) out.next_cursor = out.items.back().membership.id;
    return ok_status();
  }));
  return out;
}

Status MemberService::remove_member(const Actor& actor, const std::string& membership_id) {
  TRY(policy::require_signed_in(actor));
  return store_.write([&](Repositories& r) -> Status {
    Membership m = TRY(r.memberships().find(membership_id));
    Cohort c = TRY(r.cohorts().find(m.cohort_id));
    TRY(policy::as_hidden(policy::can_read_cohort(actor, c.program_id, c.id), "membership"));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    TRY(r.memberships().remove(membership_id));
    return r.audit().append(
        audit_event(actor, clock_, "member.remove", {"membership", membership_id, c.program_id}));
  });
}

Result<MemberView> MemberService::update_member(const Actor& actor,
                                                const std::string& membership_id,
                                                const MemberPatch& patch) {
  TRY(policy::require_signed_in(actor));
  std::optional<MemberView> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Membership m = TRY(r.memberships().find(membership_id));
    Cohort c = TRY(r.cohorts().find(m.cohort_id));
    TRY(policy::as_hidden(policy::can_read_cohort(actor, c.program_id, c.id), "membership"));
    TRY(policy::can_manage_cohort(actor, c.program_id));
    const Membership before = m;
    if (patch.role) m.role = *patch.role;
    if (patch.stream_id) m.stream_id = *patch.stream_id;
    // A role without streams drops the stream unless the request names one (then it is wrong).
    if (patch.role && !patch.stream_id && m.role != Role::kScholar && m.role != Role::kMentor)
      m.stream_id.reset();
    TRY(validate(m));
    if (m.stream_id) {
      auto s = r.streams().find(*m.stream_id);
      if (!TRY(found(s)) || s->cohort_id != m.cohort_id)
        return Error::invalid("stream_id does not name a stream of this cohort.", "stream_id");
    }
    if (m.role != before.role) {
      // Checked first: on PostgreSQL a failed UPDATE would doom the transaction.
      for (const Membership& held : TRY(r.memberships().list_by_user(m.user_id)))
        if (held.cohort_id == m.cohort_id && held.role == m.role)
          return Error::conflict("This person already holds that role in the cohort.", "role");
    }
    TRY(r.memberships().update(m));
    if (listener_) TRY(listener_->membership_changed(r, m, clock_.now()));
    std::string detail = "role " + std::string(role_name(before.role));
    if (m.role != before.role) detail += " -> " + std::string(role_name(m.role));
    if (m.stream_id != before.stream_id) detail += "; stream changed";
    TRY(r.audit().append(
        audit_event(actor, clock_, "member.update", {"membership", m.id, c.program_id}, detail)));
    User u = TRY(r.users().find(m.user_id));
    out = MemberView{m, u.display_name, u.email, std::nullopt};
    return ok_status();
  }));
  return *out;
}

}  // namespace trellis
