// FrameworkService: a program's framework of qualities and its versions. A program starts with
// a copy of the default framework (created on first use, as version 1); every edit saves a new
// immutable version, so rounds that used an older one keep it. Thread-safe (no state).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/assessments/assessment.h"
#include "storage/store.h"

namespace trellis {

// A whole new state of the framework. `based_on` is the number of the version the editor
// started from; when a newer version exists the edit is refused (409), never merged.
struct FrameworkEdit {
  int based_on = 0;
  std::optional<std::string> name;
  std::vector<Quality> qualities;
};

class FrameworkService {
 public:
  FrameworkService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The current version (members of the program).
  Result<FrameworkVersion> current(const Actor& actor, const std::string& program_id);
  // Saves a new version (organizers). Every quality key of the current version must stay
  // (retire a quality instead of removing it), so growth stays comparable across rounds.
  Result<FrameworkVersion> edit(const Actor& actor, const std::string& program_id,
                                const FrameworkEdit& edit);
  // Versions newest first, without qualities.
  Result<std::vector<FrameworkVersion>> versions(const Actor& actor, const std::string& program_id);
  Result<FrameworkVersion> version(const Actor& actor, const std::string& version_id);

  // The program's current version, creating version 1 from the default qualities when the
  // program has none; for use inside a write transaction.
  static Result<FrameworkVersion> ensure_current(Repositories& r, const std::string& program_id,
                                                 Timestamp now);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace trellis
