#include "http/api/assessments/assessment_mapping.h"

#include <cmath>

#include "core/time_format.h"
#include "http/api/mapping.h"

namespace trellis::http {
namespace {

boost::json::value number_or_null(const std::optional<double>& v) {
  if (!v) return nullptr;
  return round3(*v);
}

boost::json::array strings(const std::vector<std::string>& v) {
  boost::json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

std::string field(const std::string& list, std::size_t i, std::string_view name) {
  return list + "[" + std::to_string(i) + "]." + std::string(name);
}

Result<std::string> string_field(const boost::json::object& o, const std::string& list,
                                 std::size_t i, std::string_view name, bool required) {
  const auto* v = o.if_contains(name);
  if (!v || v->is_null()) {
    if (required)
      return Error::invalid(field(list, i, name) + " is required.", field(list, i, name));
    return std::string();
  }
  if (!v->is_string())
    return Error::invalid(field(list, i, name) + " must be a string.", field(list, i, name));
  return std::string(v->as_string());
}

}  // namespace

boost::json::object to_json(const Quality& q) {
  boost::json::object levels;
  for (std::size_t i = 0; i < q.levels.size(); ++i)
    if (!q.levels[i].empty()) levels[std::to_string(i + 1)] = q.levels[i];
  return {{"key", q.key},
          {"name", q.name},
          {"summary", q.summary},
          {"levels", levels},
          {"retired", q.retired}};
}

boost::json::object version_summary_json(const FrameworkVersion& v) {
  boost::json::object o{{"id", v.id},
                        {"program_id", v.program_id},
                        {"version", v.number},
                        {"name", v.name},
                        {"created_at", format_rfc3339(v.created_at)}};
  if (!v.created_by.empty()) o["created_by"] = v.created_by;
  return o;
}

boost::json::object to_json(const FrameworkVersion& v) {
  boost::json::object o = version_summary_json(v);
  boost::json::array qualities;
  for (const Quality& q : v.qualities) qualities.push_back(to_json(q));
  o["qualities"] = std::move(qualities);
  return o;
}

boost::json::object to_json(const RoundView& v) {
  const AssessmentRound& r = v.round;
  boost::json::array kinds;
  for (RaterKind k : r.rater_kinds) kinds.emplace_back(rater_kind_name(k));
  boost::json::object o{{"id", r.id},
                        {"cohort_id", r.cohort_id},
                        {"name", r.name},
                        {"opens_at", format_rfc3339(r.opens_at)},
                        {"closes_at", format_rfc3339(r.closes_at)},
                        {"state", round_state_name(v.state)},
                        {"framework_version_id", r.framework_version_id},
                        {"rater_kinds", std::move(kinds)},
                        {"peers_per_scholar", r.peers_per_scholar},
                        {"peer_selection", peer_selection_name(r.peer_selection)},
                        {"assignments", v.assignments},
                        {"submitted", v.submitted},
                        {"created_at", format_rfc3339(r.created_at)}};
  if (r.closed_at) o["closed_at"] = format_rfc3339(*r.closed_at);
  if (r.includes(RaterKind::kPeer)) {
    o["peer_assignments"] = v.peer_assignments;
    o["peer_submitted"] = v.peer_submitted;
  }
  if (!v.warnings.empty()) {
    boost::json::array warnings;
    for (const std::string& w : v.warnings) warnings.emplace_back(w);
    o["warnings"] = std::move(warnings);
  }
  return o;
}

boost::json::object to_json(const Assignment& a) {
  boost::json::object o{{"id", a.id},
                        {"round_id", a.round_id},
                        {"rater_id", a.rater_id},
                        {"subject_id", a.subject_id},
                        {"rater_kind", rater_kind_name(a.kind)},
                        {"status", submission_status_name(a.status)},
                        {"version", a.version},
                        {"updated_at", format_rfc3339(a.updated_at)}};
  if (!a.subject_stream_id.empty()) o["subject_stream_id"] = a.subject_stream_id;
  if (a.submitted_at) o["submitted_at"] = format_rfc3339(*a.submitted_at);
  return o;
}

boost::json::object to_json(const AssignmentView& v) {
  boost::json::object o = to_json(v.assignment);
  if (v.progress_shown) return o;
  for (const char* field : {"status", "version", "updated_at", "submitted_at"}) o.erase(field);
  return o;
}

boost::json::object to_json(const ProgressRow& row) {
  const Assignment& a = row.assignment;
  boost::json::object o{{"assessment_id", a.id},
                        {"rater_kind", rater_kind_name(a.kind)},
                        {"rater_id", a.rater_id},
                        {"rater_name", row.rater_name},
                        {"subject_id", a.subject_id},
                        {"subject_name", row.subject_name},
                        {"status", submission_status_name(a.status)}};
  if (a.submitted_at) o["submitted_at"] = format_rfc3339(*a.submitted_at);
  return o;
}

boost::json::object to_json(const SubmissionView& s) {
  boost::json::object o = to_json(s.assignment);
  o["round_state"] = round_state_name(s.round_state);
  o["closes_at"] = format_rfc3339(s.closes_at);
  boost::json::array ratings;
  for (const Rating& r : s.ratings) {
    boost::json::object x{{"quality", r.quality_key}};
    if (r.score)
      x["score"] = *r.score;
    else
      x["score"] = nullptr;  // "cannot judge"
    if (!r.evidence.empty()) x["evidence"] = r.evidence;
    ratings.push_back(std::move(x));
  }
  o["ratings"] = std::move(ratings);
  return o;
}

boost::json::object to_json(const DueAssignment& d) {
  return {{"assessment_id", d.assignment.id},
          {"round_id", d.round.id},
          {"round_name", d.round.name},
          {"cohort_id", d.round.cohort_id},
          {"rater_kind", rater_kind_name(d.assignment.kind)},
          {"subject_id", d.assignment.subject_id},
          {"subject_name", d.subject_name},
          {"status", submission_status_name(d.assignment.status)},
          {"version", d.assignment.version},
          {"opens_at", format_rfc3339(d.round.opens_at)},
          {"closes_at", format_rfc3339(d.round.effective_close())}};
}

namespace {

boost::json::value change_json(const Gated<ChangeStats>& c) {
  if (!c) return withheld_json(c.why());
  boost::json::object o{{"previous_mean", round3(c->previous_mean)}, {"delta", round3(c->delta)}};
  o["sd_units"] = number_or_null(c->sd_units);
  return o;
}

}  // namespace

// Long on purpose: the cohort report's wire shape, field by field in the OpenAPI document's order.
boost::json::object to_json(const CohortReport& r) {
  boost::json::array qualities;
  for (const QualityReport& q : r.qualities) {
    boost::json::object kinds;
    for (const auto& [kind, stats] : q.kinds) {
      if (!stats) {
        kinds[rater_kind_name(kind)] = withheld_json(stats.why());
        continue;
      }
      boost::json::array dist;
      for (long long c : stats->distribution) dist.push_back(c);
      kinds[rater_kind_name(kind)] = boost::json::object{{"n", stats->n},
                                                         {"mean", round3(stats->mean)},
                                                         {"sd", round3(stats->sd)},
                                                         {"distribution", std::move(dist)}};
    }
    boost::json::object o{{"key", q.key}, {"name", q.name}, {"by_kind", std::move(kinds)}};
    if (q.gap) {
      if (!*q.gap) {
        o["gap"] = withheld_json(q.gap->why());
      } else {
        const GapStats& g = **q.gap;
        o["gap"] =
            boost::json::object{{"n", g.n},
                                {"mean", round3(g.mean)},
                                {"sd", round3(g.sd)},
                                {"ci95", boost::json::array{round3(g.ci_low), round3(g.ci_high)}},
                                {"over_share", round3(g.over_share)},
                                {"under_share", round3(g.under_share)}};
      }
    }
    if (!q.change.empty()) {
      boost::json::object change;
      for (const auto& [kind, c] : q.change) change[rater_kind_name(kind)] = change_json(c);
      o["change"] = std::move(change);
    }
    qualities.push_back(std::move(o));
  }
  boost::json::array streams;
  for (const StreamReport& s : r.streams) {
    boost::json::object o{{"stream_id", s.stream_id}, {"name", s.name}};
    if (s.withheld) {
      for (const auto& [key, value] : withheld_json(*s.withheld)) o[key] = value;
    } else {
      // Compact: one array per measure, in the order of the report's qualities.
      boost::json::array self, mentor, gap;
      for (const StreamQuality& q : s.qualities) {
        self.push_back(number_or_null(q.self_mean));
        mentor.push_back(number_or_null(q.mentor_mean));
        gap.push_back(number_or_null(q.gap_mean));
      }
      o["self_mean"] = std::move(self);
      o["mentor_mean"] = std::move(mentor);
      o["gap_mean"] = std::move(gap);
    }
    streams.push_back(std::move(o));
  }
  boost::json::array reliability;
  for (const Reliability& x : r.reliability) {
    boost::json::object o{{"measure", x.measure}, {"n", x.n}};
    if (!x.quality.empty()) o["quality"] = x.quality;
    if (x.value)
      o["value"] = round3(*x.value);
    else
      o["value"] = withheld_json(x.value.why());
    reliability.push_back(std::move(o));
  }
  boost::json::object round_summary{{"id", r.round.id},
                                    {"name", r.round.name},
                                    {"state", round_state_name(r.state)},
                                    {"closes_at", format_rfc3339(r.round.effective_close())}};
  boost::json::object o{{"round", std::move(round_summary)},
                        {"min_group_size", r.min_group_size},
                        {"scholars", r.scholars},
                        {"qualities", std::move(qualities)},
                        {"streams", std::move(streams)},
                        {"reliability", std::move(reliability)}};
  if (!r.previous_round_id.empty()) o["previous_round_id"] = r.previous_round_id;
  return o;
}

boost::json::object to_json(const Heatmap& h) {
  boost::json::array rows;
  for (const HeatmapRow& row : h.rows) {
    boost::json::object values;
    for (const auto& [kind, cells] : row.values) {
      boost::json::array a;
      for (const auto& c : cells) a.push_back(number_or_null(c));
      values[rater_kind_name(kind)] = std::move(a);
    }
    boost::json::object o{{"scholar_id", row.scholar_id},
                          {"display_name", row.display_name},
                          {"values", std::move(values)}};
    if (!row.stream_id.empty()) o["stream_id"] = row.stream_id;
    rows.push_back(std::move(o));
  }
  boost::json::object o{{"qualities", strings(h.quality_keys)}, {"items", std::move(rows)}};
  if (!h.next_cursor.empty()) o["next_cursor"] = h.next_cursor;
  return o;
}

boost::json::object to_json(const ScholarReport& r) {
  boost::json::array qualities;
  for (const ScholarQuality& q : r.qualities) {
    boost::json::object o{{"key", q.key}, {"name", q.name}};
    o["self"] = q.self ? boost::json::value(*q.self) : boost::json::value(nullptr);
    if (r.mentor_visible) {
      o["mentor"] = number_or_null(q.mentor);
      if (q.support) o["support"] = round3(*q.support);
      o["gap"] = number_or_null(q.gap);
    }
    if (q.peer_mean)
      o["peer_mean"] = *q.peer_mean ? boost::json::value(round3(**q.peer_mean))
                                    : boost::json::value(withheld_json(q.peer_mean->why()));
    boost::json::object evidence;
    if (!q.evidence_self.empty()) evidence["self"] = strings(q.evidence_self);
    if (!q.evidence_mentor.empty()) evidence["mentor"] = strings(q.evidence_mentor);
    if (!q.evidence_peers.empty()) evidence["peers"] = strings(q.evidence_peers);
    if (!evidence.empty()) o["evidence"] = std::move(evidence);
    qualities.push_back(std::move(o));
  }
  boost::json::array growth;
  for (const Growth& g : r.growth) {
    boost::json::array points;
    for (const GrowthPoint& p : g.points) {
      boost::json::object x{{"round_id", p.round_id}, {"round_name", p.round_name}};
      x["self"] = number_or_null(p.self);
      if (r.mentor_visible || p.mentor) x["mentor"] = number_or_null(p.mentor);
      points.push_back(std::move(x));
    }
    boost::json::object change;
    for (const auto& [kind, c] : g.change) {
      boost::json::object x{{"from", round3(c.previous_mean)}, {"points", round3(c.delta)}};
      if (auto s = g.sd_units_withheld.find(kind); s != g.sd_units_withheld.end())
        x["sd_units"] = withheld_json(s->second);
      else
        x["sd_units"] = number_or_null(c.sd_units);
      change[rater_kind_name(kind)] = std::move(x);
    }
    growth.push_back(boost::json::object{
        {"key", g.key}, {"points", std::move(points)}, {"change", std::move(change)}});
  }
  return {{"scholar", boost::json::object{{"id", r.scholar_id}, {"display_name", r.display_name}}},
          {"round", boost::json::object{{"id", r.round.id},
                                        {"name", r.round.name},
                                        {"state", round_state_name(r.state)},
                                        {"closes_at", format_rfc3339(r.round.effective_close())}}},
          {"mentor_visible", r.mentor_visible},
          {"peer_visible", r.peer_visible},
          {"qualities", std::move(qualities)},
          {"strongest", strings(r.strongest)},
          {"weakest", strings(r.weakest)},
          {"growth", std::move(growth)}};
}

Result<std::vector<Quality>> qualities_from_json(const boost::json::value& v) {
  if (!v.is_array()) return Error::invalid("qualities must be an array.", "qualities");
  std::vector<Quality> out;
  const auto& a = v.as_array();
  if (a.size() > kMaxQualities)
    return Error::invalid("A framework has at most 40 qualities.", "qualities");
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_object())
      return Error::invalid("qualities[" + std::to_string(i) + "] must be an object.", "qualities");
    const auto& o = a[i].as_object();
    for (const auto& [key, value] : o) {
      if (key != "key" && key != "name" && key != "summary" && key != "levels" && key != "retired")
        return Error::invalid("Unknown field " + field("qualities", i, key) + ".",
                              field("qualities", i, key));
    }
    Quality q;
    q.key = TRY(string_field(o, "qualities", i, "key", true));
    q.name = TRY(string_field(o, "qualities", i, "name", true));
    q.summary = TRY(string_field(o, "qualities", i, "summary", false));
    if (const auto* levels = o.if_contains("levels")) {
      if (!levels->is_object())
        return Error::invalid(field("qualities", i, "levels") +
                                  " must be an object of \"1\".."
                                  "\"5\" to text.",
                              field("qualities", i, "levels"));
      for (const auto& [level, text] : levels->as_object()) {
        if (level.size() != 1 || level[0] < '1' || level[0] > '5' || !text.is_string())
          return Error::invalid(field("qualities", i, "levels") + " maps \"1\"..\"5\" to text.",
                                field("qualities", i, "levels"));
        q.levels[level[0] - '1'] = std::string(text.as_string());
      }
    }
    if (const auto* retired = o.if_contains("retired")) {
      if (!retired->is_bool())
        return Error::invalid(field("qualities", i, "retired") + " must be true or false.",
                              field("qualities", i, "retired"));
      q.retired = retired->as_bool();
    }
    out.push_back(std::move(q));
  }
  return out;
}

Result<std::vector<Rating>> ratings_from_json(const boost::json::value& v) {
  if (!v.is_array()) return Error::invalid("ratings must be an array.", "ratings");
  std::vector<Rating> out;
  const auto& a = v.as_array();
  if (a.size() > kMaxQualities)
    return Error::invalid("ratings has more entries than a framework has qualities.", "ratings");
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_object())
      return Error::invalid("ratings[" + std::to_string(i) + "] must be an object.", "ratings");
    const auto& o = a[i].as_object();
    for (const auto& [key, value] : o)
      if (key != "quality" && key != "score" && key != "evidence")
        return Error::invalid("Unknown field " + field("ratings", i, key) + ".",
                              field("ratings", i, key));
    Rating r;
    r.quality_key = TRY(string_field(o, "ratings", i, "quality", true));
    const auto* score = o.if_contains("score");
    if (!score)
      return Error::invalid(
          field("ratings", i, "score") + " is required: 1 to 5, or null for \"cannot judge\".",
          field("ratings", i, "score"));
    if (!score->is_null()) {
      if (!score->is_int64() || score->as_int64() < kMinScore || score->as_int64() > kMaxScore)
        return Error::invalid(
            "A score is a whole number from 1 to 5, or null for \"cannot "
            "judge\".",
            field("ratings", i, "score"));
      r.score = static_cast<int>(score->as_int64());
    }
    r.evidence = TRY(string_field(o, "ratings", i, "evidence", false));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace trellis::http
