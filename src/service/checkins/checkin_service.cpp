// CheckinService: the cadence, what is due, checking in, editing, reading one check-in and the
// scholar's history. Consent and disclosures are in checkin_consent.cpp, the cohort view in
// checkin_report.cpp.
#include "service/checkins/checkin_service.h"

#include <algorithm>
#include <set>

#include "core/id.h"
#include "core/time_format.h"
#include "domain/checkins/checkin_policy.h"
#include "domain/checkins/checkin_rules.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "service/checkins/checkin_loading.h"
#include "service/lookup.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {

namespace checkins {

Result<CheckinSchedule> schedule_of(Repositories& r, const std::string& cohort_id) {
  auto saved = r.checkins().schedules().find(cohort_id);
  if (!TRY(found(saved))) return default_schedule(cohort_id);
  return std::move(saved).value();
}

Result<Consent> consent_of(Repositories& r, const std::string& scholar_id,
                           const std::string& program_id) {
  auto given = r.checkins().consents().find(scholar_id, program_id);
  if (!TRY(found(given))) {
    Consent none;
    none.scholar_id = scholar_id;
    none.program_id = program_id;
    return none;
  }
  return std::move(given).value();
}

Result<CheckinSettings> settings_of(Repositories& r, const std::string& program_id) {
  auto saved = r.checkins().settings().find(program_id);
  if (!TRY(found(saved))) {
    CheckinSettings defaults;
    defaults.program_id = program_id;
    return defaults;
  }
  return std::move(saved).value();
}

CheckinView view_of(const CheckinSchedule& schedule, const Cohort& cohort, Checkin checkin,
                    const std::string& today, bool owner) {
  CheckinView v;
  auto period = period_containing(schedule, cohort, checkin.period_start);
  v.period =
      period ? *period : Period{checkin.period_start, checkin.period_start, checkin.period_start};
  v.editable_until = next_period(schedule, cohort, v.period).due_on;
  v.editable = owner && today <= v.editable_until;
  v.checkin = std::move(checkin);
  return v;
}

Result<HelpSigns> help_signs_of(Repositories& r, const std::string& scholar_id,
                                const std::string& cohort_id) {
  HelpSigns signs;
  for (const CheckinAlert& request : TRY(r.checkins().alerts().list_by_scholar(
           scholar_id, cohort_id, AlertReason::kConversationRequest))) {
    signs.asked_on.push_back(date_of(request.raised_at));
  }
  return signs;
}

Result<std::vector<Membership>> members_of(Repositories& r, const std::string& cohort_id, Role role,
                                           const std::optional<std::string>& stream_id) {
  std::vector<Membership> out;
  PageRequest page;
  page.limit = kMaxPageLimit;
  MembershipFilter filter;
  filter.role = role;
  filter.stream_id = stream_id;
  for (;;) {
    Page<Membership> p = TRY(r.memberships().list_by_cohort(cohort_id, filter, page));
    for (Membership& m : p.items) out.push_back(std::move(m));
    if (p.next_cursor.empty()) break;
    page.after = p.next_cursor;
  }
  return out;
}

}  // namespace checkins

namespace {

using checkins::consent_of;
using checkins::schedule_of;
using checkins::scope_of;
using checkins::view_of;

Checkin checkin_of(const CheckinAnswers& a) {
  Checkin c;
  c.energy = a.energy;
  c.mood = a.mood;
  c.progress = a.progress;
  c.stuck = a.stuck;
  c.stuck_since = a.stuck_since;
  c.stuck_on = a.stuck_on;
  c.wins = a.wins;
  c.blockers = a.blockers;
  c.support_note = a.support_note;
  return c;
}

void apply(const CheckinPatch& p, Checkin& c) {
  if (p.energy) c.energy = *p.energy;
  if (p.mood) c.mood = *p.mood;
  if (p.progress) c.progress = *p.progress;
  if (p.stuck) c.stuck = *p.stuck;
  if (p.stuck_since) c.stuck_since = *p.stuck_since;
  if (p.stuck_on) c.stuck_on = *p.stuck_on;
  if (p.wins) c.wins = *p.wins;
  if (p.blockers) c.blockers = *p.blockers;
  if (p.support_note) c.support_note = *p.support_note;
  // No longer stuck: what it was about goes too, unless the edit itself says otherwise (which
  // validation then refuses).
  if (p.stuck && !*p.stuck) {
    if (!p.stuck_since) c.stuck_since.reset();
    if (!p.stuck_on) c.stuck_on.clear();
  }
}

}  // namespace

std::string CheckinService::today() const {
  return date_of(clock_.now());
}

Result<CheckinSchedule> CheckinService::schedule(const Actor& actor, const std::string& cohort_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<CheckinSchedule> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Cohort cohort = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_schedule(actor, scope_of(cohort)));
    out = TRY(schedule_of(r, cohort.id));
    return ok_status();
  }));
  return std::move(*out);
}

Result<CheckinSchedule> CheckinService::save_schedule(const Actor& actor,
                                                      const std::string& cohort_id,
                                                      const ScheduleInput& input) {
  TRY(policy::require_signed_in(actor));
  CheckinSchedule s;
  s.cohort_id = cohort_id;
  s.cadence = input.cadence;
  s.due_weekday = input.due_weekday;
  s.weeks_off = input.weeks_off;
  std::sort(s.weeks_off.begin(), s.weeks_off.end(),
            [](const DateRange& a, const DateRange& b) { return a.starts_on < b.starts_on; });
  s.updated_at = clock_.now();
  s.updated_by = actor.user_id;
  TRY(store_.write([&](Repositories& r) -> Status {
    Cohort cohort = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_manage_schedule(actor, scope_of(cohort)));
    TRY(checkins::validate(s));
    TRY(r.checkins().schedules().save(s));
    return r.audit().append(audit_event(actor, clock_, "checkin_schedule.update",
                                        {"cohort", cohort.id, cohort.program_id},
                                        std::string(cadence_name(s.cadence))));
  }));
  return s;
}

Result<CheckinSettings> CheckinService::settings(const Actor& actor,
                                                 const std::string& program_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<CheckinSettings> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    TRY(policy::can_read_checkin_settings(actor, program_id));
    TRY(r.programs().find(program_id));
    out = TRY(checkins::settings_of(r, program_id));
    return ok_status();
  }));
  return std::move(*out);
}

Result<CheckinSettings> CheckinService::save_settings(const Actor& actor,
                                                      const std::string& program_id,
                                                      CheckinSettings input) {
  TRY(policy::require_signed_in(actor));
  input.program_id = program_id;
  input.updated_at = clock_.now();
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(policy::can_manage_checkin_settings(actor, program_id));
    TRY(r.programs().find(program_id));
    TRY(checkins::validate(input));
    TRY(r.checkins().settings().save(input));
    return r.audit().append(
        audit_event(actor, clock_, "checkin_settings.update", {"program", program_id, program_id}));
  }));
  return input;
}

Result<std::vector<DueCheckins>> CheckinService::due(const Actor& actor) {
  TRY(policy::require_signed_in(actor));
  std::vector<DueCheckins> out;
  if (!actor.signed_in()) return out;
  std::set<std::string> cohort_ids;
  for (const Grant& g : actor.grants)
    if (g.role == Role::kScholar) cohort_ids.insert(g.cohort_id);
  const std::string now = today();
  TRY(store_.read([&](Repositories& r) -> Status {
    for (const std::string& id : cohort_ids) {
      Cohort cohort = TRY(r.cohorts().find(id));
      if (cohort.starts_on > now) continue;
      CheckinSchedule schedule = TRY(schedule_of(r, id));
      auto mine = TRY(r.checkins().checkins().list_by_scholar(actor.user_id, id));
      auto statuses = checkins::period_statuses(schedule, cohort, mine, now);
      auto here = checkins::period_containing(schedule, cohort, now);
      DueCheckins d;
      d.cadence = schedule.cadence;
      d.streak = checkins::streak(statuses);
      for (checkins::PeriodStatus& s : statuses) {
        if (here && s.period.starts_on == here->starts_on)
          d.current = std::move(s);
        else if (s.state == checkins::PeriodState::kMissed)
          d.missed.push_back(std::move(s.period));
      }
      if (!d.current && d.missed.empty()) continue;  // finished, with nothing left to fill in
      const CheckinSettings settings = TRY(checkins::settings_of(r, cohort.program_id));
      const checkins::HelpSigns help = TRY(checkins::help_signs_of(r, actor.user_id, id));
      d.nudge = checkins::stuck_nudge(settings, mine, help, now);
      d.cohort = std::move(cohort);
      out.push_back(std::move(d));
    }
    return ok_status();
  }));
  std::sort(out.begin(), out.end(), [](const DueCheckins& a, const DueCheckins& b) {
    return a.cohort.starts_on > b.cohort.starts_on;  // the newest cohort first
  });
  return out;
}

Result<CheckinView> CheckinService::submit(const Actor& actor, const NewCheckin& input) {
  TRY(policy::require_signed_in(actor));
  const Timestamp now = clock_.now();
  const std::string day = today();
  std::optional<CheckinView> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Cohort cohort = TRY(r.cohorts().find(input.cohort_id));
    TRY(policy::can_check_in(actor, scope_of(cohort)));
    CheckinSchedule schedule = TRY(schedule_of(r, cohort.id));
    std::string start;
    if (input.period_start) {
      start = *input.period_start;
    } else {
      auto current = checkins::period_containing(schedule, cohort, day);
      if (current) start = current->starts_on;
    }
    TRY(checkins::validate_period(schedule, cohort, start, day));
    Checkin c = checkin_of(input.answers);
    TRY(checkins::validate_answers(c, day));
    c.id = new_id_at(now);
    c.scholar_id = actor.user_id;
    c.cohort_id = cohort.id;
    c.period_start = start;
    c.created_at = c.updated_at = now;
    TRY(r.checkins().checkins().insert(c));
    out = view_of(schedule, cohort, std::move(c), day, true);
    return ok_status();
  }));
  return std::move(*out);
}

Result<CheckinView> CheckinService::edit(const Actor& actor, const std::string& checkin_id,
                                         const CheckinPatch& patch) {
  TRY(policy::require_signed_in(actor));
  const std::string day = today();
  std::optional<CheckinView> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Checkin c = TRY(r.checkins().checkins().find(checkin_id));
    Cohort cohort = TRY(r.cohorts().find(c.cohort_id));
    Consent consent = TRY(consent_of(r, c.scholar_id, cohort.program_id));
    TRY(policy::can_edit_checkin(actor, scope_of(cohort), c, "", consent));
    CheckinSchedule schedule = TRY(schedule_of(r, cohort.id));
    const CheckinView before = view_of(schedule, cohort, c, day, true);
    if (!before.editable)
      return Error::conflict(
          "This check-in can no longer be changed: its editing window closed "
          "on " +
          before.editable_until + ", when the next check-in was due.");
    apply(patch, c);
    TRY(checkins::validate_answers(c, day));
    c.updated_at = clock_.now();
    TRY(r.checkins().checkins().update(c));
    out = view_of(schedule, cohort, std::move(c), day, true);
    return ok_status();
  }));
  return std::move(*out);
}

Result<CheckinView> CheckinService::get(const Actor& actor, const std::string& checkin_id) {
  TRY(policy::require_signed_in(actor));
  const std::string day = today();
  std::optional<CheckinView> out;
  // A write: a reader other than the scholar is logged as a disclosure.
  TRY(store_.write([&](Repositories& r) -> Status {
    Checkin c = TRY(r.checkins().checkins().find(checkin_id));
    Cohort cohort = TRY(r.cohorts().find(c.cohort_id));
    Consent consent = TRY(consent_of(r, c.scholar_id, cohort.program_id));
    TRY(policy::can_read_checkin(actor, scope_of(cohort), c, "", consent));
    const bool owner = actor.user_id == c.scholar_id;
    if (!owner) {
      Disclosure d;
      d.disclosed_at = clock_.now();
      d.id = new_id_at(d.disclosed_at);
      d.scholar_id = c.scholar_id;
      d.program_id = cohort.program_id;
      d.recipient = actor.user_id;
      d.what = DisclosureKind::kAnswers;
      d.reference_id = c.id;
      TRY(r.checkins().disclosures().insert_once(d));
    }
    CheckinSchedule schedule = TRY(schedule_of(r, cohort.id));
    out = view_of(schedule, cohort, std::move(c), day, owner);
    return ok_status();
  }));
  return std::move(*out);
}

Result<CheckinHistory> CheckinService::history(const Actor& actor, const std::string& cohort_id) {
  TRY(policy::require_signed_in(actor));
  const std::string day = today();
  CheckinHistory h;
  TRY(store_.read([&](Repositories& r) -> Status {
    h.cohort = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_check_in(actor, scope_of(h.cohort)));
    h.schedule = TRY(schedule_of(r, cohort_id));
    auto mine = TRY(r.checkins().checkins().list_by_scholar(actor.user_id, cohort_id));
    h.periods = checkins::period_statuses(h.schedule, h.cohort, mine, day);
    h.streak = checkins::streak(h.periods);
    h.stuck_stretches = checkins::stuck_stretches(h.schedule, h.cohort, mine, day);
    for (Checkin& c : mine)
      h.checkins.push_back(view_of(h.schedule, h.cohort, std::move(c), day, true));
    return ok_status();
  }));
  return h;
}

}  // namespace trellis
