// Assessments: framework versions, rounds, who rates whom, and the ratings. Plain types and
// their rules; no I/O. See docs/adr/0008-assessments.md.
//
// A round belongs to a cohort and records the framework version it uses. Raters of four kinds
// take part: the scholar about themself, the scholar's mentor, peers (other scholars) and the
// support team. An assignment says who rates whom; it carries the submission itself (draft or
// submitted, with a version for optimistic concurrency) and its ratings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/assessments/framework.h"

namespace trellis {

// One saved state of a program's framework. Immutable once stored.
struct FrameworkVersion {
  std::string id;
  std::string program_id;
  int number = 1;  // 1, 2, … within the program
  std::string name;
  std::vector<Quality> qualities;  // in display order; retired ones kept for history
  Timestamp created_at = 0;
  std::string created_by;  // user id; empty when Trellis itself created it
};

enum class RaterKind { kSelf, kMentor, kPeer, kSupport };
inline constexpr RaterKind kAllRaterKinds[] = {RaterKind::kSelf, RaterKind::kMentor,
                                               RaterKind::kPeer, RaterKind::kSupport};
inline constexpr std::size_t kRaterKindCount = 4;
std::string_view rater_kind_name(RaterKind kind);  // "self", "mentor", "peer", "support"
std::optional<RaterKind> parse_rater_kind(std::string_view s);
inline std::size_t index_of(RaterKind kind) {
  return static_cast<std::size_t>(kind);
}

// How peers are chosen in a round that includes peer raters.
enum class PeerSelection {
  kNone,       // the round has no peer raters
  kScholar,    // each scholar nominates who rates them
  kOrganizer,  // organizers assign peers
  kRandom,     // Trellis draws peers within the scholar's stream when the round is created
};
std::string_view peer_selection_name(PeerSelection s);
std::optional<PeerSelection> parse_peer_selection(std::string_view s);

inline constexpr int kMaxPeersPerScholar = 10;

struct AssessmentRound {
  std::string id;
  std::string cohort_id;
  std::string name;  // unique within the cohort
  Timestamp opens_at = 0;
  Timestamp closes_at = 0;             // the round closes by itself at this moment
  std::optional<Timestamp> closed_at;  // set when an organizer closed it earlier
  std::string framework_version_id;
  std::vector<RaterKind> rater_kinds;  // distinct, in the order of kAllRaterKinds
  int peers_per_scholar = 0;
  PeerSelection peer_selection = PeerSelection::kNone;
  Timestamp created_at = 0;

  bool includes(RaterKind kind) const;
  // When the round stopped (or will stop) accepting ratings.
  Timestamp effective_close() const;
};

enum class RoundState { kScheduled, kOpen, kClosed };
RoundState round_state(const AssessmentRound& round, Timestamp now);
std::string_view round_state_name(RoundState s);  // "scheduled", "open", "closed"

// Checks name, times (closes after opens), rater kinds (at least one) and the peer settings
// (peers_per_scholar 1..10 and a selection when peers take part, 0 and none otherwise).
Status validate(const AssessmentRound& round);

// Checks a round's times against its cohort's dates (YYYY-MM-DD, UTC days): the round must
// overlap the cohort, so it opens no later than the cohort's last day and closes no earlier
// than its first. A baseline round before the start or a follow-up after the end is fine.
// unprocessable (422), naming opens_at or closes_at and the cohort date it contradicts.
Status check_round_dates(const AssessmentRound& round, const std::string& cohort_starts_on,
                         const std::string& cohort_ends_on);

// True when two rounds accept ratings at the same moment (open at once) at some point.
bool rounds_overlap(const AssessmentRound& a, const AssessmentRound& b);

// "self,mentor" <-> kinds; parsing ignores unknown names (the schema only stores known ones).
std::string join_rater_kinds(const std::vector<RaterKind>& kinds);
std::vector<RaterKind> split_rater_kinds(std::string_view s);

enum class SubmissionStatus { kPending, kDraft, kSubmitted };
std::string_view submission_status_name(SubmissionStatus s);
std::optional<SubmissionStatus> parse_submission_status(std::string_view s);

// One quality rated in a submission. No score means "cannot judge".
struct Rating {
  std::string quality_key;
  std::optional<int> score;  // 1..5
  std::string evidence;      // optional free text
};

inline constexpr std::size_t kMaxEvidenceLength = 4000;

// Who rates whom in a round, with the submission's state.
struct Assignment {
  std::string id;
  std::string round_id;
  std::string rater_id;
  std::string subject_id;
  std::string subject_stream_id;  // the subject's stream when the assignment was made; may be ""
  RaterKind kind = RaterKind::kSelf;
  SubmissionStatus status = SubmissionStatus::kPending;
  long long version = 0;  // increases with every save; a stale version is refused
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::optional<Timestamp> submitted_at;
};

// Checks ratings against the framework version's active qualities: known, not retired keys,
// each at most once, scores 1..5, evidence length and UTF-8. When `complete` is true (a
// submission, not a draft) every active quality must be present (with a score or "cannot
// judge"). Errors name the field as "ratings[i].score" etc.
Status validate_ratings(const std::vector<Rating>& ratings, const std::vector<Quality>& qualities,
                        bool complete);

// The peers of one stream drawn for a round: scholars in a seeded random order, each rated by
// the next `peers` scholars in that order (wrapping around), so every scholar gets the same
// number of peer raters and rates the same number of peers. Returns (rater, subject) pairs.
// `peers` is capped at the stream's size minus one. The same seed gives the same draw.
std::vector<std::pair<std::string, std::string>> draw_peers(std::vector<std::string> scholars,
                                                            int peers, std::uint64_t seed);

// A stable 64-bit seed from text (FNV-1a), e.g. from a round id.
std::uint64_t seed_from(std::string_view text);

// A scholar's strongest qualities and those to grow, by their mentor's rating: up to `count`
// each, highest first and lowest first. A quality is never in both lists: one tied with a
// strongest quality is not offered as one to grow, and when every rating is equal neither list
// has anything (nothing stands out). Input order breaks ties in the order shown.
struct StrongestAndWeakest {
  std::vector<std::string> strongest;
  std::vector<std::string> weakest;
};
StrongestAndWeakest strongest_and_weakest(
    const std::vector<std::pair<std::string, double>>& mentor_ratings, std::size_t count = 3);

}  // namespace trellis
