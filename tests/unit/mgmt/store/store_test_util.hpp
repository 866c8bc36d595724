// Helpers shared by the store tests: a temporary directory, a sample BGPPeer document, and an
// EventLog watcher that records events (called on the store's notifier thread) for the test
// thread to wait on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mgmt/store/store.hpp"

namespace mgmt::store::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rrd-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline nlohmann::json peer(const std::string& name, const std::string& peer_ip = "10.0.0.1") {
  return {{"kind", "BGPPeer"},
          {"apiVersion", "projectcalico.org/v3"},
          {"metadata", {{"name", name}}},
          {"spec", {{"peerIP", peer_ip}, {"asNumber", 64512}}}};
}

class EventLog {
 public:
  Watcher watcher() {
    return [this](const Event& event) {
      const std::lock_guard lock(mutex_);
      events_.push_back(event);
      changed_.notify_all();
    };
  }
  // Waits until at least `count` events arrived (or 10 s passed); returns a copy.
  std::vector<Event> wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return events_.size() >= count; });
    return events_;
  }
  std::vector<Event> snapshot() {
    const std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Event> events_;
};

}  // namespace mgmt::store::testing
