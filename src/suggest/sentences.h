// Splitting an answer into sentences, so that codes can be suggested per sentence and the UI can
// highlight the sentence a suggestion is about.
//
// Offsets are in Unicode code points of the UTF-8 text, the unit the UI highlights in; the byte
// offsets of the same span are given too, for slicing the std::string. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trellis::suggest {

// One sentence: [begin, end) in code points and [byte_begin, byte_end) in bytes, without the
// white space around it. A sentence is never empty.
struct SentenceSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t byte_begin = 0;
  std::size_t byte_end = 0;

  bool operator==(const SentenceSpan&) const = default;
};

// The sentences of text, in order. A sentence ends
//   - after '.', '!', '?' or '…' (with any closing quotes or brackets after it) when white space
//     or the end of the text follows and the next word does not start with a lower-case letter;
//     a '.' after a common abbreviation ("e.g.", "Dr.") or a single-letter initial does not end
//     one;
//   - after the full-width '。', '！' or '？', whatever follows;
//   - at every line break (answers are often lists, one point per line);
//   - at the end of the text.
// Empty or all-white-space text has no sentences.
// Error (invalid): text is not valid UTF-8 (the message gives the byte offset).
Result<std::vector<SentenceSpan>> split_sentences(std::string_view text);

}  // namespace trellis::suggest
