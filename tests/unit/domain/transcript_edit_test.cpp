// Correcting a transcript: the changed stretch of an edit, and where each coded segment goes.
#include "domain/studies/transcript_edit.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace trellis {
namespace {

TEST(TranscriptEdit, TheChangeIsTheStretchBetweenTheCommonBeginningAndEnd) {
  struct Case {
    std::string before, after;
    long long start, old_end, new_end;
  };
  const std::vector<Case> cases = {
      {"same", "same", 4, 4, 4},
      {"Concise updtes.", "Concise updates.", 11, 11, 12},  // an insertion
      {"a big dog", "a dog", 2, 6, 2},                      // a deletion
      {"red cat", "tan cat", 0, 3, 3},                      // a replacement
      {"aa", "a", 1, 2, 1},                                 // the end cannot overlap the beginning
      {"", "new", 0, 0, 3},
      {"Chloé lit", "Chloé a lu", 6, 9, 10},  // code points, not bytes: é is one
  };
  for (const Case& c : cases) {
    TextChange got = text_change(c.before, c.after);
    EXPECT_EQ(got.start, c.start) << c.before << " -> " << c.after;
    EXPECT_EQ(got.old_end, c.old_end) << c.before << " -> " << c.after;
    EXPECT_EQ(got.new_end, c.new_end) << c.before << " -> " << c.after;
  }
}

TEST(TranscriptEdit, SegmentsStayMoveGrowOrAreCut) {
  // The old text "0123456789": the change replaces [4, 6) with three code points (delta +1).
  const TextChange replace{4, 6, 7};
  // An insertion of two code points at 5 (delta +2).
  const TextChange insert{5, 5, 7};
  // A deletion of [3, 7) (delta -4).
  const TextChange remove{3, 7, 3};
  struct Case {
    const char* what;
    TextChange change;
    long long start, end;
    SpanFate fate;
    long long new_start, new_end;
  };
  const std::vector<Case> cases = {
      {"before the change", replace, 0, 4, SpanFate::kKept, 0, 4},
      {"after the change", replace, 6, 9, SpanFate::kMoved, 7, 10},
      {"encloses the change", replace, 2, 8, SpanFate::kMoved, 2, 9},
      {"is exactly the change", replace, 4, 6, SpanFate::kMoved, 4, 7},
      {"the change starts inside", replace, 1, 5, SpanFate::kCut, 1, 5},
      {"the change ends inside", replace, 5, 9, SpanFate::kCut, 5, 9},
      {"inside the change", replace, 4, 5, SpanFate::kCut, 4, 5},
      {"insertion right after the end", insert, 2, 5, SpanFate::kKept, 2, 5},
      {"insertion right before the start", insert, 5, 8, SpanFate::kMoved, 7, 10},
      {"insertion inside", insert, 2, 8, SpanFate::kMoved, 2, 10},
      {"deletion of all of it", remove, 3, 7, SpanFate::kRemoved, 3, 7},
      {"deletion of part of it, inside", remove, 1, 9, SpanFate::kMoved, 1, 5},
      {"deletion across its end", remove, 1, 5, SpanFate::kCut, 1, 5},
      {"deletion of a stretch it lies in", remove, 4, 6, SpanFate::kCut, 4, 6},
      {"no change at all", TextChange{10, 10, 10}, 3, 6, SpanFate::kKept, 3, 6},
  };
  for (const Case& c : cases) {
    SpanAfterEdit got = span_after_edit(c.change, c.start, c.end);
    EXPECT_EQ(got.fate, c.fate) << c.what;
    EXPECT_EQ(got.start, c.new_start) << c.what;
    EXPECT_EQ(got.end, c.new_end) << c.what;
  }
}

}  // namespace
}  // namespace trellis
