#include "service/studies/study_report_service.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/csv.h"
#include "domain/policy.h"
#include "domain/suppression.h"
#include "service/studies/coding_service.h"
#include "service/studies/study_service.h"
#include "stats/kappa.h"
#include "stats/krippendorff.h"

namespace trellis {
namespace {

// Loads what every report needs and applies the rules every report shares: staff only,
// anonymous answers only once closed, and in blind mode only a finished coder sees everyone's
// coding (an unfinished one may ask for their own).
struct Context {
  Study study;
  Program program;
  std::vector<CodeView> codes;
};

Result<Context> load(Repositories& r, const Actor& actor, const std::string& study_id,
                     const ReportScope* scope) {
  Context c;
  c.study = TRY(load_study_for_staff(r, actor, study_id));
  TRY(require_answers_readable(r, c.study));
  if (TRY(blinded(r, c.study, actor)) && !(scope && scope->coder_id == actor.user_id))
    return Error::forbidden(
        "This study is coded blind: mark your own coding finished to see reports of everyone's, "
        "or ask for coder_id set to yourself.");
  c.program = TRY(r.programs().find(c.study.program_id));
  c.codes = code_tree(TRY(r.studies().codebook().list(study_id)));
  return c;
}

// The text before code point `start` of a quote's answer: at most kQuoteContext code points,
// starting at a word when it is cut.
std::string context_before(const std::string& text, long long start) {
  const long long from = std::max(0LL, start - kQuoteContext);
  std::string out = code_point_substr(text, from, start);
  if (from > 0) {
    const auto space = out.find_first_of(" \n");
    out = space == std::string::npos ? std::string() : out.substr(space + 1);
  }
  return out;
}

// The text after code point `end`: at most kQuoteContext code points, ending at a word when cut.
std::string context_after(const std::string& text, long long end, long long length) {
  const long long to = std::min(length, end + kQuoteContext);
  std::string out = code_point_substr(text, end, to);
  if (to < length) {
    const auto space = out.find_last_of(" \n");
    out = space == std::string::npos ? std::string() : out.substr(0, space);
  }
  return out;
}

// Quotes and agreement, which no group breakdown accompanies, need only enough respondents.
bool too_small(const Context& c, long long respondents) {
  return c.study.mode == StudyMode::kAnonymous && respondents < c.program.min_group_size;
}

// Which respondent groups of a report's scope may be reported, and whether the whole study may.
// Anonymous studies apply complement suppression (domain/suppression.h) over the groups: a
// group, or the whole, is withheld when it is small or when the whole minus the groups shown
// would give away a small group. Staff see no anonymous answer with its group row by row, so
// nothing counts as seen. Named studies withhold nothing: their staff read every answer with
// its respondent.
struct ReportDisclosure {
  bool withholds = true;  // false: a named study, which withholds nothing
  bool whole = true;
  std::map<std::string, bool> groups;  // absent: no respondent in that group

  bool shown(const std::optional<std::string>& group) const {
    if (!withholds) return true;
    if (!group) return whole;
    auto it = groups.find(*group);
    return it != groups.end() && it->second;
  }
};

Result<ReportDisclosure> disclose_groups(Repositories& r, const Context& c, ReportScope scope) {
  ReportDisclosure out;
  if (c.study.mode != StudyMode::kAnonymous) {
    out.withholds = false;
    return out;
  }
  std::vector<std::string> names;
  for (const auto& [group, size] : TRY(r.studies().reports().group_sizes(c.study.id)))
    names.push_back(group);
  scope.group.reset();
  const privacy::Coverage whole{TRY(r.studies().reports().respondents(c.study.id, scope)), 0};
  std::vector<privacy::Coverage> parts;
  for (const std::string& g : names) {
    scope.group = g;
    parts.push_back({TRY(r.studies().reports().respondents(c.study.id, scope)), 0});
  }
  privacy::Breakdown b = privacy::disclose_breakdown(whole, parts, c.program.min_group_size);
  out.whole = b.total;
  for (std::size_t i = 0; i < names.size(); ++i) out.groups[names[i]] = b.parts[i];
  return out;
}

// Whether the report of `scope` (the whole study, or one group) may be shown.
Result<bool> scope_shown(Repositories& r, const Context& c, const ReportScope& scope) {
  return TRY(disclose_groups(r, c, scope)).shown(scope.group);
}

double share(long long part, long long whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

// Rows in the codebook's order for every code, filled from the database's aggregates, then
// ranked by respondents (ties share a rank, "1224").
std::vector<ThemeReportRow> theme_rows(const Context& c, const std::vector<ThemeRow>& found,
                                       long long respondents) {
  std::map<std::string, const ThemeRow*> by_code;
  for (const ThemeRow& t : found) by_code[t.code_id] = &t;
  std::vector<ThemeReportRow> rows;
  for (const CodeView& v : c.codes) {
    ThemeReportRow row;
    row.code_id = v.code.id;
    row.name = v.code.name;
    row.path = v.path;
    row.seed_key = v.code.seed_key;
    if (auto it = by_code.find(v.code.id); it != by_code.end()) {
      row.segments = it->second->segments;
      row.respondents = it->second->respondents;
      row.top_three = it->second->top_three;
    }
    row.share = share(row.respondents, respondents);
    row.top_three_share = share(row.top_three, respondents);
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const ThemeReportRow& a, const ThemeReportRow& b) {
    return a.respondents > b.respondents;
  });
  for (std::size_t i = 0; i < rows.size(); ++i)
    rows[i].rank = (i > 0 && rows[i].respondents == rows[i - 1].respondents)
                       ? rows[i - 1].rank
                       : static_cast<int>(i + 1);
  return rows;
}

std::string match_key(const Code& code) {
  if (!code.seed_key.empty()) return code.seed_key;
  std::string k = code.name;
  for (char& ch : k) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return k;
}

std::string folded(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  std::string out(text.substr(begin, end - begin));
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// A ranking question of the instrument and, per option it ranks, the code the option names.
struct RankingMatch {
  const Question* question = nullptr;
  std::map<std::string, std::string> code_of_option;  // folded option text -> code id
};

// The ranking question whose options name the most codes (the first such question on a tie);
// none when no ranking question names any code. An option names a code when it equals, ignoring
// case and surrounding spaces, the code's name, its seed key, or the current name of the
// framework quality it was seeded from.
std::optional<RankingMatch> find_ranking_question(const Context& c,
                                                  const std::vector<Quality>& qualities) {
  std::map<std::string, std::string> code_of_text;  // folded text -> code id, first code wins
  std::map<std::string, std::string> quality_names;
  for (const Quality& q : qualities) quality_names[q.key] = q.name;
  for (const CodeView& v : c.codes) {
    code_of_text.emplace(folded(v.code.name), v.code.id);
    if (v.code.seed_key.empty()) continue;
    code_of_text.emplace(folded(v.code.seed_key), v.code.id);
    if (auto q = quality_names.find(v.code.seed_key); q != quality_names.end())
      code_of_text.emplace(folded(q->second), v.code.id);
  }
  std::optional<RankingMatch> best;
  for (const Question& q : c.study.questions) {
    if (q.kind != QuestionKind::kRanking) continue;
    RankingMatch m;
    m.question = &q;
    for (const std::string& option : q.options)
      if (auto it = code_of_text.find(folded(option)); it != code_of_text.end())
        m.code_of_option[folded(option)] = it->second;
    if (!m.code_of_option.empty() &&
        (!best || m.code_of_option.size() > best->code_of_option.size()))
      best = std::move(m);
  }
  return best;
}

// Fills ThemeReport::ranking and each named code's top_three_ranked from the answers to the
// ranking question; an anonymous study withholds them when fewer than min_group_size answered.
Status add_ranking(Repositories& r, const Context& c, const ReportScope& scope,
                   ThemeReport& report) {
  auto match = find_ranking_question(c, TRY(program_qualities(r, c.study.program_id)));
  if (!match) return ok_status();
  RankingBasis basis;
  basis.question_id = match->question->id;
  basis.prompt = match->question->prompt;
  auto answers =
      TRY(r.studies().reports().ranked_choices(c.study.id, basis.question_id, scope.group, 3));
  basis.respondents = static_cast<long long>(answers.size());
  ReportScope answered = scope;
  answered.question_id = basis.question_id;
  if (!TRY(scope_shown(r, c, answered))) {
    basis.suppressed = true;
    basis.respondents = 0;
    report.ranking = std::move(basis);
    return ok_status();
  }
  std::map<std::string, long long> top_three;  // code id -> respondents
  for (const auto& code_id : match->code_of_option) top_three.emplace(code_id.second, 0);
  for (const std::vector<std::string>& ranked : answers) {
    std::set<std::string> codes;  // two options naming one code count the respondent once
    for (const std::string& option : ranked)
      if (auto it = match->code_of_option.find(folded(option)); it != match->code_of_option.end())
        codes.insert(it->second);
    for (const std::string& code : codes) ++top_three[code];
  }
  for (ThemeReportRow& row : report.rows) {
    auto it = top_three.find(row.code_id);
    if (it == top_three.end()) continue;
    row.top_three_ranked = it->second;
    row.top_three_ranked_share = share(it->second, basis.respondents);
  }
  report.ranking = std::move(basis);
  return ok_status();
}

std::string population_label(const Study& s, const std::optional<std::string>& group) {
  return group ? s.title + " (" + *group + ")" : s.title;
}

}  // namespace

Result<ThemeReport> StudyReportService::themes(const Actor& actor, const std::string& study_id,
                                               const ReportScope& scope) {
  ThemeReport report;
  report.study_id = study_id;
  report.scope = scope;
  TRY(store_.read([&](Repositories& r) -> Status {
    Context c = TRY(load(r, actor, study_id, &scope));
    report.anonymous = c.study.mode == StudyMode::kAnonymous;
    report.min_group_size = c.program.min_group_size;
    report.respondents = TRY(r.studies().reports().respondents(study_id, scope));
    if (!TRY(scope_shown(r, c, scope))) {
      report.suppressed = true;
      report.respondents = 0;
      return ok_status();
    }
    auto found = TRY(r.studies().reports().themes(study_id, scope));
    report.rows = theme_rows(c, found, report.respondents);
    return add_ranking(r, c, scope, report);
  }));
  return report;
}

Result<CoOccurrenceReport> StudyReportService::co_occurrence(const Actor& actor,
                                                             const std::string& study_id,
                                                             const ReportScope& scope) {
  CoOccurrenceReport report;
  report.study_id = study_id;
  TRY(store_.read([&](Repositories& r) -> Status {
    Context c = TRY(load(r, actor, study_id, &scope));
    report.respondents = TRY(r.studies().reports().respondents(study_id, scope));
    if (!TRY(scope_shown(r, c, scope))) {
      report.suppressed = true;
      report.respondents = 0;
      return ok_status();
    }
    std::map<std::string, std::string> names;
    for (const CodeView& v : c.codes) names[v.code.id] = v.path;
    for (auto& [a, b, n] : TRY(r.studies().reports().co_occurrence(study_id, scope)))
      report.pairs.push_back({a, b, names[a], names[b], n});
    std::sort(
        report.pairs.begin(), report.pairs.end(), [](const CoOccurrence& x, const CoOccurrence& y) {
          return std::tie(y.answers, x.name_a, x.name_b) < std::tie(x.answers, y.name_a, y.name_b);
        });
    return ok_status();
  }));
  return report;
}

Result<GroupReport> StudyReportService::groups(const Actor& actor, const std::string& study_id) {
  GroupReport report;
  report.study_id = study_id;
  TRY(store_.read([&](Repositories& r) -> Status {
    Context c = TRY(load(r, actor, study_id, nullptr));
    report.min_group_size = c.program.min_group_size;
    auto sizes = TRY(r.studies().reports().group_sizes(study_id));
    const ReportDisclosure disclosed = TRY(disclose_groups(r, c, {}));
    std::map<std::string, std::vector<ThemeRow>> by_group;
    for (auto& [group, code, n] : TRY(r.studies().reports().code_by_group(study_id))) {
      ThemeRow row;
      row.code_id = code;
      row.respondents = n;
      by_group[group].push_back(row);
    }
    for (const auto& [group, size] : sizes) {
      GroupBreakdown g;
      g.group = group;
      if (!disclosed.shown(group)) {
        g.suppressed = true;
      } else {
        g.respondents = size;
        g.rows = theme_rows(c, by_group[group], size);
      }
      report.groups.push_back(std::move(g));
    }
    return ok_status();
  }));
  return report;
}

Result<ComparisonReport> StudyReportService::compare(const Actor& actor, const Population& left,
                                                     const Population& right) {
  ComparisonReport report;
  report.left = left;
  report.right = right;
  TRY(store_.read([&](Repositories& r) -> Status {
    struct Side {
      Context context;
      std::string question;  // the prompt, when the side is one question
      long long total = 0;
      bool suppressed = false;
      std::map<std::string, long long> by_key;
      std::map<std::string, std::string> names;
    };
    auto side = [&](const Population& p, const char* question_field) -> Result<Side> {
      Side s;
      ReportScope scope;
      scope.group = p.group;
      scope.question_id = p.question_id;
      s.context = TRY(load(r, actor, p.study_id, nullptr));
      if (p.question_id) {
        auto q = std::find_if(s.context.study.questions.begin(), s.context.study.questions.end(),
                              [&](const Question& x) { return x.id == *p.question_id; });
        if (q == s.context.study.questions.end())
          return Error::invalid(
              std::string(question_field) + " is not a question of study " + p.study_id + ".",
              question_field);
        s.question = q->prompt;
      }
      s.total = TRY(r.studies().reports().respondents(p.study_id, scope));
      s.suppressed = !TRY(scope_shown(r, s.context, scope));
      std::map<std::string, std::string> key_of;
      for (const CodeView& v : s.context.codes) {
        key_of[v.code.id] = match_key(v.code);
        s.names[match_key(v.code)] = v.code.name;
      }
      if (!s.suppressed)
        for (const ThemeRow& t : TRY(r.studies().reports().themes(p.study_id, scope)))
          s.by_key[key_of[t.code_id]] += t.respondents;
      return s;
    };
    Side a = TRY(side(left, "left_question_id"));
    Side b = TRY(side(right, "right_question_id"));
    report.left_question = a.question;
    report.right_question = b.question;
    report.left_label = population_label(a.context.study, left.group);
    report.right_label = population_label(b.context.study, right.group);
    report.left_suppressed = a.suppressed;
    report.right_suppressed = b.suppressed;
    report.left_total = a.suppressed ? 0 : a.total;
    report.right_total = b.suppressed ? 0 : b.total;
    std::map<std::string, std::string> keys = a.names;
    keys.insert(b.names.begin(), b.names.end());
    for (const auto& [key, name] : keys) {
      ComparisonRow row;
      row.key = key;
      row.name = name;
      row.left_respondents = a.by_key[key];
      row.right_respondents = b.by_key[key];
      row.left_share = share(row.left_respondents, report.left_total);
      row.right_share = share(row.right_respondents, report.right_total);
      report.rows.push_back(std::move(row));
    }
    std::stable_sort(
        report.rows.begin(), report.rows.end(), [](const ComparisonRow& x, const ComparisonRow& y) {
          return std::max(x.left_share, x.right_share) > std::max(y.left_share, y.right_share);
        });
    return ok_status();
  }));
  return report;
}

// Long on purpose: one read pages through the code's segments and builds each quote with its
// respondent, group and context.
Result<Page<Quote>> StudyReportService::quotes(const Actor& actor, const std::string& study_id,
                                               const std::string& code_id, const PageRequest& page,
                                               const std::optional<std::string>& coder_id) {
  Page<Quote> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    ReportScope scope;
    scope.coder_id = coder_id;
    Context c = TRY(load(r, actor, study_id, &scope));
    TRY(code_of_study(r, study_id, code_id, "code_id", "code_id"));
    auto sizes = TRY(r.studies().reports().group_sizes(study_id));
    SegmentFilter filter;
    filter.code_id = code_id;
    filter.coder_id = coder_id;
    Page<Segment> segments = TRY(r.studies().segments().list(study_id, filter, page));
    out.next_cursor = segments.next_cursor;
    std::map<std::string, StudyResponse> responses;
    std::map<std::string, Answer> answers;
    for (const Segment& seg : segments.items) {
      if (!responses.count(seg.response_id))
        responses[seg.response_id] = TRY(r.studies().responses().find(seg.response_id));
      const StudyResponse& resp = responses[seg.response_id];
      if (too_small(c, sizes[resp.respondent_group])) continue;
      if (!answers.count(seg.answer_id))
        answers[seg.answer_id] = TRY(r.studies().responses().find_answer(seg.answer_id));
      const Answer& a = answers[seg.answer_id];
      Quote q;
      q.segment_id = seg.id;
      q.answer_id = seg.answer_id;
      q.group = resp.respondent_group;
      q.question_id = seg.question_id;
      q.question_position = seg.question_position;
      q.coder_id = seg.coder_id;
      q.start = seg.start;
      q.end = seg.end;
      q.text = code_point_substr(a.text, seg.start, seg.end);
      q.before = context_before(a.text, seg.start);
      q.after = context_after(a.text, seg.end, a.length);
      if (!resp.anonymous) {
        q.response_id = resp.id;
        q.respondent = resp.respondent_label;
      }
      out.items.push_back(std::move(q));
    }
    return ok_status();
  }));
  return out;
}

// Long on purpose: one read builds the units, coders and code × unit × coder matrix the
// statistics need; its steps share those indices.
Result<AgreementReport> StudyReportService::agreement(const Actor& actor,
                                                      const std::string& study_id,
                                                      std::vector<std::string> coders) {
  AgreementReport report;
  report.study_id = study_id;
  TRY(store_.read([&](Repositories& r) -> Status {
    Context c = TRY(load(r, actor, study_id, nullptr));
    std::vector<Segment> segments = TRY(r.studies().segments().all_of_study(study_id));
    if (coders.empty()) {
      std::set<std::string> seen;
      for (const Segment& seg : segments)
        if (seen.insert(seg.coder_id).second) coders.push_back(seg.coder_id);
      std::sort(coders.begin(), coders.end());
    }
    if (coders.size() < 2)
      return Error::invalid("Agreement needs at least two coders.", "coder_ids");
    report.coders = coders;
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < coders.size(); ++i) column[coders[i]] = i;
    // Units: the open answers of the study, each with its response.
    std::vector<std::pair<std::string, std::string>> units;  // answer, response
    std::map<std::string, std::size_t> row;
    for (const Answer& a : TRY(r.studies().responses().answers_of_study(study_id))) {
      if (a.text.empty()) continue;
      row[a.id] = units.size();
      units.emplace_back(a.id, a.response_id);
    }
    report.answers = static_cast<long long>(units.size());
    const long long respondents = TRY(r.studies().reports().respondents(study_id, {}));
    if (too_small(c, respondents)) {
      report.suppressed = true;
      report.answers = 0;
      report.coders.clear();
      return ok_status();
    }
    // applied[code][unit][coder]
    std::map<std::string, std::vector<std::vector<bool>>> applied;
    for (const Segment& seg : segments) {
      auto col = column.find(seg.coder_id);
      auto unit = row.find(seg.answer_id);
      if (col == column.end() || unit == row.end()) continue;
      auto& table = applied[seg.code_id];
      if (table.empty()) table.assign(units.size(), std::vector<bool>(coders.size(), false));
      table[unit->second][col->second] = true;
    }
    for (const CodeView& v : c.codes) {
      CodeAgreement a;
      a.code_id = v.code.id;
      a.path = v.path;
      auto found = applied.find(v.code.id);
      stats::Matrix matrix(units.size(), stats::Row(coders.size(), 0.0));
      if (found != applied.end()) {
        for (std::size_t u = 0; u < units.size(); ++u) {
          const auto& marks = found->second[u];
          bool any = false, all = true;
          for (std::size_t k = 0; k < coders.size(); ++k) {
            matrix[u][k] = marks[k] ? 1.0 : 0.0;
            any = any || marks[k];
            all = all && marks[k];
          }
          if (any && !all) {
            Disagreement d{units[u].first, units[u].second, v.code.id, {}, {}};
            for (std::size_t k = 0; k < coders.size(); ++k)
              (marks[k] ? d.applied_by : d.not_by).push_back(coders[k]);
            report.disagreements.push_back(std::move(d));
            ++a.disagreed;
          } else {
            ++a.agreed;
          }
        }
      } else {
        a.agreed = static_cast<long long>(units.size());
      }
      if (coders.size() == 2) {
        auto kappa = stats::cohen_kappa(matrix, stats::KappaWeights::kNone);
        if (kappa)
          a.kappa = kappa->kappa;
        else
          a.note = kappa.error().message;
      }
      auto alpha = stats::krippendorff_alpha(matrix, stats::MeasurementLevel::kNominal);
      if (alpha)
        a.alpha = alpha->alpha;
      else if (a.note.empty())
        a.note = alpha.error().message;
      report.codes.push_back(std::move(a));
    }
    return ok_status();
  }));
  return report;
}

Result<std::string> StudyReportService::export_segments_csv(const Actor& actor,
                                                            const std::string& study_id) {
  std::string out =
      "respondent,response_id,group,question,code,start,end,text,coder,memo,origin\r\n";
  TRY(store_.read([&](Repositories& r) -> Status {
    Context c = TRY(load(r, actor, study_id, nullptr));
    const GroupDisclosure groups = TRY(group_disclosure(r, c.study));
    std::map<std::string, std::string> paths, prompts, coders;
    for (const CodeView& v : c.codes) paths[v.code.id] = v.path;
    for (const Question& q : c.study.questions) prompts[q.id] = q.prompt;
    std::map<std::string, StudyResponse> responses;
    for (StudyResponse& resp : TRY(r.studies().responses().responses_of_study(study_id)))
      responses[resp.id] = std::move(resp);
    std::map<std::string, Answer> answers;
    for (Answer& a : TRY(r.studies().responses().answers_of_study(study_id)))
      answers[a.id] = std::move(a);
    for (const Segment& seg : TRY(r.studies().segments().all_of_study(study_id))) {
      if (!coders.count(seg.coder_id)) {
        auto u = r.users().find(seg.coder_id);
        coders[seg.coder_id] = u ? u->display_name : seg.coder_id;
      }
      const StudyResponse& resp = responses[seg.response_id];
      const Answer& a = answers[seg.answer_id];
      out += csv_field(resp.anonymous ? "" : resp.respondent_label) + "," + csv_field(resp.id) +
             "," + csv_field(groups.shown(resp.respondent_group)) + "," +
             csv_field(prompts[seg.question_id]) + "," + csv_field(paths[seg.code_id]) + "," +
             std::to_string(seg.start) + "," + std::to_string(seg.end) + "," +
             csv_field(code_point_substr(a.text, seg.start, seg.end)) + "," +
             csv_field(coders[seg.coder_id]) + "," + csv_field(seg.memo) + "," +
             std::string(segment_origin_name(seg.origin)) + "\r\n";
    }
    return ok_status();
  }));
  return out;
}

}  // namespace trellis
