// InterchangeService: studies to and from REFI-QDA (QDA-XML 1.0), the format qualitative-analysis
// tools (ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette) exchange. It maps a study to the plain
// structs of interchange/qda.h and back; every format rule lives in that library (ADR 0009).
//
// Export: the codebook as a .qdc; the whole study as a .qdpx: the codebook tree, one text
// source per open-text answer ("<respondent> — <question>"; an anonymous study's sources are
// named by response id, never by person), coded segments as selections (one selection per
// answer, span and coder, with one coding per code), the coders as users, and memos as notes
// (the study's about the project, a code's on the code, a segment's as its selection's memo),
// with their times; categories as isCodable="false"; texts with LF line ends, positions to
// match. A blinded coder exports only what they may see.
//
// Import: a .qdc merges into a study's codebook by path, as the CSV import does. A .qdpx (from
// Trellis or another tool) becomes a NEW closed, named study with one open-text question,
// one response per text source (labelled with the source's name), the codebook, the coded
// selections as segments (origin import, coded by the person importing) and the notes as
// memos; categories stay categories, and CR LF or CR line ends become LF with the selections'
// positions moved along (ADR 0009). Everything is read and checked before anything is written, and
// written in one transaction: a bad archive leaves nothing behind. What the reader skipped or
// repaired comes back as warnings.
//
// Imports are bounded: the reader's ImportLimits cap one import's memory, and at most
// kMaxConcurrentImports run at once; a further import waits up to kImportWait for a slot, then
// fails with unavailable (503, Retry-After). Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/studies/study.h"
#include "service/studies/coding_service.h"
#include "storage/store.h"

namespace trellis {

struct Download {
  std::string bytes;
  std::string file_name;  // safe for Content-Disposition: [a-z0-9-] and the extension
};

struct StudyImport {
  Study study;
  long long codes = 0;
  long long sources = 0;  // responses created
  long long segments = 0;
  long long memos = 0;
  std::vector<std::string> warnings;
};

// Where an imported project goes: the cohort of the new study (optional) and its title.
struct ProjectImportOptions {
  std::optional<std::string> cohort_id;
  std::string title;  // empty: the project's name
};

class InterchangeService {
 public:
  static constexpr std::ptrdiff_t kMaxConcurrentImports = 2;
  static constexpr std::chrono::milliseconds kImportWait{2000};
  static constexpr int kImportRetryAfterSeconds = 5;

  InterchangeService(Store& store, const Clock& clock, CodingService& coding)
      : store_(store), clock_(clock), coding_(coding) {}

  // The codebook as a REFI-QDA codebook (.qdc). Conflict when the codebook is empty (the
  // standard needs at least one code).
  Result<Download> export_codebook(const Actor& actor, const std::string& study_id);
  // Merges a .qdc into the codebook by path (CodingService::merge_codebook). Takes an import
  // slot like import_project.
  Result<CodebookImport> import_codebook(const Actor& actor, const std::string& study_id,
                                         std::string_view xml);

  // The study as a REFI-QDA project (.qdpx).
  Result<Download> export_project(const Actor& actor, const std::string& study_id);
  // A .qdpx as a new study of the program. Errors: invalid (with the reader's message: entry,
  // line) or too_large; unavailable (with retry_after_seconds) when every import slot stayed
  // busy for kImportWait; nothing is stored then.
  Result<StudyImport> import_project(const Actor& actor, const std::string& program_id,
                                     const ProjectImportOptions& options, std::string_view archive);

 private:
  Store& store_;
  const Clock& clock_;
  CodingService& coding_;
  // Imports parse untrusted archives into memory; the slots bound how many do so at once.
  std::counting_semaphore<kMaxConcurrentImports> import_slots_{kMaxConcurrentImports};
};

// A file name made of the title: lower-case ASCII letters, digits and '-', at most 60
// characters, "study" when nothing is left; then the extension.
std::string download_name(std::string_view title, std::string_view extension);

}  // namespace trellis
