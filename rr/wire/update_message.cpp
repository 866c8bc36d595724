// UPDATE message codec (RFC 4271 §4.3) with RFC 7606 revised error handling.
//
// Body layout: Withdrawn Routes Length (2), Withdrawn Routes, Total Path Attribute Length (2),
// Path Attributes, NLRI. The two length fields must fit the body (RFC 7606 §3 b, §5.3), the two
// prefix fields must parse (§5.3); those failures reset the session because the NLRI cannot be
// located. Attribute errors are judged by the attribute-list walker (attribute_codec.cpp); this
// file adds the message-level rules: missing well-known attributes (§3 d), an UPDATE with NLRI
// but no attributes, and §5.2 (errors in an UPDATE without reachable NLRI reset the session).
//
// Treat-as-withdraw is reported, not applied: msg.action says so and the NLRI stay in `nlri` /
// `mp_reach` for the session to withdraw.
//
// Encoding follows the layout a decoded message arrived with, or else writes MP_REACH_NLRI /
// MP_UNREACH_NLRI first (RFC 7606 §5.1, as FRR and BIRD do) and the other attributes in
// type-code order (attribute_encoder.cpp).
#include "rr/wire/update_message.hpp"

#include <algorithm>

#include "rr/wire/attributes/attribute_codec.hpp"
#include "rr/wire/nlri.hpp"

namespace rr::wire {

namespace {

tl::unexpected<DecodeError> session_reset(UpdateSubcode subcode, std::string_view reason,
                                          Bytes data = {}) {
  DecodeError error = update_error(subcode, reason, std::move(data));
  error.action = ErrorAction::session_reset;
  return tl::unexpected(std::move(error));
}

std::size_t load_u16(const std::byte* p) {
  return (static_cast<std::size_t>(p[0]) << 8U) | static_cast<std::size_t>(p[1]);
}

bool carries_reachable_nlri(const UpdateMessage& msg) {
  if (!msg.nlri.empty()) return true;
  return msg.mp_reach && (!msg.mp_reach->nlri.empty() || !msg.mp_reach->opaque_nlri.empty());
}

// RFC 7606 §3 d: a missing well-known mandatory attribute is treat-as-withdraw. ORIGIN and
// AS_PATH are required whenever the UPDATE announces routes (RFC 4760 §3 for MP_REACH_NLRI);
// NEXT_HOP only with NLRI in the NLRI field (RFC 4760 makes it optional otherwise).
// LOCAL_PREF is required on iBGP only, which the session knows and the codec does not.
void check_mandatory(const detail::AttrTypeSet& seen, UpdateMessage& msg) {
  if (!carries_reachable_nlri(msg)) return;
  const auto require = [&](AttrType type) {
    if (seen.contains(type)) return;
    DecodeError error = update_error(UpdateSubcode::missing_well_known_attribute,
                                     "missing well-known mandatory attribute",
                                     Bytes{static_cast<std::byte>(type)});  // RFC 4271 §6.3
    error.action = ErrorAction::treat_as_withdraw;
    msg.errors.push_back(std::move(error));
    msg.action = std::max(msg.action, ErrorAction::treat_as_withdraw);
  };
  require(AttrType::origin);
  require(AttrType::as_path);
  if (!msg.nlri.empty()) require(AttrType::next_hop);
}

DecodeError encode_error(std::string_view reason) {
  DecodeError error;
  error.action = ErrorAction::none;
  error.code = ErrorCode::message_header;
  error.subcode = static_cast<std::uint8_t>(HeaderSubcode::bad_message_length);
  error.reason = reason;
  return error;
}

}  // namespace

std::optional<AfiSafi> UpdateMessage::end_of_rib() const {
  // RFC 4724 §2: IPv4 unicast is an UPDATE with nothing in it; any other family an UPDATE whose
  // only content is an empty MP_UNREACH_NLRI for it.
  // An UPDATE emptied by attribute discard is not a marker either.
  if (!withdrawn.empty() || !nlri.empty() || mp_reach || !errors.empty() ||
      attributes != PathAttributes{}) {
    return std::nullopt;
  }
  if (!mp_unreach) return kIpv4Unicast;
  if (!mp_unreach->withdrawn.empty() || !mp_unreach->opaque_withdrawn.empty()) return std::nullopt;
  // IPv4 unicast has its own marker; an empty MP_UNREACH for it is just an empty withdrawal.
  if (mp_unreach->afi_safi == kIpv4Unicast) return std::nullopt;
  return mp_unreach->afi_safi;
}

UpdateMessage UpdateMessage::make_end_of_rib(AfiSafi afi_safi) {
  UpdateMessage msg;
  if (afi_safi != kIpv4Unicast) {
    msg.mp_unreach.emplace();
    msg.mp_unreach->afi_safi = afi_safi;
  }
  return msg;
}

namespace {

std::optional<DecodeError> as_reset(UpdateSubcode subcode, std::string_view reason,
                                    Bytes data = {}) {
  return std::move(session_reset(subcode, reason, std::move(data)).value());
}

// decode_update proper, filling `msg` in place; returns the error that makes the UPDATE
// unusable, if any.
std::optional<DecodeError> decode_into(ByteView body, const CodecContext& ctx, UpdateMessage& msg) {
  // RFC 4271 §6.3 / RFC 7606 §3 b: length fields that overrun the message are a Malformed
  // Attribute List, and nothing after them can be located.
  const std::size_t n = body.size();
  if (n < 4) return as_reset(UpdateSubcode::malformed_attribute_list, "UPDATE body too short");
  const std::size_t withdrawn_length = load_u16(body.data());
  if (n - 4 < withdrawn_length) {
    return as_reset(UpdateSubcode::malformed_attribute_list,
                    "Withdrawn Routes Length overruns the message");
  }
  const std::size_t attrs_length = load_u16(body.data() + 2 + withdrawn_length);
  if (n - 4 - withdrawn_length < attrs_length) {
    return as_reset(UpdateSubcode::malformed_attribute_list,
                    "Total Path Attribute Length overruns the message");
  }
  const ByteView withdrawn = body.subspan(2, withdrawn_length);
  const ByteView attrs = body.subspan(4 + withdrawn_length, attrs_length);
  const ByteView nlri = body.subspan(4 + withdrawn_length + attrs_length);

  // RFC 7606 §5.3: a malformed Withdrawn Routes or NLRI field resets the session.
  const bool add_path = ctx.add_path.contains(kIpv4Unicast);
  if (auto ok = decode_prefixes(withdrawn, Afi::ipv4, add_path, msg.withdrawn); !ok) {
    return std::move(ok.error());
  }
  if (auto ok = decode_prefixes(nlri, Afi::ipv4, add_path, msg.nlri); !ok) {
    return std::move(ok.error());
  }
  if (!msg.nlri.empty() && attrs.empty()) {
    // NLRI with no path attributes at all cannot be a route; reset, naming ORIGIN as missing.
    return as_reset(UpdateSubcode::missing_well_known_attribute,
                    "UPDATE carries NLRI but no path attributes",
                    Bytes{static_cast<std::byte>(AttrType::origin)});
  }

  detail::AttributeListResult list = detail::decode_attribute_list(attrs, ctx, msg);
  if (list.fatal) return std::move(list.fatal);
  check_mandatory(list.seen, msg);

  // RFC 7606 §5.2: with no reachable NLRI we cannot be sure the NLRI were parsed correctly, so
  // any error stronger than attribute discard resets the session.
  if (msg.action >= ErrorAction::treat_as_withdraw && !carries_reachable_nlri(msg)) {
    const auto first = std::find_if(msg.errors.begin(), msg.errors.end(), [](const DecodeError& e) {
      return e.action >= ErrorAction::treat_as_withdraw;
    });
    DecodeError error = *first;
    error.action = ErrorAction::session_reset;
    return error;
  }
  return std::nullopt;
}

}  // namespace

Result<UpdateMessage> decode_update(ByteView body, const CodecContext& ctx) {
  // Built in place and returned by name so that the large message is never moved.
  Result<UpdateMessage> result(tl::in_place);
  if (auto error = decode_into(body, ctx, *result)) result = tl::unexpected(std::move(*error));
  return result;
}

Result<std::monostate> encode(const UpdateMessage& msg, const CodecContext& ctx, Bytes& out) {
  const bool add_path = ctx.add_path.contains(kIpv4Unicast);
  std::size_t withdrawn_length = 0;
  for (const auto& n : msg.withdrawn)
    withdrawn_length += encoded_size(n, add_path);
  std::size_t nlri_length = 0;
  for (const auto& n : msg.nlri)
    nlri_length += encoded_size(n, add_path);

  const std::size_t start = out.size();
  detail::ensure_capacity(
      out, kHeaderSize + 4 + withdrawn_length + 128 + nlri_length + detail::kPrefixSlack);
  const std::size_t attrs_at = start + kHeaderSize + 2 + withdrawn_length + 2;
  out.resize(attrs_at + detail::kPrefixSlack);
  std::byte* p = out.data() + start + kHeaderSize;
  p = detail::put_u16(p, withdrawn_length);
  for (const auto& n : msg.withdrawn)
    p = detail::put_prefix(p, n, add_path);
  out.resize(attrs_at);

  detail::encode_attribute_list(msg.attributes, msg.mp_reach ? &*msg.mp_reach : nullptr,
                                msg.mp_unreach ? &*msg.mp_unreach : nullptr, msg.layout, ctx, out);
  const std::size_t attrs_length = out.size() - attrs_at;

  const std::size_t total = out.size() - start + nlri_length;
  if (total > ctx.max_message_size()) {
    out.resize(start);
    return tl::unexpected(encode_error("UPDATE exceeds the maximum message size"));
  }
  detail::put_u16(out.data() + attrs_at - 2, attrs_length);
  const std::size_t nlri_at = out.size();
  out.resize(nlri_at + nlri_length + detail::kPrefixSlack);
  p = out.data() + nlri_at;
  for (const auto& n : msg.nlri)
    p = detail::put_prefix(p, n, add_path);
  out.resize(nlri_at + nlri_length);
  detail::put_update_header(out.data() + start, total);
  return std::monostate{};
}

}  // namespace rr::wire
