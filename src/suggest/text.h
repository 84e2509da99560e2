// Text analysis shared by the suggester and the keyword baseline: English words, lower-cased,
// stop words removed, stemmed with Snowball's English stemmer, negations folded into "not".
//
// Pure functions. Thread-safe: each thread gets its own stemmer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trellis::suggest {

// The stems of the content words of text, in order. Words are runs of ASCII letters and digits
// and of non-ASCII bytes (so accented words stay whole); apostrophes inside a word are dropped
// ("don't" -> "dont"), and negative contractions and "no"/"nor" become "not". Words that are not
// plain ASCII are kept as they are rather than stemmed. Invalid UTF-8 is not an error: its bytes
// are treated like any other non-ASCII byte.
std::vector<std::string> content_stems(std::string_view text);

// The features of a text: its content stems, plus each pair of neighbouring stems ("ask help")
// when with_bigrams is set. A bigram is written "a b" and so never collides with a stem.
enum class Bigrams { kOff, kOn };
std::vector<std::string> features(std::string_view text, Bigrams bigrams);

}  // namespace trellis::suggest
