// Owns every Session: creates them on their pinned event loop, applies configuration changes by
// difference (a peer whose configuration did not change is not touched), and answers "which
// session is this remote address?" for the listener from any thread without locks (the address
// map is an immutable snapshot swapped atomically on each change).
//
// apply() and the other mutators are called from one control thread (the management plane, or
// a test driver); the sessions themselves only ever run on their loops.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rr/session/event_loops.hpp"
#include "rr/session/listener.hpp"
#include "rr/session/peer_config.hpp"
#include "rr/session/route_sink.hpp"
#include "rr/session/session.hpp"

namespace rr::session {

class SessionManager {
 public:
  SessionManager(EventLoops& loops, RouteSink& sink);

  // The listener whose MD5 keys track the configured passwords (optional).
  void attach_listener(Listener* listener) { listener_ = listener; }

  struct ApplyResult {
    std::size_t added = 0;
    std::size_t removed = 0;
    std::size_t changed = 0;
    std::size_t unchanged = 0;
  };
  // Makes the running set equal to `peers` (keyed by remote address).
  ApplyResult apply(const std::vector<PeerConfig>& peers);

  // Any thread.
  [[nodiscard]] std::shared_ptr<Session> find(const wire::IpAddress& remote) const;
  [[nodiscard]] std::vector<std::shared_ptr<Session>> sessions() const;

  // Graceful restart, restarting speaker: OPENs of current and future sessions carry the R bit
  // (RFC 4724 §4.1) while set. Set it before the first apply() after a restart, clear it once
  // the routes are relearned.
  void set_restarting(bool restarting);

  // Administrative enable/disable of one peer; false if unknown.
  bool set_enabled(const wire::IpAddress& remote, bool enabled);
  // Stops every session (Cease / Administrative Shutdown with `communication`).
  void stop_all(std::string_view communication);

 private:
  struct Entry {
    std::shared_ptr<Session> session;
    PeerConfig config;  // as last handed to the session (its own copy lives on its loop)
  };
  using Map = std::map<wire::IpAddress, Entry>;

  EventLoops& loops_;
  RouteSink& sink_;
  Listener* listener_ = nullptr;
  PeerId next_id_ = 1;
  bool restarting_ = false;
  std::atomic<std::shared_ptr<const Map>> sessions_;
};

}  // namespace rr::session
