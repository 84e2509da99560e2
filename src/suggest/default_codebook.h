// The default codebook for interview studies: the nine qualities of the default framework plus
// the codes that juniors' answers about what they lack need. Its descriptions double as the
// labelling guideline of the evaluation set (tests/data/suggest/README.md) and as the prior the
// suggester uses before anything is coded. Pure; thread-safe.
#pragma once

#include <vector>

#include "suggest/suggester.h"

namespace trellis::suggest {

// Thirteen codes, in the order the framework lists its qualities, then intelligence,
// credentials, technical_knowledge and confidence.
std::vector<CodeInfo> default_codebook();

}  // namespace trellis::suggest
