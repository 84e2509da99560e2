#include "service/assessments/assessment_service.h"

#include <algorithm>
#include <map>

#include "core/id.h"
#include "domain/assessments/assessment_policy.h"
#include "domain/policy.h"
#include "service/assessments/framework_service.h"
#include "service/audit_event.h"
#include "service/lookup.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace {

struct Loaded {
  AssessmentRound round;
  policy::RoundScope scope;
};

Result<Loaded> load_round(Repositories& r, const std::string& round_id) {
  AssessmentRound round = TRY(r.assessments().find_round(round_id));
  Cohort cohort = TRY(r.cohorts().find(round.cohort_id));
  return Loaded{std::move(round), {cohort.program_id, cohort.id}};
}

Result<std::vector<Membership>> all_members(Repositories& r, const std::string& cohort_id,
                                            Role role) {
  std::vector<Membership> out;
  PageRequest page;
  page.limit = kMaxPageLimit;
  MembershipFilter filter;
  filter.role = role;
  for (;;) {
    Page<Membership> p = TRY(r.memberships().list_by_cohort(cohort_id, filter, page));
    for (auto& m : p.items) out.push_back(std::move(m));
    if (p.next_cursor.empty()) break;
    page.after = p.next_cursor;
  }
  return out;
}

Result<RoundView> view_of(Repositories& r, AssessmentRound round, Timestamp now) {
  RoundView v;
  v.state = round_state(round, now);
  v.assignments = TRY(r.assessments().count_assignments(round.id, {}));
  AssignmentFilter submitted;
  submitted.status = SubmissionStatus::kSubmitted;
  v.submitted = TRY(r.assessments().count_assignments(round.id, submitted));
  if (round.includes(RaterKind::kPeer)) {
    AssignmentFilter peers;
    peers.kind = RaterKind::kPeer;
    v.peer_assignments = TRY(r.assessments().count_assignments(round.id, peers));
    peers.status = SubmissionStatus::kSubmitted;
    v.peer_submitted = TRY(r.assessments().count_assignments(round.id, peers));
  }
  v.round = std::move(round);
  return v;
}

// Warnings for organizers about a round as it will be: another round of the cohort open at the
// same time (raters would have two forms to fill in at once).
Result<std::vector<std::string>> round_warnings(Repositories& r, const AssessmentRound& round,
                                                Timestamp now) {
  std::vector<std::string> out;
  for (const AssessmentRound& other : TRY(r.assessments().list_rounds(round.cohort_id))) {
    if (other.id == round.id || round_state(other, now) == RoundState::kClosed) continue;
    if (rounds_overlap(round, other))
      out.push_back("The round \"" + other.name +
                    "\" is open at the same time: raters will have both to fill in.");
  }
  return out;
}

// Whether someone takes part in the round (rates or is rated there): only they are offered or
// accepted as peers.
Result<bool> takes_part(Repositories& r, const std::string& round_id, const std::string& user_id) {
  AssignmentFilter as_rater;
  as_rater.rater_id = user_id;
  if (TRY(r.assessments().count_assignments(round_id, as_rater)) > 0) return true;
  AssignmentFilter as_subject;
  as_subject.subject_id = user_id;
  return TRY(r.assessments().count_assignments(round_id, as_subject)) > 0;
}

// Adds the assignment unless the rater already rates the subject as that kind in the round.
Status assign_once(Repositories& r, const AssessmentRound& round, const std::string& rater_id,
                   const Membership& subject, RaterKind kind, Timestamp now) {
  if (rater_id == subject.user_id && kind != RaterKind::kSelf) return ok_status();
  AssignmentFilter same;
  same.rater_id = rater_id;
  same.subject_id = subject.user_id;
  same.kind = kind;
  if (TRY(r.assessments().count_assignments(round.id, same)) > 0) return ok_status();
  Assignment a;
  a.id = new_id_at(now);
  a.round_id = round.id;
  a.rater_id = rater_id;
  a.subject_id = subject.user_id;
  a.subject_stream_id = subject.stream_id.value_or("");
  a.kind = kind;
  a.created_at = a.updated_at = now;
  return r.assessments().insert_assignment(a);
}

// Whether the viewer submitted their own mentor rating of the subject in the round (what
// "mentors rate first" waits for).
Result<bool> mentor_submitted(Repositories& r, const std::string& round_id,
                              const std::string& viewer_id, const std::string& subject_id) {
  AssignmentFilter mine;
  mine.rater_id = viewer_id;
  mine.subject_id = subject_id;
  mine.kind = RaterKind::kMentor;
  mine.status = SubmissionStatus::kSubmitted;
  return TRY(r.assessments().count_assignments(round_id, mine)) > 0;
}

bool same_ratings(std::vector<Rating> a, std::vector<Rating> b) {
  auto by_key = [](const Rating& x, const Rating& y) { return x.quality_key < y.quality_key; };
  std::sort(a.begin(), a.end(), by_key);
  std::sort(b.begin(), b.end(), by_key);
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Rating& x, const Rating& y) {
    return x.quality_key == y.quality_key && x.score == y.score && x.evidence == y.evidence;
  });
}

Error closed_error(const AssessmentRound& round) {
  return Error::conflict("The round \"" + round.name +
                         "\" is closed; its assessments can no longer change.");
}

}  // namespace

Result<RoundView> AssessmentService::create_round(const Actor& actor, const std::string& cohort_id,
                                                  const NewRound& input) {
  TRY(policy::require_signed_in(actor));
  AssessmentRound round;
  round.created_at = clock_.now();
  round.id = new_id_at(round.created_at);
  round.cohort_id = cohort_id;
  round.name = TRY(clean_name(input.name, "name"));
  round.opens_at = input.opens_at;
  round.closes_at = input.closes_at;
  for (RaterKind k : kAllRaterKinds)  // canonical order, duplicates caught by validate
    for (RaterKind given : input.rater_kinds)
      if (given == k) round.rater_kinds.push_back(k);
  round.peers_per_scholar = input.peers_per_scholar;
  round.peer_selection = input.peer_selection;
  TRY(validate(round));
  if (round.closes_at <= round.created_at)
    return Error::invalid("closes_at must be in the future.", "closes_at");

  std::optional<RoundView> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Cohort cohort = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_manage_cohort(actor, cohort.program_id));
    TRY(policy::can_read_cohort(actor, cohort.program_id, cohort.id));
    TRY(check_round_dates(round, cohort.starts_on, cohort.ends_on));
    if (input.framework_version_id) {
      auto v = r.frameworks().find_version(*input.framework_version_id);
      if (!TRY(found(v)) || v->program_id != cohort.program_id)
        return Error::invalid("This framework version does not exist in this program.",
                              "framework_version_id");
      round.framework_version_id = v->id;
    } else {
      round.framework_version_id =
          TRY(FrameworkService::ensure_current(r, cohort.program_id, round.created_at)).id;
    }
    for (const AssessmentRound& existing : TRY(r.assessments().list_rounds(cohort_id)))
      if (existing.name == round.name)
        return Error::conflict("The cohort already has a round with this name.", "name");
    TRY(r.assessments().insert_round(round));

    std::vector<Membership> scholars = TRY(all_members(r, cohort_id, Role::kScholar));
    std::vector<Assignment> assignments;
    auto assign = [&](const std::string& rater, const Membership& subject, RaterKind kind) {
      Assignment a;
      a.id = new_id_at(round.created_at);
      a.round_id = round.id;
      a.rater_id = rater;
      a.subject_id = subject.user_id;
      a.subject_stream_id = subject.stream_id.value_or("");
      a.kind = kind;
      a.created_at = a.updated_at = round.created_at;
      assignments.push_back(std::move(a));
    };
    if (round.includes(RaterKind::kSelf))
      for (const Membership& s : scholars) assign(s.user_id, s, RaterKind::kSelf);
    if (round.includes(RaterKind::kMentor)) {
      for (const Membership& m : TRY(all_members(r, cohort_id, Role::kMentor)))
        for (const Membership& s : scholars)
          if (m.stream_id && s.stream_id == m.stream_id && m.user_id != s.user_id)
            assign(m.user_id, s, RaterKind::kMentor);
    }
    if (round.includes(RaterKind::kSupport)) {
      for (const Membership& m : TRY(all_members(r, cohort_id, Role::kSupport)))
        for (const Membership& s : scholars)
          if (m.user_id != s.user_id) assign(m.user_id, s, RaterKind::kSupport);
    }
    if (round.includes(RaterKind::kPeer) && round.peer_selection == PeerSelection::kRandom) {
      std::map<std::string, std::vector<std::string>> by_stream;
      std::map<std::string, const Membership*> by_user;
      for (const Membership& s : scholars) {
        by_user[s.user_id] = &s;
        if (s.stream_id) by_stream[*s.stream_id].push_back(s.user_id);
      }
      for (auto& [stream, ids] : by_stream)
        for (auto& [rater, subject] :
             draw_peers(ids, round.peers_per_scholar, seed_from(round.id + stream)))
          assign(rater, *by_user[subject], RaterKind::kPeer);
    }
    for (const Assignment& a : assignments) TRY(r.assessments().insert_assignment(a));
    TRY(r.audit().append(audit_event(actor, clock_, "assessment_round.create",
                                     {"assessment_round", round.id, cohort.program_id},
                                     std::to_string(assignments.size()) + " assignments")));
    out = TRY(view_of(r, round, clock_.now()));
    out->warnings = TRY(round_warnings(r, round, clock_.now()));
    return ok_status();
  }));
  return *out;
}

Result<std::vector<RoundView>> AssessmentService::list_rounds(const Actor& actor,
                                                              const std::string& cohort_id) {
  TRY(policy::require_signed_in(actor));
  std::vector<RoundView> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Cohort cohort = TRY(r.cohorts().find(cohort_id));
    TRY(policy::can_read_cohort(actor, cohort.program_id, cohort.id));
    for (AssessmentRound& round : TRY(r.assessments().list_rounds(cohort_id))) {
      out.push_back(TRY(view_of(r, std::move(round), clock_.now())));
    }
    return ok_status();
  }));
  return out;
}

Result<RoundView> AssessmentService::get_round(const Actor& actor, const std::string& round_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<RoundView> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Loaded l = TRY(load_round(r, round_id));
    TRY(policy::can_read_round(actor, l.scope));
    out = TRY(view_of(r, std::move(l.round), clock_.now()));
    return ok_status();
  }));
  return *out;
}

Result<RoundView> AssessmentService::update_round(const Actor& actor, const std::string& round_id,
                                                  const RoundPatch& patch) {
  TRY(policy::require_signed_in(actor));
  std::optional<RoundView> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Loaded l = TRY(load_round(r, round_id));
    TRY(policy::can_manage_round(actor, l.scope));
    const Timestamp now = clock_.now();
    if (round_state(l.round, now) == RoundState::kClosed) return closed_error(l.round);
    if (patch.name) {
      l.round.name = TRY(clean_name(*patch.name, "name"));
      for (const AssessmentRound& other : TRY(r.assessments().list_rounds(l.round.cohort_id)))
        if (other.id != l.round.id && other.name == l.round.name)
          return Error::conflict("The cohort already has a round with this name.", "name");
    }
    if (patch.opens_at) l.round.opens_at = *patch.opens_at;
    if (patch.closes_at) {
      if (*patch.closes_at <= now)
        return Error::invalid("closes_at must be in the future; close the round instead.",
                              "closes_at");
      l.round.closes_at = *patch.closes_at;
    }
    TRY(validate(l.round));
    Cohort cohort = TRY(r.cohorts().find(l.round.cohort_id));
    TRY(check_round_dates(l.round, cohort.starts_on, cohort.ends_on));
    TRY(r.assessments().update_round(l.round));
    TRY(r.audit().append(audit_event(actor, clock_, "assessment_round.update",
                                     {"assessment_round", l.round.id, l.scope.program_id})));
    std::vector<std::string> warnings = TRY(round_warnings(r, l.round, now));
    out = TRY(view_of(r, std::move(l.round), now));
    out->warnings = std::move(warnings);
    return ok_status();
  }));
  return *out;
}

Result<RoundView> AssessmentService::close_round(const Actor& actor, const std::string& round_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<RoundView> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Loaded l = TRY(load_round(r, round_id));
    TRY(policy::can_manage_round(actor, l.scope));
    const Timestamp now = clock_.now();
    if (round_state(l.round, now) == RoundState::kClosed)
      return Error::conflict("The round \"" + l.round.name + "\" is already closed.");
    l.round.closed_at = now;
    TRY(r.assessments().update_round(l.round));
    TRY(r.audit().append(audit_event(actor, clock_, "assessment_round.close",
                                     {"assessment_round", l.round.id, l.scope.program_id})));
    out = TRY(view_of(r, std::move(l.round), now));
    return ok_status();
  }));
  return *out;
}

Result<Assignment> AssessmentService::nominate_peer(const Actor& actor, const std::string& round_id,
                                                    const std::string& subject_id,
                                                    const std::string& rater_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<Assignment> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Loaded l = TRY(load_round(r, round_id));
    TRY(policy::can_read_round(actor, l.scope));
    const AssessmentRound& round = l.round;
    const bool staff = actor.is_superuser() || policy::organizes(actor, l.scope.program_id);
    switch (round.peer_selection) {
      case PeerSelection::kNone:
        return Error::conflict("Peers do not take part in this round.");
      case PeerSelection::kRandom:
        return Error::conflict("Peers are drawn at random in this round.");
      case PeerSelection::kOrganizer:
        if (!staff) return Error::forbidden("In this round the organizers choose the peers.");
        break;
      case PeerSelection::kScholar:
        if (actor.user_id != subject_id)
          return Error::forbidden("In this round each scholar chooses their own peers.");
        break;
    }
    if (round_state(round, clock_.now()) == RoundState::kClosed) return closed_error(round);
    if (subject_id == rater_id)
      return Error::invalid("A scholar cannot be their own peer rater.", "rater_id");
    std::map<std::string, Membership> scholars;
    for (Membership& m : TRY(all_members(r, round.cohort_id, Role::kScholar)))
      scholars[m.user_id] = std::move(m);
    auto subject = scholars.find(subject_id);
    if (subject == scholars.end())
      return Error::invalid("This scholar is not in the round's cohort.", "subject_id");
    auto rater = scholars.find(rater_id);
    if (rater == scholars.end())
      return Error::invalid("The peer is not a scholar of the round's cohort.", "rater_id");
    if (!staff && rater->second.stream_id != subject->second.stream_id)
      return Error::invalid("Choose a peer from your own stream.", "rater_id");
    if (!TRY(takes_part(r, round.id, subject_id)))
      return Error::invalid("This scholar has no assessments in this round.", "subject_id");
    if (!TRY(takes_part(r, round.id, rater_id)))
      return Error::invalid("The peer has no assessments in this round.", "rater_id");
    AssignmentFilter mine;
    mine.subject_id = subject_id;
    mine.kind = RaterKind::kPeer;
    if (TRY(r.assessments().count_assignments(round.id, mine)) >= round.peers_per_scholar)
      return Error::conflict("This scholar already has " + std::to_string(round.peers_per_scholar) +
                             " peer raters.");
    mine.rater_id = rater_id;
    if (TRY(r.assessments().count_assignments(round.id, mine)) > 0)
      return Error::conflict("This peer already rates this scholar.", "rater_id");
    Assignment a;
    a.created_at = a.updated_at = clock_.now();
    a.id = new_id_at(a.created_at);
    a.round_id = round.id;
    a.rater_id = rater_id;
    a.subject_id = subject_id;
    a.subject_stream_id = subject->second.stream_id.value_or("");
    a.kind = RaterKind::kPeer;
    TRY(r.assessments().insert_assignment(a));
    TRY(r.audit().append(audit_event(actor, clock_, "assessment.peer_nominate",
                                     {"assessment", a.id, l.scope.program_id})));
    out = std::move(a);
    return ok_status();
  }));
  return *out;
}

Result<Page<AssignmentView>> AssessmentService::list_assignments(const Actor& actor,
                                                                 const std::string& round_id,
                                                                 const PageRequest& page) {
  TRY(policy::require_signed_in(actor));
  Page<AssignmentView> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Loaded l = TRY(load_round(r, round_id));
    TRY(policy::can_read_round(actor, l.scope));
    AssignmentFilter filter;
    if (!actor.is_superuser() && !policy::organizes(actor, l.scope.program_id))
      filter.rater_id = actor.user_id;
    Page<Assignment> found = TRY(r.assessments().list_assignments(round_id, filter, page));
    out.next_cursor = std::move(found.next_cursor);
    for (Assignment& a : found.items) {
      const bool shown = policy::sees_assignment_progress(actor, l.scope, a);
      out.items.push_back({std::move(a), shown});
    }
    return ok_status();
  }));
  return out;
}

Result<SubmissionView> AssessmentService::get_submission(const Actor& actor,
                                                         const std::string& assignment_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<SubmissionView> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Assignment a = TRY(r.assessments().find_assignment(assignment_id));
    Loaded l = TRY(load_round(r, a.round_id));
    bool withheld = false;
    if (a.kind == RaterKind::kSelf && actor.user_id != a.rater_id) {
      Program program = TRY(r.programs().find(l.scope.program_id));
      withheld = policy::self_rating_withheld(
          actor, l.scope, a.subject_id, a.subject_stream_id, program.mentors_rate_first,
          TRY(mentor_submitted(r, a.round_id, actor.user_id, a.subject_id)));
    }
    TRY(policy::can_read_submission(actor, l.scope, a, withheld));
    SubmissionView v;
    v.ratings = TRY(r.assessments().list_ratings(a.id));
    v.assignment = std::move(a);
    v.round_state = round_state(l.round, clock_.now());
    v.closes_at = l.round.effective_close();
    out = std::move(v);
    return ok_status();
  }));
  return *out;
}

Result<SubmissionView> AssessmentService::save_submission(const Actor& actor,
                                                          const std::string& assignment_id,
                                                          const SubmissionInput& input) {
  TRY(policy::require_signed_in(actor));
  if (input.status == SubmissionStatus::kPending)
    return Error::invalid("status must be draft or submitted.", "status");
  std::optional<SubmissionView> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    Assignment a = TRY(r.assessments().find_assignment(assignment_id));
    Loaded l = TRY(load_round(r, a.round_id));
    TRY(policy::can_read_submission(actor, l.scope, a));
    if (actor.user_id != a.rater_id)
      return Error::forbidden("Only the rater can change this assessment.");
    const Timestamp now = clock_.now();
    switch (round_state(l.round, now)) {
      case RoundState::kScheduled:
        return Error::conflict("The round \"" + l.round.name + "\" has not opened yet.");
      case RoundState::kClosed:
        return closed_error(l.round);
      case RoundState::kOpen:
        break;
    }
    if (input.version != a.version)
      return Error::conflict(
          "This assessment was saved elsewhere since you loaded it (it is "
          "now at version " +
              std::to_string(a.version) + "); reload it.",
          "version");
    FrameworkVersion framework = TRY(r.frameworks().find_version(l.round.framework_version_id));
    TRY(validate_ratings(input.ratings, framework.qualities,
                         input.status == SubmissionStatus::kSubmitted));
    const bool was_submitted = a.status == SubmissionStatus::kSubmitted;
    const bool submitting = input.status == SubmissionStatus::kSubmitted;
    const bool ratings_changed =
        !was_submitted || !same_ratings(TRY(r.assessments().list_ratings(a.id)), input.ratings);
    a.status = input.status;
    a.updated_at = now;
    // Saving a submitted assessment again keeps its submission time.
    a.submitted_at = !submitting                       ? std::nullopt
                     : was_submitted && a.submitted_at ? a.submitted_at
                                                       : std::optional<Timestamp>(now);
    Assignment saved = TRY(r.assessments().save_submission(a, input.version, input.ratings));
    // One "submit" per submission: saving a submitted assessment again (the form autosaves) is
    // an edit when the ratings changed and nothing to log when they did not.
    const char* action = !submitting      ? "assessment.save"
                         : !was_submitted ? "assessment.submit"
                                          : "assessment.edit";
    if (ratings_changed || !was_submitted || !submitting)
      TRY(r.audit().append(
          audit_event(actor, clock_, action, {"assessment", a.id, l.scope.program_id})));
    SubmissionView v;
    v.ratings = TRY(r.assessments().list_ratings(a.id));
    v.assignment = std::move(saved);
    v.round_state = RoundState::kOpen;
    v.closes_at = l.round.effective_close();
    out = std::move(v);
    return ok_status();
  }));
  return *out;
}

Result<std::vector<DueAssignment>> AssessmentService::due(const Actor& actor) {
  TRY(policy::require_signed_in(actor));
  std::vector<DueAssignment> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.assessments().list_due(actor.user_id, clock_.now()));
    return ok_status();
  }));
  std::erase_if(out, [](const DueAssignment& d) {
    return d.assignment.status == SubmissionStatus::kSubmitted;
  });
  return out;
}

Result<RoundProgress> AssessmentService::progress(const Actor& actor, const std::string& round_id,
                                                  const ProgressFilter& filter,
                                                  const PageRequest& page) {
  TRY(policy::require_signed_in(actor));
  if (filter.kind == RaterKind::kPeer)
    return Error::invalid(
        "Peer progress is shown only as counts: which peer submitted is theirs alone.", "kind");
  RoundProgress out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Loaded l = TRY(load_round(r, round_id));
    TRY(policy::can_manage_round(actor, l.scope));
    AssignmentFilter f;
    f.kind = filter.kind;
    f.unsubmitted = filter.pending_only;
    f.without_peers = true;
    Page<Assignment> found = TRY(r.assessments().list_assignments(round_id, f, page));
    std::map<std::string, std::string> names;
    auto name_of = [&](const std::string& id) -> Result<std::string> {
      auto it = names.find(id);
      if (it == names.end()) it = names.emplace(id, TRY(r.users().find(id)).display_name).first;
      return it->second;
    };
    for (Assignment& a : found.items) {
      ProgressRow row{a, TRY(name_of(a.rater_id)), TRY(name_of(a.subject_id))};
      out.rows.items.push_back(std::move(row));
    }
    out.rows.next_cursor = std::move(found.next_cursor);
    if (l.round.includes(RaterKind::kPeer)) {
      AssignmentFilter peers;
      peers.kind = RaterKind::kPeer;
      out.peer_assignments = TRY(r.assessments().count_assignments(round_id, peers));
      peers.status = SubmissionStatus::kSubmitted;
      out.peer_submitted = TRY(r.assessments().count_assignments(round_id, peers));
    }
    return ok_status();
  }));
  return out;
}

Status AssessmentService::membership_changed(Repositories& r, const Membership& m, Timestamp now) {
  if (m.role != Role::kScholar && m.role != Role::kMentor && m.role != Role::kSupport)
    return ok_status();
  std::vector<AssessmentRound> rounds;
  for (AssessmentRound& round : TRY(r.assessments().list_rounds(m.cohort_id)))
    if (round_state(round, now) != RoundState::kClosed) rounds.push_back(std::move(round));
  if (rounds.empty()) return ok_status();
  const std::vector<Membership> scholars = TRY(all_members(r, m.cohort_id, Role::kScholar));
  for (const AssessmentRound& round : rounds) {
    if (m.role == Role::kScholar) {
      if (round.includes(RaterKind::kSelf))
        TRY(assign_once(r, round, m.user_id, m, RaterKind::kSelf, now));
      if (round.includes(RaterKind::kMentor) && m.stream_id)
        for (const Membership& mentor : TRY(all_members(r, m.cohort_id, Role::kMentor)))
          if (mentor.stream_id == m.stream_id)
            TRY(assign_once(r, round, mentor.user_id, m, RaterKind::kMentor, now));
      if (round.includes(RaterKind::kSupport))
        for (const Membership& support : TRY(all_members(r, m.cohort_id, Role::kSupport)))
          TRY(assign_once(r, round, support.user_id, m, RaterKind::kSupport, now));
    } else if (m.role == Role::kMentor && round.includes(RaterKind::kMentor) && m.stream_id) {
      for (const Membership& s : scholars)
        if (s.stream_id == m.stream_id)
          TRY(assign_once(r, round, m.user_id, s, RaterKind::kMentor, now));
    } else if (m.role == Role::kSupport && round.includes(RaterKind::kSupport)) {
      for (const Membership& s : scholars)
        TRY(assign_once(r, round, m.user_id, s, RaterKind::kSupport, now));
    }
  }
  return ok_status();
}

}  // namespace trellis
