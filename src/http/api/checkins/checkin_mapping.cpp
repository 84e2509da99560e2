#include "http/api/checkins/checkin_mapping.h"

#include <cmath>

#include "core/time_format.h"
#include "http/api/mapping.h"
#include "http/json.h"

namespace trellis::http {
namespace {

boost::json::object period_json(const checkins::Period& p) {
  return {{"starts_on", p.starts_on}, {"ends_on", p.ends_on}, {"due_on", p.due_on}};
}

boost::json::object status_json(const checkins::PeriodStatus& s) {
  boost::json::object o{{"period", period_json(s.period)},
                        {"state", checkins::period_state_name(s.state)}};
  if (!s.checkin_id.empty()) o["checkin_id"] = s.checkin_id;
  return o;
}

boost::json::object stretch_json(const checkins::StuckStretch& s) {
  return {{"since", s.since},     {"through", s.through},   {"on", s.on},
          {"ongoing", s.ongoing}, {"checkins", s.checkins}, {"days", s.days}};
}

boost::json::object scale_json(const ScaleFigures& f) {
  boost::json::array distribution;
  for (long long n : f.distribution) distribution.push_back(n);
  return {{"distribution", std::move(distribution)}, {"mean", round3(f.mean)}};
}

// A 1..5 answer; anything far outside is passed on as 0, which validation refuses with the
// scale's own message (so a huge number cannot wrap around into the range).
Result<std::optional<int>> scale_field(const boost::json::object& body, std::string_view field) {
  auto v = TRY(optional_int(body, field));
  if (!v) return std::optional<int>();
  if (*v < kMinScale - 1 || *v > kMaxScale + 1) return std::optional<int>(0);
  return std::optional<int>(static_cast<int>(*v));
}

Result<int> required_scale(const boost::json::object& body, std::string_view field) {
  auto v = TRY(scale_field(body, field));
  if (!v)
    return Error::invalid(std::string(field) + " is required: a whole number from 1 to 5.",
                          std::string(field));
  return *v;
}

Result<std::string> text_field(const boost::json::object& body, std::string_view field) {
  return TRY(optional_string(body, field)).value_or("");
}

Result<std::vector<DateRange>> weeks_off_field(const boost::json::object& body) {
  std::vector<DateRange> out;
  const auto* v = body.if_contains("weeks_off");
  if (!v || v->is_null()) return out;
  if (!v->is_array())
    return Error::invalid(
        "weeks_off must be a list such as [{\"starts_on\": \"2027-03-29\", \"ends_on\": "
        "\"2027-04-04\"}].",
        "weeks_off");
  std::size_t i = 0;
  for (const auto& item : v->as_array()) {
    const std::string where = "weeks_off[" + std::to_string(i++) + "]";
    if (!item.is_object())
      return Error::invalid(where + " must be an object with starts_on and ends_on.", where);
    const auto& o = item.as_object();
    TRY(reject_unknown_fields(o, {"starts_on", "ends_on"}));
    auto starts = o.if_contains("starts_on"), ends = o.if_contains("ends_on");
    if (!starts || !starts->is_string() || !ends || !ends->is_string())
      return Error::invalid(where + " needs starts_on and ends_on, dates of the form YYYY-MM-DD.",
                            where);
    out.push_back({std::string(starts->as_string()), std::string(ends->as_string())});
  }
  return out;
}

}  // namespace

boost::json::object to_json(const CheckinSchedule& s) {
  boost::json::array weeks_off;
  for (const DateRange& r : s.weeks_off)
    weeks_off.push_back(boost::json::object{{"starts_on", r.starts_on}, {"ends_on", r.ends_on}});
  boost::json::object o{{"cohort_id", s.cohort_id},
                        {"cadence", cadence_name(s.cadence)},
                        {"due_weekday", s.due_weekday},
                        {"weeks_off", std::move(weeks_off)},
                        {"is_default", s.updated_at == 0}};
  if (s.updated_at != 0) o["updated_at"] = format_rfc3339(s.updated_at);
  return o;
}

boost::json::object to_json(const CheckinView& v) {
  const Checkin& c = v.checkin;
  boost::json::object o{{"id", c.id},
                        {"scholar_id", c.scholar_id},
                        {"cohort_id", c.cohort_id},
                        {"period", period_json(v.period)},
                        {"energy", c.energy},
                        {"mood", c.mood},
                        {"progress", c.progress},
                        {"stuck", c.stuck},
                        {"stuck_on", c.stuck_on},
                        {"wins", c.wins},
                        {"blockers", c.blockers},
                        {"support_note", c.support_note},
                        {"created_at", format_rfc3339(c.created_at)},
                        {"updated_at", format_rfc3339(c.updated_at)},
                        {"editable", v.editable}};
  if (c.stuck_since) o["stuck_since"] = *c.stuck_since;
  if (v.editable) o["editable_until"] = v.editable_until;
  return o;
}

boost::json::object to_json(const DueCheckins& d) {
  boost::json::array missed;
  for (const auto& p : d.missed) missed.push_back(period_json(p));
  boost::json::object o{{"cohort_id", d.cohort.id},
                        {"cohort_name", d.cohort.name},
                        {"program_id", d.cohort.program_id},
                        {"cadence", cadence_name(d.cadence)},
                        {"streak", d.streak},
                        {"missed", std::move(missed)}};
  if (d.current) o["current"] = status_json(*d.current);
  if (d.nudge) {
    boost::json::object nudge{
        {"stuck_since", d.nudge->since}, {"days", d.nudge->days}, {"stuck_on", d.nudge->on}};
    if (!d.nudge->help_channels.empty()) nudge["help_channels"] = d.nudge->help_channels;
    o["nudge"] = std::move(nudge);
  }
  return o;
}

boost::json::object to_json(const CheckinHistory& h) {
  boost::json::array periods, stretches, items;
  for (const auto& s : h.periods) periods.push_back(status_json(s));
  for (const auto& s : h.stuck_stretches) stretches.push_back(stretch_json(s));
  for (const auto& c : h.checkins) items.push_back(to_json(c));
  return {{"cohort_id", h.cohort.id},
          {"cohort_name", h.cohort.name},
          {"program_id", h.cohort.program_id},
          {"cadence", cadence_name(h.schedule.cadence)},
          {"due_weekday", h.schedule.due_weekday},
          {"streak", h.streak},
          {"periods", std::move(periods)},
          {"stuck_stretches", std::move(stretches)},
          {"items", std::move(items)}};
}

boost::json::object to_json(const Consent& c) {
  boost::json::object o{{"program_id", c.program_id},
                        {"level", consent_level_name(c.level)},
                        {"mentor_flag", c.mentor_flag}};
  if (c.changed_at != 0) o["changed_at"] = format_rfc3339(c.changed_at);
  return o;
}

boost::json::object to_json(const ConsentChange& c) {
  return {{"id", c.id},
          {"level", consent_level_name(c.level)},
          {"mentor_flag", c.mentor_flag},
          {"changed_at", format_rfc3339(c.changed_at)}};
}

boost::json::object to_json(const DisclosureView& v) {
  const Disclosure& d = v.disclosure;
  boost::json::object o{{"id", d.id},
                        {"recipient", d.recipient},
                        {"what", disclosure_kind_name(d.what)},
                        {"reference_id", d.reference_id},
                        {"disclosed_at", format_rfc3339(d.disclosed_at)}};
  if (!v.recipient_name.empty()) o["recipient_name"] = v.recipient_name;
  return o;
}

boost::json::object to_json(const SupportFlag& f) {
  return {{"scholar_id", f.scholar_id},
          {"display_name", f.display_name},
          {"checkin_period", f.checkin_period}};
}

boost::json::object to_json(const CohortCheckinReport& r) {
  boost::json::array periods;
  for (const CohortCheckinPeriod& p : r.periods) {
    boost::json::object o{{"period", period_json(p.period)}};
    if (p.respondents) {
      o["respondents"] = *p.respondents;
      o["response_rate"] = round3(p.response_rate.value_or(0));
    } else {
      o["respondents"] = withheld_json(p.respondents.why());
      o["response_rate"] = withheld_json(p.respondents.why());
    }
    if (p.answers) {
      o["answers"] = boost::json::object{{"stuck_share", round3(p.answers->stuck_share)},
                                         {"mood", scale_json(p.answers->mood)},
                                         {"energy", scale_json(p.answers->energy)},
                                         {"progress", scale_json(p.answers->progress)}};
    } else {
      o["answers"] = withheld_json(p.answers.why());
    }
    periods.push_back(std::move(o));
  }
  boost::json::object o{{"cohort_id", r.cohort.id},
                        {"cohort_name", r.cohort.name},
                        {"cadence", cadence_name(r.cadence)},
                        {"min_group_size", r.min_group_size},
                        {"scholars", r.scholars},
                        {"periods", std::move(periods)}};
  if (r.trend)
    o["trend"] = boost::json::object{{"periods", r.trend->periods},
                                     {"from", r.trend->from},
                                     {"to", r.trend->to},
                                     {"mood", round3(r.trend->mood)},
                                     {"energy", round3(r.trend->energy)},
                                     {"progress", round3(r.trend->progress)}};
  if (r.alerted_scholars)
    o["alerted_scholars"] = *r.alerted_scholars;
  else
    // The count itself is what is withheld, so no "n" is given.
    o["alerted_scholars"] =
        boost::json::object{{"suppressed", true}, {"reason", "group_too_small"}};
  return o;
}

boost::json::object to_json(const CheckinSettings& s) {
  boost::json::object o{{"program_id", s.program_id},
                        {"stuck_time_box_days", s.stuck_time_box_days},
                        {"low_mood_at_most", s.low_mood_at_most},
                        {"low_mood_checkins", s.low_mood_checkins},
                        {"falling_trend_checkins", s.falling_trend_checkins},
                        {"stuck_alert_days", s.stuck_alert_days},
                        {"missed_checkins", s.missed_checkins},
                        {"help_channels", s.help_channels}};
  if (s.updated_at != 0) o["updated_at"] = format_rfc3339(s.updated_at);
  return o;
}

Result<ScheduleInput> schedule_from_json(const boost::json::object& body) {
  TRY(reject_unknown_fields(body, {"cadence", "due_weekday", "weeks_off"}));
  ScheduleInput in;
  auto cadence = parse_cadence(TRY(required_string(body, "cadence")));
  if (!cadence) return Error::invalid("cadence must be daily, weekly or fortnightly.", "cadence");
  in.cadence = *cadence;
  auto due = TRY(optional_int(body, "due_weekday"));
  if (!due || *due < 1 || *due > 7)
    return Error::invalid("due_weekday is required: 1 (Monday) to 7 (Sunday).", "due_weekday");
  in.due_weekday = static_cast<int>(*due);
  in.weeks_off = TRY(weeks_off_field(body));
  return in;
}

Result<NewCheckin> new_checkin_from_json(const boost::json::object& body) {
  TRY(reject_unknown_fields(
      body, {"cohort_id", "period_start", "energy", "mood", "progress", "stuck", "stuck_since",
             "stuck_on", "wins", "blockers", "support_note"}));
  NewCheckin in;
  in.cohort_id = TRY(required_string(body, "cohort_id"));
  in.period_start = TRY(optional_string(body, "period_start"));
  CheckinAnswers& a = in.answers;
  a.energy = TRY(required_scale(body, "energy"));
  a.mood = TRY(required_scale(body, "mood"));
  a.progress = TRY(required_scale(body, "progress"));
  a.stuck = TRY(optional_bool(body, "stuck")).value_or(false);
  a.stuck_since = TRY(optional_string(body, "stuck_since"));
  a.stuck_on = TRY(text_field(body, "stuck_on"));
  a.wins = TRY(text_field(body, "wins"));
  a.blockers = TRY(text_field(body, "blockers"));
  a.support_note = TRY(text_field(body, "support_note"));
  return in;
}

Result<CheckinPatch> checkin_patch_from_json(const boost::json::object& body) {
  TRY(reject_unknown_fields(body, {"energy", "mood", "progress", "stuck", "stuck_since", "stuck_on",
                                   "wins", "blockers", "support_note"}));
  CheckinPatch p;
  p.energy = TRY(scale_field(body, "energy"));
  p.mood = TRY(scale_field(body, "mood"));
  p.progress = TRY(scale_field(body, "progress"));
  p.stuck = TRY(optional_bool(body, "stuck"));
  if (const auto* since = body.if_contains("stuck_since")) {
    if (since->is_null())
      p.stuck_since = std::optional<std::string>();
    else
      p.stuck_since = TRY(optional_string(body, "stuck_since"));
  }
  p.stuck_on = TRY(optional_string(body, "stuck_on"));
  p.wins = TRY(optional_string(body, "wins"));
  p.blockers = TRY(optional_string(body, "blockers"));
  p.support_note = TRY(optional_string(body, "support_note"));
  return p;
}

Result<CheckinSettings> settings_from_json(const boost::json::object& body) {
  static constexpr std::pair<std::string_view, int CheckinSettings::*> kNumbers[] = {
      {"stuck_time_box_days", &CheckinSettings::stuck_time_box_days},
      {"low_mood_at_most", &CheckinSettings::low_mood_at_most},
      {"low_mood_checkins", &CheckinSettings::low_mood_checkins},
      {"falling_trend_checkins", &CheckinSettings::falling_trend_checkins},
      {"stuck_alert_days", &CheckinSettings::stuck_alert_days},
      {"missed_checkins", &CheckinSettings::missed_checkins},
  };
  TRY(reject_unknown_fields(
      body, {"stuck_time_box_days", "low_mood_at_most", "low_mood_checkins",
             "falling_trend_checkins", "stuck_alert_days", "missed_checkins", "help_channels"}));
  CheckinSettings s;
  for (const auto& [field, member] : kNumbers) {
    auto v = TRY(optional_int(body, field));
    if (!v) return Error::invalid(std::string(field) + " is required.", std::string(field));
    // Far outside any limit: passed on as 0, which validation refuses with the field's range.
    s.*member = *v < -1000 || *v > 1000 ? 0 : static_cast<int>(*v);
  }
  s.help_channels = TRY(text_field(body, "help_channels"));
  return s;
}

Result<ConsentInput> consent_from_json(const boost::json::object& body) {
  TRY(reject_unknown_fields(body, {"level", "mentor_flag"}));
  ConsentInput in;
  auto level = parse_consent_level(TRY(required_string(body, "level")));
  if (!level) return Error::invalid("level must be none, alerts or alerts_and_answers.", "level");
  in.level = *level;
  auto flag = TRY(optional_bool(body, "mentor_flag"));
  if (!flag) return Error::invalid("mentor_flag is required: true or false.", "mentor_flag");
  in.mentor_flag = *flag;
  return in;
}

}  // namespace trellis::http
