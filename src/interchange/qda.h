// REFI-QDA interchange: codebooks (.qdc) and projects (.qdpx) in the QDA-XML 1.0 standard, the
// format qualitative-analysis tools (ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette) exchange.
//
// This is a pure format layer: plain structs in, bytes out, and back. It knows nothing of
// studies, databases or HTTP; the service layer maps its own types to these. Read this header
// first; docs/adr/0009-refi-qda-interchange.md says what of the standard is supported and why.
//
// Conventions shared by every struct below:
// - GUIDs are 8-4-4-4-12 hex strings. Writers accept either case; readers return them in lower
//   case without braces ("{...}" is allowed by the standard), so references compare equal.
// - Text is UTF-8. Positions (Selection::start/end) count Unicode code points of Source::text,
//   end exclusive.
// - An empty optional string means "absent", not "empty".
// - Times (`created`, `modified`) are Unix milliseconds in UTC, written as xsd:dateTime in whole
//   seconds ("2026-11-26T09:30:00Z"); absent when unknown. The schema has them on the project,
//   sources, selections, codings (creation only) and notes, not on codes or users.
// - Code names are unique across the whole codebook in what is written: some tools (QualCoder)
//   merge codes of the same name wherever they sit. A name that occurs more than once is written
//   qualified by the names of its ancestors ("Language/Other"), and the readers strip a prefix that
//   repeats the parent's path, so the original name comes back (unique_code_names below).
//
// Every function is safe to call from several threads at once. Failures are Errors (never
// exceptions): ErrorCode::kInvalid for malformed or inconsistent input, kTooLarge for input over a
// limit. The message names the problem and, where it can, the archive entry and line; schema
// problems are listed one per ErrorDetail with their line. Nothing is returned on failure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace trellis::interchange::qda {

// A code of the codebook; codes nest (a category is a code with children).
struct Code {
  std::string guid;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> color;  // "#RRGGBB" ("#RGB", which the standard allows, is read as
                                     // is and written widened to "#RRGGBB")
  bool is_codable = true;            // false: a category only, no segment may carry it
  std::vector<Code> children;

  bool operator==(const Code&) const = default;
};

// A person who coded or wrote something (a coder, an analyst).
struct User {
  std::string guid;
  std::string name;

  bool operator==(const User&) const = default;
};

// One code applied to one selection.
struct Coding {
  std::string guid;
  std::string code_guid;      // a Code anywhere in the codebook
  std::string creating_user;  // a User's guid, or empty
  std::optional<Timestamp> created;

  bool operator==(const Coding&) const = default;
};

// A coded segment of a source's text: code points [start, end).
struct Selection {
  std::string guid;
  std::string name;  // tools usually put the selected text here; may be empty
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::string creating_user;  // a User's guid, or empty
  std::vector<Coding> codings;
  std::optional<std::string> memo;  // the selection's Description in QDA-XML
  std::optional<Timestamp> created, modified;

  bool operator==(const Selection&) const = default;
};

// A text source: one answer or transcript.
struct Source {
  std::string guid;
  std::string name;
  std::string text;  // UTF-8, no byte-order mark
  std::optional<std::string> description;
  std::string creating_user;  // a User's guid, or empty
  std::vector<Selection> selections;
  std::optional<Timestamp> created, modified;

  bool operator==(const Source&) const = default;
};

// A memo. It is attached to the things it is about by GUID: codes, sources, selections or
// codings (QDA-XML writes a NoteRef inside each of them), and/or to the project as a whole.
// Written as tools read notes: its text in the archive file sources/<guid>.txt (referenced by
// plainTextPath="internal://<guid>.txt", like a source's) and with a creationDateTime, which
// QualCoder's importer needs; read from a file or from inline PlainTextContent.
struct Note {
  std::string guid;
  std::string name;
  std::string text;
  std::string creating_user;         // a User's guid, or empty
  std::vector<std::string> targets;  // guids of codes, sources, selections or codings
  bool about_project = false;
  // When absent, the writer uses `modified`, then the project's `created`; a note with none of
  // them is refused, since an importer would stop at it.
  std::optional<Timestamp> created, modified;

  bool operator==(const Note&) const = default;
};

struct Project {
  std::string name;
  std::string origin;      // the exporting tool, e.g. "Trellis 0.1.0"
  std::string created_by;  // a User's guid, or empty
  std::optional<std::string> description;
  std::vector<User> users;
  std::vector<Code> codebook;
  std::vector<Source> sources;
  std::vector<Note> notes;
  std::optional<Timestamp> created, modified;
  // Filled by read_project only, ignored by write_project: what the import changed or skipped
  // (a byte-order mark removed, a PDF source left out, a tolerated schema deviation), one
  // sentence each, so the caller can show them to the person importing; a kind repeated for many
  // items is one sentence with a count (core/warning_list.h).
  std::vector<std::string> warnings;

  bool operator==(const Project&) const = default;
};

// Bounds on what read_project accepts from an archive, chosen so that one import's memory stays
// bounded whatever the upload's shape (ADR 0009 states the figures). The byte limits apply to the
// entries it reads (project.qde and the text files): their declared sizes are checked before
// inflating, then the bytes actually inflated are counted, because declared sizes can lie. Entries
// it never reads (media of skipped sources) are never inflated and only count towards
// max_entries. project.qde is scanned as a stream against max_xml_nodes before any tree is
// built, since a tree costs about 130 bytes per node whatever the node holds.
struct ImportLimits {
  std::uint64_t max_archive_bytes = 256ull << 20;  // the .qdpx itself: 256 MiB
  std::uint64_t max_entries = 20'000;              // files and folders in the archive
  std::uint64_t max_entry_bytes = 32ull << 20;     // one inflated entry: 32 MiB
  std::uint64_t max_total_bytes = 64ull << 20;     // all entries read, inflated: 64 MiB
  // Inflated/compressed size of one entry. Plain text rarely exceeds 20; a zip bomb's run of
  // zeros reaches about 1000. Only checked for entries inflating to more than ratio_floor_bytes,
  // since small, very repetitive files are harmless.
  std::uint64_t max_compression_ratio = 200;
  std::uint64_t ratio_floor_bytes = 1ull << 20;
  // Nodes of one XML document: elements, text (whitespace included) and comments count one each,
  // attributes two (the attribute and its value). Real projects spend 20-30 bytes per node.
  std::uint64_t max_xml_nodes = 500'000;
};

// `codes` with every name unique across the whole tree: a name that occurs more than once is
// replaced, wherever it occurs below the top level, by the path of its ancestors' names and its
// own ("Support/Other", "Language/Other"; a top-level "Other" stays "Other"). Should two codes
// still share a name (siblings of the same name, which Trellis never has), the later ones get
// " (2)", " (3)", ... The writers apply it; restore_code_names undoes the qualification.
std::vector<Code> unique_code_names(std::vector<Code> codes);
// Strips from each code's name a prefix that is its parent's path followed by "/", so that
// "Support/Other" under "Support" is "Other" again. The readers apply it.
void restore_code_names(std::vector<Code>& codes);

// The codebook as a .qdc document (root CodeBook, namespace urn:QDA-XML:codebook:1.0), validated
// against the embedded schema before it is returned, with names made unique (unique_code_names).
// Fails (kInvalid) on an empty codebook (the schema needs at least one code), a malformed or
// repeated GUID, a bad color or invalid UTF-8, naming the code. Characters XML 1.0 cannot carry
// (control characters other than tab, line feed and carriage return; U+FFFE, U+FFFF) are written as
// U+FFFD, never as invalid XML.
Result<std::string> write_codebook(const std::vector<Code>& codes, std::string_view origin);

// The codes of a .qdc document. Fails on bad XML (with its line), a DTD, a schema violation
// (every problem, with lines) or a repeated GUID (kInvalid), or more than `max_xml_nodes` nodes
// (kTooLarge, found by a streaming scan before any tree is built). Sets are skipped; qualified
// names are restored (restore_code_names).
Result<std::vector<Code>> read_codebook(std::string_view xml,
                                        std::uint64_t max_xml_nodes = ImportLimits{}.max_xml_nodes);

// The project as .qdpx bytes: a zip holding project.qde (root Project, namespace
// urn:QDA-XML:project:1.0, validated before it is returned) and each source's and note's text as
// sources/<guid>.txt, referenced by plainTextPath="internal://<guid>.txt". Fails (kInvalid) on
// what write_codebook rejects and on dangling references: a Coding of an unknown code or of a
// category (is_codable false), a creating user not in `users`, a note target that is not a code,
// source, selection or coding, a selection outside its source's text, invalid UTF-8 in a text, a
// note without any time to write as its creationDateTime.
Result<std::string> write_project(const Project& project);

// The project in .qdpx bytes made by Trellis or another tool. Accepts text sources and notes
// stored in the archive (internal://) or inline (PlainTextContent), with their times where given;
// qualified code names are restored (restore_code_names); sources of other kinds and the parts
// of the standard listed in ADR 0009 are skipped with a warning. Texts are returned as they are
// in the archive (a byte-order mark removed), line ends included: positions count them. Fails when
// the bytes are not a zip, an entry path leaves the archive, a limit is exceeded (kTooLarge),
// project.qde is missing, is not well-formed XML, has a DTD or breaks the schema, a reference
// dangles (a CodeRef to an unknown code, a NoteRef to an unknown note, a missing source file), a
// selection lies outside its source's text, or a source is not valid UTF-8.
Result<Project> read_project(std::string_view zip_bytes, const ImportLimits& limits = {});

// Schema checks of a document against the embedded QDA-XML schemas. ok() when the document is
// well-formed and valid; otherwise an Error (kInvalid) with one ErrorDetail per problem (its
// line and libxml2's message), parse errors included.
Status validate_codebook_xml(std::string_view xml);
Status validate_project_xml(std::string_view xml);

// The embedded schema documents, byte for byte as shipped in src/interchange/schemas/.
std::string_view codebook_schema();
std::string_view project_schema();

}  // namespace trellis::interchange::qda
