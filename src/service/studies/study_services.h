// The study services together, as the composition root builds them and the API uses them.
// Thread-safe as its parts are.
#pragma once

#include "service/studies/coding_service.h"
#include "service/studies/interchange_service.h"
#include "service/studies/study_report_service.h"
#include "service/studies/study_service.h"
#include "service/studies/suggestion_service.h"
#include "service/studies/transcript_service.h"

namespace trellis {

struct StudyServices {
  StudyServices(Store& store, const Clock& clock)
      : studies(store, clock),
        coding(store, clock),
        reports(store, clock),
        transcripts(store, clock),
        interchange(store, clock, coding),
        suggestions(store, clock, coding) {}

  StudyService studies;
  CodingService coding;
  StudyReportService reports;
  TranscriptService transcripts;
  InterchangeService interchange;  // REFI-QDA codebooks and projects
  SuggestionService suggestions;   // after coding: it subscribes to coding's changes
};

}  // namespace trellis
