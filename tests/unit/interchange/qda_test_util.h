// Helpers for the REFI-QDA codec tests: zips built directly with libzip (so that malformed and
// malicious archives can be made), code-point slicing, and a sample study.
#pragma once

#include <zip.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.h"
#include "interchange/qda.h"

namespace trellis::interchange::qda::testing {

struct RawEntry {
  std::string name;
  std::string data;
  bool store = false;  // true: no compression
};

// A zip of `entries`, in memory. Names are written exactly as given, unsafe ones included.
inline std::string make_zip(const std::vector<RawEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("zip_open_from_source failed");
  zip_source_keep(buffer);
  for (const RawEntry& e : entries) {
    zip_source_t* source = zip_source_buffer(archive, e.data.data(), e.data.size(), 0);
    zip_int64_t index = zip_file_add(archive, e.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) throw std::runtime_error("zip_file_add failed for " + e.name);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index),
                             e.store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
  }
  if (zip_close(archive) < 0) throw std::runtime_error("zip_close failed");
  std::string out;
  zip_source_open(buffer);
  char chunk[65536];
  zip_int64_t n;
  while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0)
    out.append(chunk, static_cast<std::size_t>(n));
  zip_source_close(buffer);
  zip_source_free(buffer);
  return out;
}

// The names and contents of every entry of a zip.
inline std::vector<std::pair<std::string, std::string>> unzip(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) throw std::runtime_error("not a zip");
  std::vector<std::pair<std::string, std::string>> out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(static_cast<std::size_t>(st.size), '\0');
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    zip_fread(file, data.data(), data.size());
    zip_fclose(file);
    out.emplace_back(st.name, std::move(data));
  }
  zip_discard(archive);
  return out;
}

inline std::string entry(const std::string& zip_bytes, const std::string& name) {
  for (auto& [n, data] : unzip(zip_bytes))
    if (n == name) return data;
  throw std::runtime_error("no entry " + name);
}

// Byte offset of code point `index` in valid UTF-8 `text`.
inline std::size_t byte_offset(std::string_view text, std::int64_t index) {
  std::size_t i = 0;
  for (std::int64_t seen = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == index) return i;
  }
  return text.size();
}

// Code points [start, end) of `text`.
inline std::string slice(std::string_view text, std::int64_t start, std::int64_t end) {
  const std::size_t from = byte_offset(text, start);
  return std::string(text.substr(from, byte_offset(text, end) - from));
}

// The code-point position of `needle` in `text` (which must contain it).
inline std::int64_t code_point_index(std::string_view text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string_view::npos) throw std::runtime_error("needle not found");
  return static_cast<std::int64_t>(count_code_points(text.substr(0, at)));
}

inline std::int64_t length(std::string_view s) {
  return static_cast<std::int64_t>(count_code_points(s));
}

// GUIDs that read as their role: guid(0xC0DE, 1).
inline std::string guid(unsigned kind, unsigned n) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08x-0000-4000-8000-%012x", kind, n);
  return buffer;
}

// A selection of `needle` in `source`, coded with `code_guid`.
inline Selection select(const Source& source, std::string_view needle, unsigned n,
                        const std::string& code_guid, const std::string& user) {
  Selection s;
  s.guid = guid(0x5e1, n);
  s.name = std::string(needle);
  s.start = code_point_index(source.text, needle);
  s.end = s.start + length(needle);
  s.creating_user = user;
  s.codings.push_back({guid(0xc0d1, n), code_guid, user, std::nullopt});
  return s;
}

// 2026-11-26T09:30:00Z plus `minutes`, in Unix milliseconds.
inline Timestamp at_minute(int minutes) {
  return 1795685400000LL + minutes * 60000LL;
}

// A study exercising what the codec must carry: nested codes, a category, two codes of the same
// name under different parents, several coders, texts with emoji, combining marks, right-to-left
// script and CRLF, memos on codes, selections and the project, and times where the schema has
// them.
inline Project sample_project() {
  Project p;
  p.name = "Mentor & scholar interviews <2025>";
  p.origin = "Trellis 0.1.0";
  p.users = {{guid(0x05e4, 1), "Ayesha Khan"}, {guid(0x05e4, 2), "Tomás Ortega"}};
  p.created_by = p.users[0].guid;
  p.description = "What juniors lack, as mentors and juniors see it.\r\nSecond line.";
  p.created = at_minute(0);
  p.modified = at_minute(90);

  Code perseverance{guid(0xc0de, 2), "Perseverance", "Keeps going\tafter dead ends.",
                    "#F6AE2D",       true,           {}};
  Code early{guid(0xc0de, 4), "Asking early", std::nullopt, std::nullopt, true, {}};
  Code other_help{guid(0xc0de, 6), "Other", "Any other way of asking.", std::nullopt, true, {}};
  Code help{guid(0xc0de, 3), "Asking for help", "", "#33aa66", true, {early, other_help}};
  Code qualities{guid(0xc0de, 1), "Qualities", "From the framework.",
                 "#2E86AB",       false,       {perseverance, help}};
  Code intelligence{
      guid(0xc0de, 5), "Raw intelligence \"smart enough\"", std::nullopt, std::nullopt, true, {}};
  Code other{guid(0xc0de, 7), "Other", std::nullopt, "#999999", true, {}};
  p.codebook = {qualities, intelligence, other};

  const std::string& ayesha = p.users[0].guid;
  const std::string& tomas = p.users[1].guid;

  Source emoji;
  emoji.guid = guid(0x50c, 1);
  emoji.name = "Scholar 1";
  emoji.creating_user = ayesha;
  emoji.created = at_minute(1);
  emoji.modified = at_minute(2);
  emoji.text =
      "I was stuck \xF0\x9F\x98\xA9 for weeks.\r\n"
      "Then I asked my mentor \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x94\xAC for help.\r\n"
      "It worked.";
  emoji.selections.push_back(
      select(emoji, "stuck \xF0\x9F\x98\xA9 for weeks", 1, perseverance.guid, ayesha));
  emoji.selections.push_back(
      select(emoji, "asked my mentor \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x94\xAC for help", 2,
             early.guid, tomas));
  emoji.selections.back().memo = "The emoji is a ZWJ sequence:\r\nthree code points.";
  emoji.selections.back().codings.push_back({guid(0xc0d2, 2), help.guid, ayesha, at_minute(4)});
  emoji.selections.back().codings.push_back(
      {guid(0xc0d2, 3), other_help.guid, ayesha, at_minute(5)});
  emoji.selections.back().created = at_minute(3);
  emoji.selections.back().modified = at_minute(6);

  Source combining;
  combining.guid = guid(0x50c, 2);
  combining.name = "Mentor 2 (re\xCC\x81sume\xCC\x81)";
  combining.description = "Decomposed accents: e + U+0301.";
  combining.text =
      "Her re\xCC\x81sume\xCC\x81 was thin, but the cafe\xCC\x81 reading group made her "
      "unstoppable.";
  combining.selections.push_back(
      select(combining, "cafe\xCC\x81 reading group", 3, perseverance.guid, tomas));

  Source rtl;
  rtl.guid = guid(0x50c, 3);
  rtl.name = "\xD9\x85\xD9\x82\xD8\xA7\xD8\xA8\xD9\x84\xD8\xA9 3";  // "مقابلة 3"
  // "I thought I was not smart enough" in Arabic, then Hebrew, mixed with Latin digits.
  rtl.text =
      "\xD8\xB8\xD9\x86\xD9\x86\xD8\xAA \xD8\xA3\xD9\x86\xD9\x86\xD9\x8A \xD9\x84\xD8\xB3\xD8\xAA "
      "\xD8\xB0\xD9\x83\xD9\x8A\xD8\xA9 \xD8\xA8\xD9\x85\xD8\xA7 \xD9\x8A\xD9\x83\xD9\x81\xD9\x8A "
      "(2024)\n\xD7\x97\xD7\xA9\xD7\x91\xD7\xAA\xD7\x99 \xD7\xA9\xD7\x90\xD7\xA0\xD7\x99 "
      "\xD7\x9C\xD7\x90 \xD7\x97\xD7\x9B\xD7\x9E\xD7\x94\n";
  rtl.selections.push_back(select(rtl, "\xD9\x84\xD8\xB3\xD8\xAA \xD8\xB0\xD9\x83\xD9\x8A\xD8\xA9",
                                  4, intelligence.guid, ayesha));
  rtl.selections.push_back(select(rtl, "\xD7\x9C\xD7\x90 \xD7\x97\xD7\x9B\xD7\x9E\xD7\x94", 5,
                                  intelligence.guid, tomas));
  rtl.selections.back().codings.push_back({guid(0xc0d2, 5), other.guid, tomas, std::nullopt});

  Source empty;
  empty.guid = guid(0x50c, 4);
  empty.name = "Empty answer";

  p.sources = {emoji, combining, rtl, empty};

  Note on_code{
      guid(0x407e, 1),
      "Why perseverance",
      "Mentors named it first.\r\nOften. \xF0\x9F\x93\x9A \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7",
      ayesha,
      {perseverance.guid},
      false,
      at_minute(10),
      at_minute(20)};
  Note on_selection{guid(0x407e, 2),
                    "",
                    "A <tagged> & \"quoted\" memo",
                    tomas,
                    {emoji.selections[0].guid, emoji.selections[1].codings[0].guid, rtl.guid},
                    false,
                    at_minute(11),
                    std::nullopt};
  Note on_project{guid(0x407e, 3), "Project memo", "", "", {}, true, at_minute(12), std::nullopt};
  p.notes = {on_code, on_selection, on_project};
  return p;
}

}  // namespace trellis::interchange::qda::testing
