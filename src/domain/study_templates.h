// The built-in study templates: instruments a program can start a study from, and the codes a
// study's codebook is seeded with. No I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/framework.h"
#include "domain/study.h"

namespace trellis {

struct StudyTemplate {
  std::string key;  // "mentor_interview", "scholar_self_perception"
  std::string title;
  std::string description;
  std::vector<Role> audience;       // suggested audience
  std::vector<Question> questions;  // ids and study ids empty; positions 1..n
};

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

// The framework's qualities, then the codes juniors' answers need that the framework has not
// (raw intelligence, credentials/PhD, technical knowledge). Retired qualities are left out.
std::vector<SeedCode> seed_codes(const std::vector<Quality>& framework);

}  // namespace trellis
