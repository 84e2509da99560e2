// SupportQueueService: the support team's queue of alerts (raised by CheckinAlertJob) and of
// scholars' requests for a conversation, and the scholar's side of those requests.
//
// Who sees what is domain/checkins/checkin_policy.h (alert_visibility): support staff of the
// item's cohort see a rule's alert while the scholar's consent is "alerts" or above, a request
// whatever the consent, and the answers behind either only at "alerts_and_answers" (each
// check-in shown is logged as a disclosure to the reader, as CheckinService::get does). Anyone
// else is told an item does not exist.
//
// The life of an item: open -> claimed (by one support member) -> resolved, and back:
//  - claim: an open item only; claiming a claimed or resolved item is a conflict.
//  - resolve: an open item (the resolver claims it in the same step) or one the actor claimed;
//    an item someone else claimed is forbidden to resolve (they own it until they resolve or
//    release it); a resolved item is a conflict.
//  - reopen ("open"): a resolved item (anyone of the team), or the actor's own claim (a
//    release); someone else's claim is forbidden; an open item is a conflict.
// Two people changing the same item at once: the second change, made from a state that no
// longer holds, is a conflict (compare and set in storage).
//
// Every step (claim, note, resolve, reopen, a scholar's request) is audited in the same
// transaction. These events are site-wide (no program), so that the program's audit log, which
// organizers read, does not tell them which or how many scholars are in the queue.
// Thread-safe (no state).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/checkins/checkin.h"
#include "service/checkins/checkin_service.h"
#include "storage/store.h"

namespace trellis {

struct SupportQueueFilter {
  std::optional<std::string> cohort_id;  // one cohort the actor supports; default: all of them
  // Statuses to list; default (empty): open and claimed.
  std::vector<AlertStatus> statuses;
};

// One item as support staff see it.
struct SupportQueueItem {
  CheckinAlert alert;
  std::string scholar_name;
  std::string cohort_name;
  std::string claimed_by_name;   // when claimed or resolved
  std::string resolved_by_name;  // when resolved
  bool answers_shared = false;   // the scholar shares answers: the item shows their check-ins
  long long notes = 0;
};

struct CoachingNoteView {
  CoachingNote note;
  std::string author_name;
};

// One item with its notes and, when the scholar shares answers, their latest check-ins.
struct SupportQueueItemDetail {
  SupportQueueItem item;
  std::vector<CoachingNoteView> notes;       // oldest first
  std::vector<CheckinView> recent_checkins;  // newest first; empty without answers consent
};
inline constexpr std::size_t kRecentCheckinsShown = 6;

struct ConversationRequestInput {
  std::string cohort_id;
  std::string message;  // optional; at most kMaxConversationMessageLength code points
};

class SupportQueueService {
 public:
  SupportQueueService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The items of the cohorts the actor supports that they may see, newest first. forbidden
  // for anyone who supports no cohort; a cohort_id they do not support is not found.
  Result<std::vector<SupportQueueItem>> list(const Actor& actor, const SupportQueueFilter& filter);
  // One item with its notes and (answers consent) the scholar's recent check-ins.
  Result<SupportQueueItemDetail> get(const Actor& actor, const std::string& id);
  // Claims, resolves or reopens the item (see above).
  Result<SupportQueueItem> change_status(const Actor& actor, const std::string& id, AlertStatus to);
  // A coaching note: 1..kMaxCoachingNoteLength code points of valid UTF-8, not blank.
  Result<CoachingNoteView> add_note(const Actor& actor, const std::string& id,
                                    const std::string& text);

  // A scholar of the cohort asks its support team for a conversation, whatever their consent;
  // logged as a disclosure to the support team. conflict while an earlier request of theirs in
  // the cohort is unresolved.
  Result<CheckinAlert> ask_for_conversation(const Actor& actor,
                                            const ConversationRequestInput& input);
  // The actor's own requests in the cohort, newest first (their status, never the notes).
  Result<std::vector<CheckinAlert>> my_conversation_requests(const Actor& actor,
                                                             const std::string& cohort_id);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace trellis
