// BGPFilter (calico-bgp-spec.md §1.6): the four ordered rule lists, rule fields and operations.
// Operations are validated and stored in canonical JSON (AS numbers as numbers).
#include <string>
#include <utility>

#include "mgmt/resource/kind_codecs.hpp"
#include "mgmt/resource/validators.hpp"

namespace mgmt::resource {
namespace {

using validate::IpFamily;

constexpr std::int64_t kMaxPriority = 2147483646;
constexpr std::size_t kMaxOperations = 10;
constexpr std::size_t kMaxPrependLength = 10;
constexpr std::size_t kMaxCidrV4 = 18;
constexpr std::size_t kMaxCidrV6 = 43;

std::vector<AsNumber> decode_as_list(ObjectReader& reader, const char* key, FieldErrors& errors) {
  std::vector<AsNumber> out;
  const auto* list = reader.array(key);
  if (list == nullptr) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto as = parse_as_number((*list)[i]);
    if (!as) {
      add_error(errors, index_path(reader.path_of(key), i), as.error());
      continue;
    }
    out.push_back(*as);
  }
  return out;
}

// One operation: exactly one of addCommunity{value}, prependASPath{prefix}, setPriority{value}.
nlohmann::json decode_operation(const nlohmann::json& value, const std::string& path,
                                FieldErrors& errors) {
  ObjectReader reader(value, path, errors);
  nlohmann::json out = nlohmann::json::object();
  if (!reader.is_object()) return out;
  int count = 0;
  if (const auto* add = reader.take("addCommunity")) {
    ++count;
    ObjectReader op(*add, reader.path_of("addCommunity"), errors);
    const std::string community = op.string("value").value_or("");
    if (community.empty()) {
      op.error("value", "required");
    } else {
      check(errors, op.path_of("value"), validate::community(community));
    }
    op.finish();
    out["addCommunity"] = {{"value", community}};
  }
  if (const auto* prepend = reader.take("prependASPath")) {
    ++count;
    ObjectReader op(*prepend, reader.path_of("prependASPath"), errors);
    const auto prefix = decode_as_list(op, "prefix", errors);
    if (prefix.empty() || prefix.size() > kMaxPrependLength) {
      op.error("prefix", "must have between 1 and 10 AS numbers");
    }
    op.finish();
    out["prependASPath"] = {{"prefix", prefix}};
  }
  if (const auto* priority = reader.take("setPriority")) {
    ++count;
    ObjectReader op(*priority, reader.path_of("setPriority"), errors);
    const auto number = op.integer("value", 1, kMaxPriority);
    if (!number && op.is_object() && op.take("value") == nullptr) op.error("value", "required");
    op.finish();
    out["setPriority"] = {{"value", number.value_or(0)}};
  }
  reader.finish();
  if (count != 1) {
    add_error(errors, path, "must set exactly one of addCommunity, prependASPath, setPriority");
  }
  return out;
}

BgpFilterRule decode_rule(const nlohmann::json& value, const std::string& path, IpFamily family,
                          FieldErrors& errors) {
  BgpFilterRule rule;
  ObjectReader reader(value, path, errors);
  if (!reader.is_object()) return rule;
  rule.action = reader.string("action").value_or("");
  if (rule.action.empty()) {
    reader.error("action", "required (Accept or Reject)");
  } else if (rule.action != "Accept" && rule.action != "Reject") {
    reader.error("action", "must be one of Accept, Reject (got \"" + rule.action + "\")");
  }
  rule.cidr = reader.string("cidr").value_or("");
  if (!rule.cidr.empty()) {
    const std::size_t max_length = family == IpFamily::v4 ? kMaxCidrV4 : kMaxCidrV6;
    if (rule.cidr.size() > max_length) {
      reader.error("cidr", "must be at most " + std::to_string(max_length) + " characters");
    } else {
      check(errors, reader.path_of("cidr"), validate::ip_or_cidr(rule.cidr, family));
    }
  }
  rule.match_operator = reader.enumeration("matchOperator", {"Equal", "NotEqual", "In", "NotIn"});
  if (rule.cidr.empty() != rule.match_operator.empty()) {
    reader.error(rule.cidr.empty() ? "matchOperator" : "cidr",
                 "cidr and matchOperator must be set together");
  }
  if (const auto* length = reader.object("prefixLength")) {
    ObjectReader range(*length, reader.path_of("prefixLength"), errors);
    const std::int64_t max_bits = family == IpFamily::v4 ? 32 : 128;
    if (auto min = range.integer("min", 0, max_bits)) {
      rule.prefix_length_min = static_cast<std::int32_t>(*min);
    }
    if (auto max = range.integer("max", 0, max_bits)) {
      rule.prefix_length_max = static_cast<std::int32_t>(*max);
    }
    range.finish();
    if (rule.prefix_length_min && rule.prefix_length_max &&
        *rule.prefix_length_min > *rule.prefix_length_max) {
      reader.error("prefixLength", "min must not be greater than max");
    }
    if ((rule.prefix_length_min || rule.prefix_length_max) && rule.cidr.empty()) {
      reader.error("prefixLength", "requires cidr");
    }
  }
  rule.source = reader.enumeration("source", {"RemotePeers"});
  rule.interface = reader.string("interface").value_or("");
  if (!rule.interface.empty()) {
    check(errors, reader.path_of("interface"), validate::interface_pattern(rule.interface));
  }
  rule.peer_type = reader.enumeration("peerType", {"eBGP", "iBGP"});
  if (const auto* communities = reader.object("communities")) {
    ObjectReader holder(*communities, reader.path_of("communities"), errors);
    rule.communities = holder.strings("values");
    holder.finish();
    if (rule.communities.size() != 1) {
      holder.error("values", "must hold exactly one community");
    }
    for (std::size_t i = 0; i < rule.communities.size(); ++i) {
      check(errors, index_path(holder.path_of("values"), i),
            validate::community(rule.communities[i]));
    }
  }
  rule.as_path_prefix = decode_as_list(reader, "asPathPrefix", errors);
  if (auto priority = reader.integer("priority", 1, kMaxPriority)) {
    rule.priority = static_cast<std::int32_t>(*priority);
  }
  if (const auto* operations = reader.array("operations")) {
    if (operations->empty() || operations->size() > kMaxOperations) {
      reader.error("operations", "must have between 1 and 10 items");
    }
    for (std::size_t i = 0; i < operations->size(); ++i) {
      rule.operations.push_back(
          decode_operation((*operations)[i], index_path(reader.path_of("operations"), i), errors));
    }
    if (!operations->empty() && rule.action != "Accept") {
      reader.error("operations", "only allowed with action Accept");
    }
  }
  reader.finish();
  return rule;
}

std::vector<BgpFilterRule> decode_rules(ObjectReader& spec, const char* key, IpFamily family,
                                        FieldErrors& errors) {
  std::vector<BgpFilterRule> out;
  const auto* list = spec.array(key);
  if (list == nullptr) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    out.push_back(decode_rule((*list)[i], index_path(spec.path_of(key), i), family, errors));
  }
  return out;
}

nlohmann::json encode_rule(const BgpFilterRule& rule) {
  nlohmann::json out = nlohmann::json::object();
  out["action"] = rule.action;
  if (!rule.cidr.empty()) out["cidr"] = rule.cidr;
  if (!rule.match_operator.empty()) out["matchOperator"] = rule.match_operator;
  if (rule.prefix_length_min || rule.prefix_length_max) {
    nlohmann::json range = nlohmann::json::object();
    if (rule.prefix_length_min) range["min"] = *rule.prefix_length_min;
    if (rule.prefix_length_max) range["max"] = *rule.prefix_length_max;
    out["prefixLength"] = std::move(range);
  }
  if (!rule.source.empty()) out["source"] = rule.source;
  if (!rule.interface.empty()) out["interface"] = rule.interface;
  if (!rule.peer_type.empty()) out["peerType"] = rule.peer_type;
  if (!rule.communities.empty()) out["communities"] = {{"values", rule.communities}};
  if (!rule.as_path_prefix.empty()) out["asPathPrefix"] = rule.as_path_prefix;
  if (rule.priority) out["priority"] = *rule.priority;
  if (rule.operations.is_array() && !rule.operations.empty()) out["operations"] = rule.operations;
  return out;
}

nlohmann::json encode_rules(const std::vector<BgpFilterRule>& rules) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& rule : rules)
    out.push_back(encode_rule(rule));
  return out;
}

}  // namespace

BgpFilter decode_bgp_filter(ObjectReader& root, ObjectMeta metadata, FieldErrors& errors) {
  BgpFilter filter;
  filter.metadata = std::move(metadata);
  const nlohmann::json* spec_value = root.take("spec");
  if (spec_value == nullptr) return filter;
  ObjectReader spec(*spec_value, "spec", errors);
  filter.spec.export_v4 = decode_rules(spec, "exportV4", IpFamily::v4, errors);
  filter.spec.import_v4 = decode_rules(spec, "importV4", IpFamily::v4, errors);
  filter.spec.export_v6 = decode_rules(spec, "exportV6", IpFamily::v6, errors);
  filter.spec.import_v6 = decode_rules(spec, "importV6", IpFamily::v6, errors);
  spec.finish();
  return filter;
}

void encode_bgp_filter(const BgpFilter& filter, nlohmann::json& out) {
  nlohmann::json spec = nlohmann::json::object();
  const auto list = [&](const char* key, const std::vector<BgpFilterRule>& rules) {
    if (!rules.empty()) spec[key] = encode_rules(rules);
  };
  list("exportV4", filter.spec.export_v4);
  list("importV4", filter.spec.import_v4);
  list("exportV6", filter.spec.export_v6);
  list("importV6", filter.spec.import_v6);
  out["spec"] = std::move(spec);
}

}  // namespace mgmt::resource
