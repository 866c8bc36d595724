#include "rr/engine/peer_info.hpp"

namespace rr::engine {

const char* to_string(PeerRole role) {
  switch (role) {
    case PeerRole::client:
      return "client";
    case PeerRole::non_client:
      return "non-client";
    case PeerRole::ebgp:
      return "ebgp";
  }
  return "?";
}

}  // namespace rr::engine
