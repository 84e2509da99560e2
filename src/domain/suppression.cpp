#include "domain/suppression.h"

#include <optional>

namespace trellis::privacy {

bool may_show(const Coverage& coverage, long long threshold) {
  if (coverage.covered < threshold) return false;
  const long long unseen = coverage.unseen();
  return unseen <= 0 || unseen >= threshold;
}

std::string_view withheld_reason_name(WithheldReason reason) {
  switch (reason) {
    case WithheldReason::kGroupTooSmall:
      return "group_too_small";
    case WithheldReason::kComplement:
      return "complement";
    case WithheldReason::kRoundOpen:
      return "round_open";
    case WithheldReason::kNotComparable:
      return "not_comparable";
  }
  return "group_too_small";
}

std::optional<Withheld> withheld(const Coverage& coverage, long long threshold) {
  if (coverage.covered < threshold)
    return Withheld{WithheldReason::kGroupTooSmall, coverage.covered, threshold};
  if (!may_show(coverage, threshold)) return Withheld{WithheldReason::kComplement, 0, threshold};
  return std::nullopt;
}

Withheld withheld_part(const Coverage& part, long long threshold) {
  return withheld(part, threshold).value_or(Withheld{WithheldReason::kComplement, 0, threshold});
}

Breakdown disclose_breakdown(const Coverage& total, const std::vector<Coverage>& parts,
                             long long threshold) {
  Breakdown out;
  out.total = may_show(total, threshold);
  long long hidden_unseen = 0;
  for (const Coverage& part : parts) {
    const bool shown = may_show(part, threshold);
    out.parts.push_back(shown);
    if (!shown) hidden_unseen += part.unseen();
  }
  // Without the total nothing is subtracted from it, so the parts stand on their own.
  while (out.total && hidden_unseen > 0 && hidden_unseen < threshold) {
    std::optional<std::size_t> smallest;
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (out.parts[i] && parts[i].unseen() > 0 &&
          (!smallest || parts[i].unseen() < parts[*smallest].unseen()))
        smallest = i;
    if (!smallest) {
      out.total = false;
      break;
    }
    out.parts[*smallest] = false;
    hidden_unseen += parts[*smallest].unseen();
  }
  return out;
}

}  // namespace trellis::privacy
