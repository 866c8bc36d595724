#include "mgmt/daemon/restart_marker.hpp"

#include <fstream>
#include <string>
#include <system_error>

namespace mgmt::daemon {

RestartMarker::RestartMarker(const std::filesystem::path& state_dir)
    : path_(state_dir / "running") {}

std::optional<std::chrono::seconds> RestartMarker::previous_run_ended() const {
  std::ifstream in(path_);
  long long beat = 0;
  if (!(in >> beat)) return std::nullopt;
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return std::chrono::seconds(now >= beat ? now - beat : 0);
}

bool RestartMarker::beat() {
  std::error_code ec;
  std::filesystem::create_directories(path_.parent_path(), ec);
  const auto tmp = path_.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return false;
    out << std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count()
        << "\n";
    if (!out) return false;
  }
  std::filesystem::rename(tmp, path_, ec);
  return !ec;
}

void RestartMarker::clear() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

}  // namespace mgmt::daemon
