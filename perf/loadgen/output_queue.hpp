// The bytes still to write on one connection, as a queue of slices of immutable buffers.
//
// Everything the generator and the floor send is encoded before the clock starts (OPEN,
// KEEPALIVE, NOTIFICATION, the UPDATE streams), so queueing a message copies nothing: the queue
// holds (pointer, length) slices and flush() hands up to IOV_MAX of them to one writev. The
// buffers must outlive the queue. Owned by one connection; single-threaded.
#pragma once

#include <cstddef>
#include <sys/uio.h>
#include <vector>

#include "rr/wire/bytes.hpp"

namespace rr::perf {

enum class FlushResult { done, blocked, failed };

class OutputQueue {
 public:
  void push(const wire::Bytes& bytes) { push(bytes.data(), bytes.size()); }
  void push(const std::byte* data, std::size_t size);
  [[nodiscard]] bool empty() const { return head_ == slices_.size(); }
  [[nodiscard]] std::size_t pending_bytes() const;
  void clear();
  // Writes as much as the socket takes: done (queue empty), blocked (EAGAIN) or failed.
  FlushResult flush(int fd);

 private:
  std::vector<iovec> slices_;
  std::size_t head_ = 0;
};

}  // namespace rr::perf
