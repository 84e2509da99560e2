// TranscriptService: interviews held live, entered as transcripts (read by
// domain/studies/transcript_import: plain text, Markdown or CSV), several at once.
//
// Everything is parsed and checked before anything is written: a bad upload is refused with
// every problem named by transcript, line and field, and nothing is imported. The write then
// runs as a background job (202 Accepted + a job resource reporting progress) in batches, so
// other requests, writes included, keep being served; if a batch fails, the batches already
// written are removed again, so a failed job leaves nothing behind.
//
// Thread-safe. Owns one background thread, joined on destruction (a running job stops between
// batches, removes what it wrote and is marked failed).
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/mutex.h"
#include "domain/actor.h"
#include "domain/studies/study.h"
#include "domain/studies/transcript_import.h"
#include "service/studies/study_service.h"
#include "storage/store.h"
#include "storage/studies/study_repositories.h"

namespace trellis {

struct TranscriptImportRequest {
  std::vector<TranscriptInput> transcripts;  // or
  std::optional<std::string> csv;
  std::string idempotency_key;  // optional; the same key and body give back the first job
  std::string request_hash;     // of the body, to tell a reused key with another body
};

struct TranscriptImportReport {
  long long transcripts = 0;
  long long answers = 0;
};

class TranscriptService {
 public:
  TranscriptService(Store& store, const Clock& clock);
  ~TranscriptService();
  TranscriptService(const TranscriptService&) = delete;
  TranscriptService& operator=(const TranscriptService&) = delete;

  // Checks everything, then queues the job. Errors: invalid with details; too_large over
  // kMaxTranscripts; conflict when the Idempotency-Key was used with another body.
  Result<Job> start_import(const Actor& actor, const std::string& study_id,
                           TranscriptImportRequest request);
  // Imports at once, in the caller's thread (the demo loader and tests use it).
  Result<TranscriptImportReport> import_now(const Actor& actor, const std::string& study_id,
                                            const TranscriptImportRequest& request);
  // The job, for the person who started it and the study's staff.
  Result<Job> get_job(const Actor& actor, const std::string& job_id);

 private:
  Result<std::pair<Study, std::vector<ParsedTranscript>>> check(
      const Actor& actor, const std::string& study_id, const TranscriptImportRequest& request);
  // Writes the transcripts in batches; calls progress(done) after each. On failure removes what
  // it wrote and returns the error.
  Result<TranscriptImportReport> write(const Actor& actor, const Study& study,
                                       const std::vector<ParsedTranscript>& transcripts,
                                       const std::function<void(long long)>& progress);
  void run_worker();

  Store& store_;
  const Clock& clock_;
  Mutex mutex_;
  CondVar wake_;
  std::deque<std::function<void()>> queue_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::thread worker_;
};

}  // namespace trellis
