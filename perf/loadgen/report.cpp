#include "perf/loadgen/report.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace rr::perf {

namespace {
double round_ms(double seconds) {
  return seconds < 0 ? -1 : static_cast<double>(static_cast<long long>(seconds * 1e6)) / 1e6;
}
}  // namespace

Report make_report(const Workload& workload, const RunResult& result,
                   const std::vector<std::unique_ptr<ClientSession>>& sessions,
                   const ProcessUsage& usage, const ChurnRecord* churn, bool restart) {
  CheckCounters total;
  SessionStats sums;
  std::uint64_t established = 0;
  std::uint64_t converged = 0;
  std::uint64_t expected = 0;
  std::uint64_t sessions_with_v6 = 0;
  std::uint64_t extra_resets = 0;  // resets beyond a session's first
  nlohmann::json established_s = nlohmann::json::array();
  nlohmann::json converged_s = nlohmann::json::array();
  nlohmann::json received = nlohmann::json::array();
  for (const auto& s : sessions) {
    const auto& c = s->checker().counters();
    const auto& st = s->stats();
    total.add(c);
    sums.notifications_received += st.notifications_received;
    sums.resets += st.resets;
    sums.hold_expiries += st.hold_expiries;
    sums.connect_failures += st.connect_failures;
    sums.gr_retained += st.gr_retained;
    sums.gr_timer_expiries += st.gr_timer_expiries;
    if (st.resets > 1) extra_resets += st.resets - 1;
    if (s->state() == SessionState::established || st.established_s >= 0) ++established;
    if (s->converged()) ++converged;
    expected += s->checker().expected();
    if (s->checker().expects_v6()) ++sessions_with_v6;
    established_s.push_back(round_ms(st.established_s));
    converged_s.push_back(round_ms(st.converged_s));
    received.push_back(c.announced_v4 + c.announced_v6);
  }
  const std::uint64_t received_total = total.announced_v4 + total.announced_v6;
  Report r;
  r.success = result.converged && total.errors() == 0 && sums.notifications_received == 0;
  if (restart) {
    r.success = r.success && result.reconverged_s >= 0 && extra_resets == 0;
  } else {
    r.success = r.success && sums.resets == 0;
  }
  std::uint64_t churn_missing = 0;
  if (churn != nullptr) {
    const std::uint64_t delivered = total.churn_announced;
    churn_missing =
        churn->expected_deliveries > delivered ? churn->expected_deliveries - delivered : 0;
    r.success = r.success && result.churn_drained_s >= 0 && churn_missing == 0;
  }
  auto& j = r.json;
  j["sessions"] = workload.sessions();
  j["v6_sessions"] = workload.v6_sessions();
  j["bgp_sessions"] = workload.bgp_sessions();
  j["v4_per_session"] = workload.config().v4_per_session;
  j["v6_per_session"] = workload.config().v6_per_session;
  j["hold_time"] = workload.config().hold_time;
  j["feeders"] = workload.config().feeders;
  if (workload.feeding()) {
    j["feed_prefixes"] = workload.config().feed_prefixes;
    j["feed_attr_sets"] = workload.config().feed_attr_sets;
  }
  j["established"] = established;
  j["converged_sessions"] = converged;
  j["converged"] = result.converged;
  j["success"] = r.success;
  j["t_all_established_s"] = round_ms(result.t_all_established_s);
  j["t_converged_s"] = round_ms(result.t_converged_s);
  j["duration_s"] = round_ms(result.duration_s);
  j["prefixes_expected"] = expected;  // over the families each session negotiated
  j["sessions_with_ipv6"] = sessions_with_v6;
  j["prefixes_received"] = received_total;
  j["announced_v4"] = total.announced_v4;
  j["announced_v6"] = total.announced_v6;
  j["withdrawn_v4"] = total.withdrawn_v4;
  j["withdrawn_v6"] = total.withdrawn_v6;
  j["bad_originator_id"] = total.bad_originator_id;
  j["bad_cluster_list"] = total.bad_cluster_list;
  j["bad_next_hop"] = total.bad_next_hop;
  j["bad_as_path"] = total.bad_as_path;
  j["missing_local_pref"] = total.missing_local_pref;
  j["echoes"] = total.echoes;
  j["unexpected"] = total.unexpected;
  j["duplicates"] = total.duplicates;
  j["malformed"] = total.malformed;
  j["wrong_family"] = total.wrong_family;
  j["bad_attributes"] = total.bad_attributes;
  j["worse_path"] = total.worse_path;
  j["transient"] = total.transient;
  j["notifications_received"] = sums.notifications_received;
  j["resets"] = sums.resets;
  j["hold_expiries"] = sums.hold_expiries;
  j["connect_failures"] = sums.connect_failures;
  j["cpu_user_s"] = round_ms(usage.user_s);
  j["cpu_sys_s"] = round_ms(usage.sys_s);
  j["peak_rss_bytes"] = usage.peak_rss_bytes;
  if (churn != nullptr) {
    const auto ms = [](std::uint64_t ns) {
      return std::round(static_cast<double>(ns) / 1e3) / 1e3;
    };
    const auto& a = churn->announce_latency;
    const auto& w = churn->withdraw_latency;
    j["churn_rate"] = workload.config().churn_rate;
    j["churn_slots"] = workload.config().churn_slots;
    j["churn_announcements_sent"] = churn->announcements_sent;
    j["churn_withdrawals_sent"] = churn->withdrawals_sent;
    j["churn_skipped"] = churn->skipped;
    j["churn_deliveries_expected"] = churn->expected_deliveries;
    j["churn_deliveries"] = total.churn_announced;
    j["churn_missing"] = churn_missing;
    j["churn_withdrawals_received"] = total.churn_withdrawn;
    j["churn_start_s"] = round_ms(result.churn_start_s);
    j["churn_end_s"] = round_ms(result.churn_end_s);
    j["churn_drained_s"] = round_ms(result.churn_drained_s);
    j["churn_drain_s"] =
        result.churn_drained_s < 0 ? -1 : round_ms(result.churn_drained_s - result.churn_end_s);
    j["churn_latency_samples"] = a.count();
    j["churn_latency_p50_ms"] = ms(a.percentile_ns(0.50));
    j["churn_latency_p90_ms"] = ms(a.percentile_ns(0.90));
    j["churn_latency_p99_ms"] = ms(a.percentile_ns(0.99));
    j["churn_latency_p999_ms"] = ms(a.percentile_ns(0.999));
    j["churn_latency_max_ms"] = ms(a.max_ns());
    j["churn_latency_mean_ms"] = static_cast<double>(static_cast<std::uint64_t>(a.mean_ns())) / 1e6;
    j["withdraw_latency_samples"] = w.count();
    j["withdraw_latency_p50_ms"] = ms(w.percentile_ns(0.50));
    j["withdraw_latency_p99_ms"] = ms(w.percentile_ns(0.99));
    j["withdraw_latency_max_ms"] = ms(w.max_ns());
  }
  if (restart) {
    j["first_down_s"] = round_ms(result.first_down_s);
    j["all_reestablished_s"] = round_ms(result.all_reestablished_s);
    j["reconverged_s"] = round_ms(result.reconverged_s);
    j["restart_reestablish_s"] =
        result.reconverged_s < 0 ? -1 : round_ms(result.all_reestablished_s - result.first_down_s);
    j["restart_converge_s"] =
        result.reconverged_s < 0 ? -1 : round_ms(result.reconverged_s - result.first_down_s);
    j["extra_resets"] = extra_resets;
  }
  j["lost"] = total.lost;
  j["gr_retained"] = sums.gr_retained;
  j["gr_timer_expiries"] = sums.gr_timer_expiries;
  j["per_session"] = {
      {"established_s", established_s}, {"converged_s", converged_s}, {"received", received}};

  std::array<char, 768> line{};
  std::snprintf(
      line.data(), line.size(),
      "%s sessions=%u established=%llu t_all_established_s=%.3f t_converged_s=%.3f "
      "prefixes=%llu/%llu errors=%llu (orig=%llu cl=%llu nh=%llu asp=%llu lp=%llu "
      "echo=%llu unexp=%llu dup=%llu malformed=%llu family=%llu attrs=%llu worse=%llu) "
      "transient=%llu lost=%llu notif=%llu resets=%llu v6_sessions=%llu "
      "cpu=%.2fu+%.2fs rss=%.1fMB",
      r.success ? "OK" : "FAIL", workload.sessions(), static_cast<unsigned long long>(established),
      result.t_all_established_s, result.t_converged_s,
      static_cast<unsigned long long>(received_total), static_cast<unsigned long long>(expected),
      static_cast<unsigned long long>(total.errors()),
      static_cast<unsigned long long>(total.bad_originator_id),
      static_cast<unsigned long long>(total.bad_cluster_list),
      static_cast<unsigned long long>(total.bad_next_hop),
      static_cast<unsigned long long>(total.bad_as_path),
      static_cast<unsigned long long>(total.missing_local_pref),
      static_cast<unsigned long long>(total.echoes),
      static_cast<unsigned long long>(total.unexpected),
      static_cast<unsigned long long>(total.duplicates),
      static_cast<unsigned long long>(total.malformed),
      static_cast<unsigned long long>(total.wrong_family),
      static_cast<unsigned long long>(total.bad_attributes),
      static_cast<unsigned long long>(total.worse_path),
      static_cast<unsigned long long>(total.transient), static_cast<unsigned long long>(total.lost),
      static_cast<unsigned long long>(sums.notifications_received),
      static_cast<unsigned long long>(sums.resets),
      static_cast<unsigned long long>(sessions_with_v6), usage.user_s, usage.sys_s,
      static_cast<double>(usage.peak_rss_bytes) / 1e6);
  r.summary = line.data();
  if (churn != nullptr) {
    std::snprintf(line.data(), line.size(),
                  " churn: sent=%llu delivered=%llu/%llu latency p50=%.3f p99=%.3f max=%.3f ms "
                  "drain=%.3fs",
                  static_cast<unsigned long long>(churn->announcements_sent),
                  static_cast<unsigned long long>(total.churn_announced),
                  static_cast<unsigned long long>(churn->expected_deliveries),
                  static_cast<double>(churn->announce_latency.percentile_ns(0.5)) / 1e6,
                  static_cast<double>(churn->announce_latency.percentile_ns(0.99)) / 1e6,
                  static_cast<double>(churn->announce_latency.max_ns()) / 1e6,
                  result.churn_drained_s < 0 ? -1.0 : result.churn_drained_s - result.churn_end_s);
    r.summary += line.data();
  }
  if (restart) {
    std::snprintf(
        line.data(), line.size(),
        " restart: reestablished=%.3fs reconverged=%.3fs (after the first drop) "
        "retained=%llu gr_expiries=%llu",
        result.reconverged_s < 0 ? -1.0 : result.all_reestablished_s - result.first_down_s,
        result.reconverged_s < 0 ? -1.0 : result.reconverged_s - result.first_down_s,
        static_cast<unsigned long long>(sums.gr_retained),
        static_cast<unsigned long long>(sums.gr_timer_expiries));
    r.summary += line.data();
  }
  return r;
}

}  // namespace rr::perf
