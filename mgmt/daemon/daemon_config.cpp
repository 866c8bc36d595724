#include "mgmt/daemon/daemon_config.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <boost/asio/ip/address.hpp>
#include <yaml-cpp/yaml.h>

#include "mgmt/daemon/log.hpp"

namespace mgmt::daemon {
namespace {

// A configuration error: thrown inside the parser only, turned into the result at its edge.
struct ConfigError {
  std::string text;
};

[[noreturn]] void fail(const std::string& key, const std::string& why) {
  throw ConfigError{key + ": " + why};
}

void check_keys(const YAML::Node& map, const std::string& at, const std::set<std::string>& known) {
  if (!map.IsMap()) fail(at.empty() ? "(top level)" : at, "must be a mapping");
  for (const auto& kv : map) {
    const auto key = kv.first.as<std::string>();
    if (!known.contains(key))
      fail(at.empty() ? key : std::string(at).append(".").append(key), "unknown setting");
  }
}

std::string scalar(const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail(key, "must be a single value");
  return n.as<std::string>();
}

std::uint64_t number(const YAML::Node& n, const std::string& key, std::uint64_t max) {
  const auto text = scalar(n, key);
  std::uint64_t v = 0;
  if (text.empty() || text.size() > 10) fail(key, "'" + text + "' is not a number");
  for (const char c : text) {
    if (c < '0' || c > '9') fail(key, "'" + text + "' is not a number");
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > max) fail(key, text + " is more than " + std::to_string(max));
  return v;
}

std::uint16_t port(const YAML::Node& n, const std::string& key) {
  const auto v = number(n, key, 65535);
  if (v == 0) fail(key, "port must be between 1 and 65535");
  return static_cast<std::uint16_t>(v);
}

std::string address(const YAML::Node& n, const std::string& key, bool v4_only = false) {
  auto text = scalar(n, key);
  boost::system::error_code ec;
  const auto a = boost::asio::ip::make_address(text, ec);
  if (ec || (v4_only && !a.is_v4()))
    fail(key, "'" + text + "' is not an " + (v4_only ? "IPv4 " : "IP ") + "address");
  return text;
}

DaemonConfig parse(const YAML::Node& top) {
  if (!top || top.IsNull()) fail("node", "required (the file is empty)");
  check_keys(top, "",
             {"node", "listen", "mgmt", "datastore", "state_dir", "threads", "dataplane",
              "log_level", "router_id", "hold_time", "update_delay_ms"});
  DaemonConfig c;
  if (!top["node"]) fail("node", "required: the name of the Calico Node this appliance is");
  c.node = scalar(top["node"], "node");
  if (c.node.empty()) fail("node", "must not be empty");

  if (const auto l = top["listen"]) {
    check_keys(l, "listen", {"addresses", "port"});
    if (const auto a = l["addresses"]) {
      if (!a.IsSequence()) fail("listen.addresses", "must be a list of addresses");
      c.listen_addresses.clear();
      for (std::size_t i = 0; i < a.size(); ++i)
        c.listen_addresses.push_back(address(a[i], "listen.addresses[" + std::to_string(i) + "]"));
    }
    if (const auto p = l["port"]) c.listen_port = port(p, "listen.port");
  }
  if (const auto m = top["mgmt"]) {
    check_keys(m, "mgmt", {"address", "port", "token_file"});
    if (const auto a = m["address"]) c.mgmt_address = address(a, "mgmt.address");
    if (const auto p = m["port"]) c.mgmt_port = port(p, "mgmt.port");
    if (const auto t = m["token_file"]) c.token_file = scalar(t, "mgmt.token_file");
  }
  if (const auto d = top["datastore"]) {
    check_keys(d, "datastore", {"type", "path", "endpoints"});
    const auto type = d["type"] ? scalar(d["type"], "datastore.type") : std::string("embedded");
    if (type == "embedded") {
      c.datastore = DaemonConfig::Datastore::embedded;
      if (d["endpoints"]) fail("datastore.endpoints", "only for type etcd");
    } else if (type == "etcd") {
      c.datastore = DaemonConfig::Datastore::etcd;
      if (d["path"]) fail("datastore.path", "only for type embedded");
    } else {
      fail("datastore.type", "'" + type + "' is not embedded or etcd");
    }
    if (const auto p = d["path"]) c.datastore_path = scalar(p, "datastore.path");
    if (const auto e = d["endpoints"]) {
      if (!e.IsSequence() || e.size() == 0)
        fail("datastore.endpoints", "must be a non-empty list of URLs");
      c.etcd_endpoints.clear();
      for (std::size_t i = 0; i < e.size(); ++i) {
        const auto key = "datastore.endpoints[" + std::to_string(i) + "]";
        auto url = scalar(e[i], key);
        if (!url.starts_with("http://")) fail(key, "'" + url + "' is not an http:// URL");
        c.etcd_endpoints.push_back(std::move(url));
      }
    }
  }
  if (const auto s = top["state_dir"]) c.state_dir = scalar(s, "state_dir");
  if (const auto t = top["threads"]) c.threads = static_cast<unsigned>(number(t, "threads", 256));
  if (const auto d = top["dataplane"]) {
    c.dataplane = scalar(d, "dataplane");
    if (c.dataplane != "none")
      fail("dataplane", "'" + c.dataplane + "' is not available in this build (only none)");
  }
  if (const auto l = top["log_level"]) {
    c.log_level = scalar(l, "log_level");
    LogLevel level{};
    if (!parse_log_level(c.log_level, level))
      fail("log_level", "'" + c.log_level + "' is not debug, info, warning or error");
  }
  if (const auto r = top["router_id"]) c.router_id = address(r, "router_id", true);
  if (const auto h = top["hold_time"]) {
    const auto v = number(h, "hold_time", 65535);
    if (v != 0 && v < 3) fail("hold_time", "must be 0 or at least 3 seconds (RFC 4271 §4.2)");
    c.hold_time = static_cast<std::uint16_t>(v);
  }
  if (const auto d = top["update_delay_ms"])
    c.update_delay_ms = static_cast<std::uint32_t>(number(d, "update_delay_ms", 1000));
  return c;
}

}  // namespace

tl::expected<DaemonConfig, std::string> parse_daemon_config(const std::string& text,
                                                            const std::string& source) {
  try {
    return parse(YAML::Load(text));
  } catch (const ConfigError& e) {
    return tl::make_unexpected(source + ": " + e.text);
  } catch (const YAML::Exception& e) {
    return tl::make_unexpected(source + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

tl::expected<DaemonConfig, std::string> load_daemon_config(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return tl::make_unexpected(path.string() + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  return parse_daemon_config(text.str(), path.string());
}

}  // namespace mgmt::daemon
