// Lexer of Calico's label-selector language (calico-bgp-spec.md §3.1): turns selector text into
// tokens. Whitespace is space and tab only; label names are runs of [A-Za-z0-9_./-] of at most 512
// characters; `has(label)`, `all()` and `global()` are single tokens; the operator keywords
// (`in`, `not in`, `contains`, `starts with`, `ends with`) are recognised only right after a label.
//
// Pure functions over a string_view; no state, callable from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace mgmt::selector {

enum class TokenKind : std::uint8_t {
  label,        // text = the label name
  string,       // text = the literal's content, without quotes
  left_brace,   // {
  right_brace,  // }
  comma,        // ,
  equal,        // ==
  not_equal,    // !=
  in,           // in
  not_in,       // not in / notin
  contains,     // contains
  starts_with,  // starts with / startswith
  ends_with,    // ends with / endswith
  bang,         // !
  all,          // all()
  global,       // global()
  has,          // has(label); text = the label name
  left_paren,   // (
  right_paren,  // )
  logical_and,  // &&
  logical_or,   // ||
  end,          // end of input (always the last token)
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;
  std::size_t position = 0;  // 0-based offset of the token's first character
  friend bool operator==(const Token&, const Token&) = default;
};

inline constexpr std::size_t kMaxLabelLength = 512;

// Tokens of `text`, ending with one TokenKind::end token. The error names the 0-based position of
// the offending character and what was expected there.
tl::expected<std::vector<Token>, std::string> tokenize(std::string_view text);

// Short human-readable description of a token for error messages ("label 'a'", "'&&'", ...).
std::string describe(const Token& token);

}  // namespace mgmt::selector
