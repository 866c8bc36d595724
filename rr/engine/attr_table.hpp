// Interned attribute sets (DESIGN.md §2): equal RouteAttributes share one immutable object that
// paths point at. A table belongs to one RIB shard and is only touched by that shard's thread, so
// the reference count is a plain integer and the table needs no lock; sets that several shards
// hold exist once per shard (a few hundred bytes each, against millions of paths).
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_set>

#include "rr/session/route_sink.hpp"

namespace rr::engine {

class AttrTable;

class AttrSet {
 public:
  [[nodiscard]] const session::RouteAttributes& value() const { return value_; }
  [[nodiscard]] std::size_t hash() const { return hash_; }

 private:
  friend class AttrTable;
  friend class AttrRef;
  AttrSet(session::RouteAttributes value, std::size_t hash, AttrTable* table)
      : value_(std::move(value)), hash_(hash), table_(table) {}

  session::RouteAttributes value_;
  std::size_t hash_;
  AttrTable* table_;
  std::uint32_t refs_ = 0;
};

// A counted reference to an interned set; the set leaves its table with the last reference.
class AttrRef {
 public:
  AttrRef() = default;
  AttrRef(const AttrRef& o) : p_(o.p_) { retain(); }
  AttrRef(AttrRef&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  AttrRef& operator=(const AttrRef& o) {
    if (this != &o) {
      AttrRef copy(o);
      swap(copy);
    }
    return *this;
  }
  AttrRef& operator=(AttrRef&& o) noexcept {
    if (this != &o) {
      release();
      p_ = o.p_;
      o.p_ = nullptr;
    }
    return *this;
  }
  ~AttrRef() { release(); }

  void swap(AttrRef& o) noexcept { std::swap(p_, o.p_); }
  [[nodiscard]] const AttrSet* get() const { return p_; }
  [[nodiscard]] const session::RouteAttributes& operator*() const { return p_->value(); }
  [[nodiscard]] const session::RouteAttributes* operator->() const { return &p_->value(); }
  explicit operator bool() const { return p_ != nullptr; }
  friend bool operator==(const AttrRef& a, const AttrRef& b) { return a.p_ == b.p_; }

 private:
  friend class AttrTable;
  explicit AttrRef(AttrSet* p) : p_(p) { retain(); }
  void retain() {
    if (p_ != nullptr) ++p_->refs_;
  }
  void release();

  AttrSet* p_ = nullptr;
};

class AttrTable {
 public:
  AttrTable() = default;
  AttrTable(const AttrTable&) = delete;
  AttrTable& operator=(const AttrTable&) = delete;
  ~AttrTable();

  // The interned set equal to `value` (created if new).
  AttrRef intern(session::RouteAttributes value);
  [[nodiscard]] std::size_t size() const { return sets_.size(); }

 private:
  friend class AttrRef;
  void erase(AttrSet* set);

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(const AttrSet* s) const { return s->hash(); }
  };
  struct Equal {
    bool operator()(const AttrSet* a, const AttrSet* b) const {
      return a == b || (a->hash() == b->hash() && a->value() == b->value());
    }
  };
  std::unordered_set<AttrSet*, Hash, Equal> sets_;
};

// A hash of every field of a set (equal sets hash equal).
std::size_t hash_value(const session::RouteAttributes& a);

}  // namespace rr::engine
