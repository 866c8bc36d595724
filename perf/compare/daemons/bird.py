"""BIRD 2 as a route reflector: one dynamic BGP protocol (`neighbor range`) whose spawned sessions
are all `rr client` with the shared `rr cluster id`; IPv4 and IPv6 channels on the IPv4 sessions,
import all / export all. No kernel protocol (nothing goes to the FIB). BIRD resolves iBGP next
hops recursively through an IGP table: it gets private tables (igp4/igp6) holding only a default
blackhole, so every next hop resolves and nothing extra is reflected. `next hop keep` is what a
reflector does anyway; the IPv6 channel of an IPv4 session wants an IPv6 `next hop address` for
the case it would set itself as next hop (never here), else it logs a warning per session.

W3 (graceful restart, setup.extra["graceful_restart"]): `graceful restart on; graceful restart
time 120;` on the sessions (BIRD's default, `aware`, advertises the capability without a restart
time or families) and the global `graceful restart wait 120;` (how long a recovering BIRD waits
for its channels; default 240 s). kill9() SIGKILLs bird; restart() starts it again on the same
config plus `-R` (graceful restart recovery): its OPENs carry the Restart State (R) bit and its
tables hold every export until each channel in the recovery has received End-of-RIB from its
peer (or the wait expires), then send the full table and End-of-RIB. BIRD keeps no routes across
the restart (no kernel protocol here): it re-learns everything from its clients.
Only protocols that exist at start-up take part in the recovery: sessions spawned later by a
`neighbor range` get no R bit and export at once, and the range template's own channels never
get an End-of-RIB, so the recovery would just run out the wait (seen with 2.0.12). Under W3 the
config therefore lists one protocol per client (`protocol bgp c00001 from rrc { neighbor ... }`)
instead of the dynamic range, with `error wait time 1, 5` (default 60, 300): after a failed
session a configured protocol refuses its client for the error wait, where a dynamic one is just
spawned again on the next connection. A protocol that failed after the restart comes back
without the R bit (its recovery is over). The other session settings are the same. Without W3
the config is unchanged (dynamic neighbours, graceful restart aware).
The recovery holds every export until the last client is back: 500 clients that all reconnect
in the same second after the kill overflow BIRD's listen backlog of 8, and a client whose SYN
was dropped waits for the kernel's SYN retransmissions (1, 3, 7, 15 s ...) unless the generator
gives up and reconnects itself.

v6 sessions (setup.v6_sessions; the way Calico runs `bird` and `bird6`): the dynamic protocol
over the IPv4 client range keeps only its ipv4 channel, and a second dynamic protocol `rrc6`
(`local` the IPv6 listen address, `neighbor range` the clients' IPv6 prefix, spawned sessions
named c6_00001 ...) has only an ipv6 channel; both are `rr client` with the same cluster id and
resolve next hops through the same private IGP tables. An IPv6 session has an IPv6 local
address, so it needs no `next hop address`. (W3 keeps IPv4-only configs: bench.py refuses
v6 sessions there.)"""

import os

from .common import RESTART_TIME, Daemon, run, write


class Bird(Daemon):
    name = "bird"
    label = "BIRD 2"
    binaries = ("bird", "birdc")

    def configure(self):
        s = self.s
        d = s.run_dir
        self.ctl = os.path.join(d, "bird.ctl")
        gr = self.graceful_restart()
        conf = """log "%(d)s/bird.log" { warning, error, fatal, bug };
router id %(rid)s;
%(gr_wait)s
ipv4 table igp4;
ipv6 table igp6;
protocol static igp_v4 { ipv4 { table igp4; }; route 0.0.0.0/0 blackhole; }
protocol static igp_v6 { ipv6 { table igp6; }; route ::/0 blackhole; }

%(kind)s bgp rrc {
  local %(ip)s port %(port)d as %(asn)d;
%(dynamic)s  passive on;
  strict bind on;
  rr client;
  rr cluster id %(cluster)s;
  hold time %(hold)d;
  keepalive time %(ka)d;
%(gr)s  ipv4 { import all; export all; next hop keep; igp table igp4; };
%(ipv6)s}
%(v6proto)s""" % {"d": d, "rid": s.router_id, "ip": s.listen_ip, "port": s.port, "asn": s.asn,
       "cluster": s.cluster_id, "hold": s.hold_time, "ka": max(1, s.hold_time // 3),
       "ipv6": "" if s.v6_sessions else (
           "  ipv6 { import all; export all; next hop keep; next hop address fd00:ffff:ffff::1; "
           "igp table igp6; };\n"),
       "v6proto": self.v6_protocol() if s.v6_sessions else "",
       "kind": "template" if gr else "protocol",
       "dynamic": "" if gr else ('  neighbor range %s internal;\n  dynamic name "c";\n  dynamic name digits 5;\n'
                                 % s.client_range),
       "gr_wait": "graceful restart wait %d;\n" % RESTART_TIME if gr else "",
       "gr": "  graceful restart on;\n  graceful restart time %d;\n  error wait time 1, 5;\n" % RESTART_TIME
       if gr else ""}
        if gr:
            # one configured protocol per client, named like the dynamic ones (c00001, ...): only
            # protocols that exist at start-up take part in graceful restart recovery
            conf += "".join('protocol bgp c%05d from rrc { neighbor %s internal; }\n' % (k + 1, ip)
                            for k, ip in enumerate(s.clients))
        path = write(os.path.join(d, "bird.conf"), conf)
        self.config_files = [path]
        return ["bird", "-f", "-c", path, "-s", self.ctl, "-P", os.path.join(d, "bird.pid")], None

    def v6_protocol(self):
        """v6 sessions: the IPv6 clients' dynamic protocol, IPv6 unicast only."""
        s = self.s
        return """
protocol bgp rrc6 {
  local %(ip6)s port %(port)d as %(asn)d;
  neighbor range %(range6)s internal;
  dynamic name "c6_";
  dynamic name digits 5;
  passive on;
  strict bind on;
  rr client;
  rr cluster id %(cluster)s;
  hold time %(hold)d;
  keepalive time %(ka)d;
  ipv6 { import all; export all; next hop keep; igp table igp6; };
}
""" % {"ip6": s.listen_ip6, "port": s.port, "asn": s.asn, "range6": s.client6_range, "cluster": s.cluster_id,
       "hold": s.hold_time, "ka": max(1, s.hold_time // 3)}

    def restart_command(self):
        """The same command with -R: graceful restart recovery (restarting speaker)."""
        argv = list(self.argv)
        i = argv.index("bird")
        return argv[:i + 1] + ["-R"] + argv[i + 1:], self.env

    def birdc(self, *cmd):
        return run(["birdc", "-s", self.ctl] + list(cmd), timeout=30)

    def ready(self):
        return "BIRD" in self.birdc("show", "status")

    def peer_summary(self):
        try:
            out = self.birdc("show", "protocols")
        except (OSError, RuntimeError):
            return None
        pairs = []
        for line in out.splitlines():
            f = line.split()
            if f and f[0].startswith("c") and len(f) >= 4 and f[1] == "BGP":
                # the spawned sessions: c00001 ... over IPv4, c6_00001 ... over IPv6
                pairs.append(("::" if f[0].startswith("c6_") else "0.0.0.0", f[-1] if f[3] == "up" else f[3]))
        return self.count_states(pairs)

    def log_files(self):
        return [os.path.join(self.s.run_dir, "bird.log")] + super().log_files()
