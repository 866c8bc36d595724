// The OPEN message (RFC 4271 §4.2, §6.2), its Capabilities optional parameters (RFC 5492 §4) and
// the extended optional parameters length (RFC 9072 §2).
//
// Fixed part: Version (1), My Autonomous System (2), Hold Time (2), BGP Identifier (4), Optional
// Parameters Length (1), then the optional parameters as (type 1, length 1, value). RFC 9072 marks
// the extended form with a length octet of 255 and a first parameter type of 255, followed by a
// 2-octet total length; parameter lengths are then 2 octets too. Only the Capabilities parameter
// (type 2) is supported; the deprecated Authentication parameter (type 1) and anything else is an
// Unsupported Optional Parameter.
#include "rr/wire/open_message.hpp"

#include <cstddef>
#include <string_view>
#include <utility>
#include <variant>

#include "rr/wire/header.hpp"

namespace rr::wire {

namespace {

constexpr std::uint8_t kBgpVersion = 4;              // RFC 4271 §4.2
constexpr std::uint8_t kCapabilitiesParameter = 2;   // RFC 5492 §4
constexpr std::uint8_t kExtendedLengthMarker = 255;  // RFC 9072 §2: Non-Ext OP Len / Type
constexpr std::size_t kOpenFixedSize = 10;           // octets after the header, before params
constexpr std::size_t kMaxShortParameterLength = 255;

tl::unexpected<DecodeError> fail(OpenSubcode sub, std::string_view reason, Bytes data = {}) {
  return tl::make_unexpected(open_error(sub, reason, std::move(data)));
}

// Walks the optional parameters (in either encoding), decodes every Capabilities parameter and
// records the layout in `one_parameter_per_capability`.
Result<std::monostate> decode_parameters(ByteView params, bool extended, OpenMessage& msg) {
  Reader r(params);
  std::size_t parameters = 0;
  bool every_parameter_one_capability = true;
  while (!r.empty()) {
    std::uint8_t type = 0;
    std::uint16_t length = 0;
    bool ok = r.u8(type);
    if (extended) {
      ok = ok && r.u16(length);
    } else {
      std::uint8_t short_length = 0;
      ok = ok && r.u8(short_length);
      length = short_length;
    }
    ByteView value;
    if (!ok || !r.take(length, value)) {
      return fail(OpenSubcode::unspecific, "optional parameter overruns the optional parameters");
    }
    // RFC 4271 §6.2: an optional parameter that is not recognized.
    if (type != kCapabilitiesParameter) {
      return fail(OpenSubcode::unsupported_optional_parameter, "unsupported optional parameter");
    }
    const std::size_t before = msg.capabilities.size();
    if (auto decoded = decode_capabilities(value, msg.capabilities); !decoded) {
      return tl::make_unexpected(std::move(decoded.error()));
    }
    every_parameter_one_capability =
        every_parameter_one_capability && msg.capabilities.size() == before + 1;
    ++parameters;
  }
  msg.one_parameter_per_capability = every_parameter_one_capability && parameters >= 2;
  return std::monostate{};
}

// Lays out the Capabilities parameters with 1-octet lengths, or 2-octet ones when `extended`
// (RFC 9072 §2). Returns false if a short-form parameter does not fit in 255 octets.
bool write_parameters(const OpenMessage& msg, bool extended, Bytes& out) {
  Writer w(out);
  auto open_parameter = [&w, extended]() {
    w.u8(kCapabilitiesParameter);
    const std::size_t length_offset = w.size();
    if (extended) {
      w.u16(0);
    } else {
      w.u8(0);
    }
    return length_offset;
  };
  auto close_parameter = [&w, extended](std::size_t length_offset) {
    const std::size_t length = w.size() - length_offset - (extended ? 2 : 1);
    if (extended) {
      w.patch_u16(length_offset, static_cast<std::uint16_t>(length));
      return true;
    }
    w.patch_u8(length_offset, static_cast<std::uint8_t>(length));
    return length <= kMaxShortParameterLength;
  };

  if (msg.capabilities.empty()) return true;
  if (msg.one_parameter_per_capability) {
    bool fits = true;
    for (const auto& cap : msg.capabilities) {
      const auto offset = open_parameter();
      encode_capability(cap, w);
      fits = close_parameter(offset) && fits;
    }
    return fits;
  }
  const auto offset = open_parameter();
  for (const auto& cap : msg.capabilities)
    encode_capability(cap, w);
  return close_parameter(offset);
}

}  // namespace

std::uint32_t OpenMessage::asn() const {
  std::uint32_t result = my_as;
  for (const auto& cap : capabilities) {
    if (const auto* four = std::get_if<FourOctetAsCapability>(&cap)) result = four->asn;
  }
  return result;
}

Result<OpenMessage> decode_open(ByteView body) {
  Reader r(body);
  OpenMessage msg;
  std::uint32_t identifier = 0;
  std::uint8_t params_length = 0;
  if (body.size() < kOpenFixedSize) {
    // peek_header rejects such a message as Bad Message Length (RFC 4271 §6.1) before it gets
    // here; a caller handing a bare body gets an OPEN Message Error.
    return fail(OpenSubcode::unspecific, "OPEN shorter than its fixed part");
  }
  r.u8(msg.version);
  r.u16(msg.my_as);
  r.u16(msg.hold_time);
  r.u32(identifier);
  r.u8(params_length);
  msg.bgp_identifier = Ipv4Address{identifier};

  // RFC 4271 §6.2: the data is the largest locally supported version number.
  if (msg.version != kBgpVersion) {
    return fail(OpenSubcode::unsupported_version_number, "unsupported BGP version",
                Bytes{std::byte{0}, std::byte{kBgpVersion}});
  }
  // RFC 4271 §6.2: "the Hold Time field ... MUST reject Hold Time values of one or two seconds".
  if (msg.hold_time == 1 || msg.hold_time == 2) {
    return fail(OpenSubcode::unacceptable_hold_time, "hold time of 1 or 2 seconds");
  }
  // RFC 6286 §2.2: any nonzero 4-octet value is a valid BGP Identifier.
  if (identifier == 0) {
    return fail(OpenSubcode::bad_bgp_identifier, "BGP identifier is zero");
  }

  // RFC 9072 §2: Non-Ext OP Len 255 followed by Non-Ext OP Type 255 selects the extended form.
  bool extended = false;
  std::size_t length = params_length;
  if (params_length == kExtendedLengthMarker && r.remaining() >= 1 &&
      static_cast<std::uint8_t>(r.rest()[0]) == kExtendedLengthMarker) {
    std::uint8_t marker = 0;
    std::uint16_t extended_length = 0;
    r.u8(marker);
    if (!r.u16(extended_length)) {
      return fail(OpenSubcode::unspecific, "extended optional parameters length truncated");
    }
    extended = true;
    length = extended_length;
  }
  if (r.remaining() != length) {
    return fail(OpenSubcode::unspecific,
                "optional parameters length does not match the message length");
  }
  if (auto params = decode_parameters(r.rest(), extended, msg); !params) {
    return tl::make_unexpected(std::move(params.error()));
  }
  return msg;
}

void encode(const OpenMessage& msg, Bytes& out) {
  const std::size_t header = begin_message(out, MessageType::open);
  Writer w(out);
  w.u8(msg.version);
  w.u16(msg.my_as);
  w.u16(msg.hold_time);
  w.u32(msg.bgp_identifier.value);

  // RFC 9072 §2: the short form whenever the parameters fit in it.
  Bytes params;
  const bool extended =
      !write_parameters(msg, false, params) || params.size() > kMaxShortParameterLength;
  if (extended) {
    params.clear();
    write_parameters(msg, true, params);
    w.u8(kExtendedLengthMarker);
    w.u8(kExtendedLengthMarker);
    w.u16(static_cast<std::uint16_t>(params.size()));
  } else {
    w.u8(static_cast<std::uint8_t>(params.size()));
  }
  w.bytes(params);
  finish_message(out, header);
}

}  // namespace rr::wire
