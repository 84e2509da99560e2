#include "domain/assessments/framework.h"

#include <set>

#include "core/utf8.h"
#include "domain/people.h"

namespace trellis {
namespace {

// Level texts describe what a mentor can see over a few weeks, not traits: "rarely shows it"
// (1), "usually" (3), "a model for others" (5). They name no subject ("the scholar"), so that
// they read right both in a mentor's rating and in a scholar's self-assessment.
std::vector<Quality> make_default_qualities() {
  return {
      {"perseverance",
       "Endurance and perseverance",
       "Stays energetic and curious through weeks without a clear direction and after one or "
       "two dead ends.",
       {"After a failed experiment or an unclear week, work slows or stops; updates turn vague "
        "and the talk turns to switching projects rather than to the next attempt.",
        "",
        "Keeps working through most setbacks: after a dead end, names what was learned and "
        "proposes a next step within a few days, though a long unclear stretch still drains "
        "energy.",
        "",
        "Treats dead ends as information: keeps a steady pace through weeks without a clear "
        "direction, writes down what each failure ruled out, and lifts the mood of others who "
        "are stuck."},
       false},
      {"resourcefulness",
       "Hustle and resourcefulness",
       "When stuck, reads related work, asks in community channels, contacts people, tries "
       "another angle.",
       {"When blocked, waits or repeats the same approach; reports being stuck without having "
        "searched, read or asked anyone.",
        "",
        "When blocked for a day or two, searches for related work, tries at least one other "
        "angle and asks in a community channel before bringing it to the mentor.",
        "",
        "Gets unblocked fast and by many routes: finds the paper, the code or the person who "
        "solved a similar problem, writes to authors, and shares the route with others."},
       false},
      {"help_seeking",
       "Asking for help, social agency",
       "Knows when to stop going it alone, finds the right person, saves the mentor's time.",
       {"Stays stuck alone for a week or more; questions arrive late, unprepared, or only when "
        "the mentor asks.",
        "",
        "Asks for help within a few days of being stuck, says what was already tried, and "
        "usually picks a sensible person to ask.",
        "",
        "Asks at the right moment and the right person, with a short, answerable question and "
        "the context needed; others learn from how they ask."},
       false},
      {"peer_mentorship",
       "Peer collaboration",
       "Builds mutually useful relationships with other scholars; helps and is helped.",
       {"Works in isolation from the other scholars; seldom reviews, pairs, or shares work in "
        "progress.",
        "",
        "Has regular exchanges with a few peers: gives feedback on drafts, pairs on problems "
        "now and then, and takes help when offered.",
        "",
        "Is a hub of the cohort: sets up reading or pairing sessions, gives careful feedback, "
        "connects peers who should talk, and credits others' help."},
       false},
      {"domain_models",
       "Concrete models of the field",
       "Can explain the main problems and agendas of the field and where own work fits.",
       {"Cannot yet say which open problems the project addresses or how it relates to other "
        "groups' agendas; describes the field in slogans.",
        "",
        "Can explain the main agendas of the subfield, name the key open problems and say "
        "where the project fits, with some gaps at the edges.",
        "",
        "Holds a detailed, opinionated map of the field: argues why some agendas matter more, "
        "predicts which results would change minds, and updates the map with evidence."},
       false},
      {"reading",
       "Reading habit",
       "Reads papers and write-ups every week, adjacent fields too.",
       {"Reads rarely, mostly when a specific task forces it; cannot point to recent work "
        "beyond the project's starting papers.",
        "",
        "Reads a few papers or write-ups most weeks, mostly within the project's area, and "
        "brings relevant ones to discussions.",
        "",
        "Reads widely and every week, adjacent fields included; keeps notes, summarises papers "
        "for others and connects ideas across areas."},
       false},
      {"ml_expertise",
       "ML and LLM expertise",
       "Hands-on experience with models; good intuitions for experiments and prompting.",
       {"Needs step-by-step help to train, evaluate or prompt models; experiments are slow to "
        "set up and hard to interpret.",
        "",
        "Runs standard experiments independently, chooses reasonable baselines and settings, "
        "and debugs common failures with little help.",
        "",
        "Designs fast, informative experiments; has reliable intuitions about what will work "
        "and why, spots bugs from the numbers, and teaches others the tricks."},
       false},
      {"communication",
       "Research communication",
       "Concise updates, states the main bottleneck, leads and steers the 1:1.",
       {"Updates are long or unfocused; the main result and bottleneck are hard to find, and "
        "the mentor ends up setting the 1:1's agenda.",
        "",
        "Comes to the 1:1 with a short written update that states the main result and the "
        "main bottleneck, and asks for the decisions needed.",
        "",
        "Writes crisp updates and documents that others reuse; leads each 1:1 to the decision "
        "that matters most and explains results clearly to any audience."},
       false},
      {"wellbeing",
       "Emotional stability and wellbeing",
       "Looks after own mental health; steady when results or news are discouraging.",
       {"Discouraging results or news cost days of focus; signs of exhaustion or distress go "
        "unaddressed.",
        "",
        "Mostly steady through setbacks; notices when stress builds and takes some steps, such "
        "as rest, talking to someone, or rescoping.",
        "",
        "Keeps a sustainable rhythm, recovers quickly from setbacks, asks for support early "
        "when needed, and helps keep the cohort's atmosphere calm."},
       false},
  };
}

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

std::string field_of(std::size_t index, std::string_view name) {
  return "qualities[" + std::to_string(index) + "]." + std::string(name);
}

Status check_text(const std::string& text, std::size_t max, const std::string& field,
                  bool required) {
  if (required && text.empty()) return Error::invalid(field + " is required.", field);
  if (text.size() > max)
    return Error::invalid(field + " is longer than " + std::to_string(max) + " bytes.", field);
  if (!is_valid_utf8(text)) return Error::invalid(field + " is not valid UTF-8.", field);
  return ok_status();
}

}  // namespace

const std::vector<Quality>& default_qualities() {
  static const std::vector<Quality> qualities = make_default_qualities();
  return qualities;
}

bool is_valid_quality_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxQualityKeyLength) return false;
  if (key.front() < 'a' || key.front() > 'z') return false;
  for (char c : key)
    if (!is_key_char(c)) return false;
  return true;
}

Status validate_quality(const Quality& q, std::size_t index) {
  if (!is_valid_quality_key(q.key))
    return Error::invalid(
        "A quality key is 1-40 characters of a-z, 0-9 and _, starting with a letter.",
        field_of(index, "key"));
  if (auto name = clean_name(q.name, field_of(index, "name")); !name) return name.error();
  TRY(check_text(q.summary, kMaxDescriptionLength, field_of(index, "summary"), false));
  for (std::size_t level = 0; level < q.levels.size(); ++level) {
    bool required = level % 2 == 0;  // levels 1, 3 and 5
    TRY(check_text(q.levels[level], kMaxLevelDescriptionLength,
                   field_of(index, "levels[" + std::to_string(level + 1) + "]"), required));
  }
  return ok_status();
}

Status validate_qualities(const std::vector<Quality>& qualities) {
  if (qualities.size() > kMaxQualities)
    return Error::invalid(
        "A framework has at most " + std::to_string(kMaxQualities) + " qualities.", "qualities");
  std::set<std::string_view> keys;
  bool any_active = false;
  for (std::size_t i = 0; i < qualities.size(); ++i) {
    TRY(validate_quality(qualities[i], i));
    if (!keys.insert(qualities[i].key).second)
      return Error::invalid("Quality key \"" + qualities[i].key + "\" appears twice.",
                            field_of(i, "key"));
    any_active = any_active || !qualities[i].retired;
  }
  if (!any_active)
    return Error::invalid("A framework needs at least one quality that is not retired.",
                          "qualities");
  return ok_status();
}

}  // namespace trellis
