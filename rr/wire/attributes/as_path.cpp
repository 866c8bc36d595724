// AS_PATH and AS4_PATH codec (RFC 4271 §4.3 b, §5.1.2; RFC 5065 §3 confederation segments;
// RFC 6793 4-octet AS numbers), the RFC 6793 §4.2.3 merge of AS_PATH with AS4_PATH and the
// §4.2.2 split for 2-octet peers.
//
// Wire layout: a run of segments, each <type (1), count of ASes (1), ASes (2 or 4 octets each)>.
// RFC 7606 §7.2 makes a malformed AS_PATH treat-as-withdraw; RFC 6793 §6 makes a malformed
// AS4_PATH attribute-discard (the caller downgrades).
#include "rr/wire/attributes/as_path.hpp"

#include <algorithm>
#include <string>

#include "rr/wire/attributes/attribute_codec.hpp"
#include "rr/wire/context.hpp"

namespace rr::wire {

namespace {

constexpr std::size_t kMaxSegmentAses = 255;  // the count is one octet

bool is_confed(AsSegmentType type) {
  return type == AsSegmentType::confed_sequence || type == AsSegmentType::confed_set;
}

// RFC 4271 §9.1.2.2 a) and RFC 5065 §5.3: an AS_SET counts 1, confederation segments 0.
std::size_t segment_length(const AsPathSegment& seg) {
  switch (seg.type) {
    case AsSegmentType::as_sequence:
      return seg.asns.size();
    case AsSegmentType::as_set:
      return seg.asns.empty() ? 0 : 1;
    case AsSegmentType::confed_sequence:
    case AsSegmentType::confed_set:
      return 0;
  }
  return 0;
}

tl::unexpected<DecodeError> malformed(std::string_view reason) {
  DecodeError error = update_error(UpdateSubcode::malformed_as_path, reason);
  error.action = ErrorAction::treat_as_withdraw;
  return tl::unexpected(std::move(error));
}

// Appends `seg` to `out`, joining it to a preceding AS_SEQUENCE when both are sequences (two
// adjacent AS_SEQUENCEs mean the same as one, and the joined form is what peers send).
void append_segment(std::vector<AsPathSegment>& out, const AsPathSegment& seg) {
  if (!out.empty() && seg.type == AsSegmentType::as_sequence &&
      out.back().type == AsSegmentType::as_sequence) {
    out.back().asns.insert(out.back().asns.end(), seg.asns.begin(), seg.asns.end());
  } else {
    out.push_back(seg);
  }
}

}  // namespace

std::size_t AsPath::length() const {
  std::size_t n = 0;
  for (const auto& seg : segments)
    n += segment_length(seg);
  return n;
}

std::optional<std::uint32_t> AsPath::first_as() const {
  if (segments.empty()) return std::nullopt;
  const auto& seg = segments.front();
  if (seg.type != AsSegmentType::as_sequence || seg.asns.empty()) return std::nullopt;
  return seg.asns.front();
}

bool AsPath::contains(std::uint32_t asn) const {
  return std::any_of(segments.begin(), segments.end(), [asn](const AsPathSegment& seg) {
    return std::find(seg.asns.begin(), seg.asns.end(), asn) != seg.asns.end();
  });
}

std::string AsPath::to_string() const {
  // AS_SEQUENCE "1 2", AS_SET "{1,2}", AS_CONFED_SEQUENCE "(1 2)", AS_CONFED_SET "[1,2]".
  std::string out;
  for (const auto& seg : segments) {
    if (!out.empty()) out += ' ';
    const bool is_set = seg.type == AsSegmentType::as_set || seg.type == AsSegmentType::confed_set;
    const char* open = "";
    const char* close = "";
    switch (seg.type) {
      case AsSegmentType::as_sequence:
        break;
      case AsSegmentType::as_set:
        open = "{";
        close = "}";
        break;
      case AsSegmentType::confed_sequence:
        open = "(";
        close = ")";
        break;
      case AsSegmentType::confed_set:
        open = "[";
        close = "]";
        break;
    }
    out += open;
    for (std::size_t i = 0; i < seg.asns.size(); ++i) {
      if (i != 0) out += is_set ? ',' : ' ';
      out += std::to_string(seg.asns[i]);
    }
    out += close;
  }
  return out;
}

Result<AsPath> decode_as_path(ByteView value, unsigned asn_size) {
  AsPath path;
  const auto* p = reinterpret_cast<const std::uint8_t*>(value.data());  // NOLINT
  const std::size_t n = value.size();
  std::size_t i = 0;
  while (i < n) {
    // RFC 7606 §7.2: an underrun (octets left that cannot hold a segment header), an overrun, a
    // zero segment length or an unknown segment type make the attribute malformed.
    if (n - i < 2) return malformed("AS_PATH ends inside a segment header");
    const std::uint8_t type = p[i];
    const std::uint8_t count = p[i + 1];
    i += 2;
    if (type < static_cast<std::uint8_t>(AsSegmentType::as_set) ||
        type > static_cast<std::uint8_t>(AsSegmentType::confed_set)) {
      return malformed("AS_PATH segment type unknown");
    }
    if (count == 0) return malformed("AS_PATH segment is empty");
    if (n - i < static_cast<std::size_t>(count) * asn_size) {
      return malformed("AS_PATH segment overruns the attribute");
    }
    AsPathSegment& seg = path.segments.emplace_back();
    seg.type = static_cast<AsSegmentType>(type);
    seg.asns.reserve(count);
    if (asn_size == 4) {
      for (std::size_t k = 0; k < count; ++k, i += 4) {
        seg.asns.push_back((static_cast<std::uint32_t>(p[i]) << 24U) |
                           (static_cast<std::uint32_t>(p[i + 1]) << 16U) |
                           (static_cast<std::uint32_t>(p[i + 2]) << 8U) |
                           static_cast<std::uint32_t>(p[i + 3]));
      }
    } else {
      for (std::size_t k = 0; k < count; ++k, i += 2) {
        seg.asns.push_back((static_cast<std::uint32_t>(p[i]) << 8U) |
                           static_cast<std::uint32_t>(p[i + 1]));
      }
    }
  }
  return path;
}

namespace detail {

std::size_t as_path_value_size(const AsPath& path, unsigned asn_size) {
  std::size_t size = 0;
  for (const auto& seg : path.segments) {
    const std::size_t chunks = (seg.asns.size() + kMaxSegmentAses - 1) / kMaxSegmentAses;
    size += (chunks * 2) + (seg.asns.size() * asn_size);
  }
  return size;
}

}  // namespace detail

namespace detail {

template <class Sink>
void put_as_path(Sink& s, const AsPath& path, unsigned asn_size) {
  for (const auto& seg : path.segments) {
    // Empty segments are skipped: RFC 7606 §7.2 makes them malformed.
    for (std::size_t first = 0; first < seg.asns.size(); first += kMaxSegmentAses) {
      const std::size_t count = std::min(kMaxSegmentAses, seg.asns.size() - first);
      s.u8(static_cast<std::uint8_t>(seg.type));
      s.u8(static_cast<std::uint8_t>(count));
      for (std::size_t k = first; k < first + count; ++k) {
        const std::uint32_t asn = seg.asns[k];
        if (asn_size == 4) {
          s.u32(asn);
        } else {
          // RFC 6793 §4.2.2: an AS that does not fit two octets is sent as AS_TRANS.
          s.u16(asn > 0xffffU ? kAsTrans : static_cast<std::uint16_t>(asn));
        }
      }
    }
  }
}

template void put_as_path<CountingSink>(CountingSink&, const AsPath&, unsigned);
template void put_as_path<PointerSink>(PointerSink&, const AsPath&, unsigned);
template void put_as_path<Writer>(Writer&, const AsPath&, unsigned);

}  // namespace detail

void encode_as_path(const AsPath& path, unsigned asn_size, Writer& w) {
  detail::put_as_path(w, path, asn_size);
}

AsPath merge_as4_path(const AsPath& as_path, const AsPath& as4_path) {
  // RFC 6793 §4.2.3: count both paths as for route selection; if AS_PATH is the shorter,
  // AS4_PATH is ignored. Otherwise take as many ASes and segments from the front of AS_PATH as
  // make up the difference and put AS4_PATH after them. A confederation segment is taken too
  // when it leads the path or follows a segment that was taken whole.
  const std::size_t have = as_path.length();
  const std::size_t want = as4_path.length();
  if (have < want) return as_path;

  std::size_t needed = have - want;
  AsPath merged;
  merged.segments.reserve(as_path.segments.size() + as4_path.segments.size());
  bool previous_taken_whole = true;  // the start of the path counts as "leading"
  for (const auto& seg : as_path.segments) {
    if (is_confed(seg.type)) {
      if (!previous_taken_whole) break;
      merged.segments.push_back(seg);
      continue;
    }
    if (needed == 0) break;
    if (seg.type == AsSegmentType::as_set) {
      merged.segments.push_back(seg);
      needed -= 1;
      previous_taken_whole = true;
      continue;
    }
    const std::size_t take = std::min(needed, seg.asns.size());
    if (take == 0) continue;
    AsPathSegment part{seg.type,
                       {seg.asns.begin(), seg.asns.begin() + static_cast<std::ptrdiff_t>(take)}};
    merged.segments.push_back(std::move(part));
    needed -= take;
    previous_taken_whole = take == seg.asns.size();
  }
  for (const auto& seg : as4_path.segments)
    append_segment(merged.segments, seg);
  return merged;
}

SplitAsPath split_for_two_octet(const AsPath& path) {
  SplitAsPath out;
  out.as_path.segments.reserve(path.segments.size());
  bool needs_four_octets = false;
  for (const auto& seg : path.segments) {
    AsPathSegment narrow{seg.type, seg.asns};
    for (std::uint32_t& asn : narrow.asns) {
      if (asn > 0xffffU) {
        asn = kAsTrans;
        needs_four_octets = true;
      }
    }
    out.as_path.segments.push_back(std::move(narrow));
  }
  if (!needs_four_octets) return out;

  // RFC 6793 §4.2.2: AS4_PATH carries the path with 4-octet ASes, confederation segments
  // excluded. It is left out when nothing but confederation segments needed 4 octets.
  AsPath as4;
  for (const auto& seg : path.segments) {
    if (!is_confed(seg.type) && !seg.asns.empty()) as4.segments.push_back(seg);
  }
  if (!as4.segments.empty()) out.as4_path = std::move(as4);
  return out;
}

}  // namespace rr::wire
