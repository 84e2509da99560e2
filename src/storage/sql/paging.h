// Keyset pagination by id: "WHERE id > :after ORDER BY id LIMIT :fetch_limit", fetching one row
// more than the page holds to learn whether another page follows.
#pragma once

#include <algorithm>
#include <vector>

#include "storage/repositories.h"

namespace trellis {

inline int page_limit(const PageRequest& page) {
  return std::clamp(page.limit, 1, kMaxPageLimit);
}

// Rows to ask the database for: the page plus one.
inline long long fetch_limit(const PageRequest& page) {
  return page_limit(page) + 1;
}

// Builds the page from up to fetch_limit(page) rows ordered by id.
template <typename T>
Page<T> make_page(std::vector<T> rows, const PageRequest& page) {
  Page<T> result;
  const auto limit = static_cast<std::size_t>(page_limit(page));
  if (rows.size() > limit) {
    rows.resize(limit);
    result.next_cursor = rows.back().id;
  }
  result.items = std::move(rows);
  return result;
}

}  // namespace trellis
