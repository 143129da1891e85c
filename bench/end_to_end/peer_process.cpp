// SPDX-License-Identifier: MIT
#include "peer_process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpu_usage.hpp"

namespace redactor::bench {
namespace {

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return; // the other side is gone; its exit is handled elsewhere
    done += static_cast<std::size_t>(n);
  }
}

std::string own_executable() {
  char path[4096];
  auto n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0)
    throw std::runtime_error("cannot find /proc/self/exe");
  return {path, static_cast<std::size_t>(n)};
}

} // namespace

peer_process::peer_process(const std::vector<std::string>& args) {
  auto exe = own_executable();
  int down[2];
  int up[2];
  if (::pipe2(down, O_CLOEXEC) != 0 || ::pipe2(up, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0)
    throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the bench
    if (::getppid() != parent)
      ::_exit(1);
    ::dup2(down[0], STDIN_FILENO);
    ::dup2(up[1], STDOUT_FILENO);
    std::vector<char*> argv{exe.data()};
    for (auto& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(down[0]);
  ::close(up[1]);
  to_peer_ = down[1];
  from_peer_ = up[0];
  if (next_line() != "ready")
    throw std::runtime_error("the peer process did not start");
}

peer_process::~peer_process() {
  ::close(to_peer_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    ::usleep(2000);
  }
  ::close(from_peer_);
}

double peer_process::cpu_seconds() {
  write_all(to_peer_, "cpu\n");
  return std::stod(next_line());
}

std::string peer_process::next_line(std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto eol = buffered_.find('\n');
    if (eol != std::string::npos) {
      auto line = buffered_.substr(0, eol);
      buffered_.erase(0, eol + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{from_peer_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0)
      throw std::runtime_error("the peer process did not answer in time");
    char chunk[256];
    auto n = ::read(from_peer_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      throw std::runtime_error("the peer process exited");
    buffered_.append(chunk, static_cast<std::size_t>(n));
  }
}

peer_control::peer_control() : reader_([this] { answer(); }) {}

peer_control::~peer_control() {
  // The reader ends with stdin; a peer leaving early does not wait for it.
  if (stop_)
    reader_.join();
  else
    reader_.detach();
}

void peer_control::ready() {
  say("ready\n");
}

void peer_control::report(const std::string& line) {
  say(line + "\n");
}

void peer_control::wait_for_stop() {
  std::unique_lock<std::mutex> lock{mtx_};
  stopped_.wait(lock, [this] { return stop_.load(); });
}

void peer_control::answer() {
  std::string pending;
  char chunk[64];
  for (;;) {
    auto n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    pending.append(chunk, static_cast<std::size_t>(n));
    for (auto eol = pending.find('\n'); eol != std::string::npos;
         eol = pending.find('\n')) {
      if (pending.compare(0, eol, "cpu") == 0)
        say(std::to_string(own_cpu_seconds()) + "\n");
      pending.erase(0, eol + 1);
    }
  }
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stop_ = true;
  }
  stopped_.notify_all();
}

void peer_control::say(const std::string& line) {
  std::lock_guard<std::mutex> guard{mtx_};
  write_all(STDOUT_FILENO, line);
}

} // namespace redactor::bench
