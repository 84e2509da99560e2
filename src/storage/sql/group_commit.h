// Group commit for a store with one writer (SQLite): writers that arrive while a transaction is
// being written wait, and the next of them writes all waiting callbacks in one transaction, each
// inside its own savepoint. A failing callback is undone alone; the others share one COMMIT, so
// one fsync serves many requests instead of one each (ADR 18). Thread-safe.
#pragma once

#include <soci/session.h>

#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <vector>

#include "core/mutex.h"
#include "core/result.h"
#include "storage/repositories.h"
#include "storage/sql/transaction.h"

namespace trellis {

using WriteFn = std::function<Status(Repositories&)>;

// One writer's callback in a batch, and what came of it.
struct BatchedWrite {
  const WriteFn* fn = nullptr;
  Status result = ok_status();
  std::exception_ptr exception;  // rethrown in the writer's own thread
  bool finished = false;         // guarded by the GroupCommit's mutex
};

// Runs the callbacks in one transaction, each in its own savepoint, and sets every result: a
// callback's own failure, or the transaction's when BEGIN or COMMIT fails. A batch of one runs
// exactly as run_transaction does. Never throws: a callback's exception is kept in its item.
void run_batch(soci::session& session, const TransactionOptions& options,
               const std::vector<BatchedWrite*>& batch);

class GroupCommit {
 public:
  // `run` writes one batch with the writer to itself (callers serialise through this class).
  using RunBatch = std::function<void(const std::vector<BatchedWrite*>&)>;
  explicit GroupCommit(RunBatch run, std::size_t max_batch = 64)
      : run_(std::move(run)), max_batch_(max_batch) {}

  // Returns when fn's transaction has committed or failed; rethrows fn's exception.
  Status write(const WriteFn& fn) EXCLUDES(mutex_);

 private:
  const RunBatch run_;
  const std::size_t max_batch_;
  Mutex mutex_;
  CondVar finished_;
  std::deque<BatchedWrite*> waiting_ GUARDED_BY(mutex_);
  bool writing_ GUARDED_BY(mutex_) = false;
};

}  // namespace trellis
