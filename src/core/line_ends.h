// Line ends of stored text. Every text that Trellis stores and counts positions in (answers,
// transcripts, imported sources) has LF line ends only: CR LF and a lone CR each become one LF on
// every input path. Other tools disagree on whether CR LF is one character or two, so text with CR
// would shift every later code-point position in some of them (ADR 0009). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trellis {

// `text` with CR LF and lone CR replaced by LF. Works on any bytes; UTF-8 stays valid, since CR
// and LF never occur inside a multi-byte sequence.
std::string normalize_line_ends(std::string_view text);

// True when `text` holds a carriage return, i.e. normalize_line_ends would change it.
bool has_carriage_return(std::string_view text);

// A text normalised as above, with the map from code-point positions in the original text to
// positions in the normalised one: a position moves back by one for every CR of a CR LF before
// it. A position between the CR and the LF of a pair lands on the LF.
class LineEndNormalization {
 public:
  explicit LineEndNormalization(std::string_view original);

  const std::string& text() const { return text_; }
  // Moves the normalised text out (text() is empty afterwards): an imported source can be tens of
  // megabytes, and the importer needs one copy of it, not two.
  std::string take_text() { return std::move(text_); }
  bool changed() const { return changed_; }
  // The position in text() of code-point position `original` of the original text. Positions
  // past the end move back by every removed CR.
  long long position(long long original) const;

 private:
  std::string text_;
  bool changed_ = false;
  std::vector<long long> removed_;  // code-point positions (original) of removed CRs, ascending
};

}  // namespace trellis
