// ProgramService: programs, their cohorts (terms) and streams (a mentor's group).
// Every method checks the actor against the policy first, validates, then reads or writes in
// one transaction. Thread-safe (holds no state of its own).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/people.h"
#include "storage/store.h"

namespace trellis {

struct NewProgram {
  std::string name;
  std::string description;
  std::optional<int> min_group_size;                    // default 5
  std::optional<bool> show_mentor_ratings_to_scholars;  // default true
  std::optional<bool> mentors_rate_first;               // default true
};

struct ProgramPatch {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<int> min_group_size;
  std::optional<bool> show_mentor_ratings_to_scholars;
  std::optional<bool> mentors_rate_first;
};

struct NewCohort {
  std::string name;
  std::string starts_on;
  std::string ends_on;
  std::optional<std::string> timezone;  // default UTC
};

struct CohortPatch {
  std::optional<std::string> name;
  std::optional<std::string> starts_on;
  std::optional<std::string> ends_on;
  std::optional<std::string> timezone;
};

class ProgramService {
 public:
  ProgramService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<Program> create_program(const Actor& actor, const NewProgram& input);
  Result<Program> get_program(const Actor& actor, const std::string& id);
  // Site administrators page through all programs; others get the programs they belong to.
  Result<Page<Program>> list_programs(const Actor& actor, const PageRequest& page);
  Result<Program> update_program(const Actor& actor, const std::string& id,
                                 const ProgramPatch& patch);

  Result<Cohort> create_cohort(const Actor& actor, const std::string& program_id,
                               const NewCohort& input);
  Result<Cohort> get_cohort(const Actor& actor, const std::string& id);
  Result<Page<Cohort>> list_cohorts(const Actor& actor, const std::string& program_id,
                                    const PageRequest& page);
  Result<Cohort> update_cohort(const Actor& actor, const std::string& id, const CohortPatch& patch);

  Result<Stream> create_stream(const Actor& actor, const std::string& cohort_id,
                               const std::string& name);
  Result<Stream> get_stream(const Actor& actor, const std::string& id);
  Result<std::vector<Stream>> list_streams(const Actor& actor, const std::string& cohort_id);
  Result<Stream> rename_stream(const Actor& actor, const std::string& id, const std::string& name);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace trellis
