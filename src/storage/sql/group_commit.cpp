#include "storage/sql/group_commit.h"

#include <string>

#include "storage/sql/errors.h"
#include "storage/sql/sql_store_repositories.h"

namespace trellis {
namespace {

// Runs one statement of the batch's own bookkeeping (SAVEPOINT, RELEASE, COMMIT).
Status exec(soci::session& session, const std::string& sql) {
  try {
    session << sql;
    return ok_status();
  } catch (const std::exception& e) {
    return translate_db_error(e, "transaction");
  }
}

void rollback_quietly(soci::session& session) noexcept {
  try {
    session << "ROLLBACK";
  } catch (...) {
  }
}

// Every item that has not failed on its own gets the transaction's failure.
void fail_all(const std::vector<BatchedWrite*>& batch, const Status& why) {
  for (BatchedWrite* w : batch)
    if (w->result.ok() && !w->exception) w->result = why;
}

}  // namespace

void run_batch(soci::session& session, const TransactionOptions& options,
               const std::vector<BatchedWrite*>& batch) {
  if (batch.size() == 1) {
    try {
      batch.front()->result = run_transaction(session, options, *batch.front()->fn);
    } catch (...) {
      batch.front()->exception = std::current_exception();
    }
    return;
  }
  if (Status begun = exec(session, std::string(options.begin)); !begun.ok()) {
    fail_all(batch, begun);
    return;
  }
  for (BatchedWrite* w : batch) {
    if (Status s = exec(session, "SAVEPOINT batched_write"); !s.ok()) {
      rollback_quietly(session);
      fail_all(batch, s);
      return;
    }
    SqlRepositories repositories(session);
    try {
      w->result = (*w->fn)(repositories);
    } catch (...) {
      w->exception = std::current_exception();
    }
    // As in run_transaction: a callback that went on after a failed statement is refused.
    if (w->result.ok() && !w->exception && repositories.first_failure())
      w->result = *repositories.first_failure();
    const bool keep = w->result.ok() && !w->exception;
    Status undone = keep ? ok_status() : exec(session, "ROLLBACK TO SAVEPOINT batched_write");
    Status released = undone.ok() ? exec(session, "RELEASE SAVEPOINT batched_write") : undone;
    if (!released.ok()) {  // the transaction itself is lost: nobody's work is kept
      rollback_quietly(session);
      fail_all(batch, released);
      return;
    }
  }
  if (Status committed = exec(session, "COMMIT"); !committed.ok()) {
    rollback_quietly(session);
    fail_all(batch, committed);
  }
}

Status GroupCommit::write(const WriteFn& fn) {
  BatchedWrite mine;
  mine.fn = &fn;
  mutex_.lock();
  waiting_.push_back(&mine);
  while (!mine.finished) {
    if (writing_) {
      finished_.wait(mutex_);
      continue;
    }
    // Nobody is writing: this thread writes everything waiting, its own callback included.
    writing_ = true;
    std::vector<BatchedWrite*> batch;
    while (!waiting_.empty() && batch.size() < max_batch_) {
      batch.push_back(waiting_.front());
      waiting_.pop_front();
    }
    mutex_.unlock();
    run_(batch);
    mutex_.lock();
    for (BatchedWrite* w : batch) w->finished = true;
    writing_ = false;
    finished_.notify_all();
  }
  mutex_.unlock();
  if (mine.exception) std::rethrow_exception(mine.exception);
  return mine.result;
}

}  // namespace trellis
