#include "storage/sql/checkins/checkin_repositories.h"
#include "storage/sql/query.h"

namespace trellis {
namespace {

constexpr const char* kCheckinColumns =
    "id, scholar_id, cohort_id, period_start, energy, mood, progress, stuck, stuck_since, "
    "stuck_on, wins, blockers, support_note, created_at, updated_at";

struct CheckinRow {
  std::string id, scholar_id, cohort_id, period_start, stuck_since, stuck_on, wins, blockers,
      support_note;
  long long energy = 0, mood = 0, progress = 0, stuck = 0, created_at = 0, updated_at = 0;
  soci::indicator stuck_since_null = soci::i_null;

  void read_into(Query& q) {
    q.into(id)
        .into(scholar_id)
        .into(cohort_id)
        .into(period_start)
        .into(energy)
        .into(mood)
        .into(progress)
        .into(stuck)
        .into(stuck_since, stuck_since_null)
        .into(stuck_on)
        .into(wins)
        .into(blockers)
        .into(support_note)
        .into(created_at)
        .into(updated_at);
  }
  Checkin to_checkin() const {
    Checkin c;
    c.id = id;
    c.scholar_id = scholar_id;
    c.cohort_id = cohort_id;
    c.period_start = period_start;
    c.energy = static_cast<int>(energy);
    c.mood = static_cast<int>(mood);
    c.progress = static_cast<int>(progress);
    c.stuck = stuck != 0;
    if (stuck_since_null == soci::i_ok) c.stuck_since = stuck_since;
    c.stuck_on = stuck_on;
    c.wins = wins;
    c.blockers = blockers;
    c.support_note = support_note;
    c.created_at = created_at;
    c.updated_at = updated_at;
    return c;
  }
};

Query& bind_answers(Query& q, const Checkin& c) {
  return q.bind("energy", static_cast<long long>(c.energy))
      .bind("mood", static_cast<long long>(c.mood))
      .bind("progress", static_cast<long long>(c.progress))
      .bind("stuck", static_cast<long long>(c.stuck ? 1 : 0))
      .bind("stuck_since", c.stuck_since)
      .bind("stuck_on", c.stuck_on)
      .bind("wins", c.wins)
      .bind("blockers", c.blockers)
      .bind("support_note", c.support_note)
      .bind("updated_at", static_cast<long long>(c.updated_at));
}

Error checkin_not_found() {
  return Error::not_found("This check-in does not exist.");
}

// ", CAST(SUM(CASE WHEN column = 1 THEN 1 ELSE 0 END) AS BIGINT) …" for the values of one scale
// (PostgreSQL's SUM of BIGINT is NUMERIC, which SOCI does not read as long long).
std::string distribution_sums(const std::string& column) {
  std::string out;
  for (int v = kMinScale; v <= kMaxScale; ++v) {
    out += ", CAST(SUM(CASE WHEN " + column + " = " + std::to_string(v) +
           " THEN 1 ELSE 0 END) AS BIGINT)";
  }
  return out;
}

// ", mood_1, mood_2, …": one scale's columns of checkin_period_totals.
std::string total_columns(const std::string& scale) {
  std::string out;
  for (int v = kMinScale; v <= kMaxScale; ++v) out += ", " + scale + "_" + std::to_string(v);
  return out;
}

}  // namespace

Status SqlCheckinRepository::insert(const Checkin& checkin) {
  try {
    Query q(ctx_.session,
            "INSERT INTO checkins (id, scholar_id, cohort_id, period_start, energy, mood, "
            "progress, stuck, stuck_since, stuck_on, wins, blockers, support_note, created_at, "
            "updated_at) VALUES (:id, :scholar_id, :cohort_id, :period_start, :energy, :mood, "
            ":progress, :stuck, :stuck_since, :stuck_on, :wins, :blockers, :support_note, "
            ":created_at, :updated_at)");
    q.bind("id", checkin.id)
        .bind("scholar_id", checkin.scholar_id)
        .bind("cohort_id", checkin.cohort_id)
        .bind("period_start", checkin.period_start)
        .bind("created_at", static_cast<long long>(checkin.created_at));
    bind_answers(q, checkin).execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkins");
  }
  return ok_status();
}

Result<Checkin> SqlCheckinRepository::find(const std::string& id) {
  CheckinRow row;
  try {
    Query q(ctx_.session,
            std::string("SELECT ") + kCheckinColumns + " FROM checkins WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return checkin_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkins");
  }
  return row.to_checkin();
}

// Scholar, cohort, period and created_at never change.
Status SqlCheckinRepository::update(const Checkin& checkin) {
  std::string updated;
  try {
    Query q(ctx_.session,
            "UPDATE checkins SET energy = :energy, mood = :mood, progress = :progress, "
            "stuck = :stuck, stuck_since = :stuck_since, stuck_on = :stuck_on, wins = :wins, "
            "blockers = :blockers, support_note = :support_note, updated_at = :updated_at "
            "WHERE id = :id RETURNING id");
    q.into(updated);
    bind_answers(q, checkin).bind("id", checkin.id);
    if (!q.fetch_one()) return checkin_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkins");
  }
  return ok_status();
}

Result<std::vector<Checkin>> SqlCheckinRepository::list_by_scholar(const std::string& scholar_id,
                                                                   const std::string& cohort_id) {
  std::vector<Checkin> out;
  try {
    CheckinRow row;
    Query q(ctx_.session, std::string("SELECT ") + kCheckinColumns +
                              " FROM checkins WHERE scholar_id = :scholar_id AND cohort_id = "
                              ":cohort_id ORDER BY period_start");
    row.read_into(q);
    q.bind("scholar_id", scholar_id).bind("cohort_id", cohort_id);
    q.for_each_row([&] { out.push_back(row.to_checkin()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkins");
  }
  return out;
}

Result<std::vector<Checkin>> SqlCheckinRepository::list_by_cohort(const std::string& cohort_id,
                                                                  const std::string& from,
                                                                  const std::string& to) {
  std::vector<Checkin> out;
  try {
    CheckinRow row;
    Query q(ctx_.session, std::string("SELECT ") + kCheckinColumns +
                              " FROM checkins WHERE cohort_id = :cohort_id AND period_start >= "
                              ":from_day AND period_start <= :to_day ORDER BY period_start, "
                              "scholar_id");
    row.read_into(q);
    q.bind("cohort_id", cohort_id).bind("from_day", from).bind("to_day", to);
    q.for_each_row([&] { out.push_back(row.to_checkin()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkins");
  }
  return out;
}

Result<std::vector<CheckinPeriodCounts>> SqlCheckinRepository::period_counts(
    const std::string& cohort_id, const std::string& from, const std::string& to,
    const std::optional<std::vector<std::string>>& only_scholars) {
  std::vector<CheckinPeriodCounts> out;
  if (only_scholars && only_scholars->empty()) return out;
  try {
    // The whole cohort's counts are kept up to date by triggers (migration 0019): one row per
    // period. Some scholars' counts are summed from their check-ins.
    std::string sql =
        only_scholars
            ? "SELECT period_start, COUNT(*), CAST(SUM(stuck) AS BIGINT)" +
                  distribution_sums("mood") + distribution_sums("energy") +
                  distribution_sums("progress") +
                  " FROM checkins WHERE cohort_id = :cohort_id AND period_start >= :from_day "
                  "AND period_start <= :to_day"
            : "SELECT period_start, respondents, stuck" + total_columns("mood") +
                  total_columns("energy") + total_columns("progress") +
                  " FROM checkin_period_totals WHERE cohort_id = :cohort_id "
                  "AND period_start >= :from_day AND period_start <= :to_day AND respondents > 0";
    if (only_scholars) {
      sql += " AND scholar_id IN (";
      for (std::size_t i = 0; i < only_scholars->size(); ++i) {
        sql += (i == 0 ? ":s" : ", :s") + std::to_string(i);
      }
      sql += ")";
    }
    if (only_scholars) sql += " GROUP BY period_start";
    sql += " ORDER BY period_start";
    CheckinPeriodCounts row;
    Query q(ctx_.session, sql);
    q.into(row.period_start).into(row.respondents).into(row.stuck);
    for (auto* scale : {&row.mood, &row.energy, &row.progress}) {
      for (long long& count : *scale) q.into(count);
    }
    q.bind("cohort_id", cohort_id).bind("from_day", from).bind("to_day", to);
    if (only_scholars) {
      for (std::size_t i = 0; i < only_scholars->size(); ++i) {
        q.bind("s" + std::to_string(i), (*only_scholars)[i]);
      }
    }
    q.for_each_row([&] { out.push_back(row); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkins");
  }
  return out;
}

}  // namespace trellis
