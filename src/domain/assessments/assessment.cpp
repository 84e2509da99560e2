#include "domain/assessments/assessment.h"

#include <algorithm>
#include <set>

#include "core/time_format.h"
#include "core/utf8.h"
#include "domain/people.h"

namespace trellis {
namespace {

constexpr std::string_view kKindNames[] = {"self", "mentor", "peer", "support"};
constexpr std::string_view kSelectionNames[] = {"none", "scholar", "organizer", "random"};
constexpr std::string_view kStatusNames[] = {"pending", "draft", "submitted"};

std::string rating_field(std::size_t i, std::string_view name) {
  return "ratings[" + std::to_string(i) + "]." + std::string(name);
}

}  // namespace

std::string_view rater_kind_name(RaterKind kind) {
  return kKindNames[static_cast<int>(kind)];
}

std::optional<RaterKind> parse_rater_kind(std::string_view s) {
  for (RaterKind k : kAllRaterKinds)
    if (rater_kind_name(k) == s) return k;
  return std::nullopt;
}

std::string_view peer_selection_name(PeerSelection s) {
  return kSelectionNames[static_cast<int>(s)];
}

std::optional<PeerSelection> parse_peer_selection(std::string_view s) {
  for (int i = 0; i < 4; ++i)
    if (kSelectionNames[i] == s) return static_cast<PeerSelection>(i);
  return std::nullopt;
}

std::string_view submission_status_name(SubmissionStatus s) {
  return kStatusNames[static_cast<int>(s)];
}

std::optional<SubmissionStatus> parse_submission_status(std::string_view s) {
  for (int i = 0; i < 3; ++i)
    if (kStatusNames[i] == s) return static_cast<SubmissionStatus>(i);
  return std::nullopt;
}

bool AssessmentRound::includes(RaterKind kind) const {
  return std::find(rater_kinds.begin(), rater_kinds.end(), kind) != rater_kinds.end();
}

Timestamp AssessmentRound::effective_close() const {
  return closed_at ? std::min(*closed_at, closes_at) : closes_at;
}

RoundState round_state(const AssessmentRound& round, Timestamp now) {
  if (now >= round.effective_close()) return RoundState::kClosed;
  if (now < round.opens_at) return RoundState::kScheduled;
  return RoundState::kOpen;
}

std::string_view round_state_name(RoundState s) {
  switch (s) {
    case RoundState::kScheduled:
      return "scheduled";
    case RoundState::kOpen:
      return "open";
    case RoundState::kClosed:
      return "closed";
  }
  return "closed";
}

Status validate(const AssessmentRound& round) {
  TRY(clean_name(round.name, "name"));
  if (round.closes_at <= round.opens_at)
    return Error::invalid("closes_at must be after opens_at.", "closes_at");
  if (round.rater_kinds.empty())
    return Error::invalid("A round needs at least one kind of rater.", "rater_kinds");
  std::set<RaterKind> kinds(round.rater_kinds.begin(), round.rater_kinds.end());
  if (kinds.size() != round.rater_kinds.size())
    return Error::invalid("A rater kind appears twice.", "rater_kinds");
  if (round.includes(RaterKind::kPeer)) {
    if (round.peers_per_scholar < 1 || round.peers_per_scholar > kMaxPeersPerScholar)
      return Error::invalid("peers_per_scholar must be between 1 and 10 when peers take part.",
                            "peers_per_scholar");
    if (round.peer_selection == PeerSelection::kNone)
      return Error::invalid("peer_selection must be scholar, organizer or random.",
                            "peer_selection");
  } else if (round.peers_per_scholar != 0 || round.peer_selection != PeerSelection::kNone) {
    return Error::invalid("Peer settings apply only when peers take part.", "peers_per_scholar");
  }
  return ok_status();
}

Status check_round_dates(const AssessmentRound& round, const std::string& cohort_starts_on,
                         const std::string& cohort_ends_on) {
  if (date_of(round.opens_at) > cohort_ends_on)
    return Error::unprocessable("opens_at (" + date_of(round.opens_at) +
                                    ") is after the cohort's last day, " + cohort_ends_on + ".",
                                "opens_at");
  if (date_of(round.closes_at) < cohort_starts_on)
    return Error::unprocessable("closes_at (" + date_of(round.closes_at) +
                                    ") is before the cohort's first day, " + cohort_starts_on + ".",
                                "closes_at");
  return ok_status();
}

bool rounds_overlap(const AssessmentRound& a, const AssessmentRound& b) {
  return a.opens_at < b.effective_close() && b.opens_at < a.effective_close();
}

std::string join_rater_kinds(const std::vector<RaterKind>& kinds) {
  std::string out;
  for (RaterKind k : kinds) {
    if (!out.empty()) out += ',';
    out += rater_kind_name(k);
  }
  return out;
}

std::vector<RaterKind> split_rater_kinds(std::string_view s) {
  std::vector<RaterKind> out;
  while (!s.empty()) {
    auto comma = s.find(',');
    if (auto k = parse_rater_kind(s.substr(0, comma))) out.push_back(*k);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

Status validate_ratings(const std::vector<Rating>& ratings, const std::vector<Quality>& qualities,
                        bool complete) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < ratings.size(); ++i) {
    const Rating& r = ratings[i];
    auto q = std::find_if(qualities.begin(), qualities.end(),
                          [&](const Quality& x) { return x.key == r.quality_key; });
    if (q == qualities.end() || q->retired)
      return Error::invalid("This round does not rate a quality \"" + r.quality_key + "\".",
                            rating_field(i, "quality"));
    if (!seen.insert(r.quality_key).second)
      return Error::invalid("Quality \"" + r.quality_key + "\" is rated twice.",
                            rating_field(i, "quality"));
    if (r.score && (*r.score < kMinScore || *r.score > kMaxScore))
      return Error::invalid("A score is a whole number from 1 to 5, or null for \"cannot judge\".",
                            rating_field(i, "score"));
    if (r.evidence.size() > kMaxEvidenceLength)
      return Error::invalid("Evidence is longer than 4000 bytes.", rating_field(i, "evidence"));
    if (!is_valid_utf8(r.evidence))
      return Error::invalid("Evidence is not valid UTF-8.", rating_field(i, "evidence"));
  }
  if (complete) {
    for (const Quality& q : qualities) {
      if (!q.retired && !seen.contains(q.key))
        return Error::invalid(
            "Rate every quality (or mark it \"cannot judge\") before "
            "submitting; \"" +
                q.key + "\" is missing.",
            "ratings");
    }
  }
  return ok_status();
}

std::uint64_t seed_from(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::vector<std::pair<std::string, std::string>> draw_peers(std::vector<std::string> scholars,
                                                            int peers, std::uint64_t seed) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::size_t n = scholars.size();
  if (n < 2 || peers < 1) return out;
  std::sort(scholars.begin(), scholars.end());  // the draw depends on the seed, not input order
  // splitmix64: small, fast and identical on every platform (std::shuffle is not).
  auto next = [&seed]() {
    std::uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  for (std::size_t i = n - 1; i > 0; --i) std::swap(scholars[i], scholars[next() % (i + 1)]);
  const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(peers), n - 1);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 1; j <= k; ++j) out.emplace_back(scholars[(i + j) % n], scholars[i]);
  return out;
}

StrongestAndWeakest strongest_and_weakest(
    const std::vector<std::pair<std::string, double>>& mentor_ratings, std::size_t count) {
  StrongestAndWeakest out;
  if (mentor_ratings.empty()) return out;
  std::vector<std::pair<std::string, double>> sorted = mentor_ratings;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  const double lowest = sorted.back().second;
  double weakest_below = sorted.front().second;  // a quality to grow scores below this
  for (std::size_t i = 0; i < sorted.size() && out.strongest.size() < count; ++i) {
    if (sorted[i].second <= lowest) break;
    out.strongest.push_back(sorted[i].first);
    weakest_below = sorted[i].second;
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& x, const auto& y) { return x.second < y.second; });
  for (std::size_t i = 0; i < sorted.size() && out.weakest.size() < count; ++i) {
    if (sorted[i].second >= weakest_below) break;
    out.weakest.push_back(sorted[i].first);
  }
  return out;
}

}  // namespace trellis
