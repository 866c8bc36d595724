// Where an Established session gets its outgoing UPDATEs from: the route pipeline hands each
// session a feed, and the session pulls from it whenever its send queue runs dry. Pulling (rather
// than the pipeline pushing into every session) lets many sessions share one encoded stream, each
// at its own pace, and keeps a blocked peer from queueing without bound (DESIGN.md §2).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "rr/wire/bytes.hpp"

namespace rr::session {

class OutputFeed {
 public:
  using Block = std::shared_ptr<const wire::Bytes>;
  struct Pulled {
    std::size_t messages = 0;
    std::size_t prefixes = 0;
  };
  virtual ~OutputFeed() = default;
  // Called on the session's loop: append whole encoded messages, about `max_bytes` of them.
  virtual Pulled pull(std::vector<Block>& out, std::size_t max_bytes) = 0;
};

}  // namespace rr::session
