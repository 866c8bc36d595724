#include "rr/session/session_manager.hpp"

#include <boost/asio/post.hpp>

namespace rr::session {

namespace asio = boost::asio;

SessionManager::SessionManager(EventLoops& loops, RouteSink& sink)
    : loops_(loops), sink_(sink), sessions_(std::make_shared<const Map>()) {}

SessionManager::ApplyResult SessionManager::apply(const std::vector<PeerConfig>& peers) {
  ApplyResult result;
  const auto current = sessions_.load();
  auto next = std::make_shared<Map>();
  for (const auto& config : peers) {
    auto it = current->find(config.remote_address);
    if (it == current->end()) {
      const PeerId id = next_id_++;
      auto session = std::make_shared<Session>(loops_.pick(id), id, config, sink_);
      session->set_restarting(restarting_);
      if (listener_ && !config.password.empty())
        listener_->set_md5(config.remote_address, config.password);
      asio::post(session->loop(), [session] { session->start(); });
      next->emplace(config.remote_address, Entry{std::move(session), config});
      ++result.added;
      continue;
    }
    auto session = it->second.session;
    const PeerConfig previous = it->second.config;
    next->emplace(config.remote_address, Entry{session, config});
    if (previous == config) {
      ++result.unchanged;
      continue;
    }
    if (listener_ && previous.password != config.password) {
      listener_->set_md5(config.remote_address, config.password);
    }
    asio::post(session->loop(), [session, config] { session->reconfigure(config); });
    ++result.changed;
  }
  for (const auto& [address, entry] : *current) {
    if (next->count(address)) continue;
    auto session = entry.session;
    if (listener_ && !entry.config.password.empty()) listener_->set_md5(address, "");
    asio::post(session->loop(),
               [session] { session->stop(wire::CeaseSubcode::peer_deconfigured); });
    ++result.removed;
  }
  sessions_.store(std::move(next));
  return result;
}

void SessionManager::set_restarting(bool restarting) {
  restarting_ = restarting;
  for (const auto& [address, entry] : *sessions_.load()) {
    auto session = entry.session;
    asio::post(session->loop(), [session, restarting] { session->set_restarting(restarting); });
  }
}

std::shared_ptr<Session> SessionManager::find(const wire::IpAddress& remote) const {
  const auto map = sessions_.load();
  auto it = map->find(remote);
  return it == map->end() ? nullptr : it->second.session;
}

std::vector<std::shared_ptr<Session>> SessionManager::sessions() const {
  std::vector<std::shared_ptr<Session>> out;
  const auto map = sessions_.load();
  out.reserve(map->size());
  for (const auto& [address, entry] : *map)
    out.push_back(entry.session);
  return out;
}

bool SessionManager::set_enabled(const wire::IpAddress& remote, bool enabled) {
  auto session = find(remote);
  if (!session) return false;
  asio::post(session->loop(), [session, enabled] { session->set_enabled(enabled); });
  return true;
}

void SessionManager::stop_all(std::string_view communication) {
  for (auto& session : sessions()) {
    asio::post(session->loop(), [session, text = std::string(communication)] {
      session->stop(wire::CeaseSubcode::administrative_shutdown, text);
    });
  }
}

}  // namespace rr::session
