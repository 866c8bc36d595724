#include "rr/session/event_loops.hpp"

namespace rr::session {

EventLoops::EventLoops(std::size_t count) {
  if (count == 0) count = 1;
  for (std::size_t i = 0; i < count; ++i) {
    // Concurrency hint 1: each io_context is run by exactly one thread, so Asio may skip locking.
    loops_.push_back(std::make_unique<boost::asio::io_context>(1));
    guards_.emplace_back(loops_.back()->get_executor());
  }
}

EventLoops::~EventLoops() {
  stop();
}

void EventLoops::start() {
  for (auto& l : loops_) {
    threads_.emplace_back([ctx = l.get()] { ctx->run(); });
  }
}

void EventLoops::stop() {
  for (auto& g : guards_)
    g.reset();
  for (auto& l : loops_)
    l->stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace rr::session
