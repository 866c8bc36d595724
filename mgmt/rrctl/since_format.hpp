// The SINCE column of `calicoctl node status`: BIRD prints the time of a protocol's last state
// change in its short ISO format, "HH:MM:SS" when the change is less than 20 hours old and
// "YYYY-MM-DD" otherwise (calico-bgp-spec.md §4.1). rrd reports an RFC 3339 timestamp instead;
// these functions convert it, with the clock injected. Pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mgmt::rrctl {

enum class TimeZone : std::uint8_t { utc, local };

// "2026-11-26T04:23:32Z", "…T04:23:32.123456Z", "…T05:23:32+01:00" (also 't'/'z', ' ' as the
// separator). nullopt when the text is not such a timestamp.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_rfc3339(
    std::string_view text);

// BIRD's short ISO time of `since` relative to `now`, in `zone` (BIRD uses the local time). Text
// that does not parse is returned unchanged.
[[nodiscard]] std::string format_bird_since(std::string_view since,
                                            std::chrono::system_clock::time_point now,
                                            TimeZone zone);

}  // namespace mgmt::rrctl
