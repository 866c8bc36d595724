"""BIRD 2 as a route reflector: one dynamic BGP protocol (`neighbor range`) whose spawned sessions
are all `rr client` with the shared `rr cluster id`; IPv4 and IPv6 channels on the IPv4 sessions,
import all / export all. No kernel protocol (nothing goes to the FIB). BIRD resolves iBGP next
hops recursively through an IGP table: it gets private tables (igp4/igp6) holding only a default
blackhole, so every next hop resolves and nothing extra is reflected. `next hop keep` is what a
reflector does anyway; the IPv6 channel of an IPv4 session wants an IPv6 `next hop address` for
the case it would set itself as next hop (never here), else it logs a warning per session."""

import os

from .common import Daemon, run, write


class Bird(Daemon):
    name = "bird"
    label = "BIRD 2"
    binaries = ("bird", "birdc")

    def configure(self):
        s = self.s
        d = s.run_dir
        self.ctl = os.path.join(d, "bird.ctl")
        conf = """log "%(d)s/bird.log" { warning, error, fatal, bug };
router id %(rid)s;

ipv4 table igp4;
ipv6 table igp6;
protocol static igp_v4 { ipv4 { table igp4; }; route 0.0.0.0/0 blackhole; }
protocol static igp_v6 { ipv6 { table igp6; }; route ::/0 blackhole; }

protocol bgp rrc {
  local %(ip)s port %(port)d as %(asn)d;
  neighbor range %(range)s internal;
  dynamic name "c";
  dynamic name digits 5;
  passive on;
  strict bind on;
  rr client;
  rr cluster id %(cluster)s;
  hold time %(hold)d;
  keepalive time %(ka)d;
  ipv4 { import all; export all; next hop keep; igp table igp4; };
  ipv6 { import all; export all; next hop keep; next hop address %(nh6)s; igp table igp6; };
}
""" % {"d": d, "rid": s.router_id, "ip": s.listen_ip, "port": s.port, "asn": s.asn, "range": s.client_range,
       "cluster": s.cluster_id, "hold": s.hold_time, "ka": max(1, s.hold_time // 3),
       "nh6": "fd00:ffff:ffff::1"}
        path = write(os.path.join(d, "bird.conf"), conf)
        self.config_files = [path]
        return ["bird", "-f", "-c", path, "-s", self.ctl, "-P", os.path.join(d, "bird.pid")], None

    def birdc(self, *cmd):
        return run(["birdc", "-s", self.ctl] + list(cmd), timeout=30)

    def ready(self):
        return "BIRD" in self.birdc("show", "status")

    def peer_summary(self):
        try:
            out = self.birdc("show", "protocols")
        except (OSError, RuntimeError):
            return None
        states = {}
        for line in out.splitlines():
            f = line.split()
            if f and f[0].startswith("c") and len(f) >= 4 and f[1] == "BGP":
                st = f[-1] if f[3] == "up" else f[3]
                states[st] = states.get(st, 0) + 1
        return states

    def log_files(self):
        return [os.path.join(self.s.run_dir, "bird.log")] + super().log_files()
