#include "mgmt/rrctl/kinds.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "mgmt/resource/codec.hpp"

namespace mgmt::rrctl {
namespace {

constexpr std::string_view kCalicoPrefix = "/apis/projectcalico.org/v3";
constexpr std::string_view kCorePrefix = "/api/v1";
constexpr std::array<resource::Kind, 5> kKinds{resource::Kind::node, resource::Kind::bgp_peer,
                                               resource::Kind::bgp_configuration,
                                               resource::Kind::bgp_filter, resource::Kind::secret};

KindInfo info_of(resource::Kind kind) {
  const auto version = resource::api_version(kind);
  return KindInfo{resource::kind_name(kind), resource::plural(kind), version,
                  version == "v1" ? kCorePrefix : kCalicoPrefix};
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string KindInfo::path(std::string_view name) const {
  std::string out(api_prefix);
  out += '/';
  out += plural;
  if (!name.empty()) {
    out += '/';
    out += url_escape(name);
  }
  return out;
}

std::string KindInfo::list_kind() const {
  return std::string(kind) + "List";
}

std::optional<KindInfo> find_kind(std::string_view name) {
  if (const auto kind = resource::kind_from_name(name)) return info_of(*kind);
  // A typed list document's kind ("BGPPeerList").
  const std::string wanted = lower(name);
  for (const auto kind : kKinds) {
    if (wanted == lower(resource::kind_name(kind)) + "list") return info_of(kind);
  }
  return std::nullopt;
}

std::string url_escape(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4U];
      out += kHex[byte & 0x0FU];
    }
  }
  return out;
}

}  // namespace mgmt::rrctl
