#include "mgmt/rrctl/options.hpp"

#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "mgmt/rrctl/http_client.hpp"
#include "mgmt/rrctl/kinds.hpp"
#include "mgmt/rrctl/rrctl.hpp"

namespace mgmt::rrctl {
namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    const auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

tl::expected<Invocation, std::string> parse(std::vector<std::string> args,
                                            std::map<std::string, std::string> env = {}) {
  return parse_arguments(args, env_of(std::move(env)));
}

std::string error_of(std::vector<std::string> args) {
  auto result = parse(std::move(args));
  EXPECT_FALSE(result.has_value());
  return result ? std::string() : result.error();
}

TEST(Options, ParsesVerbsAndFlags) {
  auto apply = parse({"apply", "-f", "peers.yaml"});
  ASSERT_TRUE(apply.has_value()) << apply.error();
  EXPECT_EQ(apply->command, Command::apply);
  EXPECT_EQ(apply->filename, "peers.yaml");
  EXPECT_EQ(apply->global.server, "http://127.0.0.1:9179");

  auto create = parse({"--server=http://10.1.1.1:80", "create", "--filename=-", "--skip-exists"});
  ASSERT_TRUE(create.has_value()) << create.error();
  EXPECT_EQ(create->command, Command::create);
  EXPECT_EQ(create->filename, "-");
  EXPECT_TRUE(create->skip_exists);
  EXPECT_EQ(create->global.server, "http://10.1.1.1:80");

  auto get = parse({"get", "bgpPeers", "a", "b", "-oyaml", "--allow-version-mismatch", "-c",
                    "/etc/calico/calicoctl.cfg"});
  ASSERT_TRUE(get.has_value()) << get.error();
  EXPECT_EQ(get->command, Command::get);
  EXPECT_EQ(get->arguments, (std::vector<std::string>{"bgpPeers", "a", "b"}));
  EXPECT_EQ(get->output, OutputFormat::yaml);

  auto status = parse({"node", "status"});
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->command, Command::node_status);

  auto patch = parse({"patch", "bgpconfig", "default", "-p", "{\"spec\":{}}", "--type", "merge"});
  ASSERT_TRUE(patch.has_value()) << patch.error();
  EXPECT_EQ(patch->patch, "{\"spec\":{}}");

  auto label = parse({"label", "nodes", "n1", "rr", "--remove"});
  ASSERT_TRUE(label.has_value()) << label.error();
  EXPECT_TRUE(label->remove_label);

  auto remove = parse({"delete", "bgppeer", "a", "b", "--skip-not-exists"});
  ASSERT_TRUE(remove.has_value()) << remove.error();
  EXPECT_EQ(remove->command, Command::remove);
  EXPECT_TRUE(remove->skip_not_exists);

  auto help = parse({});
  ASSERT_TRUE(help.has_value());
  EXPECT_EQ(help->command, Command::help);
  auto help_flag = parse({"get", "-h"});
  ASSERT_TRUE(help_flag.has_value());
  EXPECT_EQ(help_flag->command, Command::help);
}

TEST(Options, EnvironmentAndPrecedence) {
  auto from_env =
      parse({"version"}, {{"RRCTL_SERVER", "http://127.0.0.2:1"}, {"RRCTL_TOKEN_FILE", "/tmp/t"}});
  ASSERT_TRUE(from_env.has_value());
  EXPECT_EQ(from_env->global.server, "http://127.0.0.2:1");
  EXPECT_EQ(from_env->global.token_file, "/tmp/t");
  EXPECT_FALSE(from_env->global.token.has_value());

  auto env_token = parse({"version"}, {{"RRCTL_TOKEN", "abc"}, {"RRCTL_TOKEN_FILE", "/tmp/t"}});
  ASSERT_TRUE(env_token.has_value());
  EXPECT_EQ(env_token->global.token, "abc");

  // Flags beat the environment; a --token-file flag beats RRCTL_TOKEN.
  auto flags = parse({"version", "--server", "http://127.0.0.3:2", "--token-file", "/f"},
                     {{"RRCTL_SERVER", "http://127.0.0.2:1"}, {"RRCTL_TOKEN", "abc"}});
  ASSERT_TRUE(flags.has_value());
  EXPECT_EQ(flags->global.server, "http://127.0.0.3:2");
  EXPECT_EQ(flags->global.token_file, "/f");
  EXPECT_FALSE(flags->global.token.has_value());
}

TEST(Options, UsageErrors) {
  EXPECT_NE(error_of({"frobnicate"}).find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_NE(error_of({"get", "nodes", "--bogus"}).find("unknown option '--bogus'"),
            std::string::npos);
  EXPECT_NE(error_of({"apply"}).find("-f <FILENAME> is required"), std::string::npos);
  EXPECT_NE(error_of({"apply", "-f"}).find("needs a value"), std::string::npos);
  EXPECT_NE(error_of({"apply", "-f", "x", "--skip-exists"}).find("not valid for 'rrctl apply'"),
            std::string::npos);
  EXPECT_NE(error_of({"get", "nodes", "-o", "table"}).find("unrecognized output format"),
            std::string::npos);
  EXPECT_NE(error_of({"get", "ippools"}).find("'ippools' is not supported"), std::string::npos);
  EXPECT_NE(error_of({"get"}).find("usage: rrctl get"), std::string::npos);
  EXPECT_NE(error_of({"delete", "bgppeer"}).find("usage: rrctl delete"), std::string::npos);
  EXPECT_NE(error_of({"delete", "-f", "x", "bgppeer", "a"}).find("usage: rrctl delete"),
            std::string::npos);
  EXPECT_NE(error_of({"patch", "node", "n1"}).find("-p <PATCH> is required"), std::string::npos);
  EXPECT_NE(error_of({"label", "nodes", "n1", "rr"}).find("invalid label 'rr'"), std::string::npos);
  EXPECT_NE(error_of({"label", "nodes", "n1", "rr=true", "--remove"}).find("--remove takes"),
            std::string::npos);
  EXPECT_NE(error_of({"label", "nodes", "n1", "=x"}).find("invalid label"), std::string::npos);
  EXPECT_NE(error_of({"node"}).find("rrctl node status"), std::string::npos);
  EXPECT_NE(error_of({"node", "diags"}).find("rrctl node status"), std::string::npos);
  EXPECT_NE(error_of({"adj-rib-out"}).find("usage: rrctl adj-rib-out <PEER>"), std::string::npos);
  EXPECT_NE(error_of({"rib", "a", "b"}).find("usage: rrctl rib"), std::string::npos);
  EXPECT_NE(error_of({"version", "--skip-exists"}).find("not valid"), std::string::npos);
  EXPECT_NE(error_of({"version", "--allow-version-mismatch=yes"}).find("takes no value"),
            std::string::npos);
}

TEST(Options, RunReportsUsageErrorsWithExitStatusOne) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  Platform platform;
  platform.env = env_of({});
  const int status = run({"get"}, {in, out, err}, platform);
  EXPECT_EQ(status, 1);
  EXPECT_EQ(out.str(), "");
  EXPECT_NE(err.str().find("Run 'rrctl help' for usage."), std::string::npos);

  std::ostringstream help_out;
  EXPECT_EQ(run({"help"}, {in, help_out, err}, platform), 0);
  EXPECT_NE(help_out.str().find("rrctl node status"), std::string::npos);
}

TEST(Options, ServerUrls) {
  auto plain = parse_server_url("http://127.0.0.1:9179/");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, "9179");
  EXPECT_EQ(plain->base_path, "");
  EXPECT_EQ(plain->text, "http://127.0.0.1:9179");
  auto v6 = parse_server_url("http://[::1]:8080/rrd");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "8080");
  EXPECT_EQ(v6->base_path, "/rrd");
  auto default_port = parse_server_url("http://localhost");
  ASSERT_TRUE(default_port.has_value());
  EXPECT_EQ(default_port->port, "80");
  EXPECT_FALSE(parse_server_url("https://127.0.0.1").has_value());
  EXPECT_FALSE(parse_server_url("127.0.0.1:9179").has_value());
  EXPECT_FALSE(parse_server_url("http://127.0.0.1:99999").has_value());
  EXPECT_FALSE(parse_server_url("http://127.0.0.1:0").has_value());
  EXPECT_FALSE(parse_server_url("http://:80").has_value());
  EXPECT_FALSE(parse_server_url("http://[::1").has_value());
}

TEST(Options, KindAliases) {
  for (const char* alias : {"node", "Nodes", "no", "NOS"}) {
    ASSERT_TRUE(find_kind(alias).has_value()) << alias;
    EXPECT_EQ(find_kind(alias)->kind, "Node");
  }
  for (const char* alias : {"bgppeer", "BGPPeers", "bgpp", "bgpps", "bp", "bps", "BGPPeer"}) {
    ASSERT_TRUE(find_kind(alias).has_value()) << alias;
    EXPECT_EQ(find_kind(alias)->plural, "bgppeers");
  }
  for (const char* alias : {"bgpconfig", "bgpconfigs", "bgpconfiguration", "BGPConfigurations"}) {
    ASSERT_TRUE(find_kind(alias).has_value()) << alias;
    EXPECT_EQ(find_kind(alias)->kind, "BGPConfiguration");
  }
  EXPECT_EQ(find_kind("bgpfilters")->kind, "BGPFilter");
  EXPECT_EQ(find_kind("secret")->path("s1"), "/api/v1/secrets/s1");
  EXPECT_EQ(find_kind("bp")->path(), "/apis/projectcalico.org/v3/bgppeers");
  EXPECT_FALSE(find_kind("ippool").has_value());
  EXPECT_EQ(url_escape("a b/c"), "a%20b%2Fc");
}

}  // namespace
}  // namespace mgmt::rrctl
