// CheckinService: the scholar's consent, its history, the log of what was shared, and the
// "could use support" flags a stream's mentors see.
#include <algorithm>
#include <map>

#include "core/id.h"
#include "domain/checkins/checkin_policy.h"
#include "domain/checkins/checkin_rules.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "service/checkins/checkin_loading.h"
#include "service/checkins/checkin_service.h"
#include "service/lookup.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {

Result<Consent> CheckinService::consent(const Actor& actor, const std::string& program_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<Consent> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(policy::can_give_consent(actor, program_id));
    TRY(r.programs().find(program_id));
    out = TRY(checkins::consent_of(r, actor.user_id, program_id));
    return ok_status();
  }));
  return std::move(*out);
}

Result<Consent> CheckinService::set_consent(const Actor& actor, const std::string& program_id,
                                            const ConsentInput& input) {
  TRY(policy::require_signed_in(actor));
  // The route only ever names the signed-in person; the check stays here so that no caller of
  // the service can change someone else's consent.
  TRY(policy::can_manage_consent(actor, actor.user_id, true));
  std::optional<Consent> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(policy::can_give_consent(actor, program_id));
    TRY(r.programs().find(program_id));
    Consent current = TRY(checkins::consent_of(r, actor.user_id, program_id));
    // Never given (changed_at 0) counts as a change even when it repeats the default: the
    // scholar made a choice, and the history should say so.
    if (current.changed_at != 0 && current.level == input.level &&
        current.mentor_flag == input.mentor_flag) {
      out = current;
      return ok_status();
    }
    Consent c;
    c.scholar_id = actor.user_id;
    c.program_id = program_id;
    c.level = input.level;
    c.mentor_flag = input.mentor_flag;
    c.changed_at = clock_.now();
    ConsentChange change{new_id_at(c.changed_at), c.scholar_id, c.program_id, c.level,
                         c.mentor_flag,           c.changed_at};
    TRY(r.checkins().consents().save(c, change));
    // The level stays out of the event: the log is the organizers' to read, the choice is not.
    TRY(r.audit().append(audit_event(actor, clock_, "checkin_consent.change",
                                     {"checkin_consent", change.id, program_id})));
    out = c;
    return ok_status();
  }));
  return std::move(*out);
}

Result<std::vector<ConsentChange>> CheckinService::consent_history(const Actor& actor,
                                                                   const std::string& program_id) {
  TRY(policy::require_signed_in(actor));
  std::vector<ConsentChange> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(policy::can_give_consent(actor, program_id));
    out = TRY(r.checkins().consents().history(actor.user_id, program_id));
    return ok_status();
  }));
  return out;
}

Result<std::vector<DisclosureView>> CheckinService::disclosures(const Actor& actor,
                                                                const std::string& program_id) {
  TRY(policy::require_signed_in(actor));
  std::vector<DisclosureView> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(policy::can_give_consent(actor, program_id));
    std::map<std::string, std::string> names;
    for (Disclosure& d :
         TRY(r.checkins().disclosures().list_by_scholar(actor.user_id, program_id))) {
      DisclosureView v;
      if (d.recipient != kRecipientSupportTeam && d.recipient != kRecipientMentor) {
        auto name = names.find(d.recipient);
        if (name == names.end()) {
          auto user = r.users().find(d.recipient);
          name = names.emplace(d.recipient, TRY(found(user)) ? user->display_name : "").first;
        }
        v.recipient_name = name->second;
      }
      v.disclosure = std::move(d);
      out.push_back(std::move(v));
    }
    return ok_status();
  }));
  return out;
}

Result<std::vector<SupportFlag>> CheckinService::support_flags(const Actor& actor,
                                                               const std::string& stream_id) {
  TRY(policy::require_signed_in(actor));
  const std::string day = today();
  std::vector<SupportFlag> out;
  // A write: each flag shown is logged as a disclosure to the mentor.
  TRY(store_.write([&](Repositories& r) -> Status {
    Stream stream = TRY(r.streams().find(stream_id));
    Cohort cohort = TRY(r.cohorts().find(stream.cohort_id));
    TRY(policy::as_hidden(
        policy::can_read_support_flags(actor, checkins::scope_of(cohort), stream.id), "stream"));
    const CheckinSettings settings = TRY(checkins::settings_of(r, cohort.program_id));
    std::map<std::string, Consent> consents;
    for (Consent& c : TRY(r.checkins().consents().list_by_program(cohort.program_id)))
      consents.emplace(c.scholar_id, std::move(c));
    for (const Membership& m : TRY(checkins::members_of(r, cohort.id, Role::kScholar, stream.id))) {
      auto consent = consents.find(m.user_id);
      if (consent == consents.end() ||
          !policy::wellbeing_visibility(actor, checkins::scope_of(cohort), m.user_id, stream.id,
                                        consent->second)
               .support_flag)
        continue;
      auto mine = TRY(r.checkins().checkins().list_by_scholar(m.user_id, cohort.id));
      if (!checkins::could_use_support(mine, settings, day)) continue;
      const Checkin& latest = *std::max_element(
          mine.begin(), mine.end(),
          [](const Checkin& a, const Checkin& b) { return a.period_start < b.period_start; });
      Disclosure d;
      d.disclosed_at = clock_.now();
      d.id = new_id_at(d.disclosed_at);
      d.scholar_id = m.user_id;
      d.program_id = cohort.program_id;
      d.recipient = actor.user_id;
      d.what = DisclosureKind::kSupportFlag;
      d.reference_id = latest.id;
      TRY(r.checkins().disclosures().insert_once(d));
      SupportFlag flag;
      flag.scholar_id = m.user_id;
      flag.display_name = TRY(r.users().find(m.user_id)).display_name;
      flag.checkin_period = latest.period_start;
      out.push_back(std::move(flag));
    }
    return ok_status();
  }));
  std::sort(out.begin(), out.end(), [](const SupportFlag& a, const SupportFlag& b) {
    return a.display_name < b.display_name;
  });
  return out;
}

}  // namespace trellis
