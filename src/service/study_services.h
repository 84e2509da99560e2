// The study services together, as the composition root builds them and the API uses them.
// Thread-safe as its parts are.
#pragma once

#include "service/coding_service.h"
#include "service/interchange_service.h"
#include "service/study_report_service.h"
#include "service/study_service.h"
#include "service/suggestion_service.h"
#include "service/transcript_service.h"

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
