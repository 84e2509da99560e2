#include "support/server_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace trellis::test {
namespace {

// Generous for a loaded machine; a server that takes this long has hung.
constexpr auto kStartTimeout = std::chrono::seconds(60);
constexpr std::string_view kListeningPrefix = "Trellis is listening on http://127.0.0.1:";

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "trellis-server-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// The port from a complete line "Trellis is listening on http://127.0.0.1:PORT"; 0 if none.
int find_listening_port(const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) break;  // only whole lines count
    std::string_view line(text.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, kListeningPrefix.size()) == kListeningPrefix) {
      std::string_view digits = line.substr(kListeningPrefix.size());
      if (!digits.empty() && digits.size() <= 5 &&
          digits.find_first_not_of("0123456789") == std::string_view::npos) {
        return std::atoi(std::string(digits).c_str());
      }
    }
    start = end + 1;
  }
  return 0;
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> args) {
  temp_dir_ = make_temp_dir();
  log_path_ = temp_dir_ + "/server.log";

  std::vector<std::string> argv_strings = {TRELLIS_BINARY, "serve", "--set", "port=0"};
  for (auto& a : args) argv_strings.push_back(std::move(a));
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // The child: only async-signal-safe calls until execv.
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  stdout_fd_ = out_pipe[0];
  stderr_fd_ = err_pipe[0];
  drainer_ = std::thread([this] { drain(); });

  std::unique_lock lock(mutex_);
  bool started = changed_.wait_for(lock, kStartTimeout, [this] {
    port_ = find_listening_port(stdout_text_);
    return port_ != 0 || pipes_closed_;
  });
  if (!started || port_ == 0) {
    std::string output = log_text_;
    lock.unlock();
    ADD_FAILURE() << "trellis serve did not report that it listens within 60 s"
                  << (started ? " (it exited)" : "") << "; its output:\n"
                  << output;
    kill_hard();
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate();
  if (drainer_.joinable()) drainer_.join();
  std::error_code ignored;
  std::filesystem::remove_all(temp_dir_, ignored);
}

std::string ServerProcess::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::string ServerProcess::log() const {
  std::lock_guard lock(mutex_);
  return log_text_;
}

void ServerProcess::drain() {
  std::ofstream file(log_path_, std::ios::binary);
  pollfd fds[2] = {{stdout_fd_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}};
  int open_fds = 2;
  char buffer[8192];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;  // poll ignores negative descriptors
        --open_fds;
        continue;
      }
      file.write(buffer, n);
      file.flush();
      std::lock_guard lock(mutex_);
      log_text_.append(buffer, static_cast<std::size_t>(n));
      if (i == 0) stdout_text_.append(buffer, static_cast<std::size_t>(n));
      changed_.notify_all();
    }
  }
  std::lock_guard lock(mutex_);
  pipes_closed_ = true;
  changed_.notify_all();
}

int ServerProcess::wait_for_exit() {
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  pid_ = -1;
  if (drainer_.joinable()) drainer_.join();
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  return wait_for_exit();
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_for_exit();
}

}  // namespace trellis::test
