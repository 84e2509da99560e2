// Runs a Store::write/read callback inside one transaction on one session: the part both
// stores share.
#pragma once

#include <soci/session.h>

#include <functional>
#include <string_view>

#include "core/result.h"
#include "storage/repositories.h"

namespace trellis {

struct TransactionOptions {
  // The statement that opens the transaction, e.g. "BEGIN IMMEDIATE" or "BEGIN READ ONLY".
  std::string_view begin;
  // Called when `begin` fails. Returns true when it repaired the session (a reconnect) and
  // `begin` should be tried once more. Nothing has run yet at that point, so retrying is safe.
  std::function<bool()> repair;
};

// Opens the transaction, hands fn the repositories, and commits when fn returns ok and no
// statement failed on the way; otherwise rolls back and returns the error. When fn throws, rolls
// back and rethrows.
Status run_transaction(soci::session& session, const TransactionOptions& options,
                       const std::function<Status(Repositories&)>& fn);

}  // namespace trellis
