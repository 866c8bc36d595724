// Fuzz target for decode_as_path with 2- and 4-octet AS numbers (RFC 4271 §4.3, RFC 5065,
// RFC 6793, RFC 7606 §7.2).
//
// Input: an AS_PATH attribute value, decoded both ways. An error is UPDATE Message Error /
// Malformed AS_PATH with treat-as-withdraw. An accepted path has non-empty segments of defined
// types, re-encodes to exactly the received octets, and (4-octet, no confederation segments)
// survives split_for_two_octet followed by merge_as4_path (up to joining adjacent AS_SEQUENCEs).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "rr/wire/attributes/as_path.hpp"
#include "rr/wire/bytes.hpp"
#include "rr/wire/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

bool has_confederation(const rr::wire::AsPath& path) {
  for (const auto& seg : path.segments) {
    if (seg.type == rr::wire::AsSegmentType::confed_sequence ||
        seg.type == rr::wire::AsSegmentType::confed_set) {
      return true;
    }
  }
  return false;
}

// Two adjacent AS_SEQUENCEs mean the same as one (merge_as4_path joins them, as_path.cpp).
rr::wire::AsPath join_sequences(const rr::wire::AsPath& path) {
  rr::wire::AsPath out;
  for (const auto& seg : path.segments) {
    if (!out.segments.empty() && seg.type == rr::wire::AsSegmentType::as_sequence &&
        out.segments.back().type == rr::wire::AsSegmentType::as_sequence) {
      auto& asns = out.segments.back().asns;
      asns.insert(asns.end(), seg.asns.begin(), seg.asns.end());
    } else {
      out.segments.push_back(seg);
    }
  }
  return out;
}

void check_two_octet_round_trip(const rr::wire::AsPath& path) {
  if (has_confederation(path)) return;  // RFC 6793 §4.2.3 leaves their merge loosely specified
  const auto split = rr::wire::split_for_two_octet(path);
  for (const auto& seg : split.as_path.segments) {
    for (auto asn : seg.asns)
      fuzz::check(asn <= 0xFFFFU, "split AS_PATH has 2-octet ASes");
  }
  fuzz::check(split.as_path.length() == path.length(), "split AS_PATH has the path's length");
  if (split.as4_path) {
    fuzz::check(!has_confederation(*split.as4_path), "AS4_PATH carries no confederation segment");
  }
  const auto merged =
      rr::wire::merge_as4_path(split.as_path, split.as4_path.value_or(rr::wire::AsPath{}));
  fuzz::check(merged.length() == path.length(), "merge_as4_path keeps the path length");
  fuzz::check(join_sequences(merged) == join_sequences(path),
              "split_for_two_octet then merge_as4_path gives the path back");
}

void check_path(rr::wire::ByteView value, unsigned asn_size) {
  const auto decoded = rr::wire::decode_as_path(value, asn_size);
  if (!decoded) {
    const auto& e = decoded.error();
    fuzz::check_error(e);
    fuzz::check(
        e.code == rr::wire::ErrorCode::update_message &&
            e.subcode == static_cast<std::uint8_t>(rr::wire::UpdateSubcode::malformed_as_path),
        "AS_PATH errors are Malformed AS_PATH");
    fuzz::check(e.action == rr::wire::ErrorAction::treat_as_withdraw,
                "AS_PATH errors are treat-as-withdraw");
    return;
  }
  const auto& path = *decoded;
  std::size_t asn_count = 0;
  for (const auto& seg : path.segments) {
    const auto type = static_cast<std::uint8_t>(seg.type);
    fuzz::check(type >= 1 && type <= 4, "segment type is defined");
    fuzz::check(!seg.asns.empty() && seg.asns.size() <= 255, "segment holds 1..255 ASes");
    for (auto asn : seg.asns) {
      fuzz::check(asn_size == 4 || asn <= 0xFFFFU, "2-octet ASes fit 2 octets");
    }
    asn_count += seg.asns.size();
  }
  fuzz::check(path.length() <= asn_count, "path length counts each AS at most once");
  fuzz::check(value.empty() == path.segments.empty(), "only an empty value is an empty path");
  (void)path.to_string();
  if (const auto first = path.first_as())
    fuzz::check(path.contains(*first), "contains(first_as())");

  rr::wire::Bytes out;
  rr::wire::Writer w(out);
  rr::wire::encode_as_path(path, asn_size, w);
  fuzz::check(std::ranges::equal(out, value), "AS_PATH re-encodes to the received octets");
  if (asn_size == 4) check_two_octet_round_trip(path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > std::numeric_limits<std::uint16_t>::max()) return 0;  // attribute length limit
  const auto value = fuzz::as_view(data, size);
  check_path(value, 2);
  check_path(value, 4);
  return 0;
}
