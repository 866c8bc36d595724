#include "perf/loadgen/options.hpp"

#include <charconv>
#include <optional>
#include <string_view>

#include "perf/loadgen/churn.hpp"

namespace rr::perf {

namespace {

template <class T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

std::optional<double> parse_seconds(std::string_view text) {
  // from_chars for double is in GCC 11+, but keep it simple and portable.
  try {
    std::size_t used = 0;
    const double v = std::stod(std::string(text), &used);
    if (used != text.size() || v < 0) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

wire::Ipv6Address loopback6() {
  wire::Ipv6Address a;
  a.bytes[15] = 1;
  return a;
}

std::string usage(Program program) {
  std::string text =
      program == Program::loadgen
          ? "usage: rrd-loadgen [options]\n"
            "  --target ADDR           reflector address (127.0.0.1)\n"
            "  --target6 ADDR          --v6-sessions: reflector's IPv6 address (::1)\n"
            "  --connect-spread-ms MS  spread the connects over MS (0)\n"
            "  --hold-after S          keep sessions up S after convergence (0)\n"
            "  --batch-us US           min time between epoll rounds: coalesces\n"
            "                          reads, delays timestamps <= US (1000)\n"
            "  --churn-rate R          W2: after convergence, R announce/withdraw\n"
            "                          changes per second of churn /32s (0: off)\n"
            "  --churn-seconds S       W2: for S seconds (10), whole cycles\n"
            "  --churn-slots N         W2: churn /32s per session (1)\n"
            "  --restart               W3: wait for the reflector to restart once\n"
            "                          and every session to converge again\n"
          : "usage: rrd-floor [options]\n"
            "  --listen ADDR           address to listen on (127.0.0.1)\n"
            "  --listen6 ADDR          --v6-sessions: IPv6 address to listen on (::1)\n";
  text +=
      "  --port N                BGP port (179)\n"
      "  --sessions N            client sessions (500)\n"
      "  --v4 N / --v6 N         IPv4 /26 and IPv6 /122 routes per session (2 / 2;\n"
      "                          0 / 0 with --feeders)\n"
      "  --feeders F             W4: sessions 0..F-1 announce one full table (0: off)\n"
      "  --feed-prefixes P       W4: IPv4 /24s per feeder, from 11.0.0.0 (200000)\n"
      "  --feed-attr-sets A      W4: distinct attribute sets (MED, COMMUNITIES) (20000)\n"
      "  --as N                  the iBGP AS (64512)\n"
      "  --hold-time S           proposed hold time (90)\n"
      "  --source-base ADDR      first client source address (127.1.0.1)\n"
      "  --v6-sessions           every client also opens an IPv6 session for its IPv6\n"
      "                          routes (Calico's bird6); its IPv4 session: IPv4 only\n"
      "  --source6-base ADDR     --v6-sessions: first client IPv6 address (fd00:1::1)\n"
      "  --next-hop-base ADDR    IPv4 next hops from ADDR on, like the sources (the source)\n"
      "  --rr-id ADDR            the reflector's router id (target or listen address)\n"
      "  --cluster-id ADDR       CLUSTER_LIST entry the reflector adds (the rr id)\n"
      "  --graceful-restart      advertise the graceful restart capability\n"
      "  --timeout S             give up after S seconds (300)\n"
      "  --json FILE             write the JSON summary to FILE\n";
  return text;
}

tl::expected<Options, std::string> parse_options(Program program, int argc, char** argv) {
  Options o;
  std::optional<wire::Ipv4Address> rr_id;
  std::optional<wire::Ipv4Address> cluster_id;
  bool routes_given = false;  // --v4 or --v6 on the command line
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      o.help = true;
      return o;
    }
    if (arg == "--graceful-restart") {
      o.workload.graceful_restart = true;
      continue;
    }
    if (arg == "--restart") {
      o.expect_restart = true;
      continue;
    }
    if (arg == "--v6-sessions") {
      o.workload.v6_sessions = true;
      continue;
    }
    if (i + 1 >= argc) return tl::unexpected("missing value for " + std::string(arg));
    const std::string_view value = argv[++i];
    const auto bad = [&] {
      return tl::unexpected("bad value for " + std::string(arg) + ": " + std::string(value));
    };
    const auto address = [&]() { return wire::Ipv4Address::parse(value); };
    const auto address6 = [&]() { return wire::Ipv6Address::parse(value); };
    if (arg == "--target") {
      const auto a = address();
      if (!a) return bad();
      o.target = *a;
    } else if (arg == "--listen") {
      const auto a = address();
      if (!a) return bad();
      o.listen = *a;
    } else if (arg == "--target6") {
      const auto a = address6();
      if (!a) return bad();
      o.target6 = *a;
    } else if (arg == "--listen6") {
      const auto a = address6();
      if (!a) return bad();
      o.listen6 = *a;
    } else if (arg == "--source6-base") {
      const auto a = address6();
      if (!a) return bad();
      o.workload.source6_base = *a;
    } else if (arg == "--port") {
      const auto v = parse_number<std::uint16_t>(value);
      if (!v) return bad();
      o.port = *v;
    } else if (arg == "--sessions") {
      const auto v = parse_number<std::uint32_t>(value);
      if (!v) return bad();
      o.workload.sessions = *v;
    } else if (arg == "--v4") {
      const auto v = parse_number<std::uint32_t>(value);
      if (!v) return bad();
      o.workload.v4_per_session = *v;
      routes_given = true;
    } else if (arg == "--v6") {
      const auto v = parse_number<std::uint32_t>(value);
      if (!v) return bad();
      o.workload.v6_per_session = *v;
      routes_given = true;
    } else if (arg == "--feeders") {
      const auto v = parse_number<std::uint32_t>(value);
      if (!v) return bad();
      o.workload.feeders = *v;
    } else if (arg == "--feed-prefixes") {
      const auto v = parse_number<std::uint32_t>(value);
      if (!v) return bad();
      o.workload.feed_prefixes = *v;
    } else if (arg == "--feed-attr-sets") {
      const auto v = parse_number<std::uint32_t>(value);
      if (!v) return bad();
      o.workload.feed_attr_sets = *v;
    } else if (arg == "--as") {
      const auto v = parse_number<std::uint32_t>(value);
      if (!v || *v == 0) return bad();
      o.workload.asn = *v;
    } else if (arg == "--hold-time") {
      const auto v = parse_number<std::uint16_t>(value);
      if (!v) return bad();
      o.workload.hold_time = *v;
    } else if (arg == "--source-base") {
      const auto a = address();
      if (!a) return bad();
      o.workload.source_base = *a;
    } else if (arg == "--next-hop-base") {
      const auto a = address();
      if (!a) return bad();
      o.workload.next_hop_base = *a;
    } else if (arg == "--rr-id") {
      rr_id = address();
      if (!rr_id) return bad();
    } else if (arg == "--cluster-id") {
      cluster_id = address();
      if (!cluster_id) return bad();
    } else if (arg == "--connect-spread-ms") {
      const auto v = parse_seconds(value);
      if (!v) return bad();
      o.connect_spread_ms = *v;
    } else if (arg == "--timeout") {
      const auto v = parse_seconds(value);
      if (!v) return bad();
      o.timeout_s = *v;
    } else if (arg == "--hold-after") {
      const auto v = parse_seconds(value);
      if (!v) return bad();
      o.hold_after_s = *v;
    } else if (arg == "--batch-us") {
      const auto v = parse_seconds(value);
      if (!v || *v >= 1e6) return bad();
      o.batch_us = *v;
    } else if (arg == "--churn-rate") {
      const auto v = parse_seconds(value);
      if (!v) return bad();
      o.workload.churn_rate = *v;
    } else if (arg == "--churn-seconds") {
      const auto v = parse_seconds(value);
      if (!v) return bad();
      o.workload.churn_seconds = *v;
    } else if (arg == "--churn-slots") {
      const auto v = parse_number<std::uint32_t>(value);
      if (!v) return bad();
      o.workload.churn_slots = *v;
    } else if (arg == "--json") {
      o.json_path = std::string(value);
    } else {
      return tl::unexpected("unknown option " + std::string(arg));
    }
  }
  if (o.workload.feeders > 0 && !routes_given) {
    o.workload.v4_per_session = 0;  // W4 clients announce nothing
    o.workload.v6_per_session = 0;
  }
  o.workload.rr_id = rr_id.value_or(program == Program::loadgen ? o.target : o.listen);
  o.workload.cluster_id = cluster_id.value_or(o.workload.rr_id);
  if (auto problem = Workload::check(o.workload)) return tl::unexpected(*problem);
  if (auto problem = ChurnPlan::check(o.workload)) return tl::unexpected(*problem);
  return o;
}

}  // namespace rr::perf
