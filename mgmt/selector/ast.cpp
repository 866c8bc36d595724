#include "mgmt/selector/ast.hpp"

#include <algorithm>
#include <string_view>

namespace mgmt::selector {
namespace {

const std::string* find_label(const Labels& labels, const std::string& key) {
  const auto it = labels.find(key);
  return it == labels.end() ? nullptr : &it->second;
}

bool in_set(const std::vector<std::string>& set, const std::string& value) {
  return std::binary_search(set.begin(), set.end(), value);
}

void append_quoted(std::string& out, const std::string& value) {
  const char quote = value.find('"') == std::string::npos ? '"' : '\'';
  out += quote;
  out += value;
  out += quote;
}

void append_canonical(std::string& out, const Node& node);

void append_group(std::string& out, const Node& node, std::string_view separator) {
  out += '(';
  bool first = true;
  for (const auto& child : node.children) {
    if (!first) out += separator;
    first = false;
    append_canonical(out, child);
  }
  out += ')';
}

void append_comparison(std::string& out, const Node& node, std::string_view op) {
  out += node.label;
  out += ' ';
  out += op;
  out += ' ';
  append_quoted(out, node.value);
}

void append_set(std::string& out, const Node& node, std::string_view op) {
  out += node.label;
  out += ' ';
  out += op;
  out += " {";
  bool first = true;
  for (const auto& member : node.set) {
    if (!first) out += ", ";
    first = false;
    append_quoted(out, member);
  }
  out += '}';
}

void append_canonical(std::string& out, const Node& node) {
  switch (node.kind) {
    case NodeKind::all:
      out += "all()";
      return;
    case NodeKind::global:
      out += "global()";
      return;
    case NodeKind::has:
      out += "has(";
      out += node.label;
      out += ')';
      return;
    case NodeKind::equal:
      append_comparison(out, node, "==");
      return;
    case NodeKind::not_equal:
      append_comparison(out, node, "!=");
      return;
    case NodeKind::contains:
      append_comparison(out, node, "contains");
      return;
    case NodeKind::starts_with:
      append_comparison(out, node, "starts with");
      return;
    case NodeKind::ends_with:
      append_comparison(out, node, "ends with");
      return;
    case NodeKind::in:
      append_set(out, node, "in");
      return;
    case NodeKind::not_in:
      append_set(out, node, "not in");
      return;
    case NodeKind::negation:
      out.append(node.negations, '!');
      append_canonical(out, node.children.front());
      return;
    case NodeKind::conjunction:
      append_group(out, node, " && ");
      return;
    case NodeKind::disjunction:
      append_group(out, node, " || ");
      return;
  }
}

}  // namespace

bool evaluate(const Node& node, const Labels& labels) {
  switch (node.kind) {
    case NodeKind::all:
    case NodeKind::global:
      return true;
    case NodeKind::has:
      return labels.contains(node.label);
    case NodeKind::equal: {
      const auto* value = find_label(labels, node.label);
      return value != nullptr && *value == node.value;
    }
    case NodeKind::not_equal: {
      const auto* value = find_label(labels, node.label);
      return value == nullptr || *value != node.value;
    }
    case NodeKind::contains: {
      const auto* value = find_label(labels, node.label);
      return value != nullptr && value->find(node.value) != std::string::npos;
    }
    case NodeKind::starts_with: {
      const auto* value = find_label(labels, node.label);
      return value != nullptr && value->starts_with(node.value);
    }
    case NodeKind::ends_with: {
      const auto* value = find_label(labels, node.label);
      return value != nullptr && value->ends_with(node.value);
    }
    case NodeKind::in: {
      const auto* value = find_label(labels, node.label);
      return value != nullptr && in_set(node.set, *value);
    }
    case NodeKind::not_in: {
      const auto* value = find_label(labels, node.label);
      return value == nullptr || !in_set(node.set, *value);
    }
    case NodeKind::negation:
      return evaluate(node.children.front(), labels) == (node.negations % 2 == 0);
    case NodeKind::conjunction:
      return std::all_of(node.children.begin(), node.children.end(),
                         [&labels](const Node& child) { return evaluate(child, labels); });
    case NodeKind::disjunction:
      return std::any_of(node.children.begin(), node.children.end(),
                         [&labels](const Node& child) { return evaluate(child, labels); });
  }
  return false;
}

std::string canonical_text(const Node& node) {
  std::string out;
  append_canonical(out, node);
  return out;
}

}  // namespace mgmt::selector
