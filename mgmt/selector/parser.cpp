#include "mgmt/selector/parser.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "mgmt/selector/tokenizer.hpp"

namespace mgmt::selector {
namespace {

using Result = tl::expected<Node, std::string>;

Node make_node(NodeKind kind, std::string label = {}, std::string value = {}) {
  Node node;
  node.kind = kind;
  node.label = std::move(label);
  node.value = std::move(value);
  return node;
}

tl::unexpected<std::string> error_at(const Token& token, std::string_view what) {
  return tl::make_unexpected("at position " + std::to_string(token.position) + ": " +
                             std::string(what) + ", found " + describe(token));
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result parse_all() {
    if (current().kind == TokenKind::end) return Node{};
    auto root = parse_or();
    if (!root) return root;
    if (current().kind != TokenKind::end) {
      return error_at(current(), "expected '&&', '||' or the end of the selector");
    }
    return root;
  }

 private:
  [[nodiscard]] const Token& current() const { return tokens_[index_]; }

  const Token& advance() {
    const Token& token = tokens_[index_];
    if (token.kind != TokenKind::end) ++index_;
    return token;
  }

  Result parse_group(TokenKind separator, NodeKind kind, Result (Parser::*operand)()) {
    auto first = (this->*operand)();
    if (!first) return first;
    if (current().kind != separator) return first;
    Node group = make_node(kind);
    group.children.push_back(std::move(*first));
    while (current().kind == separator) {
      advance();
      auto next = (this->*operand)();
      if (!next) return next;
      group.children.push_back(std::move(*next));
    }
    return group;
  }

  Result parse_or() {
    return parse_group(TokenKind::logical_or, NodeKind::disjunction, &Parser::parse_and);
  }

  Result parse_and() {
    return parse_group(TokenKind::logical_and, NodeKind::conjunction, &Parser::parse_unary);
  }

  Result parse_unary() {
    std::uint32_t negations = 0;
    while (current().kind == TokenKind::bang) {
      advance();
      ++negations;
    }
    auto operand = parse_primary();
    if (!operand || negations == 0) return operand;
    Node negation = make_node(NodeKind::negation);
    negation.negations = negations;
    negation.children.push_back(std::move(*operand));
    return negation;
  }

  Result parse_primary() {
    const Token& token = current();
    switch (token.kind) {
      case TokenKind::has:
        advance();
        return make_node(NodeKind::has, token.text);
      case TokenKind::all:
        advance();
        return make_node(NodeKind::all);
      case TokenKind::global:
        advance();
        return make_node(NodeKind::global);
      case TokenKind::left_paren:
        return parse_parenthesised();
      case TokenKind::label:
        return parse_label_operation();
      case TokenKind::string:
        return error_at(token,
                        "expected a label on the left of the operator (a string literal "
                        "cannot be compared with a label on the right)");
      default:
        return error_at(token, "expected a label, has(...), all(), global(), '!' or '('");
    }
  }

  Result parse_parenthesised() {
    const Token& open = advance();
    if (++depth_ > kMaxNesting) {
      return error_at(open,
                      "parentheses nested deeper than " + std::to_string(kMaxNesting) + " levels");
    }
    auto inner = parse_or();
    if (!inner) return inner;
    if (current().kind != TokenKind::right_paren) {
      return error_at(current(),
                      "expected ')' to close the '(' at position " + std::to_string(open.position));
    }
    advance();
    --depth_;
    return inner;
  }

  Result parse_label_operation() {
    const Token& label = advance();
    const Token& op = advance();
    NodeKind kind = NodeKind::equal;
    switch (op.kind) {
      case TokenKind::equal:
        kind = NodeKind::equal;
        break;
      case TokenKind::not_equal:
        kind = NodeKind::not_equal;
        break;
      case TokenKind::contains:
        kind = NodeKind::contains;
        break;
      case TokenKind::starts_with:
        kind = NodeKind::starts_with;
        break;
      case TokenKind::ends_with:
        kind = NodeKind::ends_with;
        break;
      case TokenKind::in:
        return parse_set(NodeKind::in, label);
      case TokenKind::not_in:
        return parse_set(NodeKind::not_in, label);
      default:
        return error_at(op,
                        "expected an operator (==, !=, in, not in, contains, starts with, "
                        "ends with) after " +
                            describe(label));
    }
    const Token& value = advance();
    if (value.kind != TokenKind::string) {
      return error_at(value, "expected a quoted string after " + describe(op));
    }
    return make_node(kind, label.text, value.text);
  }

  Result parse_set(NodeKind kind, const Token& label) {
    const Token& open = advance();
    if (open.kind != TokenKind::left_brace) {
      return error_at(open, "expected '{' to start the set after " + describe(label));
    }
    Node node = make_node(kind, label.text);
    while (current().kind != TokenKind::right_brace) {
      const Token& member = advance();
      if (member.kind != TokenKind::string) {
        return error_at(member, "expected a quoted string or '}' in the set");
      }
      node.set.push_back(member.text);
      if (current().kind == TokenKind::comma) {
        advance();
      } else if (current().kind != TokenKind::right_brace) {
        return error_at(current(), "expected ',' or '}' after a set member");
      }
    }
    advance();
    std::sort(node.set.begin(), node.set.end());
    node.set.erase(std::unique(node.set.begin(), node.set.end()), node.set.end());
    return node;
  }

  std::vector<Token> tokens_;
  std::size_t index_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace

tl::expected<Node, std::string> parse_tree(std::string_view text) {
  auto tokens = tokenize(text);
  if (!tokens) return tl::make_unexpected(std::move(tokens.error()));
  return Parser(std::move(*tokens)).parse_all();
}

}  // namespace mgmt::selector
