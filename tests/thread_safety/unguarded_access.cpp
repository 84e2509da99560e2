// Must NOT compile under clang++ -Wthread-safety -Werror: it reads and writes a GUARDED_BY
// member without its mutex. thread_safety_test.sh expects clang to reject it, which shows the
// analysis is switched on and sees the annotations (a check that cannot fail proves nothing).
#include "core/mutex.h"

namespace {

class Counter {
 public:
  void add() { ++count_; }  // no MutexLock: the analysis must object
  int read() {
    trellis::MutexLock lock(mutex_);
    return count_;
  }

 private:
  trellis::Mutex mutex_;
  int count_ GUARDED_BY(mutex_) = 0;
};

}  // namespace

int main() {
  Counter c;
  c.add();
  return c.read();
}
