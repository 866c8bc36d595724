"""FRR bgpd as a route reflector, without zebra and without the kernel (`bgpd -Z -n -S`): a peer
group of route-reflector clients bound to `bgp listen range`, `bgp cluster-id`, IPv4 and IPv6
unicast activated on the IPv4 sessions, no policy.

FRR 8.4 rejects an IPv4 NEXT_HOP in 127/8 with a NOTIFICATION (UPDATE error, invalid NEXT_HOP)
and has no switch for it (`debug bgp allow-martians` is gone from 8.4; `allow-reserved-ranges`
does not cover 127/8). rrd-loadgen's IPv4 next hops are its own 127.1.x.y addresses, so FRR
resets every client session on its first UPDATE unless the generator is given next hops outside
127/8 (see README.md, "Gaps").
The update-group coalesce time (default 1000 ms) is left at FRR's default unless
--frr-coalesce-ms is given.

W3 (graceful restart, setup.extra["graceful_restart"]): `bgp graceful-restart` (restarting and
helper mode for every neighbour), `bgp graceful-restart restart-time 120` and `bgp
graceful-restart preserve-fw-state` (F bit per family: without it a client must flush FRR's stale
routes the moment the session comes back, RFC 4724 §4.2; a reflector without zebra has no
forwarding state to lose anyway). kill9() SIGKILLs bgpd (the only process: no zebra, no
watchfrr); restart() runs the same command on the same bgpd.conf. bgpd has no restart switch:
it sets the Restart State (R) bit in every OPEN during its first restart-time (120 s) after
*any* start (its start-up timer), so it also does so on the first start of W3; while it is in
that mode it defers best-path selection until every GR peer sent End-of-RIB (or
select-defer-time, default 360 s, runs out), then sends its table. Seen with 8.4.4, 50 and 500
clients, first start and restart alike: it sends End-of-RIB after the first ~39 UPDATEs (78 IPv4
prefixes) and the rest of the table after it, so a GR helper sweeps most of FRR's stale routes
and learns them again moments later. Without W3 the config is unchanged (no graceful-restart
lines: FRR's default helper-only mode).

v6 sessions (setup.v6_sessions): a second peer group RRC6 with the same settings bound to its
own `bgp listen range` (the IPv6 client prefix); RRC is activated (and route-reflector-client)
only in IPv4 unicast, RRC6 only in IPv6 unicast (`no bgp default ipv4-unicast` keeps it out of
IPv4). bgpd takes `-l` more than once (8.4.4: one listener per address), so it listens on both
listen addresses; the listen limit counts both kinds of sessions. The vty socket dir and the
/var/tmp/frr scratch dir work unchanged inside bench.py's network namespace (same filesystem).
peer_summary asks both families' summaries."""

import json
import os

from .common import RESTART_TIME, Daemon, run, write

FRR_SCRATCH = "/var/tmp/frr"


class Frr(Daemon):
    name = "frr"
    label = "FRR bgpd"
    binaries = ("/usr/lib/frr/bgpd", "vtysh")
    needs_root = True

    def configure(self):
        s = self.s
        d = s.run_dir
        self.vty = os.path.join(d, "vty")
        os.makedirs(self.vty, exist_ok=True)
        os.chmod(d, 0o755)
        os.chmod(self.vty, 0o777)
        self.scratch_existed = os.path.isdir(FRR_SCRATCH)
        coalesce = s.extra.get("frr_coalesce_ms")
        pg = "RRC"
        pg6 = "RRC6"  # v6 sessions: the IPv6 clients' peer group
        c = ["frr defaults traditional", "hostname rrd-compare-frr", "log file %s/bgpd.log warnings" % d,
             "!",
             "router bgp %d" % s.asn,
             " bgp router-id %s" % s.router_id,
             " bgp cluster-id %s" % s.cluster_id,
             " no bgp default ipv4-unicast",
             " no bgp ebgp-requires-policy",
             " no bgp network import-check",
             " no bgp log-neighbor-changes"]
        if coalesce is not None:
            c.append(" coalesce-time %d" % int(coalesce))
        if self.graceful_restart():
            c += [" bgp graceful-restart",
                  " bgp graceful-restart restart-time %d" % RESTART_TIME,
                  " bgp graceful-restart preserve-fw-state"]
        groups = [(pg, s.client_range)] + ([(pg6, s.client6_range)] if s.v6_sessions else [])
        for name, _ in groups:
            c += [" neighbor %s peer-group" % name,
                  " neighbor %s remote-as %d" % (name, s.asn),
                  " neighbor %s timers %d %d" % (name, max(1, s.hold_time // 3), s.hold_time)]
        c.append(" bgp listen limit %d" % min(65535, max(100, s.bgp_sessions() + 10)))
        c += [" bgp listen range %s peer-group %s" % (rng, name) for name, rng in groups]
        for fam in ("ipv4", "ipv6"):
            # v6 sessions: IPv4 unicast on the IPv4 group only, IPv6 unicast on the IPv6 group only
            # (`no bgp default ipv4-unicast` keeps the IPv6 group out of IPv4 unicast)
            name = pg6 if s.v6_sessions and fam == "ipv6" else pg
            c += [" address-family %s unicast" % fam,
                  "  neighbor %s activate" % name,
                  "  neighbor %s route-reflector-client" % name,
                  " exit-address-family"]
        c += ["exit", "!", "end", ""]
        path = write(os.path.join(d, "bgpd.conf"), "\n".join(c))
        self.config_files = [path]
        listen = [a for ip in s.listen_addresses() for a in ("-l", ip)]
        return ["/usr/lib/frr/bgpd", "-Z", "-n", "-S"] + listen + ["-p", str(s.port), "-f", path,
                "-i", os.path.join(d, "bgpd.pid"), "-z", os.path.join(d, "zserv.api"),
                "--vty_socket", self.vty, "-P", "0"], None

    def vtysh(self, *cmds):
        argv = ["vtysh", "--vty_socket", self.vty]
        for cmd in cmds:
            argv += ["-c", cmd]
        return run(argv, timeout=20)

    def ready(self):
        return "router bgp" in self.vtysh("show running-config")

    def peer_summary(self):
        """Sessions by state, from the IPv4 unicast summary (and with v6 sessions the IPv6 unicast
        one: each session is active in one family only)."""
        pairs = []
        for fam in ("ipv4", "ipv6") if self.s.v6_sessions else ("ipv4",):
            try:
                d = json.loads(self.vtysh("show bgp %s unicast summary json" % fam))
            except (OSError, RuntimeError, ValueError):
                return None
            pairs += [(addr, p.get("state", "?")) for addr, p in d.get("peers", {}).items()]
        return self.count_states(pairs)

    def kill9(self):
        if self.proc:
            self.old_pids = getattr(self, "old_pids", []) + [self.proc.pid]
        return super().kill9()

    def stop(self):
        pids = getattr(self, "old_pids", []) + ([self.proc.pid] if self.proc else [])
        super().stop()
        # bgpd leaves a per-pid scratch dir under /var/tmp/frr: remove ours (and the dir if we made it)
        if pids and os.path.isdir(FRR_SCRATCH):
            import shutil
            for pid in pids:
                for entry in ("bgpd.%d" % pid, "%d" % pid):
                    shutil.rmtree(os.path.join(FRR_SCRATCH, entry), ignore_errors=True)
            if not self.scratch_existed:
                try:
                    os.rmdir(FRR_SCRATCH)
                except OSError:
                    pass

    def log_files(self):
        return [os.path.join(self.s.run_dir, "bgpd.log")] + super().log_files()
