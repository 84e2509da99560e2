// How a REFI-QDA project (read by interchange/qda) becomes the rows of a new Trellis study, before
// anything is written: InterchangeService::import_project reads the archive, plans the import
// here and stores the plan in one transaction. Pure: no store, no clock (the caller passes now).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/studies/study.h"
#include "interchange/qda.h"

namespace trellis {

struct ProjectImportOptions;

// The prompt of an imported study's one question; the export knows an imported study by it.
inline constexpr char kImportedQuestion[] = "Imported text";

// A code of an imported project, flattened: its new id, parent, cleaned fields.
struct ImportedCode {
  Code code;
  std::size_t depth = 1;
};

// One text source: one response with one answer, and the segments of its coded selections.
struct ImportedSource {
  StudyResponse response;
  Answer answer;
  std::vector<Segment> segments;
};

// Everything an import writes. Memos get their ids, study and author when written.
struct ProjectImportPlan {
  Study study;
  std::vector<ImportedCode> codes;  // parents before children
  std::vector<ImportedSource> sources;
  std::vector<Memo> memos;
  std::vector<std::string> warnings;  // the reader's first, then the mapping's
  Timestamp next_id_at = 0;           // where the ids of the rows still to be made continue
};

// Who imports what, and when.
struct ProjectImportContext {
  const std::string& program_id;
  const ProjectImportOptions& options;
  const std::string& importer_id;
  Timestamp now = 0;
};

// The plan for `project`. Errors: invalid (a bad title, or every problem of the codebook, notes
// and sources at once, in details; nothing is imported then).
Result<ProjectImportPlan> plan_project_import(const interchange::qda::Project& project,
                                              const ProjectImportContext& context);

// A REFI-QDA colour as a Trellis one: "#abc" (which the standard allows) as "#aabbcc", anything
// else through clean_colour; "" when there is none. Shared by the codebook and project imports.
Result<std::string> colour_from(const std::optional<std::string>& colour);

}  // namespace trellis
