// sd_notify(3) without libsystemd: a datagram to $NOTIFY_SOCKET ("READY=1", "WATCHDOG=1",
// "STOPPING=1", "STATUS=…"). A no-op when rrd does not run under systemd. Any thread.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace mgmt::daemon {

bool systemd_notify(std::string_view state);
// The watchdog interval systemd asked for ($WATCHDOG_USEC), if any.
[[nodiscard]] std::optional<std::chrono::microseconds> systemd_watchdog_interval();

}  // namespace mgmt::daemon
