#include "storage/sql/checkins/checkin_repositories.h"
#include "storage/sql/query.h"

namespace trellis {
namespace {

constexpr const char* kAlertColumns =
    "id, scholar_id, cohort_id, program_id, reason, period_start, message, status, "
    "COALESCE(claimed_by, ''), COALESCE(claimed_at, 0), COALESCE(resolved_by, ''), "
    "COALESCE(resolved_at, 0), raised_at, updated_at";

struct AlertRow {
  CheckinAlert a;
  std::string reason, status;
  long long claimed_at = 0, resolved_at = 0, raised_at = 0, updated_at = 0;

  void read_into(Query& q) {
    q.into(a.id)
        .into(a.scholar_id)
        .into(a.cohort_id)
        .into(a.program_id)
        .into(reason)
        .into(a.period_start)
        .into(a.message)
        .into(status)
        .into(a.claimed_by)
        .into(claimed_at)
        .into(a.resolved_by)
        .into(resolved_at)
        .into(raised_at)
        .into(updated_at);
  }
  CheckinAlert to_alert() const {
    CheckinAlert out = a;
    out.reason = parse_alert_reason(reason).value_or(AlertReason::kLowMood);
    out.status = parse_alert_status(status).value_or(AlertStatus::kOpen);
    out.claimed_at = claimed_at;
    out.resolved_at = resolved_at;
    out.raised_at = raised_at;
    out.updated_at = updated_at;
    return out;
  }
};

std::optional<std::string> unless_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<long long> unless_zero(Timestamp t) {
  if (t == 0) return std::nullopt;
  return static_cast<long long>(t);
}

Query& bind_new(Query& q, const CheckinAlert& a) {
  return q.bind("id", a.id)
      .bind("scholar_id", a.scholar_id)
      .bind("cohort_id", a.cohort_id)
      .bind("program_id", a.program_id)
      .bind("reason", std::string(alert_reason_name(a.reason)))
      .bind("period_start", a.period_start)
      .bind("firing_key", unless_empty(firing_key(a.reason, a.period_start)))
      .bind("message", a.message)
      .bind("status", std::string(alert_status_name(a.status)))
      .bind("raised_at", static_cast<long long>(a.raised_at))
      .bind("updated_at", static_cast<long long>(a.updated_at));
}

constexpr const char* kInsert =
    "INSERT INTO checkin_alerts (id, scholar_id, cohort_id, program_id, reason, period_start, "
    "firing_key, message, status, raised_at, updated_at) VALUES (:id, :scholar_id, :cohort_id, "
    ":program_id, :reason, :period_start, :firing_key, :message, :status, :raised_at, "
    ":updated_at)";

// ":p0, :p1, …" for n parameters named prefix0 … prefix(n-1).
std::string placeholders(const std::string& prefix, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i == 0 ? ":" : ", :") + prefix + std::to_string(i);
  return out;
}

}  // namespace

Result<bool> SqlCheckinAlertRepository::insert_once(const CheckinAlert& alert) {
  if (alert.reason == AlertReason::kConversationRequest) {
    return Error::invalid("A conversation request has no firing key.", "reason");
  }
  std::string inserted;
  try {
    Query q(ctx_.session, std::string(kInsert) +
                              " ON CONFLICT (scholar_id, cohort_id, firing_key) DO NOTHING "
                              "RETURNING id");
    bind_new(q, alert).into(inserted);
    return q.fetch_one();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_alerts");
  }
}

Status SqlCheckinAlertRepository::insert_request(const CheckinAlert& request) {
  if (request.reason != AlertReason::kConversationRequest) {
    return Error::invalid("Only a conversation request is inserted this way.", "reason");
  }
  try {
    Query q(ctx_.session, kInsert);
    bind_new(q, request).execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_alerts");
  }
  return ok_status();
}

Result<CheckinAlert> SqlCheckinAlertRepository::find(const std::string& id) {
  AlertRow row;
  try {
    Query q(ctx_.session,
            std::string("SELECT ") + kAlertColumns + " FROM checkin_alerts WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) {
      return Error::not_found("This support-queue item does not exist.");
    }
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_alerts");
  }
  return row.to_alert();
}

Result<bool> SqlCheckinAlertRepository::update_status(const CheckinAlert& a, AlertStatus expected) {
  std::string updated;
  try {
    Query q(ctx_.session,
            "UPDATE checkin_alerts SET status = :status, claimed_by = :claimed_by, claimed_at = "
            ":claimed_at, resolved_by = :resolved_by, resolved_at = :resolved_at, updated_at = "
            ":updated_at WHERE id = :id AND status = :expected RETURNING id");
    q.into(updated)
        .bind("status", std::string(alert_status_name(a.status)))
        .bind("claimed_by", unless_empty(a.claimed_by))
        .bind("claimed_at", unless_zero(a.claimed_at))
        .bind("resolved_by", unless_empty(a.resolved_by))
        .bind("resolved_at", unless_zero(a.resolved_at))
        .bind("updated_at", static_cast<long long>(a.updated_at))
        .bind("id", a.id)
        .bind("expected", std::string(alert_status_name(expected)));
    return q.fetch_one();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_alerts");
  }
}

Result<std::vector<CheckinAlert>> SqlCheckinAlertRepository::list_by_cohorts(
    const std::vector<std::string>& cohort_ids, const std::vector<AlertStatus>& statuses) {
  std::vector<CheckinAlert> out;
  if (cohort_ids.empty()) return out;
  try {
    std::string sql = std::string("SELECT ") + kAlertColumns +
                      " FROM checkin_alerts WHERE cohort_id IN (" +
                      placeholders("c", cohort_ids.size()) + ")";
    if (!statuses.empty()) sql += " AND status IN (" + placeholders("s", statuses.size()) + ")";
    sql += " ORDER BY raised_at DESC, id DESC";
    AlertRow row;
    Query q(ctx_.session, sql);
    row.read_into(q);
    for (std::size_t i = 0; i < cohort_ids.size(); ++i)
      q.bind("c" + std::to_string(i), cohort_ids[i]);
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      q.bind("s" + std::to_string(i), std::string(alert_status_name(statuses[i])));
    }
    q.for_each_row([&] { out.push_back(row.to_alert()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_alerts");
  }
  return out;
}

Result<std::vector<CheckinAlert>> SqlCheckinAlertRepository::list_by_scholar(
    const std::string& scholar_id, const std::string& cohort_id,
    const std::optional<AlertReason>& reason) {
  std::vector<CheckinAlert> out;
  try {
    std::string sql = std::string("SELECT ") + kAlertColumns +
                      " FROM checkin_alerts WHERE scholar_id = :scholar_id AND cohort_id = "
                      ":cohort_id";
    if (reason) sql += " AND reason = :reason";
    sql += " ORDER BY raised_at DESC, id DESC";
    AlertRow row;
    Query q(ctx_.session, sql);
    row.read_into(q);
    q.bind("scholar_id", scholar_id).bind("cohort_id", cohort_id);
    if (reason) q.bind("reason", std::string(alert_reason_name(*reason)));
    q.for_each_row([&] { out.push_back(row.to_alert()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_alerts");
  }
  return out;
}

Result<long long> SqlCheckinAlertRepository::count_alerted_scholars(const std::string& cohort_id) {
  long long count = 0;
  try {
    Query q(ctx_.session,
            "SELECT COUNT(DISTINCT scholar_id) FROM checkin_alerts WHERE cohort_id = :cohort_id "
            "AND status <> 'resolved' AND reason <> 'conversation_request'");
    q.into(count).bind("cohort_id", cohort_id).fetch_one();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_alerts");
  }
  return count;
}

Status SqlCheckinAlertRepository::insert_note(const CoachingNote& note) {
  try {
    Query(ctx_.session,
          "INSERT INTO coaching_notes (id, alert_id, author_id, text, created_at) VALUES (:id, "
          ":alert_id, :author_id, :text, :created_at)")
        .bind("id", note.id)
        .bind("alert_id", note.alert_id)
        .bind("author_id", unless_empty(note.author_id))
        .bind("text", note.text)
        .bind("created_at", static_cast<long long>(note.created_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "coaching_notes");
  }
  return ok_status();
}

Result<std::vector<CoachingNote>> SqlCheckinAlertRepository::notes(const std::string& alert_id) {
  std::vector<CoachingNote> out;
  try {
    CoachingNote row;
    long long created_at = 0;
    Query q(ctx_.session,
            "SELECT id, COALESCE(author_id, ''), text, created_at FROM coaching_notes WHERE "
            "alert_id = :alert_id ORDER BY created_at, id");
    q.into(row.id).into(row.author_id).into(row.text).into(created_at);
    q.bind("alert_id", alert_id);
    q.for_each_row([&] {
      CoachingNote n = row;
      n.alert_id = alert_id;
      n.created_at = created_at;
      out.push_back(std::move(n));
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "coaching_notes");
  }
  return out;
}

}  // namespace trellis
