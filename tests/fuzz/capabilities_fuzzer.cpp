// Fuzz target for decode_capabilities (RFC 5492 §4 and the capabilities of capabilities.hpp).
//
// Input: the value of one Capabilities optional parameter (up to 4096 octets; RFC 9072 allows
// more than 255). A decode error is an OPEN Message Error with session reset. Accepted
// capabilities encode one by one with the right code and length octets, decode back to an equal
// list, re-encode to the same octets, and summarize() agrees with the list.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "rr/wire/bytes.hpp"
#include "rr/wire/capabilities.hpp"
#include "rr/wire/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

rr::wire::Bytes encode_all(const std::vector<rr::wire::Capability>& caps) {
  rr::wire::Bytes out;
  rr::wire::Writer w(out);
  for (const auto& cap : caps) {
    const auto start = out.size();
    rr::wire::encode_capability(cap, w);
    fuzz::check(out.size() >= start + 2, "a capability has code and length octets");
    fuzz::check(out[start] == static_cast<std::byte>(rr::wire::capability_code(cap)),
                "the code octet is capability_code()");
    fuzz::check(static_cast<std::size_t>(out[start + 1]) == out.size() - start - 2,
                "the length octet is the value length");
  }
  return out;
}

void check_summary(const std::vector<rr::wire::Capability>& caps) {
  const auto summary = rr::wire::summarize(caps);
  std::optional<std::uint32_t> four_octet_as;
  bool extended_message = false;
  bool enhanced_route_refresh = false;
  bool route_refresh = false;
  for (const auto& cap : caps) {
    if (const auto* as4 = std::get_if<rr::wire::FourOctetAsCapability>(&cap))
      four_octet_as = as4->asn;
    extended_message |= std::holds_alternative<rr::wire::ExtendedMessageCapability>(cap);
    enhanced_route_refresh |= std::holds_alternative<rr::wire::EnhancedRouteRefreshCapability>(cap);
    route_refresh |= std::holds_alternative<rr::wire::RouteRefreshCapability>(cap);
  }
  fuzz::check(summary.four_octet_as == four_octet_as, "summary keeps the last 4-octet AS");
  fuzz::check(summary.extended_message == extended_message, "summary extended_message");
  fuzz::check(summary.enhanced_route_refresh == enhanced_route_refresh,
              "summary enhanced_route_refresh");
  fuzz::check(!route_refresh || summary.route_refresh, "summary route_refresh");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  std::vector<rr::wire::Capability> caps;
  const auto decoded = rr::wire::decode_capabilities(fuzz::as_view(data, size), caps);
  if (!decoded) {
    const auto& e = decoded.error();
    fuzz::check_error(e);
    fuzz::check(e.code == rr::wire::ErrorCode::open_message,
                "decode_capabilities fails with an OPEN Message Error");
    fuzz::check(e.action == rr::wire::ErrorAction::session_reset,
                "decode_capabilities errors reset the session");
    return 0;
  }
  check_summary(caps);
  const auto first = encode_all(caps);
  std::vector<rr::wire::Capability> again;
  fuzz::check(rr::wire::decode_capabilities(first, again).has_value(),
              "re-encoded capabilities decode");
  fuzz::check(again == caps, "re-encoded capabilities decode to an equal list");
  fuzz::check(encode_all(again) == first, "capability encoding is idempotent");
  return 0;
}
