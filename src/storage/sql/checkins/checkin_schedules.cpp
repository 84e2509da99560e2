#include "storage/sql/checkins/checkin_repositories.h"
#include "storage/sql/query.h"

namespace trellis {

Result<CheckinSchedule> SqlCheckinScheduleRepository::find(const std::string& cohort_id) {
  CheckinSchedule s;
  s.cohort_id = cohort_id;
  try {
    std::string cadence, updated_by;
    long long due_weekday = 0, updated_at = 0;
    soci::indicator updated_by_null = soci::i_null;
    Query q(ctx_.session,
            "SELECT cadence, due_weekday, updated_at, updated_by FROM checkin_schedules WHERE "
            "cohort_id = :cohort_id");
    q.into(cadence).into(due_weekday).into(updated_at).into(updated_by, updated_by_null);
    if (!q.bind("cohort_id", cohort_id).fetch_one()) {
      return Error::not_found("This cohort has no check-in schedule of its own.");
    }
    s.cadence = parse_cadence(cadence).value_or(Cadence::kWeekly);
    s.due_weekday = static_cast<int>(due_weekday);
    s.updated_at = updated_at;
    if (updated_by_null == soci::i_ok) s.updated_by = updated_by;

    DateRange range;
    Query off(ctx_.session,
              "SELECT starts_on, ends_on FROM checkin_weeks_off WHERE cohort_id = :cohort_id "
              "ORDER BY starts_on");
    off.into(range.starts_on).into(range.ends_on).bind("cohort_id", cohort_id);
    off.for_each_row([&] { s.weeks_off.push_back(range); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_schedules");
  }
  return s;
}

Status SqlCheckinScheduleRepository::save(const CheckinSchedule& s) {
  try {
    Query(ctx_.session,
          "INSERT INTO checkin_schedules (cohort_id, cadence, due_weekday, updated_at, "
          "updated_by) VALUES (:cohort_id, :cadence, :due_weekday, :updated_at, :updated_by) ON "
          "CONFLICT (cohort_id) DO UPDATE SET cadence = excluded.cadence, due_weekday = "
          "excluded.due_weekday, updated_at = excluded.updated_at, updated_by = "
          "excluded.updated_by")
        .bind("cohort_id", s.cohort_id)
        .bind("cadence", std::string(cadence_name(s.cadence)))
        .bind("due_weekday", static_cast<long long>(s.due_weekday))
        .bind("updated_at", static_cast<long long>(s.updated_at))
        .bind("updated_by",
              s.updated_by.empty() ? std::nullopt : std::optional<std::string>(s.updated_by))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_schedules");
  }
  try {
    Query(ctx_.session, "DELETE FROM checkin_weeks_off WHERE cohort_id = :cohort_id")
        .bind("cohort_id", s.cohort_id)
        .execute();
    for (const DateRange& range : s.weeks_off) {
      Query(ctx_.session,
            "INSERT INTO checkin_weeks_off (cohort_id, starts_on, ends_on) VALUES (:cohort_id, "
            ":starts_on, :ends_on)")
          .bind("cohort_id", s.cohort_id)
          .bind("starts_on", range.starts_on)
          .bind("ends_on", range.ends_on)
          .execute();
    }
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_weeks_off");
  }
  return ok_status();
}

Result<CheckinSettings> SqlCheckinSettingsRepository::find(const std::string& program_id) {
  CheckinSettings s;
  s.program_id = program_id;
  try {
    long long days = 0, at_most = 0, low_mood = 0, falling = 0, stuck_days = 0, missed = 0,
              updated_at = 0;
    Query q(ctx_.session,
            "SELECT stuck_time_box_days, low_mood_at_most, low_mood_checkins, "
            "falling_trend_checkins, stuck_alert_days, missed_checkins, help_channels, updated_at "
            "FROM checkin_settings WHERE program_id = :program_id");
    q.into(days)
        .into(at_most)
        .into(low_mood)
        .into(falling)
        .into(stuck_days)
        .into(missed)
        .into(s.help_channels)
        .into(updated_at);
    if (!q.bind("program_id", program_id).fetch_one()) {
      return Error::not_found("This program has no check-in settings of its own.");
    }
    s.stuck_time_box_days = static_cast<int>(days);
    s.low_mood_at_most = static_cast<int>(at_most);
    s.low_mood_checkins = static_cast<int>(low_mood);
    s.falling_trend_checkins = static_cast<int>(falling);
    s.stuck_alert_days = static_cast<int>(stuck_days);
    s.missed_checkins = static_cast<int>(missed);
    s.updated_at = updated_at;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_settings");
  }
  return s;
}

Status SqlCheckinSettingsRepository::save(const CheckinSettings& s) {
  try {
    Query(ctx_.session,
          "INSERT INTO checkin_settings (program_id, stuck_time_box_days, low_mood_at_most, "
          "low_mood_checkins, falling_trend_checkins, stuck_alert_days, missed_checkins, "
          "help_channels, updated_at) VALUES (:program_id, :days, :at_most, :low_mood, :falling, "
          ":stuck_days, :missed, :help_channels, :updated_at) ON CONFLICT (program_id) DO UPDATE "
          "SET stuck_time_box_days = excluded.stuck_time_box_days, low_mood_at_most = "
          "excluded.low_mood_at_most, low_mood_checkins = excluded.low_mood_checkins, "
          "falling_trend_checkins = excluded.falling_trend_checkins, stuck_alert_days = "
          "excluded.stuck_alert_days, missed_checkins = excluded.missed_checkins, help_channels = "
          "excluded.help_channels, updated_at = excluded.updated_at")
        .bind("program_id", s.program_id)
        .bind("days", static_cast<long long>(s.stuck_time_box_days))
        .bind("at_most", static_cast<long long>(s.low_mood_at_most))
        .bind("low_mood", static_cast<long long>(s.low_mood_checkins))
        .bind("falling", static_cast<long long>(s.falling_trend_checkins))
        .bind("stuck_days", static_cast<long long>(s.stuck_alert_days))
        .bind("missed", static_cast<long long>(s.missed_checkins))
        .bind("help_channels", s.help_channels)
        .bind("updated_at", static_cast<long long>(s.updated_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_settings");
  }
  return ok_status();
}

}  // namespace trellis
