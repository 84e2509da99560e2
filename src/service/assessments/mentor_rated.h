// The scholars a mentor has already rated in a round: with "mentors rate first", a mentor sees a
// scholar's self-ratings only after submitting their own (policy::self_rating_withheld). Shared by
// the heatmap, the scholar report and the exports.
#pragma once

#include <set>
#include <string>

#include "domain/actor.h"
#include "storage/repositories.h"

namespace trellis::reports {

// Subjects of the actor's submitted mentor assignments in the round; empty when signed out.
Result<std::set<std::string>> mentor_rated(Repositories& r, const std::string& round_id,
                                           const Actor& actor);

}  // namespace trellis::reports
