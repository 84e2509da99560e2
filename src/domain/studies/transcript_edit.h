// Correcting the text of a transcript's answer without losing its coding. An edit is reduced to
// the one stretch of text it changes (the longest common beginning and end of the old and new
// text are kept); each coded segment then either stays where it is (it ends before the change),
// moves by the change in length (it starts after it), grows or shrinks with it (it encloses the
// change, as when a typo inside a coded passage is fixed), or is cut: the change starts or ends
// inside it, or removes all of it. An edit that cuts any segment is refused, so no segment ever
// silently covers different words. Offsets are code points, as everywhere (study.h). Pure;
// thread-safe.
#pragma once

#include <string_view>

namespace trellis {

// The changed stretch: code points [start, old_end) of the old text became [start, new_end) of
// the new one. Equal texts give start == old_end == new_end.
struct TextChange {
  long long start = 0;
  long long old_end = 0;
  long long new_end = 0;
};

// Both texts valid UTF-8.
TextChange text_change(std::string_view before, std::string_view after);

enum class SpanFate {
  kKept,     // before the change: unchanged
  kMoved,    // after the change, or enclosing it: new offsets
  kCut,      // the change starts or ends strictly inside it: refused
  kRemoved,  // the change removes all of it: refused
};

struct SpanAfterEdit {
  SpanFate fate = SpanFate::kKept;
  long long start = 0;  // the span in the new text (kKept, kMoved)
  long long end = 0;
};

// Where the segment [start, end) of the old text lies in the new one.
SpanAfterEdit span_after_edit(const TextChange& change, long long start, long long end);

}  // namespace trellis
