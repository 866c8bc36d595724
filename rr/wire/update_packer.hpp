// Packs many NLRI sharing one attribute set into as few UPDATE messages as possible.
//
// The attribute block is encoded once per call; each message is filled with NLRI until the next
// one would not fit in ctx.max_message_size(). IPv4 unicast NLRI go in the NLRI field (or in
// MP_REACH when the next hop is IPv6, RFC 8950); other families in MP_REACH_NLRI. The update
// packer of the engine (one per RIB shard) drives this; it owns no state between calls.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "rr/wire/attributes/mp_nlri.hpp"
#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

struct PackResult {
  std::size_t messages = 0;
  std::size_t nlri = 0;
};

// Announces `nlri` of `afi_safi` with `attrs`. For IPv4 unicast with an IPv4 next hop,
// attrs.next_hop is used and `mp_next_hop` must be empty; otherwise `mp_next_hop` gives the
// MP_REACH next hop. Fails if the attributes alone leave no room for one NLRI.
Result<PackResult> pack_announcements(AfiSafi afi_safi, const PathAttributes& attrs,
                                      const std::optional<MpNextHop>& mp_next_hop,
                                      std::span<const Nlri> nlri, const CodecContext& ctx,
                                      Bytes& out);

// Withdraws `nlri` of `afi_safi` (Withdrawn Routes field for IPv4 unicast, MP_UNREACH_NLRI
// otherwise).
PackResult pack_withdrawals(AfiSafi afi_safi, std::span<const Nlri> nlri, const CodecContext& ctx,
                            Bytes& out);

// RFC 4724 §2 End-of-RIB marker for a family.
void encode_end_of_rib(AfiSafi afi_safi, Bytes& out);

}  // namespace rr::wire
