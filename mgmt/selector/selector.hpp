// A parsed Calico label selector (calico-bgp-spec.md §3): the value BGPPeer.nodeSelector,
// peerSelector and localWorkloadSelector hold once validated.
//
// Immutable value type: copies share one syntax tree (shared_ptr<const ...>), so a Selector is
// cheap to copy and safe to evaluate from several threads at once. The default-constructed
// Selector is all(). Pure code: no I/O.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "mgmt/selector/ast.hpp"

namespace mgmt::selector {

class Selector {
 public:
  // Parses per §3.1/§3.2. An empty or blank text is all(). The error names the 0-based position
  // and what was expected there, e.g. "at position 5: expected a quoted string after '==', found
  // label 'b'".
  static tl::expected<Selector, std::string> parse(std::string_view text);

  Selector();  // all()

  // §3.3: whether a node (or any object) with these labels is selected.
  [[nodiscard]] bool matches(const Labels& labels) const;

  // §3.3 canonical form; parse(canonical()) yields the same selector and canonical text.
  [[nodiscard]] const std::string& canonical() const;

  // The syntax tree (for tooling and tests).
  [[nodiscard]] const Node& tree() const;

  // Two selectors are equal when their canonical forms are.
  friend bool operator==(const Selector& a, const Selector& b) {
    return a.canonical() == b.canonical();
  }

 private:
  struct Compiled;
  explicit Selector(std::shared_ptr<const Compiled> compiled);

  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace mgmt::selector
