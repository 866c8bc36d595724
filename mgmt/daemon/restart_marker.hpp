// Tells a restart from a cold start, for graceful restart as the restarting speaker
// (RFC 4724 §4.1). While rrd runs, <state_dir>/running holds a heartbeat (the time, rewritten
// every few seconds); a clean stop removes it. Finding it at start-up, with a heartbeat younger
// than the restart time we advertise, means rrd died and came back while its peers may still
// hold our routes: the daemon then sets the R bit and defers its End-of-RIB markers.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>

namespace mgmt::daemon {

class RestartMarker {
 public:
  explicit RestartMarker(const std::filesystem::path& state_dir);

  // How long ago the previous run's last heartbeat was, if it did not stop cleanly.
  [[nodiscard]] std::optional<std::chrono::seconds> previous_run_ended() const;
  // Writes the heartbeat (atomically). False if the state directory is not writable.
  bool beat();
  // Clean stop.
  void clear();

 private:
  std::filesystem::path path_;
};

}  // namespace mgmt::daemon
