#include "domain/studies/study_privacy.h"

#include <algorithm>

#include "domain/people.h"

namespace trellis {
namespace {

long long threshold(int min_group_size) {
  return std::max(min_group_size, kMinGroupSizeFloor);
}

}  // namespace

std::string_view answer_release_name(AnswerRelease release) {
  switch (release) {
    case AnswerRelease::kReleased:
      return "released";
    case AnswerRelease::kStudyNotClosed:
      return "study_not_closed";
    case AnswerRelease::kTooFewResponses:
      return "too_few_responses";
  }
  return "released";
}

AnswerRelease answer_release(const Study& study, long long responses, int min_group_size) {
  if (study.mode != StudyMode::kAnonymous) return AnswerRelease::kReleased;
  if (study.status != StudyStatus::kClosed) return AnswerRelease::kStudyNotClosed;
  if (responses < threshold(min_group_size)) return AnswerRelease::kTooFewResponses;
  return AnswerRelease::kReleased;
}

Status require_released(AnswerRelease release, long long responses, int min_group_size) {
  switch (release) {
    case AnswerRelease::kReleased:
      return ok_status();
    case AnswerRelease::kStudyNotClosed:
      return Error::conflict(
          "Answers of an anonymous study can be read once the study is closed, so that no answer "
          "can be told apart by when it arrived.",
          "status");
    case AnswerRelease::kTooFewResponses:
      return Error::conflict("Answers of an anonymous study can be read once at least " +
                                 std::to_string(threshold(min_group_size)) +
                                 " people have responded; " + std::to_string(responses) +
                                 " did, so their answers stay withheld.",
                             "status");
  }
  return ok_status();
}

Status check_status_change(const Study& study, StudyStatus next, long long responses) {
  if (study.mode == StudyMode::kAnonymous && study.status == StudyStatus::kClosed &&
      next != StudyStatus::kClosed && responses > 0)
    return Error::conflict(
        "This anonymous study was closed with responses, which is final: reopening it would let "
        "a new answer be told apart from the ones already read.",
        "status");
  return ok_status();
}

bool participation_names_people(const Study& study) {
  return study.mode != StudyMode::kAnonymous;
}

GroupDisclosure GroupDisclosure::of(const Study& study,
                                    const std::map<std::string, long long>& sizes,
                                    int min_group_size) {
  GroupDisclosure d;
  if (study.mode != StudyMode::kAnonymous) return d;
  const long long min_n = threshold(min_group_size);
  long long merged = 0;
  for (const auto& [group, n] : sizes) {
    if (n <= 0 || n >= min_n) continue;
    d.renamed_[group] = kMergedGroup;
    merged += n;
  }
  d.all_merged_ = merged > 0 && merged < min_n;
  return d;
}

std::string GroupDisclosure::shown(const std::string& group) const {
  if (all_merged_) return kAllGroups;
  auto it = renamed_.find(group);
  return it == renamed_.end() ? group : it->second;
}

}  // namespace trellis
