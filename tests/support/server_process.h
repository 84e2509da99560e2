// ServerProcess: the real `trellis serve` binary as a child process, for API tests.
//
// Runs `TRELLIS_BINARY serve --set port=0 <args…>`, waits (up to 60 s) until it prints
// "Trellis is listening on http://127.0.0.1:PORT", and from then on keeps draining its stdout
// and stderr into a log file on a background thread, so the child never blocks on a full pipe.
// The destructor terminates the child if it still runs. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace trellis::test {

class ServerProcess {
 public:
  // Starts the child and waits until it listens; a failed start fails the current test
  // (ADD_FAILURE with the child's output) and leaves port() at 0.
  explicit ServerProcess(std::vector<std::string> args);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The port from the listening line; 0 when the start failed.
  int port() const { return port_; }
  // "http://127.0.0.1:PORT".
  std::string base_url() const;
  // Everything the child printed so far, stdout and stderr interleaved.
  std::string log() const;
  // Sends SIGTERM and waits; returns the exit status (128 + signal when killed by a signal).
  int terminate();
  // Sends SIGKILL and waits.
  void kill_hard();
  bool running() const { return pid_ > 0; }
  // The child's process id (for reading /proc/PID), -1 before a start.
  pid_t pid() const { return pid_; }

 private:
  void drain();  // the background thread: pipes → log file and memory
  int wait_for_exit();

  pid_t pid_ = -1;
  int port_ = 0;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string temp_dir_;
  std::string log_path_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string stdout_text_;    // guarded by mutex_; searched for the listening line
  std::string log_text_;       // guarded by mutex_
  bool pipes_closed_ = false;  // guarded by mutex_
  std::thread drainer_;
};

}  // namespace trellis::test
