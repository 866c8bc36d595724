// The I/O event loops: N io_contexts, each run by one thread (shard-per-core, DESIGN.md §2).
// Sessions are pinned to a loop for life; the reflection engine's RIB shards run on the same
// loops. Created and wired once, at start-up.
#pragma once

#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace rr::session {

class EventLoops {
 public:
  explicit EventLoops(std::size_t count);
  ~EventLoops();
  EventLoops(const EventLoops&) = delete;
  EventLoops& operator=(const EventLoops&) = delete;

  // Starts one thread per loop (call once).
  void start();
  // Lets the loops finish their work and joins the threads.
  void stop();

  [[nodiscard]] std::size_t size() const { return loops_.size(); }
  boost::asio::io_context& loop(std::size_t i) { return *loops_[i % loops_.size()]; }
  // The loop a key (peer id, shard id) is pinned to.
  boost::asio::io_context& pick(std::size_t key) { return loop(key); }

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> loops_;
  std::vector<Guard> guards_;
  std::vector<std::thread> threads_;
};

}  // namespace rr::session
