// The keys of one peer's Adj-RIB-In as the session sees them (family, prefix, path ID), kept to
// count the peer's prefixes exactly (RFC 4271 "prefixes received", and max-prefix) on the
// session's own loop without asking the RIB.
//
// A feeder with a full table sends hundreds of thousands of IPv4 unicast prefixes without path
// IDs, so those keys are packed into one 64-bit word each in an open-addressing table (about 12
// bytes per prefix, against about 60 for a node-based set); every other key (IPv6, other
// families, ADD-PATH IDs) goes to a node-based set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "rr/wire/types.hpp"

namespace rr::session {

class ReceivedPrefixes {
 public:
  // True if the key was new.
  bool add(wire::AfiSafi af, const wire::Nlri& nlri);
  // True if the key was there.
  bool remove(wire::AfiSafi af, const wire::Nlri& nlri);
  // Forgets every key of one family.
  void drop_family(wire::AfiSafi af);
  void clear();
  [[nodiscard]] std::size_t size() const { return packed_size_ + others_.size(); }

 private:
  // Linear probing over a power-of-two table; kEmpty marks a free slot (no packed key has a
  // length byte of 0xff). Deletion shifts the following run back, so there are no tombstones.
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  [[nodiscard]] static bool packable(wire::AfiSafi af, const wire::Nlri& nlri);
  [[nodiscard]] static std::uint64_t pack(const wire::Nlri& nlri);
  [[nodiscard]] std::size_t slot_of(std::uint64_t key) const;
  bool add_packed(std::uint64_t key);
  bool remove_packed(std::uint64_t key);
  void rehash(std::size_t slots);

  struct Key {
    wire::AfiSafi af;
    wire::Nlri nlri;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };

  std::vector<std::uint64_t> packed_;  // empty, or a power-of-two number of slots
  std::size_t packed_size_ = 0;
  std::unordered_set<Key, KeyHash> others_;
};

}  // namespace rr::session
