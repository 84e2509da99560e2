// Keeps study_code_pairs (the co-occurrence report's summary) in step with the segments: a
// change to an answer's segments changes the pairs only when the set of codes in that answer
// changes, so each write compares the answer's codes before and after it.

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "storage/sql/query.h"
#include "storage/sql/studies/study_repositories.h"

namespace trellis {
namespace {

bool contains(const std::vector<std::string>& sorted, const std::string& code) {
  return std::binary_search(sorted.begin(), sorted.end(), code);
}

void add_to_pair(soci::session& session, const std::string& study_id, const std::string& code,
                 const std::string& other, long long delta) {
  Query(session,
        "INSERT INTO study_code_pairs (study_id, code_id, other_code_id, answers) VALUES (:study, "
        ":code, :other, :delta) ON CONFLICT (study_id, code_id, other_code_id) DO UPDATE SET "
        "answers = study_code_pairs.answers + excluded.answers")
      .bind("study", study_id)
      .bind("code", code)
      .bind("other", other)
      .bind("delta", delta)
      .execute();
}

// Adds delta to every pair that `changed` (codes entering or leaving the answer) forms with the
// answer's other codes `codes`, in both orders; a pair of two changed codes is met from each
// side, once in each order.
void shift_pairs(soci::session& session, const std::string& study_id,
                 const std::vector<std::string>& changed, const std::vector<std::string>& codes,
                 long long delta) {
  for (const std::string& code : changed) {
    for (const std::string& other : codes) {
      if (other == code) continue;
      add_to_pair(session, study_id, code, other, delta);
      if (!contains(changed, other)) add_to_pair(session, study_id, other, code, delta);
    }
  }
}

}  // namespace

std::vector<std::string> answer_codes(soci::session& session, const std::string& study_id,
                                      const std::string& answer_id) {
  std::vector<std::string> codes;
  std::string code;
  Query q(session,
          "SELECT DISTINCT code_id FROM study_segments WHERE study_id = :study AND answer_id = "
          ":answer");
  q.into(code).bind("study", study_id).bind("answer", answer_id);
  q.for_each_row([&] { codes.push_back(code); });
  std::sort(codes.begin(), codes.end());
  return codes;
}

std::vector<std::string> with_code(std::vector<std::string> codes, const std::string& code) {
  auto at = std::lower_bound(codes.begin(), codes.end(), code);
  if (at == codes.end() || *at != code) codes.insert(at, code);
  return codes;
}

void refresh_answer_pairs(soci::session& session, const std::string& study_id,
                          const std::vector<std::string>& before,
                          const std::vector<std::string>& after) {
  std::vector<std::string> removed, added;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(removed));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  if (removed.empty() && added.empty()) return;
  shift_pairs(session, study_id, removed, before, -1);
  shift_pairs(session, study_id, added, after, +1);
  if (!removed.empty()) {
    Query(session, "DELETE FROM study_code_pairs WHERE study_id = :study AND answers <= 0")
        .bind("study", study_id)
        .execute();
  }
}

void rebuild_code_pairs(soci::session& session, const std::string& study_id) {
  Query(session, "DELETE FROM study_code_pairs WHERE study_id = :study")
      .bind("study", study_id)
      .execute();
  // Counted here from the answers' distinct codes, read in index order: a self-join of those
  // rows in SQL was planned by SQLite as a nested loop over both sides (seconds at 20,000).
  std::map<std::pair<std::string, std::string>, long long> pairs;
  std::vector<std::string> codes;
  auto count_answer = [&] {
    for (const std::string& code : codes)
      for (const std::string& other : codes)
        if (other != code) ++pairs[{code, other}];
    codes.clear();
  };
  std::string answer, previous, code;
  Query q(session,
          "SELECT DISTINCT answer_id, code_id FROM study_segments WHERE study_id = :study ORDER "
          "BY answer_id, code_id");
  q.into(answer).into(code).bind("study", study_id);
  q.for_each_row([&] {
    if (answer != previous) count_answer();
    previous = answer;
    codes.push_back(code);
  });
  count_answer();
  for (const auto& [pair, answers] : pairs)
    add_to_pair(session, study_id, pair.first, pair.second, answers);
}

}  // namespace trellis
