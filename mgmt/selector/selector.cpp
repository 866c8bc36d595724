#include "mgmt/selector/selector.hpp"

#include <utility>

#include "mgmt/selector/parser.hpp"

namespace mgmt::selector {

struct Selector::Compiled {
  Node root;
  std::string canonical;
};

Selector::Selector(std::shared_ptr<const Compiled> compiled) : compiled_(std::move(compiled)) {}

Selector::Selector() {
  static const auto all_selector =
      std::make_shared<const Compiled>(Compiled{Node{}, canonical_text(Node{})});
  compiled_ = all_selector;
}

tl::expected<Selector, std::string> Selector::parse(std::string_view text) {
  auto tree = parse_tree(text);
  if (!tree) return tl::make_unexpected(std::move(tree.error()));
  auto canonical = canonical_text(*tree);
  return Selector(
      std::make_shared<const Compiled>(Compiled{std::move(*tree), std::move(canonical)}));
}

bool Selector::matches(const Labels& labels) const {
  return evaluate(compiled_->root, labels);
}

const std::string& Selector::canonical() const {
  return compiled_->canonical;
}

const Node& Selector::tree() const {
  return compiled_->root;
}

}  // namespace mgmt::selector
