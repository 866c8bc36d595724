// Syntax tree of a parsed selector (calico-bgp-spec.md §3.2/§3.3): one node type for every form of
// the grammar, its evaluation against a label map and its canonical text.
//
// Plain immutable data once built by parse() (parser.hpp); Selector shares it between copies. No
// I/O, no threads; evaluation may run concurrently on a shared tree.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mgmt::selector {

using Labels = std::map<std::string, std::string>;

enum class NodeKind : std::uint8_t {
  all,          // all() or the empty selector
  global,       // global()
  has,          // has(label)
  equal,        // label == value
  not_equal,    // label != value
  contains,     // label contains value
  starts_with,  // label starts with value
  ends_with,    // label ends with value
  in,           // label in {set}
  not_in,       // label not in {set}
  negation,     // `negations` times '!' before children[0]
  conjunction,  // children[0] && children[1] && ...
  disjunction,  // children[0] || children[1] || ...
};

struct Node {
  NodeKind kind = NodeKind::all;
  std::string label;             // has, comparisons, in, not_in
  std::string value;             // comparisons
  std::vector<std::string> set;  // in, not_in: sorted, without duplicates
  std::uint32_t negations = 0;   // negation: how many '!' (only the parity matters)
  std::vector<Node> children;    // negation: one; conjunction/disjunction: two or more
  friend bool operator==(const Node&, const Node&) = default;
};

// §3.3 semantics.
bool evaluate(const Node& node, const Labels& labels);

// §3.3 canonical form: spaced binary operators, `"` quotes unless the string holds `"`, sorted and
// de-duplicated sets, one pair of parentheses around each &&/|| group, `!` glued to its operand.
std::string canonical_text(const Node& node);

}  // namespace mgmt::selector
