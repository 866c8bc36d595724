#include "perf/loadgen/output_queue.hpp"

#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace rr::perf {

namespace {
constexpr std::size_t kMaxIov = 1024;  // IOV_MAX on Linux
}

void OutputQueue::push(const std::byte* data, std::size_t size) {
  if (size == 0) return;
  // iovec's base is non-const for readv's sake; writev never writes through it.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast)
  slices_.push_back(iovec{const_cast<std::byte*>(data), size});
}

std::size_t OutputQueue::pending_bytes() const {
  std::size_t total = 0;
  for (std::size_t i = head_; i < slices_.size(); ++i)
    total += slices_[i].iov_len;
  return total;
}

void OutputQueue::clear() {
  slices_.clear();
  head_ = 0;
}

FlushResult OutputQueue::flush(int fd) {
  while (!empty()) {
    const std::size_t count = std::min(kMaxIov, slices_.size() - head_);
    const ssize_t n = ::writev(fd, &slices_[head_], static_cast<int>(count));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? FlushResult::blocked : FlushResult::failed;
    }
    auto left = static_cast<std::size_t>(n);
    while (left > 0 && left >= slices_[head_].iov_len) {
      left -= slices_[head_].iov_len;
      ++head_;
    }
    if (left > 0) {
      slices_[head_].iov_base = static_cast<std::byte*>(slices_[head_].iov_base) + left;
      slices_[head_].iov_len -= left;
    }
  }
  clear();
  return FlushResult::done;
}

}  // namespace rr::perf
