#include "service/checkins/support_queue.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/id.h"
#include "core/time_format.h"
#include "core/utf8.h"
#include "domain/checkins/checkin_policy.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "service/checkins/checkin_loading.h"
#include "service/lookup.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace {

using checkins::scope_of;

// Display names by user id, looked up once per transaction.
class Names {
 public:
  explicit Names(Repositories& r) : r_(r) {}
  Result<std::string> of(const std::string& user_id) {
    if (user_id.empty()) return std::string();
    auto known = names_.find(user_id);
    if (known != names_.end()) return known->second;
    auto user = r_.users().find(user_id);
    std::string name = TRY(found(user)) ? user->display_name : std::string();
    names_.emplace(user_id, name);
    return name;
  }

 private:
  Repositories& r_;
  std::map<std::string, std::string> names_;
};

Result<SupportQueueItem> item_of(Repositories& r, Names& names, CheckinAlert alert,
                                 const Cohort& cohort, const Consent& consent) {
  SupportQueueItem item;
  item.scholar_name = TRY(names.of(alert.scholar_id));
  item.cohort_name = cohort.name;
  item.claimed_by_name = TRY(names.of(alert.claimed_by));
  item.resolved_by_name = TRY(names.of(alert.resolved_by));
  item.answers_shared = consent.level == ConsentLevel::kAlertsAndAnswers;
  item.notes = static_cast<long long>(TRY(r.checkins().alerts().notes(alert.id)).size());
  item.alert = std::move(alert);
  return item;
}

// The item with its cohort and scholar's consent, when the actor may work on it.
struct Loaded {
  CheckinAlert alert;
  Cohort cohort;
  Consent consent;
};

Result<Loaded> load_item(Repositories& r, const Actor& actor, const std::string& id) {
  Loaded l;
  l.alert = TRY(r.checkins().alerts().find(id));
  l.cohort = TRY(r.cohorts().find(l.alert.cohort_id));
  l.consent = TRY(checkins::consent_of(r, l.alert.scholar_id, l.cohort.program_id));
  TRY(policy::can_work_on_alert(actor, scope_of(l.cohort), l.alert.reason, l.alert.scholar_id,
                                l.consent));
  return l;
}

Status text_ok(const std::string& text, std::size_t max, const char* field, bool required) {
  if (!is_valid_utf8(text)) return Error::invalid("This text is not valid UTF-8.", field);
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid("Write something first.", field);
  }
  if (count_code_points(text) > max) {
    return Error::invalid("This text is longer than " + std::to_string(max) + " characters.",
                          field);
  }
  return ok_status();
}

// The item after the change, or why the change is refused (see support_queue.h).
Result<CheckinAlert> transition(const CheckinAlert& from, AlertStatus to, const Actor& actor,
                                const std::string& claimer_name, Timestamp now) {
  CheckinAlert next = from;
  next.status = to;
  next.updated_at = now;
  const bool mine = from.claimed_by == actor.user_id;
  const std::string claimer = claimer_name.empty() ? "someone else" : claimer_name;
  switch (to) {
    case AlertStatus::kClaimed:
      if (from.status == AlertStatus::kClaimed) {
        return Error::conflict(mine ? "You have already claimed this item."
                                    : "This item is already claimed by " + claimer + ".");
      }
      if (from.status == AlertStatus::kResolved) {
        return Error::conflict("This item is resolved; reopen it first.");
      }
      next.claimed_by = actor.user_id;
      next.claimed_at = now;
      return next;
    case AlertStatus::kResolved:
      if (from.status == AlertStatus::kResolved) {
        return Error::conflict("This item is already resolved.");
      }
      if (from.status == AlertStatus::kClaimed && !mine) {
        return Error::forbidden("This item is claimed by " + claimer +
                                "; only they resolve it, or release it for others.");
      }
      if (from.status == AlertStatus::kOpen) {
        next.claimed_by = actor.user_id;
        next.claimed_at = now;
      }
      next.resolved_by = actor.user_id;
      next.resolved_at = now;
      return next;
    case AlertStatus::kOpen:
      if (from.status == AlertStatus::kOpen) return Error::conflict("This item is already open.");
      if (from.status == AlertStatus::kClaimed && !mine) {
        return Error::forbidden("This item is claimed by " + claimer + "; only they release it.");
      }
      next.claimed_by.clear();
      next.claimed_at = 0;
      next.resolved_by.clear();
      next.resolved_at = 0;
      return next;
  }
  return Error::invalid("This status does not exist.", "status");
}

std::string action_of(AlertStatus from, AlertStatus to) {
  switch (to) {
    case AlertStatus::kClaimed:
      return "support_item.claim";
    case AlertStatus::kResolved:
      return "support_item.resolve";
    case AlertStatus::kOpen:
      return from == AlertStatus::kClaimed ? "support_item.release" : "support_item.reopen";
  }
  return "support_item.change";
}

}  // namespace

Result<std::vector<SupportQueueItem>> SupportQueueService::list(const Actor& actor,
                                                                const SupportQueueFilter& filter) {
  TRY(policy::can_read_support_queue(actor));
  std::vector<std::string> cohort_ids;
  for (const Grant& g : actor.grants) {
    if (g.role == Role::kSupport &&
        std::find(cohort_ids.begin(), cohort_ids.end(), g.cohort_id) == cohort_ids.end())
      cohort_ids.push_back(g.cohort_id);
  }
  if (filter.cohort_id) {
    if (std::find(cohort_ids.begin(), cohort_ids.end(), *filter.cohort_id) == cohort_ids.end()) {
      return Error::not_found("This cohort does not exist among those you support.");
    }
    cohort_ids = {*filter.cohort_id};
  }
  std::vector<AlertStatus> statuses = filter.statuses;
  if (statuses.empty()) statuses = {AlertStatus::kOpen, AlertStatus::kClaimed};
  std::vector<SupportQueueItem> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Names names(r);
    std::map<std::string, Cohort> cohorts;
    std::map<std::string, std::map<std::string, Consent>> consents;  // by program, scholar
    for (CheckinAlert& a : TRY(r.checkins().alerts().list_by_cohorts(cohort_ids, statuses))) {
      auto cohort = cohorts.find(a.cohort_id);
      if (cohort == cohorts.end())
        cohort = cohorts.emplace(a.cohort_id, TRY(r.cohorts().find(a.cohort_id))).first;
      auto program = consents.find(cohort->second.program_id);
      if (program == consents.end()) {
        std::map<std::string, Consent> given;
        for (Consent& c : TRY(r.checkins().consents().list_by_program(cohort->second.program_id)))
          given.emplace(c.scholar_id, std::move(c));
        program = consents.emplace(cohort->second.program_id, std::move(given)).first;
      }
      Consent consent;
      consent.scholar_id = a.scholar_id;
      consent.program_id = cohort->second.program_id;
      if (auto given = program->second.find(a.scholar_id); given != program->second.end())
        consent = given->second;
      if (!policy::alert_visibility(actor, scope_of(cohort->second), a.reason, a.scholar_id, "",
                                    consent)
               .item)
        continue;
      out.push_back(TRY(item_of(r, names, std::move(a), cohort->second, consent)));
    }
    return ok_status();
  }));
  return out;
}

Result<SupportQueueItemDetail> SupportQueueService::get(const Actor& actor, const std::string& id) {
  TRY(policy::require_signed_in(actor));
  const std::string today = date_of(clock_.now());
  SupportQueueItemDetail out;
  // A write: each check-in shown is logged as a disclosure to the reader.
  TRY(store_.write([&](Repositories& r) -> Status {
    Loaded l = TRY(load_item(r, actor, id));
    Names names(r);
    for (CoachingNote& n : TRY(r.checkins().alerts().notes(l.alert.id))) {
      CoachingNoteView v;
      v.author_name = TRY(names.of(n.author_id));
      v.note = std::move(n);
      out.notes.push_back(std::move(v));
    }
    const auto visibility = policy::alert_visibility(actor, scope_of(l.cohort), l.alert.reason,
                                                     l.alert.scholar_id, "", l.consent);
    if (visibility.answers) {
      const CheckinSchedule schedule = TRY(checkins::schedule_of(r, l.cohort.id));
      auto mine = TRY(r.checkins().checkins().list_by_scholar(l.alert.scholar_id, l.cohort.id));
      std::reverse(mine.begin(), mine.end());
      if (mine.size() > kRecentCheckinsShown) mine.resize(kRecentCheckinsShown);
      for (Checkin& c : mine) {
        Disclosure d;
        d.disclosed_at = clock_.now();
        d.id = new_id_at(d.disclosed_at);
        d.scholar_id = c.scholar_id;
        d.program_id = l.cohort.program_id;
        d.recipient = actor.user_id;
        d.what = DisclosureKind::kAnswers;
        d.reference_id = c.id;
        TRY(r.checkins().disclosures().insert_once(d));
        out.recent_checkins.push_back(
            checkins::view_of(schedule, l.cohort, std::move(c), today, false));
      }
    }
    out.item = TRY(item_of(r, names, std::move(l.alert), l.cohort, l.consent));
    return ok_status();
  }));
  return out;
}

Result<SupportQueueItem> SupportQueueService::change_status(const Actor& actor,
                                                            const std::string& id, AlertStatus to) {
  TRY(policy::require_signed_in(actor));
  std::optional<SupportQueueItem> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Loaded l = TRY(load_item(r, actor, id));
    Names names(r);
    const CheckinAlert next =
        TRY(transition(l.alert, to, actor, TRY(names.of(l.alert.claimed_by)), clock_.now()));
    if (!TRY(r.checkins().alerts().update_status(next, l.alert.status))) {
      return Error::conflict("Someone changed this item just now; look at it again.");
    }
    TRY(r.audit().append(
        audit_event(actor, clock_, action_of(l.alert.status, to), {"support_item", next.id, ""})));
    out = TRY(item_of(r, names, next, l.cohort, l.consent));
    return ok_status();
  }));
  return std::move(*out);
}

Result<CoachingNoteView> SupportQueueService::add_note(const Actor& actor, const std::string& id,
                                                       const std::string& text) {
  TRY(policy::require_signed_in(actor));
  TRY(text_ok(text, kMaxCoachingNoteLength, "text", true));
  CoachingNoteView out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Loaded l = TRY(load_item(r, actor, id));
    out.note.created_at = clock_.now();
    out.note.id = new_id_at(out.note.created_at);
    out.note.alert_id = l.alert.id;
    out.note.author_id = actor.user_id;
    out.note.text = text;
    TRY(r.checkins().alerts().insert_note(out.note));
    // The note's words stay out of the log: they are the support team's only.
    TRY(r.audit().append(
        audit_event(actor, clock_, "support_item.note", {"support_item", l.alert.id, ""})));
    out.author_name = TRY(r.users().find(actor.user_id)).display_name;
    return ok_status();
  }));
  return out;
}

Result<CheckinAlert> SupportQueueService::ask_for_conversation(
    const Actor& actor, const ConversationRequestInput& input) {
  TRY(policy::require_signed_in(actor));
  CheckinAlert request;
  TRY(store_.write([&](Repositories& r) -> Status {
    Cohort cohort = TRY(r.cohorts().find(input.cohort_id));
    TRY(policy::can_ask_for_conversation(actor, scope_of(cohort)));
    TRY(text_ok(input.message, kMaxConversationMessageLength, "message", false));
    request.raised_at = request.updated_at = clock_.now();
    request.id = new_id_at(request.raised_at);
    request.scholar_id = actor.user_id;
    request.cohort_id = cohort.id;
    request.program_id = cohort.program_id;
    request.reason = AlertReason::kConversationRequest;
    request.message = input.message;
    TRY(r.checkins().alerts().insert_request(request));
    Disclosure d;
    d.disclosed_at = request.raised_at;
    d.id = new_id_at(d.disclosed_at);
    d.scholar_id = actor.user_id;
    d.program_id = cohort.program_id;
    d.recipient = std::string(kRecipientSupportTeam);
    d.what = DisclosureKind::kConversationRequest;
    d.reference_id = request.id;
    TRY(r.checkins().disclosures().insert_once(d));
    return r.audit().append(audit_event(actor, clock_, "conversation_request.create",
                                        {"support_item", request.id, ""}));
  }));
  return request;
}

Result<std::vector<CheckinAlert>> SupportQueueService::my_conversation_requests(
    const Actor& actor, const std::string& cohort_id) {
  TRY(policy::require_signed_in(actor));
  std::vector<CheckinAlert> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Cohort cohort = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_ask_for_conversation(actor, scope_of(cohort)));
    out = TRY(r.checkins().alerts().list_by_scholar(actor.user_id, cohort.id,
                                                    AlertReason::kConversationRequest));
    return ok_status();
  }));
  return out;
}

}  // namespace trellis
