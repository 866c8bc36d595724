#include "rr/session/received_prefixes.hpp"

#include <cstring>
#include <functional>

namespace rr::session {

namespace {

// A 64-bit mix (the finaliser of SplitMix64): neighbouring prefixes land far apart.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30U;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27U;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31U;
  return x;
}

template <typename T>
void hash_combine(std::size_t& seed, const T& v) {
  seed ^= std::hash<T>{}(v) + 0x9e3779b97f4a7c15ULL + (seed << 6U) + (seed >> 2U);
}

}  // namespace

std::size_t ReceivedPrefixes::KeyHash::operator()(const Key& k) const {
  std::size_t seed = static_cast<std::size_t>(k.af.afi) * 31 + static_cast<std::size_t>(k.af.safi);
  hash_combine(seed, k.nlri.path_id);
  hash_combine(seed, k.nlri.prefix.length);
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::memcpy(&a, k.nlri.prefix.bytes.data(), 8);
  std::memcpy(&b, k.nlri.prefix.bytes.data() + 8, 8);
  hash_combine(seed, a);
  hash_combine(seed, b);
  return seed;
}

bool ReceivedPrefixes::packable(wire::AfiSafi af, const wire::Nlri& nlri) {
  return af == wire::kIpv4Unicast && nlri.path_id == 0 && nlri.prefix.afi == wire::Afi::ipv4;
}

std::uint64_t ReceivedPrefixes::pack(const wire::Nlri& nlri) {
  const auto& b = nlri.prefix.bytes;
  const std::uint64_t address = (std::uint64_t{b[0]} << 24U) | (std::uint64_t{b[1]} << 16U) |
                                (std::uint64_t{b[2]} << 8U) | std::uint64_t{b[3]};
  return (address << 8U) | nlri.prefix.length;  // length <= 32: never kEmpty
}

std::size_t ReceivedPrefixes::slot_of(std::uint64_t key) const {
  return static_cast<std::size_t>(mix(key)) & (packed_.size() - 1);
}

bool ReceivedPrefixes::add(wire::AfiSafi af, const wire::Nlri& nlri) {
  if (packable(af, nlri)) return add_packed(pack(nlri));
  return others_.insert(Key{af, nlri}).second;
}

bool ReceivedPrefixes::remove(wire::AfiSafi af, const wire::Nlri& nlri) {
  if (packable(af, nlri)) return remove_packed(pack(nlri));
  return others_.erase(Key{af, nlri}) > 0;
}

void ReceivedPrefixes::drop_family(wire::AfiSafi af) {
  if (af == wire::kIpv4Unicast) {
    packed_ = {};
    packed_size_ = 0;
  }
  std::erase_if(others_, [af](const Key& k) { return k.af == af; });
}

void ReceivedPrefixes::clear() {
  packed_ = {};
  packed_size_ = 0;
  others_.clear();
}

bool ReceivedPrefixes::add_packed(std::uint64_t key) {
  // At most 3/4 full, so that probe runs stay short.
  if (packed_.empty() || (packed_size_ + 1) * 4 > packed_.size() * 3)
    rehash(packed_.empty() ? 16 : packed_.size() * 2);
  for (std::size_t i = slot_of(key);; i = (i + 1) & (packed_.size() - 1)) {
    if (packed_[i] == key) return false;
    if (packed_[i] == kEmpty) {
      packed_[i] = key;
      ++packed_size_;
      return true;
    }
  }
}

bool ReceivedPrefixes::remove_packed(std::uint64_t key) {
  if (packed_size_ == 0) return false;
  const std::size_t mask = packed_.size() - 1;
  std::size_t i = slot_of(key);
  while (packed_[i] != key) {
    if (packed_[i] == kEmpty) return false;
    i = (i + 1) & mask;
  }
  // Backward-shift deletion: move later members of the run into the hole when their home slot
  // does not lie (cyclically) between the hole and their position.
  std::size_t hole = i;
  for (std::size_t j = (hole + 1) & mask; packed_[j] != kEmpty; j = (j + 1) & mask) {
    const std::size_t home = slot_of(packed_[j]);
    const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (stays) continue;
    packed_[hole] = packed_[j];
    hole = j;
  }
  packed_[hole] = kEmpty;
  --packed_size_;
  // Give memory back once a big table has mostly been withdrawn.
  if (packed_size_ == 0) {
    packed_ = {};
  } else if (packed_.size() > 64 && packed_size_ * 8 < packed_.size()) {
    rehash(packed_.size() / 4);
  }
  return true;
}

void ReceivedPrefixes::rehash(std::size_t slots) {
  std::vector<std::uint64_t> old(slots, kEmpty);
  old.swap(packed_);
  for (const auto key : old) {
    if (key == kEmpty) continue;
    for (std::size_t i = slot_of(key);; i = (i + 1) & (packed_.size() - 1)) {
      if (packed_[i] == kEmpty) {
        packed_[i] = key;
        break;
      }
    }
  }
}

}  // namespace rr::session
