// Opening one SQLite connection configured the way Trellis needs it.
#pragma once

#include <soci/session.h>

#include <memory>
#include <string>

#include "core/result.h"

namespace trellis {

enum class SqliteAccess { kWriter, kReader };

// Opens PATH (creating the file, not its folder) and sets, on every connection:
//   journal_mode=WAL    readers and the writer do not block each other
//   synchronous=FULL    a committed transaction survives a power cut
//   foreign_keys=ON     SQLite leaves references unchecked otherwise
//   busy_timeout        how long to wait for a lock held by another process
// and query_only=ON for readers, so a write through them fails instead of racing the writer.
// Errors: unavailable naming the path and SQLite's message.
Result<std::unique_ptr<soci::session>> open_sqlite_connection(const std::string& path,
                                                              int busy_timeout_ms,
                                                              SqliteAccess access);

}  // namespace trellis
