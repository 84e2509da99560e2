// What staff may learn from an anonymous study (ADR 11): when its answers are released, when
// closing it is final, whether participation names people, and which respondent group each
// answer may show. Pure rules; every service path that reads answers or their groups asks here,
// so raw responses, coding, reports, exports and suggestions all obey the same rule.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/studies/study.h"

namespace trellis {

// Why staff may not read a study's answers yet; kReleased when they may.
enum class AnswerRelease {
  kReleased,         // named study, or anonymous, closed and answered by enough people
  kStudyNotClosed,   // anonymous and not closed: a new answer could be told apart as it arrives
  kTooFewResponses,  // anonymous and closed, but fewer than min_group_size people responded
};

// "released", "study_not_closed", "too_few_responses".
std::string_view answer_release_name(AnswerRelease release);

// Anonymous answers are released once, all together: when the study is closed (which is then
// final, see check_status_change) and at least min_group_size people (never below 3) responded.
AnswerRelease answer_release(const Study& study, long long responses, int min_group_size);

// The release as an error to return (conflict on "status"), or ok when released.
Status require_released(AnswerRelease release, long long responses, int min_group_size);

// Whether a study may move from its status to `next`. Closing an anonymous study that has
// responses is final: reopening it would let staff read the answers, collect one more, and
// read again, which ties the new answer to whoever responded in between.
Status check_status_change(const Study& study, StudyStatus next, long long responses);

// Whether participation may name who has not responded yet. Never for an anonymous study: the
// names shrinking one by one, next to the answers once released, narrow who wrote what.
bool participation_names_people(const Study& study);

// The group shown for answers whose groups are too small to show on their own.
inline constexpr const char* kMergedGroup = "other";
// The group shown for every answer when even the merged groups are too few.
inline constexpr const char* kAllGroups = "all";

// Which respondent group each answer of a study may show. In a named study, its own. In an
// anonymous study, a group with fewer than min_group_size respondents (never below 3) shows as
// "other", together with the other small groups; if "other" would itself hold fewer than that,
// every answer of the study shows "all" (otherwise the small group's answers would be exactly
// the ones without a group of their own). Groups large enough keep their names.
class GroupDisclosure {
 public:
  // `sizes`: respondents (responses) per stored group.
  static GroupDisclosure of(const Study& study, const std::map<std::string, long long>& sizes,
                            int min_group_size);
  // The group to show for an answer stored with `group`.
  std::string shown(const std::string& group) const;

 private:
  bool all_merged_ = false;
  std::map<std::string, std::string> renamed_;  // stored group -> shown group, where they differ
};

}  // namespace trellis
