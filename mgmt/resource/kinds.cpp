// Kind names, plurals, calicoctl aliases and apiVersions (calico-bgp-spec.md §1.1, §1.5, §5.1-5.2).
#include <array>
#include <string>
#include <string_view>
#include <variant>

#include "mgmt/resource/codec.hpp"

namespace mgmt::resource {
namespace {

struct KindInfo {
  Kind kind;
  std::string_view name;
  std::string_view plural;
  std::string_view api_version;
  std::array<std::string_view, 6> aliases;  // lower case; "" pads
};

constexpr std::string_view kCalicoApi = "projectcalico.org/v3";

constexpr std::array<KindInfo, 5> kKinds{{
    {Kind::node, "Node", "nodes", kCalicoApi, {"node", "nodes", "no", "nos", "", ""}},
    {Kind::bgp_configuration,
     "BGPConfiguration",
     "bgpconfigurations",
     kCalicoApi,
     {"bgpconfig", "bgpconfigs", "bgpconfiguration", "bgpconfigurations", "", ""}},
    {Kind::bgp_peer,
     "BGPPeer",
     "bgppeers",
     kCalicoApi,
     {"bgppeer", "bgppeers", "bgpp", "bgpps", "bp", "bps"}},
    {Kind::bgp_filter,
     "BGPFilter",
     "bgpfilters",
     kCalicoApi,
     {"bgpfilter", "bgpfilters", "", "", "", ""}},
    {Kind::secret, "Secret", "secrets", "v1", {"secret", "secrets", "", "", "", ""}},
}};

const KindInfo& info(Kind kind) {
  for (const KindInfo& candidate : kKinds) {
    if (candidate.kind == kind) return candidate;
  }
  return kKinds[0];  // unreachable: every Kind is listed
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::optional<Kind> kind_from_name(std::string_view name) {
  const std::string wanted = lower(name);
  if (wanted.empty()) return std::nullopt;
  for (const KindInfo& candidate : kKinds) {
    for (const std::string_view alias : candidate.aliases) {
      if (!alias.empty() && alias == wanted) return candidate.kind;
    }
  }
  return std::nullopt;
}

std::string_view kind_name(Kind kind) {
  return info(kind).name;
}
std::string_view plural(Kind kind) {
  return info(kind).plural;
}
std::string_view api_version(Kind kind) {
  return info(kind).api_version;
}

Kind kind_of(const Resource& resource) {
  return std::visit(
      [](const auto& value) -> Kind {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, Node>) {
          return Kind::node;
        } else if constexpr (std::is_same_v<T, BgpConfiguration>) {
          return Kind::bgp_configuration;
        } else if constexpr (std::is_same_v<T, BgpPeer>) {
          return Kind::bgp_peer;
        } else if constexpr (std::is_same_v<T, BgpFilter>) {
          return Kind::bgp_filter;
        } else {
          return Kind::secret;
        }
      },
      resource);
}

const ObjectMeta& metadata_of(const Resource& resource) {
  return std::visit([](const auto& value) -> const ObjectMeta& { return value.metadata; },
                    resource);
}

ObjectMeta& metadata_of(Resource& resource) {
  return std::visit([](auto& value) -> ObjectMeta& { return value.metadata; }, resource);
}

}  // namespace mgmt::resource
