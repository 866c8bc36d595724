// The daemon's log: one line per event on stderr ("<level> <component>: <text>"), which systemd
// sends to the journal. Thread-safe; lines below the configured level are dropped.
#pragma once

#include <string_view>

namespace mgmt::daemon {

enum class LogLevel : unsigned char { debug, info, warning, error };

void set_log_level(LogLevel level);
[[nodiscard]] bool parse_log_level(std::string_view text, LogLevel& level);
void log(LogLevel level, std::string_view component, std::string_view text);

inline void log_info(std::string_view component, std::string_view text) {
  log(LogLevel::info, component, text);
}
inline void log_warning(std::string_view component, std::string_view text) {
  log(LogLevel::warning, component, text);
}
inline void log_error(std::string_view component, std::string_view text) {
  log(LogLevel::error, component, text);
}

}  // namespace mgmt::daemon
