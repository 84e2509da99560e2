// AssessmentService: assessment rounds of a cohort, who rates whom, and the raters' drafts and
// submissions. Rounds close by themselves at closes_at (compared with the Clock; nothing runs
// in the background) or earlier when an organizer closes them; after that every write is
// refused with a conflict. Thread-safe (no state).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/assessments/assessment.h"
#include "service/membership_listener.h"
#include "storage/assessments/assessment_repositories.h"
#include "storage/store.h"

namespace trellis {

struct NewRound {
  std::string name;
  Timestamp opens_at = 0;
  Timestamp closes_at = 0;
  std::vector<RaterKind> rater_kinds;
  int peers_per_scholar = 0;
  PeerSelection peer_selection = PeerSelection::kNone;
  std::optional<std::string> framework_version_id;  // default: the program's current version
};

struct RoundPatch {
  std::optional<std::string> name;
  std::optional<Timestamp> opens_at;
  std::optional<Timestamp> closes_at;
};

// A round with how far its raters got.
struct RoundView {
  AssessmentRound round;
  RoundState state = RoundState::kScheduled;
  long long assignments = 0;
  long long submitted = 0;
  // Peer completion as counts only (also inside the totals above): who of the peers submitted
  // is the peer's own business.
  long long peer_assignments = 0;
  long long peer_submitted = 0;
  // Said to organizers when the round is created or rescheduled, e.g. another round of the
  // cohort is open at the same time. Not stored.
  std::vector<std::string> warnings;
};

// Who has (not) submitted in a round, for organizers: one row per assignment of a kind other
// than peer, with the names; peers only as counts (which peer submitted is theirs alone).
struct ProgressFilter {
  std::optional<RaterKind> kind;  // not kPeer
  bool pending_only = false;      // pending and draft only
};
struct ProgressRow {
  Assignment assignment;
  std::string rater_name;
  std::string subject_name;
};
struct RoundProgress {
  Page<ProgressRow> rows;
  long long peer_assignments = 0;
  long long peer_submitted = 0;
};

// An assignment in a list; its progress (status, version, times) only when the reader may see
// it (policy::sees_assignment_progress).
struct AssignmentView {
  Assignment assignment;
  bool progress_shown = true;
};

struct SubmissionInput {
  long long version = 0;  // the version the rater loaded
  SubmissionStatus status = SubmissionStatus::kDraft;
  std::vector<Rating> ratings;
};

struct SubmissionView {
  Assignment assignment;
  std::vector<Rating> ratings;
  RoundState round_state = RoundState::kOpen;
  Timestamp closes_at = 0;
};

class AssessmentService : public MembershipListener {
 public:
  AssessmentService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Creates the round and its assignments: every scholar of the cohort rates themself (self),
  // each mentor rates the scholars of their stream (mentor), each support member rates every
  // scholar (support), and peers are drawn within streams when the selection is random.
  Result<RoundView> create_round(const Actor& actor, const std::string& cohort_id,
                                 const NewRound& input);
  Result<std::vector<RoundView>> list_rounds(const Actor& actor, const std::string& cohort_id);
  Result<RoundView> get_round(const Actor& actor, const std::string& round_id);
  Result<RoundView> update_round(const Actor& actor, const std::string& round_id,
                                 const RoundPatch& patch);
  // Closes the round now (organizers). Conflict when it is already closed.
  Result<RoundView> close_round(const Actor& actor, const std::string& round_id);

  // Adds a peer rater for a scholar: organizers when peers are chosen by the organizer, the
  // scholar themself when scholars choose, never in a random round. Both must be scholars of
  // the cohort (for a scholar's own choice, of the same stream), different people, and the
  // subject may have at most peers_per_scholar peers.
  Result<Assignment> nominate_peer(const Actor& actor, const std::string& round_id,
                                   const std::string& subject_id, const std::string& rater_id);

  // Organizers see every assignment of the round; everyone else their own (as rater). A peer's
  // progress is shown to that peer only.
  Result<Page<AssignmentView>> list_assignments(const Actor& actor, const std::string& round_id,
                                                const PageRequest& page);

  Result<SubmissionView> get_submission(const Actor& actor, const std::string& assignment_id);
  // Saves a draft or a submission (the rater only), replacing the ratings.
  Result<SubmissionView> save_submission(const Actor& actor, const std::string& assignment_id,
                                         const SubmissionInput& input);

  // Organizers (and administrators) see each rater's progress, by kind, optionally pending
  // only; invalid for kind peer.
  Result<RoundProgress> progress(const Actor& actor, const std::string& round_id,
                                 const ProgressFilter& filter, const PageRequest& page);

  // Gives someone who joins a cohort, or changes role or stream in it, the assignments of the
  // cohort's rounds that are still open or scheduled, as each round's rater kinds say: a
  // scholar rates themself and is rated by their stream's mentors and by support; a mentor
  // rates their stream's scholars; support rates every scholar. Peers are left to the round's
  // peer selection. Existing assignments are kept.
  Status membership_changed(Repositories& r, const Membership& membership, Timestamp now) override;

  // What the caller still has to rate: unsubmitted assignments of rounds that are open or
  // scheduled, soonest closing first.
  Result<std::vector<DueAssignment>> due(const Actor& actor);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace trellis
