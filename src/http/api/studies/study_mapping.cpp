#include "http/api/studies/study_mapping.h"

#include "core/id.h"
#include "core/time_format.h"
#include "http/errors.h"
#include "http/json.h"

namespace trellis::http {
namespace {

boost::json::array strings(const std::vector<std::string>& values) {
  boost::json::array a;
  for (const std::string& v : values) a.emplace_back(v);
  return a;
}

boost::json::object theme_row_json(const ThemeReportRow& r) {
  boost::json::object o{{"code_id", r.code_id},
                        {"name", r.name},
                        {"path", r.path},
                        {"segments", r.segments},
                        {"respondents", r.respondents},
                        {"share", r.share},
                        {"rank", r.rank},
                        {"top_three", r.top_three},
                        {"top_three_share", r.top_three_share}};
  if (r.top_three_ranked) o["top_three_ranked"] = *r.top_three_ranked;
  if (r.top_three_ranked_share) o["top_three_ranked_share"] = *r.top_three_ranked_share;
  return o;
}

boost::json::object scope_json(const ReportScope& s) {
  boost::json::object o;
  if (s.group) o["group"] = *s.group;
  if (s.question_id) o["question_id"] = *s.question_id;
  if (s.coder_id) o["coder_id"] = *s.coder_id;
  return o;
}

}  // namespace

boost::json::object to_json(const Question& q) {
  boost::json::object o{{"id", q.id},
                        {"position", q.position},
                        {"kind", question_kind_name(q.kind)},
                        {"prompt", q.prompt},
                        {"required", q.required}};
  if (!q.options.empty()) o["options"] = strings(q.options);
  return o;
}

boost::json::object to_json(const Study& s) {
  boost::json::array audience, questions;
  for (Role r : s.audience) audience.emplace_back(role_name(r));
  for (const Question& q : s.questions) questions.push_back(to_json(q));
  boost::json::object o{{"id", s.id},
                        {"program_id", s.program_id},
                        {"title", s.title},
                        {"description", s.description},
                        {"mode", study_mode_name(s.mode)},
                        {"audience", std::move(audience)},
                        {"external_respondents", s.external_respondents},
                        {"status", study_status_name(s.status)},
                        {"blind_coding", s.blind_coding},
                        {"version", s.version},
                        {"codebook_version", s.codebook_version},
                        {"created_at", format_rfc3339(s.created_at)},
                        {"questions", std::move(questions)}};
  if (s.cohort_id) o["cohort_id"] = *s.cohort_id;
  if (s.opens_at) o["opens_at"] = format_rfc3339(s.opens_at);
  if (s.closes_at) o["closes_at"] = format_rfc3339(s.closes_at);
  if (!s.template_key.empty()) o["template"] = s.template_key;
  return o;
}

boost::json::object to_json(const StudyView& v) {
  boost::json::object o = to_json(v.study);
  o["can_run"] = v.can_run;
  o["can_answer"] = v.can_answer;
  o["responded"] = v.responded;
  if (v.can_run) {
    o["responses"] = v.responses;
    o["answers_release"] = answer_release_name(v.answers);
    o["closing_is_final"] = v.closing_is_final;
    if (v.min_group_size) o["min_group_size"] = v.min_group_size;
  }
  return o;
}

boost::json::object to_json(const Answer& a) {
  boost::json::object o{{"id", a.id}, {"question_id", a.question_id}};
  if (!a.text.empty()) {
    o["text"] = a.text;
    o["length"] = a.length;
    o["version"] = a.version;
  }
  if (!a.choices.empty()) o["choices"] = strings(a.choices);
  if (a.rating) o["rating"] = a.rating;
  return o;
}

boost::json::object to_json(const StudyResponse& r) {
  boost::json::object o{{"id", r.id},
                        {"study_id", r.study_id},
                        {"anonymous", r.anonymous},
                        {"group", r.respondent_group},
                        {"source", response_source_name(r.source)}};
  if (!r.submitted_on.empty()) o["submitted_on"] = r.submitted_on;
  if (r.respondent_user_id) o["respondent_user_id"] = *r.respondent_user_id;
  if (!r.respondent_label.empty()) o["respondent"] = r.respondent_label;
  if (r.submitted_at) o["submitted_at"] = format_rfc3339(r.submitted_at);
  return o;
}

boost::json::object to_json(const ResponseView& v) {
  boost::json::object o = to_json(v.response);
  boost::json::array answers;
  for (const Answer& a : v.answers) answers.push_back(to_json(a));
  o["answers"] = std::move(answers);
  return o;
}

boost::json::object to_json(const CodeView& c) {
  boost::json::object o{{"id", c.code.id},
                        {"study_id", c.code.study_id},
                        {"name", c.code.name},
                        {"path", c.path},
                        {"description", c.code.description},
                        {"segments", c.segments},
                        {"category", c.code.category},
                        {"created_at", format_rfc3339(c.code.created_at)}};
  if (c.code.parent_id) o["parent_id"] = *c.code.parent_id;
  if (!c.code.colour.empty()) o["colour"] = c.code.colour;
  if (!c.code.seed_key.empty()) o["seed_key"] = c.code.seed_key;
  return o;
}

boost::json::object to_json(const Codebook& c) {
  boost::json::array items;
  for (const CodeView& v : c.codes) items.push_back(to_json(v));
  return {{"version", c.version}, {"items", std::move(items)}};
}

boost::json::object to_json(const Segment& s) {
  boost::json::object o{{"id", s.id},
                        {"study_id", s.study_id},
                        {"answer_id", s.answer_id},
                        {"response_id", s.response_id},
                        {"question_id", s.question_id},
                        {"code_id", s.code_id},
                        {"coder_id", s.coder_id},
                        {"start", s.start},
                        {"end", s.end},
                        {"origin", segment_origin_name(s.origin)},
                        {"version", s.version},
                        {"created_at", format_rfc3339(s.created_at)}};
  if (!s.memo.empty()) o["memo"] = s.memo;
  if (!s.model_version.empty()) o["model_version"] = s.model_version;
  return o;
}

boost::json::object to_json(const Memo& m) {
  boost::json::object o{{"id", m.id},
                        {"study_id", m.study_id},
                        {"author_id", m.author_id},
                        {"text", m.text},
                        {"version", m.version},
                        {"created_at", format_rfc3339(m.created_at)},
                        {"updated_at", format_rfc3339(m.updated_at)}};
  if (m.code_id) o["code_id"] = *m.code_id;
  return o;
}

boost::json::object to_json(const CoderState& c) {
  return {{"user_id", c.user_id}, {"finished", c.finished}, {"segments", c.segments}};
}

boost::json::object to_json(const Job& j) {
  boost::json::object o{{"id", j.id},
                        {"kind", j.kind},
                        {"status", j.status},
                        {"done", j.done},
                        {"total", j.total},
                        {"study_id", j.resource_id},
                        {"created_at", format_rfc3339(j.created_at)},
                        {"updated_at", format_rfc3339(j.updated_at)}};
  if (j.outcome)
    o["result"] = {{"transcripts", j.outcome->transcripts}, {"answers", j.outcome->answers}};
  if (j.failure) o["error"] = error_json(*j.failure, "job " + j.id);
  return o;
}

boost::json::object to_json(const Participation& p) {
  boost::json::array pending;
  for (const auto& n : p.not_responded)
    pending.push_back(boost::json::object{
        {"user_id", n.user_id}, {"display_name", n.display_name}, {"email", n.email}});
  double rate = p.audience + p.links > 0 ? static_cast<double>(p.responded + p.links_used) /
                                               static_cast<double>(p.audience + p.links)
                                         : 0.0;
  return {{"audience", p.audience},
          {"responded", p.responded},
          {"links", p.links},
          {"links_used", p.links_used},
          {"responses", p.responses},
          {"response_rate", rate},
          {"names_people", p.names_people},
          {"not_responded", std::move(pending)}};
}

boost::json::object to_json(const ThemeReport& r) {
  boost::json::array rows;
  for (const ThemeReportRow& row : r.rows) rows.push_back(theme_row_json(row));
  boost::json::object o{{"study_id", r.study_id},
                        {"scope", scope_json(r.scope)},
                        {"respondents", r.respondents},
                        {"min_group_size", r.min_group_size},
                        {"anonymous", r.anonymous},
                        {"suppressed", r.suppressed},
                        {"top_three_basis", "order_of_mention"},
                        {"ranking", nullptr},
                        {"items", std::move(rows)}};
  if (r.ranking)
    o["ranking"] = boost::json::object{{"question_id", r.ranking->question_id},
                                       {"prompt", r.ranking->prompt},
                                       {"respondents", r.ranking->respondents},
                                       {"suppressed", r.ranking->suppressed}};
  return o;
}

boost::json::object to_json(const CoOccurrenceReport& r) {
  boost::json::array pairs;
  for (const CoOccurrence& p : r.pairs)
    pairs.push_back(boost::json::object{{"code_a", p.code_a},
                                        {"code_b", p.code_b},
                                        {"name_a", p.name_a},
                                        {"name_b", p.name_b},
                                        {"answers", p.answers}});
  return {{"study_id", r.study_id},
          {"respondents", r.respondents},
          {"suppressed", r.suppressed},
          {"items", std::move(pairs)}};
}

boost::json::object to_json(const GroupReport& r) {
  boost::json::array groups;
  for (const GroupBreakdown& g : r.groups) {
    boost::json::array rows;
    for (const ThemeReportRow& row : g.rows) rows.push_back(theme_row_json(row));
    boost::json::object o{
        {"group", g.group}, {"suppressed", g.suppressed}, {"items", std::move(rows)}};
    if (!g.suppressed) o["respondents"] = g.respondents;
    groups.push_back(std::move(o));
  }
  return {{"study_id", r.study_id},
          {"min_group_size", r.min_group_size},
          {"groups", std::move(groups)}};
}

boost::json::object to_json(const ComparisonReport& r) {
  auto side = [](const Population& p, const std::string& label, const std::string& question,
                 long long total, bool suppressed) {
    boost::json::object o{{"study_id", p.study_id},
                          {"label", label},
                          {"respondents", total},
                          {"suppressed", suppressed}};
    if (p.group) o["group"] = *p.group;
    if (p.question_id) {
      o["question_id"] = *p.question_id;
      o["question"] = question;
    }
    return o;
  };
  boost::json::array rows;
  for (const ComparisonRow& row : r.rows)
    rows.push_back(boost::json::object{{"key", row.key},
                                       {"name", row.name},
                                       {"left_respondents", row.left_respondents},
                                       {"left_share", row.left_share},
                                       {"right_respondents", row.right_respondents},
                                       {"right_share", row.right_share},
                                       {"difference", row.left_share - row.right_share}});
  return {
      {"left", side(r.left, r.left_label, r.left_question, r.left_total, r.left_suppressed)},
      {"right", side(r.right, r.right_label, r.right_question, r.right_total, r.right_suppressed)},
      {"items", std::move(rows)}};
}

boost::json::object to_json(const Quote& q) {
  boost::json::object o{{"segment_id", q.segment_id},
                        {"answer_id", q.answer_id},
                        {"group", q.group},
                        {"question_id", q.question_id},
                        {"question_position", q.question_position},
                        {"coder_id", q.coder_id},
                        {"start", q.start},
                        {"end", q.end},
                        {"text", q.text},
                        {"before", q.before},
                        {"after", q.after}};
  if (!q.response_id.empty()) o["response_id"] = q.response_id;
  if (!q.respondent.empty()) o["respondent"] = q.respondent;
  return o;
}

boost::json::object to_json(const AgreementReport& r) {
  boost::json::array codes, disagreements;
  for (const CodeAgreement& c : r.codes) {
    boost::json::object o{{"code_id", c.code_id},
                          {"path", c.path},
                          {"kappa", c.kappa ? boost::json::value(*c.kappa) : nullptr},
                          {"alpha", c.alpha ? boost::json::value(*c.alpha) : nullptr},
                          {"agreed", c.agreed},
                          {"disagreed", c.disagreed}};
    if (!c.note.empty()) o["note"] = c.note;
    codes.push_back(std::move(o));
  }
  for (const Disagreement& d : r.disagreements)
    disagreements.push_back(boost::json::object{{"answer_id", d.answer_id},
                                                {"response_id", d.response_id},
                                                {"code_id", d.code_id},
                                                {"applied_by", strings(d.applied_by)},
                                                {"not_by", strings(d.not_by)}});
  return {{"study_id", r.study_id},    {"coders", strings(r.coders)},
          {"answers", r.answers},      {"suppressed", r.suppressed},
          {"items", std::move(codes)}, {"disagreements", std::move(disagreements)}};
}

boost::json::object to_json(const StudyTemplate& t) {
  boost::json::array audience, questions;
  for (Role r : t.audience) audience.emplace_back(role_name(r));
  for (std::size_t i = 0; i < t.questions.size(); ++i) {
    boost::json::object o = to_json(t.questions[i]);
    o.erase("id");
    if (i < t.question_keys.size()) o["key"] = t.question_keys[i];
    questions.push_back(std::move(o));
  }
  return {{"key", t.key},
          {"title", t.title},
          {"description", t.description},
          {"audience", std::move(audience)},
          {"questions", std::move(questions)}};
}

Result<std::vector<std::string>> string_array(const boost::json::object& o, std::string_view field,
                                              bool required) {
  const boost::json::value* v = o.if_contains(field);
  std::string f(field);
  if (v == nullptr || v->is_null()) {
    if (required) return Error::invalid(f + " is required.", f);
    return std::vector<std::string>();
  }
  if (!v->is_array()) return Error::invalid(f + " must be an array of strings.", f);
  std::vector<std::string> out;
  for (const boost::json::value& item : v->as_array()) {
    if (!item.is_string()) return Error::invalid(f + " must be an array of strings.", f);
    out.emplace_back(item.as_string());
  }
  return out;
}

Result<std::vector<Role>> role_array(const boost::json::object& o, std::string_view field) {
  std::vector<Role> out;
  for (const std::string& name : TRY(string_array(o, field, false))) {
    auto role = parse_role(name);
    if (!role)
      return Error::invalid(std::string(field) + " has '" + name + "', which is not a role.",
                            std::string(field));
    out.push_back(*role);
  }
  return out;
}

Result<std::vector<Question>> questions_from(const boost::json::object& o, std::string_view field) {
  const boost::json::value* v = o.if_contains(field);
  std::string f(field);
  std::vector<Question> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return Error::invalid(f + " must be an array.", f);
  const auto& items = v->as_array();
  if (items.size() > kMaxQuestions) return Error::invalid("A study has at most 100 questions.", f);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string at = f + "[" + std::to_string(i) + "]";
    if (!items[i].is_object()) return Error::invalid(at + " must be an object.", at);
    const auto& q = items[i].as_object();
    for (const auto& [key, value] : q)
      if (key != "kind" && key != "prompt" && key != "options" && key != "required")
        return Error::invalid(at + " has the unknown field " + std::string(key) + ".", at);
    Question question;
    auto kind = TRY(optional_string(q, "kind"));
    auto parsed = parse_question_kind(kind.value_or("open_text"));
    if (!parsed)
      return Error::invalid(at + ".kind must be open_text, single_choice, multiple_choice, "
                                 "rating or ranking.",
                            at + ".kind");
    question.kind = *parsed;
    auto prompt = optional_string(q, "prompt");
    if (!prompt) return Error::invalid(at + ".prompt must be a string.", at + ".prompt");
    question.prompt = prompt->value_or("");
    auto options = string_array(q, "options", false);
    if (!options)
      return Error::invalid(at + ".options must be an array of strings.", at + ".options");
    question.options = *options;
    auto required = optional_bool(q, "required");
    if (!required) return Error::invalid(at + ".required must be true or false.", at + ".required");
    question.required = required->value_or(false);
    out.push_back(std::move(question));
  }
  return out;
}

Result<std::vector<AnswerInput>> answers_from(const boost::json::object& o) {
  const boost::json::value* v = o.if_contains("answers");
  if (v == nullptr || !v->is_array())
    return Error::invalid("answers must be an array of {question_id, text | choices | rating}.",
                          "answers");
  std::vector<AnswerInput> out;
  const auto& items = v->as_array();
  if (items.size() > kMaxQuestions) return Error::invalid("Too many answers.", "answers");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string at = "answers[" + std::to_string(i) + "]";
    if (!items[i].is_object()) return Error::invalid(at + " must be an object.", at);
    const auto& a = items[i].as_object();
    for (const auto& [key, value] : a)
      if (key != "question_id" && key != "text" && key != "choices" && key != "rating")
        return Error::invalid(at + " has the unknown field " + std::string(key) + ".", at);
    AnswerInput input;
    auto qid = optional_string(a, "question_id");
    if (!qid || !*qid) return Error::invalid(at + ".question_id is required.", at + ".question_id");
    input.question_id = **qid;
    auto text = optional_string(a, "text");
    if (!text) return Error::invalid(at + ".text must be a string.", at + ".text");
    input.text = text->value_or("");
    auto choices = string_array(a, "choices", false);
    if (!choices)
      return Error::invalid(at + ".choices must be an array of strings.", at + ".choices");
    input.choices = *choices;
    auto rating = optional_int(a, "rating");
    if (!rating || (*rating && (**rating < 1 || **rating > 5)))
      return Error::invalid(at + ".rating must be a whole number from 1 to 5.", at + ".rating");
    input.rating = static_cast<int>(rating->value_or(0));
    out.push_back(std::move(input));
  }
  return out;
}

Result<std::optional<Timestamp>> optional_time(const boost::json::object& o,
                                               std::string_view field) {
  const boost::json::value* v = o.if_contains(field);
  if (v == nullptr) return std::optional<Timestamp>();
  if (v->is_null()) return std::optional<Timestamp>(0);
  std::string f(field);
  if (!v->is_string()) return Error::invalid(f + " must be an RFC 3339 time.", f);
  auto t = parse_rfc3339(std::string(v->as_string()));
  if (!t) return Error::invalid(f + " must be an RFC 3339 time such as 2027-02-01T09:00:00Z.", f);
  return std::optional<Timestamp>(*t);
}

Result<long long> required_int(const boost::json::object& o, std::string_view field) {
  auto v = TRY(optional_int(o, field));
  if (!v) return Error::invalid(std::string(field) + " is required.", std::string(field));
  return *v;
}

Response conflict_with_current(const Error& error, const Request& request,
                               boost::json::object current) {
  Response r = error_response(error, request.request_id);
  boost::json::value body = boost::json::parse(r.body);
  body.as_object()["current"] = std::move(current);
  r.body = boost::json::serialize(body);
  return r;
}

Response csv_download(std::string body, const std::string& filename) {
  Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

}  // namespace trellis::http
