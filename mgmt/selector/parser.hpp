// Recursive-descent parser of Calico's selector grammar (calico-bgp-spec.md §3.2): text → Node.
// Precedence low → high: ||, &&, !, primary; the whole input must be consumed; an empty or blank
// selector is all(). Parenthesised groups nest up to kMaxNesting levels: deeper input is an error,
// not a stack overflow (parsing, matching and printing all recurse once per level). Calico's Go
// parser has no such limit, but no real selector comes near it.
//
// Pure function; callable from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "mgmt/selector/ast.hpp"

namespace mgmt::selector {

inline constexpr std::size_t kMaxNesting = 128;

// The syntax tree of `text`, or an error naming the 0-based position and what was expected.
tl::expected<Node, std::string> parse_tree(std::string_view text);

}  // namespace mgmt::selector
