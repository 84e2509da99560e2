#include "suggest/sentences.h"

#include <cstdint>
#include <string>

#include "core/utf8.h"

namespace trellis::suggest {
namespace {

struct CodePoint {
  char32_t value = 0;
  std::size_t byte = 0;  // offset of its first byte
  std::size_t size = 0;  // its length in bytes
};

// Decodes text that is already known to be valid UTF-8.
std::vector<CodePoint> decode(std::string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    out.push_back({cp, i, len});
    i += len;
  }
  return out;
}

bool is_line_break(char32_t c) {
  return c == U'\n' || c == U'\r' || c == U'\u2028' || c == U'\u2029' || c == U'\u0085';
}

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\v' || c == U'\f' || is_line_break(c) ||
         c == U'\u00A0' || c == U'\u1680' || (c >= U'\u2000' && c <= U'\u200A') || c == U'\u202F' ||
         c == U'\u205F' || c == U'\u3000';
}

bool is_terminator(char32_t c) {
  return c == U'.' || c == U'!' || c == U'?' || c == U'\u2026';
}

bool is_full_width_terminator(char32_t c) {
  return c == U'\u3002' || c == U'\uFF01' || c == U'\uFF1F';
}

bool is_closing(char32_t c) {
  return c == U'"' || c == U'\'' || c == U')' || c == U']' || c == U'}' || c == U'\u2019' ||
         c == U'\u201D' || c == U'\u00BB' || c == U'\u300D' || c == U'\u300F' || c == U'\uFF09';
}

bool is_ascii_letter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

// Abbreviations whose '.' does not end a sentence, lower-cased, without their final '.'.
constexpr std::string_view kAbbreviations[] = {
    "e.g", "i.e", "etc", "vs", "cf", "al", "dr", "mr", "mrs", "ms", "prof", "fig", "approx", "ph.d",
};

// The word that ends just before cps[dot] (letters and inner dots), lower-cased ASCII.
std::string word_before(const std::vector<CodePoint>& cps, std::size_t dot) {
  std::size_t start = dot;
  while (start > 0 && (is_ascii_letter(cps[start - 1].value) || cps[start - 1].value == U'.')) {
    --start;
  }
  std::string w;
  for (std::size_t k = start; k < dot; ++k) {
    auto c = static_cast<char>(cps[k].value);
    w.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return w;
}

bool is_abbreviation(const std::vector<CodePoint>& cps, std::size_t dot) {
  std::string w = word_before(cps, dot);
  if (w.size() == 1) return true;  // an initial, as in "J. Smith"
  for (std::string_view a : kAbbreviations) {
    if (w == a) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<SentenceSpan>> split_sentences(std::string_view text) {
  std::size_t bad = 0;
  if (!is_valid_utf8(text, &bad)) {
    return Error::invalid("The text is not valid UTF-8 (at byte " + std::to_string(bad) + ").",
                          "text");
  }
  std::vector<CodePoint> cps = decode(text);
  std::vector<SentenceSpan> out;
  const std::size_t n = cps.size();

  // Adds the sentence cps[from, to) without its surrounding white space, if anything is left.
  auto emit = [&](std::size_t from, std::size_t to) {
    while (from < to && is_space(cps[from].value)) ++from;
    while (to > from && is_space(cps[to - 1].value)) --to;
    if (from == to) return;
    out.push_back({from, to, cps[from].byte, cps[to - 1].byte + cps[to - 1].size});
  };

  std::size_t start = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char32_t c = cps[i].value;
    if (is_line_break(c)) {
      emit(start, i);
      start = i + 1;
      continue;
    }
    if (is_full_width_terminator(c)) {
      std::size_t end = i + 1;
      while (end < n && (is_closing(cps[end].value) || is_full_width_terminator(cps[end].value))) {
        ++end;
      }
      emit(start, end);
      start = end;
      i = end - 1;
      continue;
    }
    if (!is_terminator(c)) continue;
    std::size_t end = i + 1;
    while (end < n && (is_terminator(cps[end].value) || is_closing(cps[end].value))) ++end;
    bool at_end = end == n;
    if (!at_end && !is_space(cps[end].value)) continue;  // "3.5", "arxiv.org", "?!x"
    if (c == U'.' && end == i + 1 && is_abbreviation(cps, i)) continue;
    if (!at_end) {
      std::size_t next = end;
      while (next < n && is_space(cps[next].value) && !is_line_break(cps[next].value)) ++next;
      if (next < n && cps[next].value >= U'a' && cps[next].value <= U'z') continue;
    }
    emit(start, end);
    start = end;
    i = end - 1;
  }
  emit(start, n);
  return out;
}

}  // namespace trellis::suggest
