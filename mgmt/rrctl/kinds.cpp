#include "mgmt/rrctl/kinds.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>

namespace mgmt::rrctl {
namespace {

constexpr std::string_view kCalicoVersion = "projectcalico.org/v3";
constexpr std::string_view kCalicoPrefix = "/apis/projectcalico.org/v3";

struct KindEntry {
  KindInfo info;
  std::initializer_list<std::string_view> aliases;  // lower case
};

const std::array<KindEntry, 5>& kind_table() {
  static const std::array<KindEntry, 5> table{{
      {{"Node", "nodes", kCalicoVersion, kCalicoPrefix}, {"node", "nodes", "no", "nos"}},
      {{"BGPPeer", "bgppeers", kCalicoVersion, kCalicoPrefix},
       {"bgppeer", "bgppeers", "bgpp", "bgpps", "bp", "bps"}},
      {{"BGPConfiguration", "bgpconfigurations", kCalicoVersion, kCalicoPrefix},
       {"bgpconfiguration", "bgpconfigurations", "bgpconfig", "bgpconfigs"}},
      {{"BGPFilter", "bgpfilters", kCalicoVersion, kCalicoPrefix}, {"bgpfilter", "bgpfilters"}},
      {{"Secret", "secrets", "v1", "/api/v1"}, {"secret", "secrets"}},
  }};
  return table;
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
  const std::string wanted = lower(name);
  for (const KindEntry& entry : kind_table()) {
    if (wanted == lower(entry.info.kind) || wanted == lower(entry.info.list_kind())) {
      return entry.info;
    }
    for (std::string_view alias : entry.aliases) {
      if (wanted == alias) return entry.info;
    }
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
