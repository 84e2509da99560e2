// The built-in study templates: instruments a program can start a study from, and the codes a
// study's codebook is seeded with. No I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/assessments/framework.h"
#include "domain/studies/study.h"

namespace trellis {

struct StudyTemplate {
  std::string key;  // "mentor_interview", "scholar_self_perception"
  std::string title;
  std::string description;
  std::vector<Role> audience;       // suggested audience
  std::vector<Question> questions;  // ids and study ids empty; positions 1..n
  // A stable name per question, parallel to `questions` ("scholars_lack"), so that clients can
  // find a template's question in a study made from it (by its prompt) whatever its position.
  std::vector<std::string> question_keys;
};

// The headline comparison's pair: mentors' "what do most scholars lack?" (mentor_interview) and
// scholars' "what do you feel you most lack?" (scholar_self_perception).
inline constexpr std::string_view kScholarsLackQuestion = "scholars_lack";
inline constexpr std::string_view kSelfLackQuestion = "self_lack";

const std::vector<StudyTemplate>& study_templates();
// nullptr when there is no template with that key.
const StudyTemplate* find_study_template(std::string_view key);

// A code a new codebook starts with.
struct SeedCode {
  std::string key;
  std::string name;
  std::string description;
  std::string colour;
};

// The codes juniors' answers need that a framework of qualities has not: raw intelligence,
// credentials (PhD), technical knowledge, confidence. Their descriptions double as the labelling
// guideline of the suggestion evaluation set, so they name the words answers use.
const std::vector<SeedCode>& extra_seed_codes();

// The description a quality's seed code gets: its summary followed by what levels 1, 3 and 5
// look like ("Low: …", "Typical: …", "High: …"), or the level texts alone when the summary is
// empty. Coders read it as the code's guide; the suggester uses it as its prior before anything
// is coded (the level texts add the words answers use: cross-validated on the labelled set, this
// beat the summary alone and the summary with levels 1 and 5 only).
std::string quality_code_description(const Quality& q);

// The one list a new codebook starts from: the framework's qualities that are not retired (key
// -> seed key, name, quality_code_description), then extra_seed_codes() whose key no quality
// (retired or not) already uses. Pass the program's current framework version; default_qualities()
// gives the codebook of a program that never edited its framework.
std::vector<SeedCode> seed_codes(const std::vector<Quality>& framework);

}  // namespace trellis
