// COMMUNITIES (RFC 1997), EXTENDED_COMMUNITIES (RFC 4360) and LARGE_COMMUNITY (RFC 8092): lists of
// fixed-size values. RFC 7606 §7.8 / §7.14 and RFC 8092 §6: a length that is zero or not a
// multiple of the value size makes the attribute malformed, handled as treat-as-withdraw. RFC
// 4271 §6.3 names Attribute Length Error for a length that conflicts with the type; the
// attribute-list walker adds the attribute as NOTIFICATION data.
// Unknown extended community types are not an error (RFC 7606 §7.14); they are kept as octets.
#include "rr/wire/attributes/communities.hpp"

#include <cstring>
#include <string>

#include "rr/wire/attributes/attribute_codec.hpp"

namespace rr::wire {

namespace {

std::uint32_t load_u32(const std::uint8_t* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24U) | (static_cast<std::uint32_t>(p[1]) << 16U) |
         (static_cast<std::uint32_t>(p[2]) << 8U) | static_cast<std::uint32_t>(p[3]);
}

const std::uint8_t* octets(ByteView value) {
  return reinterpret_cast<const std::uint8_t*>(value.data());  // NOLINT
}

}  // namespace

namespace detail {

std::optional<AttrFault> decode_communities_into(ByteView value, std::vector<std::uint32_t>& out) {
  if (value.empty() || value.size() % 4 != 0) {
    return make_fault(UpdateSubcode::attribute_length_error,
                      "COMMUNITIES length is not a non-zero multiple of 4");
  }
  const std::uint8_t* p = octets(value);
  out.reserve(value.size() / 4);
  for (std::size_t i = 0; i < value.size(); i += 4)
    out.push_back(load_u32(p + i));
  return std::nullopt;
}

std::optional<AttrFault> decode_extended_communities_into(ByteView value,
                                                          std::vector<ExtendedCommunity>& out) {
  if (value.empty() || value.size() % 8 != 0) {
    return make_fault(UpdateSubcode::attribute_length_error,
                      "EXTENDED_COMMUNITIES length is not a non-zero multiple of 8");
  }
  const std::uint8_t* p = octets(value);
  out.reserve(value.size() / 8);
  for (std::size_t i = 0; i < value.size(); i += 8) {
    ExtendedCommunity& c = out.emplace_back();
    std::memcpy(c.bytes.data(), p + i, c.bytes.size());
  }
  return std::nullopt;
}

std::optional<AttrFault> decode_large_communities_into(ByteView value,
                                                       std::vector<LargeCommunity>& out) {
  if (value.empty() || value.size() % 12 != 0) {
    return make_fault(UpdateSubcode::attribute_length_error,
                      "LARGE_COMMUNITY length is not a non-zero multiple of 12");
  }
  const std::uint8_t* p = octets(value);
  out.reserve(value.size() / 12);
  for (std::size_t i = 0; i < value.size(); i += 12) {
    out.push_back(LargeCommunity{load_u32(p + i), load_u32(p + i + 4), load_u32(p + i + 8)});
  }
  return std::nullopt;
}

}  // namespace detail

namespace {

// The public decoders report a fault as the DecodeError the attribute-list walker would record
// (without the attribute as data, which only the walker has).
template <typename T>
Result<std::vector<T>> finish(std::optional<detail::AttrFault> fault, std::vector<T> values) {
  if (!fault) return values;
  DecodeError error = update_error(fault->subcode, fault->reason);
  error.action = ErrorAction::treat_as_withdraw;
  return tl::unexpected(std::move(error));
}

}  // namespace

Result<std::vector<std::uint32_t>> decode_communities(ByteView value) {
  std::vector<std::uint32_t> out;
  auto fault = detail::decode_communities_into(value, out);
  return finish(fault, std::move(out));
}

Result<std::vector<ExtendedCommunity>> decode_extended_communities(ByteView value) {
  std::vector<ExtendedCommunity> out;
  auto fault = detail::decode_extended_communities_into(value, out);
  return finish(fault, std::move(out));
}

Result<std::vector<LargeCommunity>> decode_large_communities(ByteView value) {
  std::vector<LargeCommunity> out;
  auto fault = detail::decode_large_communities_into(value, out);
  return finish(fault, std::move(out));
}

std::string community_to_string(std::uint32_t c) {
  return std::to_string(c >> 16U) + ':' + std::to_string(c & 0xffffU);
}

namespace detail {

template <class Sink>
void put_communities(Sink& s, const std::vector<std::uint32_t>& values) {
  for (const std::uint32_t c : values)
    s.u32(c);
}

template <class Sink>
void put_extended_communities(Sink& s, const std::vector<ExtendedCommunity>& values) {
  for (const auto& c : values)
    s.raw(c.bytes.data(), c.bytes.size());
}

template <class Sink>
void put_large_communities(Sink& s, const std::vector<LargeCommunity>& values) {
  for (const auto& c : values) {
    s.u32(c.global_admin);
    s.u32(c.local_data1);
    s.u32(c.local_data2);
  }
}

template void put_communities<CountingSink>(CountingSink&, const std::vector<std::uint32_t>&);
template void put_communities<PointerSink>(PointerSink&, const std::vector<std::uint32_t>&);
template void put_extended_communities<CountingSink>(CountingSink&,
                                                     const std::vector<ExtendedCommunity>&);
template void put_extended_communities<PointerSink>(PointerSink&,
                                                    const std::vector<ExtendedCommunity>&);
template void put_large_communities<CountingSink>(CountingSink&,
                                                  const std::vector<LargeCommunity>&);
template void put_large_communities<PointerSink>(PointerSink&, const std::vector<LargeCommunity>&);

}  // namespace detail

}  // namespace rr::wire
