#include "mgmt/resource/validators.hpp"

#include <arpa/inet.h>
#include <array>
#include <cstdint>
#include <string>

namespace mgmt::resource::validate {
namespace {

constexpr std::size_t kMaxSubdomain = 253;
constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxPeerIp = 64;
constexpr std::size_t kMaxInterface = 15;

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_alnum(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// One dot-separated part of a DNS-1123 name: [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool is_dns_label(std::string_view part) {
  if (part.empty() || !is_lower_alnum(part.front()) || !is_lower_alnum(part.back())) return false;
  for (const char c : part) {
    if (!is_lower_alnum(c) && c != '-') return false;
  }
  return true;
}

bool is_subdomain(std::string_view text) {
  if (text.empty() || text.size() > kMaxSubdomain) return false;
  std::size_t start = 0;
  while (true) {
    const auto dot = text.find('.', start);
    const auto part = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!is_dns_label(part)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], ≤63.
bool is_label_name(std::string_view text) {
  if (text.empty() || text.size() > kMaxLabel) return false;
  if (!is_alnum(text.front()) || !is_alnum(text.back())) return false;
  for (const char c : text) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// Decimal digits only, value ≤ max.
bool parse_decimal(std::string_view text, std::uint64_t max, std::uint64_t& out) {
  if (text.empty()) return false;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (!is_digit(c)) return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > max) return false;
  }
  out = value;
  return true;
}

std::string_view family_name(IpFamily family) {
  return family == IpFamily::v4 ? "an IPv4" : "an IPv6";
}

}  // namespace

Verdict resource_name(std::string_view text) {
  if (text.empty()) return "required";
  if (text.size() > kMaxSubdomain) return "must be at most 253 characters";
  if (!is_subdomain(text)) {
    return "\"" + std::string(text) +
           "\" is not a valid name: lower case alphanumerics, '-' and '.', starting and ending "
           "with an alphanumeric";
  }
  return std::nullopt;
}

Verdict dns_label(std::string_view text) {
  if (text.size() > kMaxLabel || !is_dns_label(text)) {
    return "\"" + std::string(text) +
           "\" is not a valid DNS-1123 label: at most 63 lower case alphanumerics or '-', "
           "starting and ending with an alphanumeric";
  }
  return std::nullopt;
}

Verdict qualified_name(std::string_view text) {
  const auto slash = text.find('/');
  std::string_view name = text;
  if (slash != std::string_view::npos) {
    const auto prefix = text.substr(0, slash);
    name = text.substr(slash + 1);
    if (!is_subdomain(prefix)) {
      return "\"" + std::string(text) + "\": prefix must be a DNS-1123 subdomain";
    }
  }
  if (!is_label_name(name)) {
    return "\"" + std::string(text) +
           "\" is not a qualified name: at most 63 alphanumerics, '-', '_' or '.', starting and "
           "ending with an alphanumeric, with an optional DNS subdomain prefix and '/'";
  }
  return std::nullopt;
}

Verdict label_value(std::string_view text) {
  if (text.empty() || is_label_name(text)) return std::nullopt;
  return "\"" + std::string(text) +
         "\" is not a valid label value: at most 63 alphanumerics, '-', '_' or '.', starting and "
         "ending with an alphanumeric";
}

std::optional<IpFamily> ip_family(std::string_view text) {
  // inet_pton needs a NUL-terminated string; the longest textual IPv6 address is 45 chars.
  constexpr std::size_t kMaxText = 45;
  if (text.empty() || text.size() > kMaxText) return std::nullopt;
  const std::string copy(text);
  std::array<unsigned char, 16> buffer{};
  if (copy.find(':') != std::string::npos) {
    if (inet_pton(AF_INET6, copy.c_str(), buffer.data()) == 1) return IpFamily::v6;
    return std::nullopt;
  }
  // glibc's inet_pton accepts only four dotted decimal parts without leading zeros, as Go does.
  if (inet_pton(AF_INET, copy.c_str(), buffer.data()) == 1) return IpFamily::v4;
  return std::nullopt;
}

Verdict ip_address(std::string_view text, std::optional<IpFamily> family) {
  const auto actual = ip_family(text);
  if (!actual) return "\"" + std::string(text) + "\" is not a valid IP address";
  if (family && *actual != *family) {
    return "\"" + std::string(text) + "\" is not " + std::string(family_name(*family)) + " address";
  }
  return std::nullopt;
}

std::optional<IpFamily> cidr_family(std::string_view text) {
  const auto slash = text.find('/');
  const auto family = ip_family(text.substr(0, slash));
  if (!family || slash == std::string_view::npos) return family;
  const auto length = text.substr(slash + 1);
  std::uint64_t bits = 0;
  const std::uint64_t max = *family == IpFamily::v4 ? 32 : 128;
  if (!parse_decimal(length, max, bits)) return std::nullopt;
  if (length.size() > 1 && length.front() == '0') return std::nullopt;
  return family;
}

Verdict ip_or_cidr(std::string_view text, std::optional<IpFamily> family) {
  const auto actual = cidr_family(text);
  if (!actual) return "\"" + std::string(text) + "\" is not a valid IP address or CIDR";
  if (family && *actual != *family) {
    return "\"" + std::string(text) + "\" is not " + std::string(family_name(*family)) +
           " address or CIDR";
  }
  return std::nullopt;
}

tl::expected<PeerAddress, std::string> peer_ip(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return tl::make_unexpected("\"" + std::string(text) +
                               "\" is not a valid peer address: " + std::string(why));
  };
  if (text.size() > kMaxPeerIp) return bad("longer than 64 characters");
  PeerAddress out;
  std::string_view address = text;
  std::optional<std::string_view> port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return bad("expected [<IPv6>]:<port>");
    }
    address = text.substr(1, close - 1);
    port = text.substr(close + 2);
    const auto family = ip_family(address);
    if (!family || *family != IpFamily::v6) return bad("invalid IPv6 address in brackets");
  } else if (const auto colons = text.find(':');
             colons != std::string_view::npos &&
             text.find(':', colons + 1) == std::string_view::npos) {
    // Exactly one ':' is "<IPv4>:<port>"; more mean a bare IPv6 address.
    address = text.substr(0, colons);
    port = text.substr(colons + 1);
    const auto family = ip_family(address);
    if (!family || *family != IpFamily::v4) return bad("invalid IPv4 address");
  }
  const auto family = ip_family(address);
  if (!family) return bad("invalid IP address");
  out.address = std::string(address);
  out.family = *family;
  if (port) {
    std::uint64_t number = 0;
    constexpr std::uint64_t kMaxPort = 65535;
    if (!parse_decimal(*port, kMaxPort, number) || number == 0) {
      return bad("port must be between 1 and 65535");
    }
    out.port = static_cast<std::uint16_t>(number);
  }
  return out;
}

Verdict community(std::string_view text) {
  std::array<std::string_view, 3> parts{};
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const auto colon = text.find(':', start);
    if (count == parts.size()) return "\"" + std::string(text) + "\" has too many parts";
    parts.at(count++) = text.substr(start, colon == std::string_view::npos ? colon : colon - start);
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  const std::uint64_t max = count == 2 ? 0xFFFFU : 0xFFFFFFFFU;
  if (count < 2) {
    return "\"" + std::string(text) + "\" is not a community: expected aa:nn or aa:nn:mm";
  }
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t value = 0;
    if (!parse_decimal(parts.at(i), max, value)) {
      return "\"" + std::string(text) + "\" is not a valid community: " +
             (count == 2 ? "aa:nn parts must be 0 … 65535"
                         : "aa:nn:mm parts must be 0 … 4294967295");
    }
  }
  return std::nullopt;
}

Verdict interface_pattern(std::string_view text) {
  bool ok = !text.empty() && text.size() <= kMaxInterface;
  for (const char c : text) {
    if (!is_alnum(c) && c != '_' && c != '.' && c != '*' && c != '-') ok = false;
  }
  if (ok) return std::nullopt;
  return "\"" + std::string(text) +
         "\" is not a valid interface pattern: 1 … 15 of [a-zA-Z0-9_.*-]";
}

Verdict secret_key(std::string_view text) {
  bool ok = !text.empty() && text.size() <= kMaxSubdomain;
  for (const char c : text) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') ok = false;
  }
  if (ok) return std::nullopt;
  return "\"" + std::string(text) + "\" is not a valid key: 1 … 253 of [-._a-zA-Z0-9]";
}

}  // namespace mgmt::resource::validate
