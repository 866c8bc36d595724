// Selector validation for BGPPeer nodeSelector / peerSelector / localWorkloadSelector: at most
// 1024 characters and accepted by the Calico selector parser (mgmt::selector, §3).
#include <string>

#include "mgmt/resource/validators.hpp"
#include "mgmt/selector/selector.hpp"

namespace mgmt::resource::validate {

Verdict selector(std::string_view text) {
  constexpr std::size_t kMaxSelector = 1024;
  if (text.size() > kMaxSelector) return "selector longer than 1024 characters";
  auto parsed = mgmt::selector::Selector::parse(text);
  if (!parsed) return "invalid selector \"" + std::string(text) + "\": " + parsed.error();
  return std::nullopt;
}

}  // namespace mgmt::resource::validate
