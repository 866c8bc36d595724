#!/usr/bin/python3
"""Side-by-side route-reflector benchmark: one rrd-loadgen workload against rrd, BIRD 2, FRR bgpd,
GoBGP, OpenBGPD and the wire-replay floor (rrd-floor), each configured as an equivalent route
reflector (see README.md). Python 3 standard library only; traffic stays on 127.0.0.0/8, and with
v6 sessions (W1's default) on IPv6 addresses in a network namespace bench.py creates for the run.

  /usr/bin/python3 perf/compare/bench.py --workload w1 --build /work/build-compare   # root: netns
  /usr/bin/python3 perf/compare/bench.py --smoke --build build          # CI: rrd + floor, 30 sessions
  /usr/bin/python3 perf/compare/bench.py --smoke --v6-sessions --build build   # the same with IPv6 sessions
"""

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from daemons import DAEMONS, ORDER, Setup, Skip  # noqa: E402
from daemons.common import (Sampler, can_pin, client6_addresses, cpu_seconds, die_with_parent,  # noqa: E402
                            free_port, memory_kb, pin_prefix, run, system_busy_seconds, tail, write)

WORKLOADS = {
    # W1 Calico cold start: 500 clients x (2 IPv4 /26 + 2 IPv6 /122), connecting over 5 s; by default
    # with v6 sessions (each client's IPv6 routes on a separate IPv6 session, as Calico's bird6),
    # with --no-v6-sessions IPv4 only (v6 = 0).
    "w1": {"sessions": 500, "v4": 2, "v6": 2, "hold_time": 90, "spread_ms": 5000, "hold_after": 0, "timeout": 300},
    # W5 many sessions, tiny tables; 9 s hold time and 30 s held after convergence, so that
    # hold-timer expiries (resets) would show.
    "w5": {"sessions": 2000, "v4": 10, "v6": 0, "hold_time": 9, "spread_ms": 5000, "hold_after": 30,
           "timeout": 300},
    # W4 full table: 2 feeders announce the same 200k IPv4 /24s (20k attribute sets; feeder 0 wins
    # on LOCAL_PREF) to 100 clients that announce nothing; clients connect first, feeders last,
    # over 0.5 s. --feed-prefixes 1000000 for the 1M option.
    "w4": {"sessions": 102, "v4": 0, "v6": 0, "feeders": 2, "feed_prefixes": 200000, "feed_attr_sets": 20000,
           "hold_time": 90, "spread_ms": 500, "hold_after": 0, "timeout": 600},
    # W2 churn: W1's clients (IPv4), then one announce or withdraw of a /32 every millisecond for 10 s
    # (1000 changes/s over all clients); pass-through latency from the time stamp each announcement
    # carries in a large community.
    "w2": {"sessions": 500, "v4": 2, "v6": 0, "hold_time": 90, "spread_ms": 5000, "hold_after": 0, "timeout": 300,
           "churn_rate": 1000, "churn_seconds": 10},
    # W3 restart: W1's clients (IPv4) with graceful restart; 3 s after convergence the daemon is
    # killed (SIGKILL) and started again; the clients keep its routes stale meanwhile.
    "w3": {"sessions": 500, "v4": 2, "v6": 0, "hold_time": 90, "spread_ms": 5000, "hold_after": 0, "timeout": 300,
           "restart": True, "restart_after": 3},
    # --smoke: tiny, for CI; IPv4 only, the family rrd negotiates on an IPv4 session. With
    # --v6-sessions: also 2 IPv6 /122 per client on its IPv6 session (resolve_workload).
    "smoke": {"sessions": 30, "v4": 2, "v6": 0, "hold_time": 90, "spread_ms": 300, "hold_after": 0, "timeout": 60},
    # --smoke --workload w2 / w3: the same, with a short churn stream / one restart (rrd only).
    "smoke-w2": {"sessions": 30, "v4": 2, "v6": 0, "hold_time": 90, "spread_ms": 300, "hold_after": 0,
                 "timeout": 60, "churn_rate": 300, "churn_seconds": 2},
    "smoke-w3": {"sessions": 30, "v4": 2, "v6": 0, "hold_time": 90, "spread_ms": 300, "hold_after": 0,
                 "timeout": 90, "restart": True, "restart_after": 1},
}

# Each daemon run gets its own listen address (the clients are 127.1.x.y).
LISTEN_IP = {"rrd": "127.0.10.1", "bird": "127.0.11.1", "frr": "127.0.12.1", "gobgp": "127.0.13.1",
             "openbgpd": "127.0.14.1", "floor": "127.0.15.1"}
# v6 sessions: each daemon's IPv6 listen address (same port), and the first client's IPv6 address
# (client k: SOURCE6_BASE + k). They exist only on `lo` of the run's own network namespace.
LISTEN_IP6 = {"rrd": "fd00:10::1", "bird": "fd00:11::1", "frr": "fd00:12::1", "gobgp": "fd00:13::1",
              "openbgpd": "fd00:14::1", "floor": "fd00:15::1"}
SOURCE6_BASE = "fd00:1::1"
# Set (to the namespace's name) in the bench.py that runs inside the namespace.
NETNS_ENV = "RRD_BENCH_NETNS"

# Counters that must be zero in a correct run (echoes and duplicates are reported separately).
ERROR_KEYS = ("bad_originator_id", "bad_cluster_list", "bad_next_hop", "bad_as_path", "missing_local_pref",
              "bad_attributes", "worse_path", "unexpected", "malformed", "wrong_family", "notifications_received",
              "resets", "hold_expiries", "lost")


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def pick(d, *names, default=None):
    """The first of `names` present in the loadgen JSON (field names may drift)."""
    for n in names:
        if n in d and d[n] is not None:
            return d[n]
    return default


def default_build():
    for cand in (os.path.join(REPO, "build"), os.path.abspath("build")):
        if os.path.isdir(cand):
            return cand
    return os.path.join(REPO, "build")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workload", choices=["w1", "w2", "w3", "w4", "w5"], default="w1")
    p.add_argument("--churn-rate", type=float, help="override W2's changes per second")
    p.add_argument("--churn-seconds", type=float, help="override W2's churn duration")
    p.add_argument("--sessions", type=int, help="override the workload's session count (W4: feeders included)")
    p.add_argument("--feeders", type=int, help="override W4's feeder count (0 = the W1 per-session scheme)")
    p.add_argument("--feed-prefixes", type=int, help="override W4's IPv4 /24s per feeder (1000000: the 1M option)")
    p.add_argument("--feed-attr-sets", type=int, help="override W4's distinct attribute sets")
    p.add_argument("--daemons", default=",".join(ORDER), help="comma list of %s" % ",".join(ORDER))
    p.add_argument("--pin", choices=["separate", "shared"], default="separate",
                   help="separate: daemon on CPU 1, generator on CPU 0; shared: daemon on every CPU "
                        "(rrd threads 2, GOMAXPROCS=2), generator on CPU 0")
    p.add_argument("--build", default=None, help="meson build dir (default: <repo>/build or ./build)")
    p.add_argument("--loadgen", help="rrd-loadgen binary (default <build>/perf/loadgen/rrd-loadgen)")
    p.add_argument("--floor", help="rrd-floor binary (default <build>/perf/loadgen/rrd-floor)")
    p.add_argument("--out", help="results dir (default /var/tmp/rrd-compare/<workload>-<pin>-<time>)")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--next-hop-base", default="198.18.0.1",
                   help="clients' IPv4 next hops from here on ('' = their own 127.x addresses, which "
                        "FRR rejects and GoBGP drops)")
    p.add_argument("--smoke", action="store_true", help="CI: rrd and floor, 30 sessions, correctness only")
    p.add_argument("--threads", type=int, default=0, help="rrd threads / GoBGP GOMAXPROCS (default by --pin)")
    p.add_argument("--v4", type=int, help="override IPv4 routes per session")
    p.add_argument("--v6", type=int, help="override IPv6 routes per client (without v6 sessions they ride "
                                          "on the IPv4 session, where rrd negotiates only IPv4 unicast)")
    p.add_argument("--v6-sessions", dest="v6_sessions", action="store_true", default=None,
                   help="every client also opens an IPv6 session (IPv6 unicast only) for its --v6 routes, "
                        "the Calico way; default for --workload w1 (not --smoke); needs root: runs in a "
                        "network namespace of its own")
    p.add_argument("--no-v6-sessions", dest="v6_sessions", action="store_false",
                   help="IPv4 sessions only (W1 then uses --v6 0 unless --v6 is given)")
    p.add_argument("--spread-ms", type=float, help="override --connect-spread-ms")
    p.add_argument("--hold-after", type=float, help="override --hold-after")
    p.add_argument("--timeout", type=float, help="override the loadgen timeout (s)")
    p.add_argument("--frr-coalesce-ms", type=int, help="FRR update-group coalesce-time (FRR default 1000)")
    p.add_argument("--rrd-log-level", default="warning")
    p.add_argument("--no-graceful-restart", action="store_true",
                   help="clients do not advertise graceful restart (then OpenBGPD sends no End-of-RIB "
                        "and never converges)")
    p.add_argument("--loadgen-arg", action="append", default=[], help="extra argument for rrd-loadgen")
    p.add_argument("--report", metavar="DIR", help="only re-render the table of an earlier --out DIR")
    p.add_argument("--keep-going", action="store_true", help="smoke: run every daemon even after a failure")
    return p.parse_args(argv)


def resolve_workload(args):
    """(name, parameters) of the run: the WORKLOADS entry with the command line's overrides.

    v6 sessions are on for W1 unless --no-v6-sessions (or --v6 0) says otherwise, elsewhere only
    with --v6-sessions. Off, W1 carries no IPv6 routes (v6 = 0, the IPv4-only W1 of the docs) unless
    --v6 asks for them on the IPv4 sessions; on, --smoke gets 2 IPv6 routes per client."""
    name = args.workload if not args.smoke else (
        "smoke" if args.workload in ("w1", None) else "smoke-" + args.workload)
    if name not in WORKLOADS:
        raise SystemExit("no smoke version of %s" % args.workload)
    wl = dict(WORKLOADS[name])
    v6s = args.v6_sessions
    if v6s is None:
        v6s = name == "w1" and args.v6 != 0
    if v6s:
        if wl.get("restart"):
            raise SystemExit("--v6-sessions: not with W3 (its per-client restart configs are IPv4 only); "
                             "use --no-v6-sessions")
        if wl.get("feeders") or args.feeders:
            raise SystemExit("--v6-sessions: not with W4's feeders (an IPv4 table); use --no-v6-sessions")
        if name == "smoke":
            wl["v6"] = 2
    elif name == "w1":
        wl["v6"] = 0
    wl["v6_sessions"] = bool(v6s)
    for key in ("churn_rate", "churn_seconds"):
        if getattr(args, key, None) is not None:
            wl[key] = getattr(args, key)
    if args.sessions:
        wl["sessions"] = args.sessions
    if args.v4 is not None:
        wl["v4"] = args.v4
    if args.v6 is not None:
        wl["v6"] = args.v6
    for key in ("feeders", "feed_prefixes", "feed_attr_sets"):
        wl.setdefault(key, 0 if key == "feeders" else None)
        if getattr(args, key) is not None:
            wl[key] = getattr(args, key)
    if wl["feeders"]:
        wl["v4"] = args.v4 or 0  # W4 clients announce nothing (rrd-loadgen rejects --v4 > 0 there)
        wl["v6"] = args.v6 or 0
        wl["feed_prefixes"] = wl["feed_prefixes"] or 200000
        if args.feed_attr_sets is None and args.feed_prefixes is not None:
            # W4's 10 prefixes per attribute set on smaller tables; at most 20k sets (1M: 50 per set)
            wl["feed_attr_sets"] = min(20000, max(1, wl["feed_prefixes"] // 10))
        wl["feed_attr_sets"] = min(wl["feed_attr_sets"] or 20000, wl["feed_prefixes"])
    if args.spread_ms is not None:
        wl["spread_ms"] = args.spread_ms
    if args.hold_after is not None:
        wl["hold_after"] = args.hold_after
    if args.timeout is not None:
        wl["timeout"] = args.timeout
    return name, wl


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build or default_build())
        self.loadgen = args.loadgen or os.path.join(self.build, "perf", "loadgen", "rrd-loadgen")
        self.floor = args.floor or os.path.join(self.build, "perf", "loadgen", "rrd-floor")
        self.name, wl = resolve_workload(args)
        self.wl = wl
        self.daemons = ["rrd", "floor"] if args.smoke else [d.strip() for d in args.daemons.split(",") if d.strip()]
        if wl.get("churn_rate") or wl.get("restart"):
            # the floor replays a fixed table: it neither reflects churn nor restarts
            self.daemons = [d for d in self.daemons if d != "floor"]
        for d in self.daemons:
            if d not in DAEMONS:
                raise SystemExit("unknown daemon %r (known: %s)" % (d, ", ".join(ORDER)))
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.out = os.path.abspath(args.out or os.path.join("/var/tmp/rrd-compare",
                                                             "%s-%s-%s" % (self.name, args.pin, stamp)))
        os.makedirs(self.out, exist_ok=True)
        self.results = []

    # -- one run -------------------------------------------------------------------------------
    def run_one(self, daemon, rep):
        a, wl = self.args, self.wl
        run_dir = os.path.join(self.out, "%s-r%d" % (daemon, rep))
        os.makedirs(run_dir, exist_ok=True)
        os.chmod(run_dir, 0o755)
        ip = LISTEN_IP[daemon]
        v6s = bool(wl.get("v6_sessions"))
        ip6 = LISTEN_IP6[daemon] if v6s else None
        port = free_port_on([ip] + ([ip6] if v6s else []))
        extra = {"timeout": wl["timeout"], "frr_coalesce_ms": a.frr_coalesce_ms, "rrd_log_level": a.rrd_log_level,
                 "next_hop_base": a.next_hop_base, "feed_args": feed_args(wl),
                 "graceful_restart": bool(wl.get("restart"))}
        setup = Setup(run_dir, wl["sessions"], ip, port, a.pin, a.threads, hold_time=90 if daemon != "floor"
                      else wl["hold_time"], v4=wl["v4"], v6=wl["v6"], extra=extra, v6_sessions=v6s,
                      listen_ip6=ip6, source6_base=SOURCE6_BASE)
        dut = DAEMONS[daemon](setup, self.build)
        if daemon == "floor":
            dut.binary = self.floor
        result = {"daemon": daemon, "label": dut.label, "repeat": rep, "workload": self.name, "pin": a.pin,
                  "sessions": wl["sessions"], "bgp_sessions": setup.bgp_sessions(), "v6_sessions": v6s,
                  "listen": " ".join("[%s]:%d" % (a, port) if ":" in a else "%s:%d" % (a, port)
                                     for a in setup.listen_addresses()),
                  "run_dir": run_dir}
        try:
            dut.check_available()
        except Skip as e:
            log("skip %s: %s" % (daemon, e))
            result.update(status="skipped", reason=str(e))
            return result
        log("%s: starting (%s, pin %s)" % (daemon, result["listen"], a.pin))
        t_start = time.monotonic()
        try:
            dut.start()
            dut.wait_ready()
        except Exception as e:  # noqa: BLE001 - report and clean up
            log("%s: did not get ready: %s" % (daemon, e))
            result.update(status="failed", reason="not ready: %s" % str(e)[:2000], log_tail=dut.log_tail(60))
            dut.stop()
            self._write_run(run_dir, result)
            return result
        result["startup_s"] = round(time.monotonic() - t_start, 3)
        result["argv"] = dut.argv
        result["config_files"] = dut.config_files
        try:
            return self.measure(dut, setup, result)
        except Exception as e:  # noqa: BLE001 - keep going with the other daemons
            log("%s: harness error: %r" % (daemon, e))
            result.update(status="failed", reason="harness error: %r" % e, log_tail=dut.log_tail(60))
            self._write_run(run_dir, result)
            return result
        finally:
            dut.stop()

    def measure(self, dut, setup, result):
        """Runs the load against a ready daemon and collects the metrics (the caller stops it)."""
        a, wl = self.args, self.wl
        daemon, run_dir, ip, port = dut.name, setup.run_dir, setup.listen_ip, setup.port
        pids0 = dut.pids()
        cpu0 = cpu_seconds(pids0)
        busy0 = system_busy_seconds()
        json_path = os.path.join(run_dir, "loadgen.json")
        lg_argv = pin_prefix("0") + [
            self.loadgen, "--target", ip, "--port", str(port), "--sessions", str(wl["sessions"]),
            "--source-base", setup.source_base, "--as", str(setup.asn), "--rr-id", setup.router_id,
            "--cluster-id", setup.cluster_id, "--v4", str(wl["v4"]), "--v6", str(wl["v6"]),
            "--hold-time", str(wl["hold_time"]), "--connect-spread-ms", str(wl["spread_ms"]),
            "--timeout", str(wl["timeout"]), "--hold-after", str(wl["hold_after"]), "--json", json_path,
        ] + v6_session_args(setup) + feed_args(wl) + churn_args(wl) + (
            ["--next-hop-base", a.next_hop_base] if a.next_hop_base else []) + (
            [] if a.no_graceful_restart and not wl.get("restart") else ["--graceful-restart"]) + list(a.loadgen_arg)
        result["loadgen_argv"] = lg_argv
        log("%s: load %s" % (daemon, shape(wl)))
        t0 = time.monotonic()
        sampler = Sampler(dut.pids).start()
        with open(os.path.join(run_dir, "loadgen.out"), "ab") as lg_log:
            lg = subprocess.Popen(lg_argv, cwd=run_dir, stdin=subprocess.DEVNULL, stdout=lg_log, stderr=lg_log)
            if wl.get("restart"):
                self.kill_and_restart(dut, lg, os.path.join(run_dir, "loadgen.out"), result)
            try:
                rc = lg.wait(wl["timeout"] + wl["hold_after"] + 60)
            except subprocess.TimeoutExpired:
                lg.kill()
                rc = lg.wait()
                result["loadgen_killed"] = True
        wall = time.monotonic() - t0
        sampler.stop()
        pids1 = sorted(set(pids0) | set(dut.pids()) | set(sampler.last_cpu))
        cpu1 = dict(sampler.last_cpu)
        cpu1.update(cpu_seconds(pids1))
        busy1 = system_busy_seconds()
        hwm_kb, rss_kb = memory_kb(pids1)
        try:
            summary = dut.peer_summary()
        except Exception as e:  # noqa: BLE001 - informative only
            summary = {"error": str(e)[:200]}
        daemon_alive = dut.proc.alive()
        dut.stop()
        daemon_cpu = sum(cpu1.get(p, 0.0) - cpu0.get(p, 0.0) for p in pids1)
        own = dut.self_report()
        if own:  # a daemon that measured itself (the floor exits when its clients are gone)
            result["self_report"] = own
            if own.get("cpu_s") is not None:
                daemon_cpu = own["cpu_s"]
            if own.get("peak_rss_kb"):
                hwm_kb = max(hwm_kb, own["peak_rss_kb"])
        result.update(loadgen_rc=rc, loadgen_wall_s=round(wall, 3), daemon_pids=pids1, daemon_alive=daemon_alive,
                      daemon_cpu_s=round(daemon_cpu, 3), peak_rss_kb=hwm_kb, end_rss_kb=rss_kb,
                      peak_pss_kb=sampler.peak_pss_kb, workload_params=wl,
                      daemon_peer_states=summary, machine_busy_cpu_s=round(busy1 - busy0, 3))
        try:
            with open(json_path) as f:
                lgj = json.load(f)
        except (OSError, ValueError) as e:
            lgj = {}
            result["loadgen_json_error"] = str(e)
        result["loadgen"] = lgj
        result.update(self.metrics(lgj, result))
        result["status"] = "ok" if result["correct"] else "failed"
        result["daemon_log_tail"] = dut.log_tail(40)
        result["loadgen_log_tail"] = tail(os.path.join(run_dir, "loadgen.out"), 20)
        self._write_run(run_dir, result)
        log("%s: %s  est %s s, conv %s s, cpu %.2f s, rss %.1f MB, received %s/%s, errors %s, echoes %s, "
            "dup %s, transient %s, gen cpu %s s, daemon sessions %s" % (
                daemon, result["status"], fmt(result.get("t_established_s")), fmt(result.get("t_converged_s")),
                result["daemon_cpu_s"], hwm_kb / 1024.0, result.get("prefixes_received"),
                result.get("prefixes_expected"), result.get("errors"), result.get("echoes"),
                result.get("duplicates"), result.get("transient"), result.get("generator_cpu_s"), summary))
        return result

    def kill_and_restart(self, dut, lg, lg_out, result):
        """W3: once the generator reports convergence (and restart_after seconds more), SIGKILL the
        daemon and start it again on the same state; the generator's clients keep its routes."""
        wl = self.wl
        deadline = time.monotonic() + wl["timeout"]
        while time.monotonic() < deadline and lg.poll() is None:
            with open(lg_out, "rb") as f:
                if b"rrd-loadgen: converged" in f.read():
                    break
            time.sleep(0.1)
        else:
            result["restart_skipped"] = "the generator never converged"
            return
        time.sleep(wl.get("restart_after", 3))
        log("%s: SIGKILL and restart" % dut.name)
        t_kill = time.monotonic()
        dut.kill9()
        ready = dut.restart()
        result["restart_ready_s"] = round(ready if isinstance(ready, (int, float)) else time.monotonic() - t_kill, 3)

    @staticmethod
    def metrics(lg, r):
        m = {}
        t_est = pick(lg, "t_all_established_s", "t_established_s", "all_established_s")
        t_conv = pick(lg, "t_converged_s", "converged_s")
        # the generator writes -1 for "never"
        t_est = t_est if isinstance(t_est, (int, float)) and t_est >= 0 else None
        t_conv = t_conv if isinstance(t_conv, (int, float)) and t_conv >= 0 else None
        received = pick(lg, "prefixes_received", "received", default=0)
        expected = pick(lg, "prefixes_expected", "expected")
        # The generator expects routes only in the families each session negotiated: a daemon
        # that left a family out (rrd's IPv4 sessions without v6 sessions, or an IPv6 session that
        # did not come up in IPv6 unicast) would still "converge". Expected is the workload's.
        want = workload_expected(r.get("workload_params"))
        short = want is not None and expected is not None and expected < want
        converged = bool(pick(lg, "converged", default=False))
        restart = "reconverged_s" in lg
        keys = [k for k in ERROR_KEYS if not (restart and k == "resets")] + (["extra_resets"] if restart else [])
        errors = sum(int(pick(lg, k, default=0) or 0) for k in keys)
        echoes = int(pick(lg, "echoes", default=0) or 0)
        dups = int(pick(lg, "duplicates", default=0) or 0)
        gen_cpu = ((pick(lg, "generator_cpu_user_s", "cpu_user_s", default=0) or 0)
                   + (pick(lg, "generator_cpu_sys_s", "cpu_sys_s", default=0) or 0))
        gen_rss = pick(lg, "generator_peak_rss_kb")
        if gen_rss is None and pick(lg, "peak_rss_bytes") is not None:
            gen_rss = pick(lg, "peak_rss_bytes") // 1024
        cpu = r["daemon_cpu_s"]
        m.update(t_established_s=t_est, t_converged_s=t_conv if converged else None, converged=converged,
                 prefixes_received=received, prefixes_expected=want if want is not None else expected,
                 prefixes_expected_generator=expected, errors=errors, echoes=echoes,
                 duplicates=dups, generator_cpu_s=round(gen_cpu, 3),
                 transient=int(pick(lg, "transient", default=0) or 0),
                 generator_peak_rss_kb=gen_rss,
                 established=pick(lg, "established"))
        # deliveries/s: prefixes received by all clients together / time from the generator's
        # start (first connect) to convergence. tail: convergence minus all-Established.
        if converged and t_conv:
            m["deliveries_per_s"] = received / t_conv
            if t_est is not None:
                m["tail_s"] = t_conv - t_est
        if cpu > 0 and received:
            m["deliveries_per_cpu_s"] = received / cpu
            m["cpu_s_per_m_deliveries"] = cpu / received * 1e6
        m["foreign_cpu_s"] = round(r["machine_busy_cpu_s"] - cpu - gen_cpu, 3)
        # perf-anchors 6.1: the generator must be far cheaper than the daemon
        m["generator_bound_suspect"] = bool(cpu > 0 and gen_cpu > 0.5 * cpu)
        # the generator's own exit status also fails on duplicates; here they are reported apart
        m["correct"] = converged and errors == 0 and echoes == 0 and not short
        if short:
            m["reason"] = ("the sessions negotiated fewer families than the workload: the generator expected "
                           "%d prefixes, the workload %d" % (expected, want))
        for k in ("churn_latency_p50_ms", "churn_latency_p90_ms", "churn_latency_p99_ms", "churn_latency_p999_ms",
                  "churn_latency_max_ms", "churn_latency_mean_ms", "withdraw_latency_p50_ms", "withdraw_latency_p99_ms",
                  "withdraw_latency_max_ms", "churn_deliveries", "churn_deliveries_expected", "churn_missing",
                  "churn_drain_s", "churn_announcements_sent", "churn_skipped", "restart_reestablish_s",
                  "restart_converge_s", "lost", "gr_retained", "gr_timer_expiries", "extra_resets"):
            if k in lg:
                m[k] = lg[k]
        if "churn_missing" in lg:
            # Missing announcements are not a correctness error: a daemon that falls behind may
            # drop an announcement whose route was withdrawn before it got to send it (and then
            # sends neither). Every churn route must be gone from every client at the end.
            m["correct"] = m["correct"] and (lg.get("churn_drain_s") or -1) >= 0
        if restart:
            m["correct"] = m["correct"] and (lg.get("reconverged_s") or -1) >= 0
        return m

    def _write_run(self, run_dir, result):
        write(os.path.join(run_dir, "metrics.json"), json.dumps(result, indent=1, default=str) + "\n")

    # -- all runs ------------------------------------------------------------------------------
    def run(self):
        if not os.access(self.loadgen, os.X_OK):
            raise SystemExit("rrd-loadgen not found at %s (build it, or pass --build/--loadgen)" % self.loadgen)
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = max(soft, min(hard, 65536))
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        if not can_pin():
            log("warning: CPUs 0 and 1 are not both available: running unpinned")
        log("workload %s %s, pin %s, daemons %s, out %s%s" % (
            self.name, self.wl, self.args.pin, ",".join(self.daemons), self.out,
            ", network namespace %s" % netns_name() if self.wl.get("v6_sessions") else ""))
        for rep in range(1, self.args.repeat + 1):
            for d in self.daemons:
                r = self.run_one(d, rep)
                self.results.append(r)
                if self.args.smoke and r["status"] == "failed" and not self.args.keep_going:
                    break
                time.sleep(1)
        write(os.path.join(self.out, "results.json"), json.dumps(self.results, indent=1, default=str) + "\n")
        md = self.table()
        write(os.path.join(self.out, "results.md"), md)
        print()
        print(md)
        log("raw results in %s" % self.out)
        return self.exit_code()

    def exit_code(self):
        ran = [r for r in self.results if r["status"] != "skipped"]
        if not ran:
            log("nothing ran")
            return 2
        if self.args.smoke:
            # W2 smoke: at 300 changes/s rrd must deliver every announcement
            bad = [r for r in self.results if r["status"] != "ok" or r.get("duplicates") or r.get("churn_missing")]
            if bad or {r["daemon"] for r in ran} != set(self.daemons):
                for r in bad:
                    log("SMOKE FAIL %s: %s" % (r["daemon"], r.get("reason") or {k: r.get(k) for k in (
                        "converged", "errors", "echoes", "duplicates", "loadgen_rc")}))
                return 1
            log("smoke OK")
        return 0

    # -- the table -----------------------------------------------------------------------------
    def aggregate(self):
        """One row per daemon: the median over its converged runs (all runs if none converged)."""
        rows = []
        for d in self.daemons:
            runs = [r for r in self.results if r["daemon"] == d]
            if not runs:
                continue
            done = [r for r in runs if r["status"] != "skipped"]
            if not done:
                rows.append({"daemon": d, "status": "skipped", "reason": runs[0].get("reason")})
                continue
            good = [r for r in done if r.get("converged")] or done
            row = {"daemon": d, "runs": len(done), "converged_runs": sum(1 for r in done if r.get("converged")),
                   "status": "ok" if all(r["status"] == "ok" for r in done) else "failed",
                   "reason": next((r.get("reason") for r in done if r.get("reason")), None)}
            for k in ("t_established_s", "t_converged_s", "tail_s", "daemon_cpu_s", "peak_rss_kb", "peak_pss_kb",
                      "deliveries_per_s", "deliveries_per_cpu_s", "cpu_s_per_m_deliveries", "generator_cpu_s",
                      "foreign_cpu_s", "prefixes_received", "prefixes_expected", "established") + EXTRA_KEYS:
                vals = [r.get(k) for r in good if isinstance(r.get(k), (int, float))]
                row[k] = statistics.median(vals) if vals else None
            for k in ("errors", "echoes", "duplicates"):
                row[k] = max((r.get(k) or 0) for r in done)
            row["generator_bound_suspect"] = any(r.get("generator_bound_suspect") for r in done)
            rows.append(row)
        return rows

    def table(self):
        rows = self.aggregate()
        floor = next((r for r in rows if r["daemon"] == "floor" and r.get("t_converged_s")), None)
        rrd = next((r for r in rows if r["daemon"] == "rrd" and r.get("status") != "skipped"), None)
        wl = self.wl
        lines = ["# %s, %s, pin %s, %d repeat(s)" % (self.name, shape(wl), self.args.pin, self.args.repeat), "",
            "Times from the generator's start (connects spread over %s ms); medians over converged runs. "
            "received %% = prefixes received / expected (W1/W5: every client holding every other client's routes; "
            "W4: every session but feeder 0 holding feeder 0's table; transient routes count as received); "
            "deliveries/s = prefixes received by all clients / t_converged; tail = t_converged - "
            "t_established; vs floor = floor t_converged / daemon t_converged; (!) = generator CPU above half the "
            "daemon's (the run may have measured the generator); errors = sum of %s." % (
                wl["spread_ms"], ", ".join(ERROR_KEYS)), "",
            "| daemon | status | established | received % | t_est s | t_conv s | tail s | daemon CPU s | CPU s/M deliv | "
            "peak RSS MB | peak PSS MB | deliveries/s | deliveries/CPU-s | errors | echoes | dups | gen CPU s | vs floor |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            if r["status"] == "skipped":
                lines.append("| %s | skipped: %s |%s" % (r["daemon"], r.get("reason"), " |" * 16))
                continue
            eff = (floor["t_converged_s"] / r["t_converged_s"]) if floor and r.get("t_converged_s") else None
            status = r["status"] + ("" if r["converged_runs"] == r["runs"] else
                                    " (%d/%d conv)" % (r["converged_runs"], r["runs"]))
            pct = (100.0 * r["prefixes_received"] / r["prefixes_expected"]) if r.get("prefixes_expected") and \
                r.get("prefixes_received") is not None else None
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                r["daemon"], status, fmt(r.get("established"), 0), fmt(pct, 1), fmt(r.get("t_established_s")),
                fmt(r.get("t_converged_s")), fmt(r.get("tail_s")), fmt(r.get("daemon_cpu_s")),
                fmt(r.get("cpu_s_per_m_deliveries")), fmt(kb_mb(r.get("peak_rss_kb")), 1),
                fmt(kb_mb(r.get("peak_pss_kb")), 1),
                fmt(r.get("deliveries_per_s"), 0), fmt(r.get("deliveries_per_cpu_s"), 0), r["errors"],
                r["echoes"], r["duplicates"],
                fmt(r.get("generator_cpu_s")) + (" (!)" if r.get("generator_bound_suspect") else ""), fmt(eff, 3)))
        if rrd and rrd.get("status") != "skipped":
            lines += ["", "Ratio to rrd (daemon / rrd; < 1 means smaller than rrd's):", "",
                      "| daemon | t_conv | tail | daemon CPU | peak RSS | peak PSS | deliveries/s | deliveries/CPU-s |",
                      "|---|---:|---:|---:|---:|---:|---:|---:|"]
            for r in rows:
                if r["status"] == "skipped":
                    continue
                lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    r["daemon"], *(fmt(ratio(r.get(k), rrd.get(k)), 2) for k in (
                        "t_converged_s", "tail_s", "daemon_cpu_s", "peak_rss_kb", "peak_pss_kb", "deliveries_per_s",
                        "deliveries_per_cpu_s"))))
        lines += self.churn_table(rows, rrd) + self.restart_table(rows, rrd)
        failed = [r for r in rows if r["status"] == "failed" and r.get("reason")]
        if failed:
            lines += [""] + ["- %s: %s" % (r["daemon"], r["reason"].splitlines()[0][:300]) for r in failed]
        return "\n".join(lines) + "\n"


    def churn_table(self, rows, rrd):
        """W2: pass-through latency of the churn announcements (and withdrawals), deliveries."""
        if not self.wl.get("churn_rate"):
            return []
        lines = ["", "Churn (W2): %s changes/s for %s s after convergence; latency = receive time - the send time "
                 "stamped in each announcement's large community (the generator reads every %s us); missing = "
                 "announcements some client never received; drain = last change to no churn route left anywhere." % (
                     fmt(self.wl["churn_rate"], 0), fmt(self.wl.get("churn_seconds"), 0), self.args_batch_us()), "",
                 "| daemon | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | withdraw p50 ms | withdraw p99 ms | "
                 "deliveries | missing | drain s | p99 vs rrd |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            if r["status"] == "skipped":
                continue
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                r["daemon"], *(fmt(r.get(k), 3) for k in (
                    "churn_latency_p50_ms", "churn_latency_p90_ms", "churn_latency_p99_ms", "churn_latency_p999_ms",
                    "churn_latency_max_ms", "withdraw_latency_p50_ms", "withdraw_latency_p99_ms")),
                "%s/%s" % (fmt(r.get("churn_deliveries"), 0), fmt(r.get("churn_deliveries_expected"), 0)),
                fmt(r.get("churn_missing"), 0), fmt(r.get("churn_drain_s"), 3),
                fmt(ratio(r.get("churn_latency_p99_ms"), rrd.get("churn_latency_p99_ms")) if rrd else None, 2)))
        return lines


    def restart_table(self, rows, rrd):
        """W3: the daemon killed and restarted under graceful restart."""
        if not self.wl.get("restart"):
            return []
        lines = ["", "Restart (W3): SIGKILL %s s after convergence, then started again on the same state; the clients "
                 "keep its routes (graceful restart helpers, restart time 120 s). Times from the first session drop: "
                 "re-established = every session Established again; reconverged = every client holding the full table "
                 "again with End-of-RIB; lost = routes a client removed (stale at End-of-RIB, or withdrawn); ready = "
                 "daemon restart until it listens and is ready." % fmt(self.wl.get("restart_after"), 0), "",
                 "| daemon | ready s | re-established s | reconverged s | lost routes | sessions that kept routes | "
                 "GR timer expiries | reconverged vs rrd |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            if r["status"] == "skipped":
                continue
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                r["daemon"], fmt(r.get("restart_ready_s"), 3), fmt(r.get("restart_reestablish_s"), 3),
                fmt(r.get("restart_converge_s"), 3), fmt(r.get("lost"), 0), fmt(r.get("gr_retained"), 0),
                fmt(r.get("gr_timer_expiries"), 0),
                fmt(ratio(r.get("restart_converge_s"), rrd.get("restart_converge_s")) if rrd else None, 2)))
        return lines


    def args_batch_us(self):
        """The generator's --batch-us (its read batching, the latency resolution)."""
        extra = list(self.args.loadgen_arg)
        return next((v for k, v in zip(extra, extra[1:]) if k == "--batch-us"), "1000")


# W2 / W3 columns (medians per daemon).
EXTRA_KEYS = ("churn_latency_p50_ms", "churn_latency_p90_ms", "churn_latency_p99_ms", "churn_latency_p999_ms",
              "churn_latency_max_ms", "withdraw_latency_p50_ms", "withdraw_latency_p99_ms", "churn_deliveries",
              "churn_deliveries_expected", "churn_missing", "churn_drain_s", "restart_reestablish_s",
              "restart_converge_s", "restart_ready_s", "lost", "gr_retained", "gr_timer_expiries")


def free_port_on(ips, attempts=50):
    """A TCP port free on every address in ips right now (v6 sessions: the daemon listens on its
    IPv4 and its IPv6 address with the same port)."""
    for _ in range(attempts):
        port = free_port(ips[0])
        try:
            for ip in ips[1:]:
                with socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM) as so:
                    so.bind((ip, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no port free on all of %s" % ", ".join(ips))


def v6_session_args(setup):
    """rrd-loadgen options of v6 sessions ([] without): every client also connects from its IPv6
    address (SOURCE6_BASE + k) to the daemon's IPv6 listen address, same port."""
    if not setup.v6_sessions:
        return []
    return ["--v6-sessions", "--target6", setup.listen_ip6, "--source6-base", setup.source6_base]


def churn_args(wl):
    """rrd-loadgen options of W2 / W3 ([] otherwise)."""
    out = []
    if wl.get("churn_rate"):
        out += ["--churn-rate", str(wl["churn_rate"]), "--churn-seconds", str(wl.get("churn_seconds", 10))]
    if wl.get("restart"):
        out += ["--restart"]
    return out


def feed_args(wl):
    """rrd-loadgen / rrd-floor options of the W4 shape ([] for W1 / W5)."""
    if not wl.get("feeders"):
        return []
    return ["--feeders", str(wl["feeders"]), "--feed-prefixes", str(wl["feed_prefixes"]),
            "--feed-attr-sets", str(wl["feed_attr_sets"])]


def shape(wl):
    if wl.get("feeders"):
        return "%d feeders x %d IPv4 /24 (%d attribute sets) to %d clients" % (
            wl["feeders"], wl["feed_prefixes"], wl["feed_attr_sets"], wl["sessions"] - wl["feeders"])
    if wl.get("v6_sessions"):
        return "%d sessions (+%d IPv6) x (%d IPv4 + %d IPv6)" % (wl["sessions"], wl["sessions"], wl["v4"], wl["v6"])
    return "%d sessions x (%d IPv4 + %d IPv6)" % (wl["sessions"], wl["v4"], wl["v6"])


def workload_expected(wl):
    """Prefixes the clients must hold together at convergence, from the workload alone: every
    client every other client's v4 + v6 routes, N * (N - 1) * (v4 + v6), with or without v6
    sessions (with them the IPv4 sessions hold the IPv4 part, the IPv6 sessions the IPv6 part).
    None for W4 (the generator's feeder scheme)."""
    if not wl or wl.get("feeders"):
        return None
    n = wl["sessions"]
    return n * (n - 1) * (wl["v4"] + wl["v6"])


def kb_mb(v):
    return None if v is None else v / 1024.0


def ratio(a, b):
    if a is None or not b:
        return None
    return a / b


def fmt(v, digits=2):
    if v is None:
        return "-"
    if isinstance(v, float):
        return ("%%.%df" % digits) % v
    return str(v)


def report_only(args):
    """Re-renders results.md from an earlier run's results.json (after changing the table code)."""
    with open(os.path.join(args.report, "results.json")) as f:
        results = json.load(f)
    if not results:
        raise SystemExit("no results in %s" % args.report)
    first = results[0]
    args.out, args.pin, args.repeat = args.report, first["pin"], max(r["repeat"] for r in results)
    args.smoke = first["workload"].startswith("smoke")
    args.workload = first["workload"][len("smoke-"):] if first["workload"].startswith("smoke-") else (
        "w1" if args.smoke else first["workload"])
    args.daemons = ",".join(dict.fromkeys(r["daemon"] for r in results))
    bench = Bench(args)
    bench.daemons = args.daemons.split(",")
    params = next((r.get("workload_params") for r in results if r.get("workload_params")), None)
    if params:
        bench.wl = params
    else:
        lg = next((r.get("loadgen") for r in results if r.get("loadgen")), {}) or {}
        bench.wl.update(sessions=first["sessions"], v4=lg.get("v4_per_session", bench.wl["v4"]),
                        v6=lg.get("v6_per_session", bench.wl["v6"]))
    bench.results = results
    md = bench.table()
    write(os.path.join(args.report, "results.md"), md)
    print(md)
    return 0


# ---------------------------------------------------------------------------------------------
# v6 sessions: the run's own network namespace
# ---------------------------------------------------------------------------------------------


def netns_name():
    """The namespace this process runs in as bench.py's (NETNS_ENV), or None. Checks that it
    really is that namespace: a stray variable must not put IPv6 work in the root namespace."""
    ns = os.environ.get(NETNS_ENV)
    if not ns:
        return None
    try:
        mine, named = os.stat("/proc/self/ns/net"), os.stat(os.path.join("/run/netns", ns))
    except OSError as e:
        raise SystemExit("%s=%s, but that network namespace cannot be checked: %s" % (NETNS_ENV, ns, e))
    if (mine.st_dev, mine.st_ino) != (named.st_dev, named.st_ino):
        raise SystemExit("%s=%s, but this process is not in that network namespace" % (NETNS_ENV, ns))
    return ns


def ip_cmd(*args, input_text=None):
    return run(["ip"] + list(args), timeout=120, input_text=input_text)


def run_in_netns(argv, wl):
    """Runs this script again, with the same arguments, inside a network namespace of its own.

    The IPv6 sessions need addresses beyond ::1 (every daemon's IPv6 listen address, one source
    address per client), which the root namespace must not get. The namespace `rrd-bench-<pid>`
    has `lo` up (so 127.0.0.0/8 works as in the root namespace) with those addresses as /128s
    (`nodad`: usable at once), added in one `ip -batch`. Everything of the run (daemons, generator,
    control CLIs, rrd's ops API, the /proc/net reads) then happens in there unchanged. The child
    runs in its own session, so that a terminal's Ctrl-C reaches it once, forwarded from here; the
    namespace is deleted afterwards whatever happened (anything still running in it is killed)."""
    if os.geteuid() != 0:
        raise SystemExit("v6 sessions (--v6-sessions, W1's default) need root: the run creates a network namespace for "
                         "its IPv6 addresses (sudo, or --no-v6-sessions for IPv4 only)")
    if not shutil.which("ip"):
        raise SystemExit("v6 sessions need iproute2's `ip` (netns, address) in PATH; none found")
    ns = "rrd-bench-%d" % os.getpid()
    addresses = list(LISTEN_IP6.values()) + client6_addresses(SOURCE6_BASE, wl["sessions"])
    child = None
    forwarded = []

    def forward(signum, frame):
        forwarded.append(signum)
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, forward)
    log("v6 sessions: network namespace %s (%d IPv6 addresses on lo)" % (ns, len(addresses)))
    ip_cmd("netns", "add", ns)
    try:
        ip_cmd("-n", ns, "link", "set", "lo", "up")
        ip_cmd("-n", ns, "-batch", "-",
               input_text="".join("address add %s/128 dev lo nodad\n" % a for a in addresses))
        if forwarded:
            return 128 + forwarded[0]
        env = dict(os.environ, **{NETNS_ENV: ns})
        child = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, os.path.abspath(__file__)] + argv,
                                 env=env, start_new_session=True, preexec_fn=netns_child_preexec)
        while True:
            try:
                rc = child.wait()
                break
            except KeyboardInterrupt:  # not expected (SIGINT is forwarded); keep waiting for the child
                continue
        return rc if rc >= 0 else 128 - rc
    finally:
        cleanup_netns(ns, child)


def netns_child_preexec():
    """preexec_fn: SIGKILL this child when bench.py dies (it would keep the namespace busy), and
    SIGINT back to its default (a background bench.py inherits it ignored; the inner run must
    turn the forwarded SIGINT into KeyboardInterrupt and stop its daemons)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    die_with_parent()


def cleanup_netns(ns, child):
    """Kills what still runs in our namespace (started by this run only), then deletes it."""
    if child is not None and child.poll() is None:
        child.terminate()
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    try:
        left = [int(p) for p in ip_cmd("netns", "pids", ns).split()]
    except (RuntimeError, ValueError, OSError, subprocess.SubprocessError):
        left = []
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        ip_cmd("netns", "del", ns)
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        log("warning: could not delete network namespace %s: %s" % (ns, e))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if not args.report:
        _, wl = resolve_workload(args)  # also refuses impossible combinations before any netns
        if wl["v6_sessions"] and not netns_name():
            return run_in_netns(argv, wl)
    # SIGTERM / SIGHUP: unwind normally, so that every daemon is stopped (atexit in daemons.common)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    if args.report:
        return report_only(args)
    bench = Bench(args)
    try:
        return bench.run()
    except KeyboardInterrupt:
        log("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
