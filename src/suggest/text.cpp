#include "suggest/text.h"

#include <libstemmer.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <unordered_set>

namespace trellis::suggest {
namespace {

// Function words that say nothing about which code applies. Negations are not here: "never
// asked" and "asked" mean opposite things to a coder, and the bigram keeps the difference.
constexpr std::string_view kStopWords[] = {
    "a",       "about",  "above",  "after",  "again",  "all",   "also",    "am",      "an",
    "and",     "any",    "are",    "as",     "at",     "be",    "because", "been",    "before",
    "being",   "both",   "but",    "by",     "can",    "could", "did",     "do",      "does",
    "doing",   "during", "each",   "even",   "ever",   "every", "for",     "from",    "had",
    "has",     "have",   "having", "he",     "her",    "here",  "hers",    "herself", "him",
    "himself", "his",    "how",    "i",      "id",     "if",    "im",      "in",      "into",
    "is",      "it",     "its",    "itself", "ive",    "just",  "me",      "might",   "mine",
    "more",    "most",   "much",   "my",     "myself", "of",    "off",     "on",      "once",
    "one",     "only",   "or",     "other",  "our",    "ours",  "out",     "own",     "she",
    "shes",    "should", "so",     "some",   "such",   "than",  "that",    "thats",   "the",
    "their",   "them",   "then",   "there",  "these",  "they",  "theyre",  "this",    "those",
    "through", "to",     "too",    "up",     "very",   "was",   "we",      "were",    "what",
    "when",    "which",  "while",  "who",    "whom",   "why",   "will",    "with",    "would",
    "you",
};

constexpr std::string_view kNegations[] = {
    "no",       "nor",   "not",     "cannot",  "cant",   "couldnt", "didnt",   "doesnt", "dont",
    "hadnt",    "hasnt", "havent",  "isnt",    "arent",  "wasnt",   "werent",  "wont",   "wouldnt",
    "shouldnt", "aint",  "neither", "nothing", "nobody", "none",    "without",
};

// Hash sets, built once: these lookups run for every word of every segment.
bool is_stop_word(std::string_view w) {
  static const std::unordered_set<std::string_view> set(std::begin(kStopWords),
                                                        std::end(kStopWords));
  return set.contains(w);
}

bool is_negation(std::string_view w) {
  static const std::unordered_set<std::string_view> set(std::begin(kNegations),
                                                        std::end(kNegations));
  return set.contains(w);
}

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// U+2019 RIGHT SINGLE QUOTATION MARK, the apostrophe most editors type.
constexpr std::string_view kCurlyApostrophe = "\xE2\x80\x99";

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// A Snowball stemmer keeps state between calls, so each thread has its own.
sb_stemmer* thread_stemmer() {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("english", "UTF_8"));
  return stemmer.get();
}

std::string stem(const std::string& word) {
  bool ascii = std::all_of(word.begin(), word.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  sb_stemmer* s = thread_stemmer();
  if (!ascii || s == nullptr) return word;
  const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(word.data()),
                                         static_cast<int>(word.size()));
  if (out == nullptr) return word;  // out of memory: the unstemmed word is still a usable feature
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<std::size_t>(sb_stemmer_length(s)));
}

// Splits text into lower-cased words, dropping apostrophes inside words.
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    bool apostrophe = c == '\'' || text.substr(i, kCurlyApostrophe.size()) == kCurlyApostrophe;
    if (apostrophe) {
      std::size_t len = c == '\'' ? 1 : kCurlyApostrophe.size();
      bool inside = !current.empty() && i + len < text.size() &&
                    is_word_byte(static_cast<unsigned char>(text[i + len]));
      if (!inside) flush();
      i += len;
      continue;
    }
    if (is_word_byte(c)) {
      current.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                             : static_cast<char>(c));
    } else {
      flush();
    }
    ++i;
  }
  flush();
  return out;
}

}  // namespace

std::vector<std::string> content_stems(std::string_view text) {
  std::vector<std::string> out;
  for (auto& w : words(text)) {
    if (is_negation(w)) {
      out.emplace_back("not");
    } else if (!is_stop_word(w)) {
      out.push_back(stem(w));
    }
  }
  return out;
}

std::vector<std::string> features(std::string_view text, Bigrams bigrams) {
  std::vector<std::string> stems = content_stems(text);
  std::vector<std::string> out = stems;
  if (bigrams == Bigrams::kOn) {
    for (std::size_t i = 1; i < stems.size(); ++i) out.push_back(stems[i - 1] + " " + stems[i]);
  }
  return out;
}

}  // namespace trellis::suggest
