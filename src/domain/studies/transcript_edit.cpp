#include "domain/studies/transcript_edit.h"

#include <vector>

namespace trellis {
namespace {

// The code points of valid UTF-8 text, each as the bytes that encode it.
std::vector<std::string_view> code_points(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t next = at + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
    out.push_back(text.substr(at, next - at));
    at = next;
  }
  return out;
}

}  // namespace

TextChange text_change(std::string_view before, std::string_view after) {
  const std::vector<std::string_view> a = code_points(before);
  const std::vector<std::string_view> b = code_points(after);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  return {static_cast<long long>(prefix), static_cast<long long>(a.size() - suffix),
          static_cast<long long>(b.size() - suffix)};
}

SpanAfterEdit span_after_edit(const TextChange& c, long long start, long long end) {
  const long long delta = c.new_end - c.old_end;
  const bool nothing_changed = c.start == c.old_end && c.start == c.new_end;
  if (nothing_changed || end <= c.start) return {SpanFate::kKept, start, end};
  if (start >= c.old_end) return {SpanFate::kMoved, start + delta, end + delta};
  if (start <= c.start && end >= c.old_end) {
    // Encloses the change; an insertion exactly at a boundary was handled above (outside).
    if (end + delta <= start) return {SpanFate::kRemoved, start, end};
    return {SpanFate::kMoved, start, end + delta};
  }
  return {SpanFate::kCut, start, end};
}

}  // namespace trellis
