// Fuzz target for decode_update (RFC 4271 §4.3, RFC 4760, RFC 7911, RFC 7606).
//
// Input: one context byte (fuzz_support.hpp: 4-octet AS, ADD-PATH IPv4/IPv6 unicast, extended
// message, extended next hop), then an UPDATE body. Bodies that framing would already have
// rejected as too long for the context are skipped. A decode error must be a session reset or an
// AFI/SAFI disable (update_message.hpp); an accepted UPDATE must satisfy update_invariants.hpp.
#include <cstddef>
#include <cstdint>

#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/update_message.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/update_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using rr::wire::ErrorAction;
  if (size < 1) return 0;
  const auto ctx = fuzz::context_from(data[0]);
  const auto body = fuzz::as_view(data + 1, size - 1);
  if (body.size() + rr::wire::kHeaderSize > ctx.max_message_size()) return 0;

  const auto decoded = rr::wire::decode_update(body, ctx);
  if (!decoded) {
    const auto& e = decoded.error();
    fuzz::check_error(e);
    fuzz::check(e.code == rr::wire::ErrorCode::update_message,
                "decode_update fails with an UPDATE Message Error");
    fuzz::check(e.action == ErrorAction::session_reset || e.action == ErrorAction::afi_safi_disable,
                "decode_update fails only for session reset or AFI/SAFI disable");
    return 0;
  }
  fuzz::check_update(*decoded, ctx);
  return 0;
}
