// Complement suppression: the one rule every aggregate over people obeys (assessment reports,
// study reports). No aggregate is shown for fewer rows than the threshold, and none may let the
// viewer derive a small group: what the aggregate covers minus what the viewer already sees row
// by row (a mentor's own stream in the heatmap, say) must be nothing or at least the threshold.
// When a total is shown beside some of its parts, the parts left hidden must together be nothing
// or at least the threshold too, or the total minus the shown parts would reveal them.
// Pure functions; thread-safe. The rule is stated in docs/access-control.md and ADR 8.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace trellis::privacy {

// The rows (scholars, respondents, peer raters) one aggregate covers, and how many of those the
// viewer can already see one by one elsewhere. `seen` never exceeds `covered`.
struct Coverage {
  long long covered = 0;
  long long seen = 0;
  long long unseen() const { return covered - seen; }
};

// True when the aggregate covers at least `threshold` rows and adds to what the viewer sees
// either no row or at least `threshold` rows.
bool may_show(const Coverage& coverage, long long threshold);

// Why a figure is withheld, so that people read the real reason ("group too small (4 < 5)")
// rather than one phrase for every case.
enum class WithheldReason {
  kGroupTooSmall,  // fewer rows than the threshold
  kComplement,     // enough rows, but the viewer could subtract their way to a smaller group
  kRoundOpen,      // peers' figures wait for the round to close
  kNotComparable,  // nothing to compare with: the earlier round did not rate this quality
};
// "group_too_small", "complement", "round_open", "not_comparable".
std::string_view withheld_reason_name(WithheldReason reason);

struct Withheld {
  WithheldReason reason = WithheldReason::kGroupTooSmall;
  long long covered = 0;    // rows the figure would cover (said only for kGroupTooSmall)
  long long threshold = 0;  // the minimum it needs
};

// A figure, or why it is withheld. There is no empty state: whoever withholds a figure says why.
template <typename T>
class Gated {
 public:
  Gated(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Gated(Withheld why) : why_(why) {}            // NOLINT(google-explicit-constructor)
  explicit operator bool() const { return value_.has_value(); }
  const T& operator*() const { return *value_; }
  const T* operator->() const { return &*value_; }
  // Meaningful only when withheld.
  const Withheld& why() const { return why_; }

 private:
  std::optional<T> value_;
  Withheld why_;
};

// Why the aggregate may not be shown (the reason may_show refuses), or nullopt when it may.
std::optional<Withheld> withheld(const Coverage& coverage, long long threshold);

// Why a part hidden by disclose_breakdown is hidden: its own reason, or the complement rule
// when the part alone would have passed.
Withheld withheld_part(const Coverage& part, long long threshold);

// Which parts of a total split into disjoint parts (streams of a cohort, respondent groups of a
// study) may be shown, and whether the total may. Each part and the total must pass may_show;
// then, while the total is shown and the hidden parts' unseen rows add up to fewer than
// `threshold` (but more than none), the shown part with the fewest unseen rows is hidden too;
// when no such part is left the total is hidden instead.
struct Breakdown {
  bool total = false;
  std::vector<bool> parts;  // parallel to the parts given
};
Breakdown disclose_breakdown(const Coverage& total, const std::vector<Coverage>& parts,
                             long long threshold);

}  // namespace trellis::privacy
